"""Context-level undoing before characters are folded: encodings and runs that only make sense
as a whole (HTML entities, percent-encoding, regional-indicator letters, upside-down text).

Each step returns the new text and, for each of its characters, the index of the character of
its input it came from (None: unchanged). Every pattern here is linear: no nested repeats.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache

import phonenumbers
import upsidedown

from samaritan.engine.normalize.english import frequency

# An HTML character reference ("&#121;", "&#x79;", "&amp;") or a run of percent-encoded bytes.
_ENCODED = re.compile(r"&(?:#[0-9]{1,7};?|#[xX][0-9a-fA-F]{1,6};?|[A-Za-z][A-Za-z0-9]{1,31};)|(?:%[0-9A-Fa-f]{2})+")
_REGIONAL_RUN = re.compile("[\U0001f1e6-\U0001f1ff]+")
_REGIONAL_A = 0x1F1E6


def _decoded(token: str) -> str | None:
    if token[0] == "&":
        out = html.unescape(token)
    else:
        try:
            out = bytes.fromhex(token.replace("%", "")).decode("utf-8")
        except ValueError:
            return None
    # A decoded control character or an unknown entity is no disguise: leave the text as sent.
    if out == token or not out or not out.isprintable():
        return None
    return out


def decode_encodings(text: str) -> tuple[str, list[int] | None]:
    """HTML entities and percent-encoding decoded ("&#121;oung", "%79oung" -> "young"); every
    decoded character maps to the start of the reference it came from."""
    if "&" not in text and "%" not in text:
        return text, None
    pieces: list[str] = []
    offs: list[int] = []
    pos = 0
    for m in _ENCODED.finditer(text):
        out = _decoded(m.group())
        if out is None:
            continue
        pieces.append(text[pos : m.start()])
        offs.extend(range(pos, m.start()))
        pieces.append(out)
        offs.extend([m.start()] * len(out))
        pos = m.end()
    if not pieces:
        return text, None
    pieces.append(text[pos:])
    offs.extend(range(pos, len(text)))
    return "".join(pieces), offs


def reference_end(original: str, end: int) -> int:
    """The end of a span of `original` whose last character maps to `end - 1`: where that is the
    start of an encoded reference ("%6E", "&#110;", a run of percent bytes), the reference's end,
    since every character decoded from it maps to its start ("new in tow%6E" was cut at "%")."""
    if end <= 0 or original[end - 1] not in "%&":
        return end
    m = _ENCODED.match(original, end - 1)
    return m.end() if m is not None and _decoded(m.group()) is not None else end


@lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    return frozenset(phonenumbers.SUPPORTED_REGIONS)


def regional_letters(text: str) -> str:
    """Regional-indicator letters spelling words ("🇾🇴🇺🇳🇬") -> ASCII letters; pairs that are
    all country flags ("🇺🇸") stay emoji. Same length: one code point for one."""
    # (Regional indicators are U+1F1E6-U+1F1FF, whose UTF-8 starts F0 9F 87: a C-level byte
    # search of the encoded text, where the pattern's scan of wide text cost ~180 instructions
    # a character.)
    if b"\xf0\x9f\x87" not in text.encode("utf-8", "surrogatepass") or not _REGIONAL_RUN.search(text):
        return text
    regions = _regions()

    def letters(run: str) -> str:
        return "".join(chr(ord("a") + ord(c) - _REGIONAL_A) for c in run)

    def flags(run: str) -> bool:
        spelled = letters(run).upper()
        return len(spelled) % 2 == 0 and all(spelled[i : i + 2] in regions for i in range(0, len(spelled), 2))

    # Once one run spells a word, the text writes in these letters: "🇳🇪🇼 🇮🇳 🇹🇴🇼🇳" is
    # "new in town", although "🇮🇳" alone would be a flag.
    if all(flags(run) for run in _REGIONAL_RUN.findall(text)):
        return text
    return _REGIONAL_RUN.sub(lambda m: letters(m.group()), text)


@lru_cache(maxsize=1)
def _unflip_table() -> tuple[dict[int, str], frozenset[str], re.Pattern[str]]:
    """Upside-down glyph -> the letter it stands for, from the `upsidedown` package's table;
    the glyphs only upside-down text uses; and the pattern of a run of flippable words."""
    return _unflip_tables()[:3]


# Turned punctuation -> what it stands for (`upsidedown`'s pairs, read back): only inside a run.
_TURNED_PUNCTUATION = {
    ord(f): p
    for p, f in (
        ("!", "¡"),
        ("?", "¿"),
        (".", "˙"),
        (",", "'"),
        ("'", ","),
        ("(", ")"),
        (")", "("),
        ('"', "„"),
        (";", "؛"),
    )
}
# What ends a sentence, turned, stands before the run it ends ("˙˙˙ɹǝʌǝ", "¡¡ǝɔuǝɹǝɟǝɹ").
_RUN_END = "˙¡¿„("
_SEPARATORS = re.escape(" \t/.,:;+-" + "".join(chr(c) for c in _TURNED_PUNCTUATION))
_WORD = re.compile(rf"[^{_SEPARATORS}]+")


@lru_cache(maxsize=1)
def _telltale_search() -> Callable[[str], re.Match[str] | None]:
    """A search for any upside-down-only glyph: one C-level scan (a set's isdisjoint with a
    string makes a string object of every character it reads)."""
    return _unflip_tables()[3]


@lru_cache(maxsize=1)
def _unflip_tables() -> tuple[dict[int, str], frozenset[str], re.Pattern[str], Callable[[str], re.Match[str] | None]]:
    table: dict[int, str] = {}
    telltale = set()
    for plain, flipped in upsidedown._CHARLOOKUP.items():
        if plain.isascii() and plain.isalnum() and len(flipped) == 1:
            table.setdefault(ord(flipped), plain.lower())
            if plain.isalpha() and not flipped.isascii():
                telltale.add(flipped)
    chars = re.escape("".join(chr(c) for c in table))
    # Punctuation turned too: a flipped sentence ends where it starts ("˙˙˙ɹǝʌǝ": "ever..."),
    # its commas are apostrophes and the reverse ("s,ʎɐpoʇ": "today's").
    table.update(_TURNED_PUNCTUATION)
    # A run of whole words, each all turned glyphs: a plain word beside upside-down text
    # ("ꞁɹᴉƃ babes") is not reversed with it, nor is the turnable part of one ("bab" of "babes").
    # Words of a run stand apart by spaces or by punctuation, turned or reading the same turned
    # ("Ɫ/ᔭᘔ").
    word = rf"(?<![\w{chars}])[{chars}]+(?![\w{chars}])"
    run = re.compile(rf"{word}(?:[{_SEPARATORS}]+{word})*")
    search = re.compile(f"[{re.escape(''.join(sorted(telltale)))}]").search
    return table, frozenset(telltale), run, search


def _turned_runs(text: str) -> list[tuple[int, int]]:
    """The spans of `text` written upside down: runs of whole words of turned glyphs, from the
    first to the last word holding an upside-down-only glyph, widened over plain-looking words
    beside them ("uo" of "ɹnoʇ uo") only where they read as a commoner English word turned
    ("on") than as written: "sun" or "so" beside upside-down text stay as they are."""
    table, telltale, run = _unflip_table()
    spans: list[tuple[int, int]] = []
    for m in run.finditer(text):
        if telltale.isdisjoint(m.group()):
            continue
        words = [(w.start() + m.start(), w.end() + m.start()) for w in _WORD.finditer(m.group())]
        marked = [k for k, (a, b) in enumerate(words) if not telltale.isdisjoint(text[a:b])]
        first, last = marked[0], marked[-1]
        while first > 0 and _reads_turned(text[slice(*words[first - 1])], table):
            first -= 1
        while last < len(words) - 1 and _reads_turned(text[slice(*words[last + 1])], table):
            last += 1
        # The sentence's turned end goes with its last word, written first ("¡¡ǝɔuǝɹǝɟǝɹ").
        start = words[first][0]
        while start and text[start - 1] in _RUN_END:
            start -= 1
        spans.append((start, words[last][1]))
    return spans


def _reads_turned(word: str, table: dict[int, str]) -> bool:
    """Does a word of turnable characters beside upside-down text belong to it? Yes if it holds
    a turned glyph ("ᔭᘔ" of "Ɫ/ᔭᘔ"); plain ASCII only if it reads as a commoner word turned than
    as written."""
    if not word.isascii():
        return True
    plain = word.lower()
    turned = word[::-1].translate(table)
    return turned != plain and frequency(turned) > frequency(plain)


def unflip(text: str) -> tuple[str, bool]:
    """Upside-down text ("uʍoʇ ƃunoʎ") read the right way up ("young town"): each run of words
    written upside down (`_turned_runs`) is reversed and its glyphs mapped back. Same length;
    True when anything was turned (the run's offsets then read backwards)."""
    if text.isascii() or _telltale_search()(text) is None:
        return text, False
    table = _unflip_table()[0]
    pieces: list[str] = []
    pos = 0
    for start, end in _turned_runs(text):
        pieces.append(text[pos:start])
        pieces.append(text[start:end][::-1].translate(table))
        pos = end
    if not pieces:
        return text, False
    pieces.append(text[pos:])
    return "".join(pieces), True


def reversed_offsets(original: str, turned: str) -> list[int]:
    """Offsets for `unflip`'s output: inside each turned run, positions read backwards."""
    offs = list(range(len(original)))
    for start, end in _turned_runs(original):
        offs[start:end] = range(end - 1, start - 1, -1)
    return offs
