"""Writing a phone number's digits in every form ads use: the renderer behind the phone suite
(tests/data/phones.yaml) and the property tests."""

from __future__ import annotations

import re

EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
ES_TEENS = ["diez", "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho", "diecinueve"]
ES_TENS = ["", "", "veinte", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]
ES_HUNDREDS = [
    "",
    "ciento",
    "doscientos",
    "trescientos",
    "cuatrocientos",
    "quinientos",
    "seiscientos",
    "setecientos",
    "ochocientos",
    "novecientos",
]
HOMOPHONES = {"0": "oh", "1": "won", "2": "to", "4": "for", "8": "ate"}
LETTERS = {"0": "O", "1": "l", "2": "Z", "3": "E", "4": "A", "5": "S", "6": "G", "7": "T", "8": "B", "9": "q"}
# The zero of each script (a digit is zero + value), or the ten digits where they are not in a row.
SCRIPTS = {
    "arabic": "\u0660",
    "persian": "\u06f0",
    "devanagari": "\u0966",
    "bengali": "\u09e6",
    "thai": "\u0e50",
    "fullwidth": "\uff10",
    "mathbold": "\U0001d7ce",
    "circled": "⓪①②③④⑤⑥⑦⑧⑨",
    "dingbat": "⓿➊➋➌➍➎➏➐➑➒",
    "dingbat_sans": "🄋➀➁➂➃➄➅➆➇➈",
    "double_circled": "⓪⓵⓶⓷⓸⓹⓺⓻⓼⓽",
}


def script_digits(digits: str, script: str) -> str:
    table = SCRIPTS[script]
    if len(table) == 10:
        return "".join(table[int(d)] for d in digits)
    return "".join(chr(ord(table) + int(d)) for d in digits)


def pair_words(pair: str, spanish: bool = False) -> str:
    """Two digits read as one number ("13" thirteen, "55" fifty-five, "02" oh two)."""
    units, teens, tens = (ES, ES_TEENS, ES_TENS) if spanish else (EN, TEENS, TENS)
    first, second = int(pair[0]), int(pair[1])
    if first == 0:
        return f"{'cero' if spanish else 'oh'} {units[second]}"
    if first == 1:
        return teens[second]
    if second == 0:
        return tens[first]
    if spanish:
        return f"veinti{units[second]}" if first == 2 else f"{tens[first]} y {units[second]}"
    return f"{tens[first]}-{units[second]}"


def tens_words(group: str, spanish: bool = False) -> str:
    """A group read in teens and tens: "213" two thirteen, "0142" oh one forty-two."""
    units = ES if spanish else EN
    if len(group) % 2:
        return f"{units[int(group[0])]} {pair_words(group[1:], spanish)}" if len(group) > 1 else units[int(group)]
    return " ".join(pair_words(group[k : k + 2], spanish) for k in range(0, len(group), 2))


def hundreds_words(group: str, spanish: bool = False) -> str:
    """A group of three read as hundreds ("213" two hundred thirteen); others in tens."""
    if len(group) != 3 or group[0] == "0":
        return tens_words(group, spanish)
    if spanish:
        head = ES_HUNDREDS[int(group[0])]
        head = "cien" if group == "100" else head
    else:
        head = f"{EN[int(group[0])]} hundred"
    if group[1:] == "00":
        return head
    return f"{head} {pair_words(group[1:], spanish).replace('oh ', '').replace('cero ', '')}"


def homophone_words(group: str) -> str:
    """Homophones for the inner digits of a group, digits at its ends."""
    inner = [HOMOPHONES.get(d, EN[int(d)]) for d in group[1:-1]]
    return " ".join([group[0], *inner, group[-1]])


def letter_digits(group: str, keep_last: bool) -> str:
    """Letters for digits ("555" SSS); the last digit kept as a digit when `keep_last`."""
    body = "".join(LETTERS[d] for d in group)
    return body[:-1] + group[-1] if keep_last else body


# Digits for letters inside a number word ("s1x", "z3ro", "f0ur"): its first o, i or e.
_LEET_LETTERS = {"o": "0", "i": "1", "e": "3"}


def leet_word(word: str) -> str:
    """A number word with its first o, i or e written as a digit."""
    at = next((i for i, c in enumerate(word) if c in _LEET_LETTERS), None)
    return word if at is None else word[:at] + _LEET_LETTERS[word[at]] + word[at + 1 :]


def render(template: str, digits: str) -> str:
    """Fill a template's placeholders with the digits of a ten-digit North American number."""
    groups = {"a": digits[:3], "b": digits[3:6], "c": digits[6:]}
    values: dict[str, str] = {}
    for key, group in groups.items():
        big = key.upper()
        values[key] = group
        values[big] = " ".join(EN[int(d)] for d in group)
        values[big + "s"] = " ".join(ES[int(d)] for d in group)
        values[big + "o"] = group.replace("0", "O").replace("1", "l")
        values[big + "m"] = "".join(EN[int(d)] if i % 2 == 0 else d for i, d in enumerate(group))
        values[big + "t"] = tens_words(group)
        values[big + "h"] = hundreds_words(group)
        values[big + "st"] = tens_words(group, spanish=True)
        values[big + "sh"] = hundreds_words(group, spanish=True)
        values[big + "hm"] = homophone_words(group)
        values[big + "l"] = letter_digits(group, keep_last=key == "a")
        values[big + "x"] = " ".join(leet_word(EN[int(d)]) for d in group)
    values["keycaps"] = "".join(d + "\ufe0f\u20e3" for d in digits)
    values["oh"] = " ".join("oh" if d == "0" else EN[int(d)] for d in digits)
    values["entities"] = "".join(f"&#{ord(d)};" for d in digits)
    values["hexentities"] = "".join(f"&#x{ord(d):x};" for d in digits)

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("all:"):
            return name[4:].join(digits)
        if name.startswith("script:"):
            return script_digits(digits, name[7:])
        return values[name]

    return re.sub(r"\{([^}]+)\}", fill, template)


# Each template's disguise form, from the placeholders it uses (first match wins).
FORMS = [
    ("script", r"\{script:"),
    ("entities", r"\{(?:hex)?entities\}"),
    ("keycaps", r"\{keycaps\}"),
    ("separators", r"\{all:"),
    ("letters", r"\{[ABC]l\}"),
    ("leetwords", r"\{[ABC]x\}"),
    ("homophones", r"\{[ABC]hm\}|\{oh\}"),
    ("spanish", r"\{[ABC]s[th]?\}"),
    ("tens", r"\{[ABC][th]\}"),
    ("words", r"\{[ABC]m?\}"),
    ("lookalike", r"\{[ABC]o\}"),
    ("instructions", r"area code|first three| dash | dot "),
    ("beside", r"\$|[0-9]|[^\x00-\x7f]"),
]


def form_of(template: str) -> str:
    return next((name for name, pattern in FORMS if re.search(pattern, template)), "plain")
