"""Evasion transforms that posters use, for the synthetic corpus and the robustness tests.

Each transform takes a phrase and a random source and returns the disguised phrase. They are
the same families the normaliser undoes (docs/evasion.md): leetspeak, split letters,
stretched letters, look-alike letters, zero-width characters, full-width and styled letters;
and for phone numbers: digits as words (English, Spanish, mixed), letters for digits, a
separator after every digit, emoji keycaps and line-split groups.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from samaritan.generate.lookalikes import blank_spaces, capital_lookalikes, emoji_spaces, fancy_letters

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "5", "t": "7"}
_HOMOGLYPH = {
    "a": "а",
    "e": "е",
    "o": "о",
    "p": "р",
    "c": "с",
    "y": "у",
    "x": "х",
    "i": "і",
    "s": "ѕ",
    "j": "ј",
    "h": "һ",
}
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")


def leet(phrase: str, rng: random.Random) -> str:
    chars = list(phrase)
    spots = [i for i, c in enumerate(chars) if c.lower() in _LEET and i > 0]
    if not spots:
        return phrase
    for i in rng.sample(spots, k=max(1, len(spots) // 2)):
        chars[i] = _LEET[chars[i].lower()]
    return "".join(chars)


def split_letters(phrase: str, rng: random.Random) -> str:
    sep = rng.choice([" ", ".", "_", "-", "*", " . "])
    words = phrase.split(" ")
    # Split the longest word: splitting every word of a phrase is unreadable even to clients.
    target = max(range(len(words)), key=lambda k: len(words[k]))
    if len(words[target]) >= 3:
        words[target] = sep.join(words[target])
    return " ".join(words)


def stretch(phrase: str, rng: random.Random) -> str:
    spots = [i for i, c in enumerate(phrase) if c.lower() in "aeiouy"]
    if not spots:
        return phrase
    i = rng.choice(spots)
    return phrase[:i] + phrase[i] * rng.randint(3, 5) + phrase[i + 1 :]


def homoglyph(phrase: str, rng: random.Random) -> str:
    chars = list(phrase)
    spots = [i for i, c in enumerate(chars) if c in _HOMOGLYPH]
    for i in rng.sample(spots, k=min(len(spots), max(1, len(spots) // 2))):
        chars[i] = _HOMOGLYPH[chars[i]]
    return "".join(chars)


def zero_width(phrase: str, rng: random.Random) -> str:
    if len(phrase) < 2:
        return phrase
    i = rng.randint(1, len(phrase) - 1)
    return phrase[:i] + rng.choice(_ZERO_WIDTH) + phrase[i:]


def fullwidth(phrase: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in phrase)


def styled(phrase: str, rng: random.Random) -> str:
    """Mathematical bold letters, as produced by 'fancy text' generators."""
    out = []
    for c in phrase:
        if "a" <= c <= "z":
            out.append(chr(0x1D41A + ord(c) - ord("a")))
        elif "A" <= c <= "Z":
            out.append(chr(0x1D400 + ord(c) - ord("A")))
        else:
            out.append(c)
    return "".join(out)


def mixed_case(phrase: str, rng: random.Random) -> str:
    return "".join(c.upper() if rng.random() < 0.5 else c.lower() for c in phrase)


_SMALL_CAPS = dict(zip("abcdefghijklmnopqrstuvwxyz", "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡxʏᴢ", strict=True))
_SEPARATORS = ".-_*~/|+•"
_SPARKLES = ("✨", "💋", "🌸", "🔥", "⭐")


def small_caps(phrase: str, rng: random.Random) -> str:
    """Small capitals and IPA look-alikes ("ʏᴏᴜɴɢ")."""
    return "".join(_SMALL_CAPS.get(c.lower(), c) for c in phrase)


def upside_down(phrase: str, rng: random.Random) -> str:
    """Upside-down text as flip generators write it: turned letters, read backwards."""
    import upsidedown

    return upsidedown.transform(phrase.lower())


def enclosed(phrase: str, rng: random.Random) -> str:
    """Circled, negative circled, squared, negative squared or parenthesised letters."""
    bases = (0x24D0, 0x1F150, 0x1F130, 0x1F170, 0x249C)  # ⓐ 🅐 🄰 🅰 ⒜
    base = rng.choice(bases)
    return "".join(chr(base + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in phrase.lower())


def regional(phrase: str, rng: random.Random) -> str:
    """Regional-indicator letters ("🇾🇴🇺🇳🇬"), a space between words."""
    return "".join(chr(0x1F1E6 + ord(c) - ord("a")) if "a" <= c <= "z" else c for c in phrase.lower())


# The fancy-text generators' "Japanese" font, a to z, and the variants some of them use instead
# (written here apart from the engine's reading of it, as the rest of the generator is).
_FAUX_FONT = "卂乃匚ᗪ乇千Ꮆ卄丨ﾌҜㄥ爪几ㄖ卩Ɋ尺丂ㄒㄩᐯ山乂ㄚ乙"
_FAUX_VARIANTS = {"a": "丹", "h": "廾", "l": "乚", "p": "尸", "t": "丅", "u": "凵", "y": "丫"}


def faux_latin(phrase: str, rng: random.Random) -> str:
    """That font ("几乇山 丨几 ㄒㄖ山几"), a variant glyph now and then, and at times a
    shooting-star ornament glued to the first word ("彡几乇山")."""

    def glyph(c: str) -> str:
        if not "a" <= c <= "z":
            return c
        return _FAUX_VARIANTS[c] if c in _FAUX_VARIANTS and rng.random() < 0.3 else _FAUX_FONT[ord(c) - ord("a")]

    out = "".join(glyph(c) for c in phrase.lower())
    return ("彡" + out) if rng.random() < 0.3 else out


def html_entities(phrase: str, rng: random.Random) -> str:
    """Some letters as decimal or hexadecimal HTML character references ("&#121;oung")."""
    return (
        "".join(
            (f"&#{ord(c)};" if rng.random() < 0.5 else f"&#x{ord(c):x};") if c.isalpha() and rng.random() < 0.4 else c
            for c in phrase
        )
        if any(c.isalpha() for c in phrase)
        else phrase
    )


def percent(phrase: str, rng: random.Random) -> str:
    """Some letters percent-encoded ("%79oung")."""
    return "".join(f"%{ord(c):02X}" if c.isalpha() and rng.random() < 0.4 else c for c in phrase)


def mixed_separators(phrase: str, rng: random.Random) -> str:
    """The longest word's letters split by a mix of separators ("y.o-u_n*g")."""
    words = phrase.split(" ")
    k = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[k]
    words[k] = word[0] + "".join(rng.choice(_SEPARATORS) + c for c in word[1:])
    return " ".join(words)


def emoji_between(phrase: str, rng: random.Random) -> str:
    """An emoji between the letters of the longest word ("y✨o✨u✨n✨g")."""
    words = phrase.split(" ")
    k = max(range(len(words)), key=lambda i: len(words[i]))
    words[k] = rng.choice(_SPARKLES).join(words[k])
    return " ".join(words)


def line_break(phrase: str, rng: random.Random) -> str:
    """The longest word split across a line break ("you\nng")."""
    words = phrase.split(" ")
    k = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[k]
    if len(word) >= 4:
        cut = rng.randint(2, len(word) - 2)
        words[k] = word[:cut] + rng.choice(["\n", "-\n", "\r\n"]) + word[cut:]
    return " ".join(words)


def dropped_vowels(phrase: str, rng: random.Random) -> str:
    """Interior vowels dropped from words of four or more letters ("avlbl", "twn"), as long as
    three letters are left: "here" as "hr" is read as "hour" by anyone, "time" as "tm" by no one.
    Letters are counted, not punctuation: "town." drops its vowel as "town" does."""
    return " ".join(_drop_vowels(w) for w in phrase.split(" "))


def _drop_vowels(word: str) -> str:
    core = word.rstrip(".,!?:;)\"'")
    tail = word[len(core) :]
    if len(core) < 4 or not core.isalpha():
        return word
    dropped = core[0] + "".join(c for c in core[1:] if c.lower() not in "aeiou")
    if len(dropped) < 3 or _commoner_reading(core.lower(), dropped.lower()):
        return word
    return dropped + tail


def _commoner_reading(word: str, skeleton: str) -> bool:
    """Would a reader take the vowel-less spelling for another, commoner word ("slf": "self"
    before "selfie")? From wordfreq's list, apart from the engine's own index."""
    readings = _skeletons().get(skeleton, ())
    here = dict(readings).get(word, 0.0)
    return any(other != word and zipf >= here for other, zipf in readings)


@lru_cache(maxsize=1)
def _skeletons() -> dict[str, tuple[tuple[str, float], ...]]:
    import wordfreq  # only the per-transform robustness runs drop vowels: load it on first use

    out: dict[str, list[tuple[str, float]]] = {}
    for w in wordfreq.top_n_list("en", 40000, wordlist="small"):
        if w.isascii() and w.isalpha():
            key = w[0] + "".join(c for c in w[1:] if c not in "aeiou")
            out.setdefault(key, []).append((w, wordfreq.zipf_frequency(w, "en", wordlist="small")))
    return {k: tuple(v) for k, v in out.items()}


_SOUNDS = (("ou", "u"), ("ee", "ea"), ("ph", "f"), ("ck", "k"), ("oo", "u"), ("ea", "ee"))


def phonetic(phrase: str, rng: random.Random) -> str:
    """Words respelled as they sound ("yung"): one vowel pair or digraph per long word."""
    out = []
    for word in phrase.split(" "):
        # Letters only: "you." is a short word, as "you" is (punctuation made it "long").
        if sum(c.isalpha() for c in word) >= 4:
            for old, new in _SOUNDS:
                if old in word[1:]:
                    word = word[0] + word[1:].replace(old, new, 1)
                    break
        out.append(word)
    return " ".join(out)


# Transforms reported one by one by `samaritan evaluate --robustness` (issue #13).
EVASION_TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "small_caps": small_caps,
    "upside_down": upside_down,
    "enclosed": enclosed,
    "regional_indicator": regional,
    "faux_latin": faux_latin,
    "html_entities": html_entities,
    "percent_encoding": percent,
    "mixed_separators": mixed_separators,
    "emoji_between": emoji_between,
    "line_break": line_break,
    "dropped_vowels": dropped_vowels,
    "phonetic": phonetic,
    "capital_lookalikes": capital_lookalikes,
    "fancy_letters": fancy_letters,
    "blank_spaces": blank_spaces,
    "emoji_spaces": emoji_spaces,
}

TEXT_TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "leet": leet,
    "split": split_letters,
    "stretch": stretch,
    "homoglyph": homoglyph,
    "zero_width": zero_width,
    "fullwidth": fullwidth,
    "styled": styled,
    "case": mixed_case,
}


_forced: list[str] = []  # a transform every phrase gets (see `only`), for per-transform recall


@contextmanager
def only(name: str) -> Iterator[None]:
    """Within the block, every disguised phrase is written with the named transform alone."""
    _forced.append(name)
    try:
        yield
    finally:
        _forced.pop()


def obfuscate_phrase(phrase: str, rng: random.Random) -> str:
    """One or two transforms; emoji and very short phrases are left as they are."""
    if len(phrase) < 3 or not any(c.isalpha() for c in phrase):
        return phrase
    if _forced:
        return {**TEXT_TRANSFORMS, **EVASION_TRANSFORMS}[_forced[-1]](phrase, rng)
    names = rng.sample(sorted(TEXT_TRANSFORMS), k=1 if rng.random() < 0.7 else 2)
    if "split" in names and "stretch" in names:
        names.remove("stretch")
    out = phrase
    for name in names:
        out = TEXT_TRANSFORMS[name](out, rng)
    return out


# ---------------------------------------------------------------- phone numbers
_EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_ES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]
_KEYCAP = "\ufe0f\u20e3"


def phone_plain(digits: str, rng: random.Random) -> str:
    a, b, c = digits[:3], digits[3:6], digits[6:]
    return rng.choice(
        [
            f"{a}-{b}-{c}",
            f"({a}) {b}-{c}",
            f"{a}.{b}.{c}",
            f"{a} {b} {c}",
            f"{a}{b}{c}",
            f"1-{a}-{b}-{c}",
            f"+1 {a} {b} {c}",
        ]
    )


def phone_words(digits: str, rng: random.Random) -> str:
    words = _ES if rng.random() < 0.3 else _EN
    out = [("oh" if d == "0" and words is _EN and rng.random() < 0.3 else words[int(d)]) for d in digits]
    return " ".join(out)


def phone_mixed(digits: str, rng: random.Random) -> str:
    """Digits and words run together in groups: "six02 twotwoeight fouronenine2"."""
    groups = [digits[:3], digits[3:6], digits[6:]]
    out = []
    for group in groups:
        out.append("".join(_EN[int(d)] if rng.random() < 0.5 else d for d in group))
    return " ".join(out)


def phone_letters(digits: str, rng: random.Random) -> str:
    swapped = "".join({"0": "O", "1": "l"}.get(d, d) if rng.random() < 0.7 else d for d in digits)
    if swapped == digits:
        swapped = digits.replace("0", "O")
    return f"{swapped[:3]} {swapped[3:6]} {swapped[6:]}"


def phone_separators(digits: str, rng: random.Random) -> str:
    sep = rng.choice(["@", "*", "~", "-", ".", " ", "_", "/"])
    return sep.join(digits)


def phone_keycaps(digits: str, rng: random.Random) -> str:
    return "".join(d + _KEYCAP for d in digits)


def phone_lines(digits: str, rng: random.Random) -> str:
    return f"{digits[:3]}\n{digits[3:6]}\n{digits[6:]}"


PHONE_TRANSFORMS: dict[str, Callable[[str, random.Random], str]] = {
    "words": phone_words,
    "mixed": phone_mixed,
    "letters": phone_letters,
    "separators": phone_separators,
    "keycaps": phone_keycaps,
    "lines": phone_lines,
}


def write_phone(digits: str, rng: random.Random, obfuscate: bool) -> str:
    """A ten-digit NANP number written plainly or in one disguised form."""
    if not obfuscate:
        return phone_plain(digits, rng)
    return PHONE_TRANSFORMS[rng.choice(sorted(PHONE_TRANSFORMS))](digits, rng)
