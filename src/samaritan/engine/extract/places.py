"""Places: the ad's own location field and US cities named in the text.

The gazetteer is the `zipcodes` package (42,789 ZIP codes with city and state) plus `us` for
state names, both offline. A city name alone is ambiguous ("Mobile", "Normal", "Independence"),
so a city in running text counts when a state follows it ("Dallas, TX") or, for large cities
(many ZIP codes), when a preposition of place precedes it ("in Dallas", "visiting Phoenix").

Deriving the tables from those packages costs seconds of CPU in every process that screens
(`zipcodes.list_all()` builds 42k dicts), so the tables ship precomputed in `gazetteer.tsv.gz`,
read in milliseconds. `derived_tables()` derives them from the packages again; a test keeps the
file equal to it, and `python scripts/gazetteer.py` rewrites it.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import re2

from samaritan.engine.cues import WS

_LARGE_CITY_ZIPS = 15
_PREPOSITION_WORDS = (
    *("in", "near", "from", "to", "visiting", "around", "at"),
    *("outside", "downtown", "north", "south", "east", "west"),
)
_PREPOSITIONS = re.compile(rf"(?:\b(?:{'|'.join(_PREPOSITION_WORDS)})\s+)$", re.IGNORECASE)
TABLE_FILE = "gazetteer.tsv.gz"


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    name: str
    start: int
    end: int


class _City(NamedTuple):  # a tuple: 30k of them are built at start-up, in every process
    name: str
    state: str
    zips: int


Tables = tuple[dict[str, list[_City]], dict[str, str]]


def derived_tables() -> Tables:
    """The gazetteer and the state table from `zipcodes` and `us` (slow: for the shipped file
    and its test). Cities: lower-case name -> cities of that name, most ZIP codes first.
    States: lower-case state name or abbreviation -> abbreviation."""
    import us
    import zipcodes

    counts: Counter[tuple[str, str]] = Counter()
    for row in zipcodes.list_all():  # type: ignore[no-untyped-call]  # zipcodes ships no type hints
        if row.get("city") and row.get("state"):
            counts[(row["city"], row["state"])] += 1
    cities: dict[str, list[_City]] = {}
    for (city, state), n in counts.items():
        cities.setdefault(city.lower(), []).append(_City(city, state, n))
    for options in cities.values():
        options.sort(key=lambda c: -c.zips)
    states = {}
    for st in [*us.states.STATES_AND_TERRITORIES, us.states.DC]:
        states[st.abbr.lower()] = st.abbr
        states[st.name.lower()] = st.abbr
    return cities, states


def write_tables(tables: Tables) -> bytes:
    """The shipped file's bytes: `C city state zips` rows in gazetteer order, then `S key abbr`
    rows (tab-separated, gzip with no timestamp, so the same tables give the same bytes)."""
    cities, states = tables
    lines = [f"C\t{c.name}\t{c.state}\t{c.zips}" for options in cities.values() for c in options]
    lines += [f"S\t{key}\t{abbr}" for key, abbr in states.items()]
    return gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)


_CITY_ROW = re.compile(r"^C\t([^\t\n]*)\t([^\t\n]*)\t([0-9]+)$", re.MULTILINE)
_STATE_ROW = re.compile(r"^S\t([^\t\n]*)\t([^\t\n]*)$", re.MULTILINE)


def read_tables(data: bytes) -> Tables:
    """The tables `write_tables` wrote. The rows are split by two regex scans rather than a
    loop over lines (part of building every engine: 60 -> 35 ms)."""
    text = gzip.decompress(data).decode("utf-8")
    cities: dict[str, list[_City]] = {}
    for name, state, zips in _CITY_ROW.findall(text):
        key = name.lower()
        options = cities.get(key)
        if options is None:
            cities[key] = [_City(name, state, int(zips))]
        else:
            options.append(_City(name, state, int(zips)))
    return cities, dict(_STATE_ROW.findall(text))


@lru_cache(maxsize=1)
def _tables() -> Tables:
    return read_tables(resources.files(__package__).joinpath(TABLE_FILE).read_bytes())


def _states() -> dict[str, str]:
    """Lower-case state name or abbreviation -> abbreviation."""
    return _tables()[1]


def _gazetteer() -> dict[str, list[_City]]:
    """Lower-case city name -> cities of that name, the one with most ZIP codes first."""
    return _tables()[0]


def load_gazetteer() -> None:
    """Read the city and state tables now rather than on the first ad."""
    _tables()
    _gate()


class _Gate:
    """One RE2 pattern asked only whether it matches: as a one-pattern RE2 Set, one C call on the
    text's bytes (the pattern object's `search` goes through Python code that maps offsets)."""

    def __init__(self, pattern: str):
        options = re2.Options()
        options.never_capture = True
        self._set = re2.Set.SearchSet(options)
        self._set.Add(pattern)
        self._set.Compile()
        # The compiled set itself, past the package's Python wrapper (its str check, and a None
        # for no match): one call fewer on every ad.
        self._match = self._set._set.Match

    def passes(self, text: str) -> bool:
        return bool(self._match(text.encode("utf-8")))


@lru_cache(maxsize=1)
def _gate() -> _Gate:
    """What every place `find_places` can report needs, as one RE2 pattern (a relaxation: it may
    match in vain, never miss). A city followed by a state (`_STATE_AFTER`) ends in a lower-case
    letter, then the state's abbreviation or the first word of its name; a large city read after
    a preposition (`_PREPOSITIONS`) starts with the first word of its name, after a space and
    the preposition's last letter. Most ads hold neither, and skip the capitalised-run scan and
    its per-run work (7-8 us an ad) for one RE2 pass (~2 us)."""
    cities, states = _tables()
    large = [key for key, options in cities.items() if options[0].zips >= _LARGE_CITY_ZIPS]
    # Only words written so can be read: a state token is [A-Za-z]{2} in capitals or [A-Z][a-z]+,
    # a run of capitalised words is made of [A-Z][a-z]+ (see _CAPITALISED).
    abbreviations = _words([key.upper() for key in states if len(key) == 2], r"[A-Z]{2}")
    state_words = _words([_first_word(key) for key in states if len(key) > 2], r"[A-Z][a-z]+")
    large_words = _words([_first_word(key) for key in large], r"[A-Z][a-z]+")
    # Under IGNORECASE, Python matches only these letters for a preposition's last letter.
    last_letters = "".join(sorted({c for w in _PREPOSITION_WORDS for c in (w[-1], w[-1].upper())}))
    return _Gate(rf"[a-z]{WS}*,?{WS}*(?:(?:{abbreviations})\b|{state_words})|[{last_letters}]{WS}+(?:{large_words})")


def _first_word(key: str) -> str:
    word = key.split(" ")[0]
    return word[:1].upper() + word[1:]


def _words(words: list[str], shape: str) -> str:
    return "|".join(sorted({w for w in words if re.fullmatch(shape, w)}))


def location_field(location: Any) -> str | None:
    """The contract's location (object or free text) as one display string."""
    if isinstance(location, str):
        return location.strip() or None
    if isinstance(location, dict):
        parts = [str(location[k]).strip() for k in ("city", "region", "country") if location.get(k)]
        if location.get("country") and len(parts) == 3 and parts[2].upper() in ("US", "USA"):
            parts = parts[:2]
        return ", ".join(parts) or None
    return None


_STATE_AFTER = re.compile(r"\s*,?\s*([A-Za-z]{2}\b|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)")
# Runs of up to three capitalised words: the only places a proper-noun city can be. (The
# look-behind after the first letter is `\b` before it, written so `re` can skip ahead to
# capital letters instead of trying the pattern at every position.)
_CAPITALISED = re.compile(r"[A-Z](?<!\w.)[a-z]+(?:[ .-][A-Z][a-z]+){0,2}\b")


@lru_cache(maxsize=4096)
def _cities_in_run(run: str) -> tuple[tuple[int, int, str], ...]:
    """City names inside one run of capitalised words, as (start, end, gazetteer key) relative
    to the run: the longest name first, left to right ("Visiting Kansas City" -> Kansas City).
    Runs repeat across ads ("Call", "New York"), so this is worked out once per run."""
    cities = _gazetteer()
    words = run.replace("-", " ").replace(".", " ").split(" ")
    offsets = [0]
    for w in words[:-1]:
        offsets.append(offsets[-1] + len(w) + 1)
    found = []
    i = 0
    while i < len(words):
        for j in range(len(words), i, -1):
            key = " ".join(words[i:j]).lower()
            if key in cities:
                found.append((offsets[i], offsets[j - 1] + len(words[j - 1]), key))
                i = j - 1
                break
        i += 1
    return tuple(found)


def find_places(text: str) -> list[PlaceMatch]:
    if not text or not _gate().passes(text):
        return []
    cities = _gazetteer()
    states = _states()
    out: list[PlaceMatch] = []
    for run in _CAPITALISED.finditer(text):
        for start, end, key in _cities_in_run(run.group()):
            place = _resolve(text, cities[key], states, run.start() + start, run.start() + end)
            if place:
                out.append(place)
    return _longest(out)


def _resolve(text: str, options: list[_City], states: dict[str, str], start: int, end: int) -> PlaceMatch | None:
    state_match = _STATE_AFTER.match(text, end)
    if state_match:
        token = state_match.group(1)
        abbr = states.get(token.lower())
        if abbr and (len(token) != 2 or token.isupper()):
            city = next((c for c in options if c.state == abbr), None)
            if city:
                return PlaceMatch(f"{city.name}, {city.state}", start, state_match.end())
    if options[0].zips >= _LARGE_CITY_ZIPS and _PREPOSITIONS.search(text[max(0, start - 12) : start]):
        return PlaceMatch(f"{options[0].name}, {options[0].state}", start, end)
    return None


def _longest(matches: list[PlaceMatch]) -> list[PlaceMatch]:
    matches.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[PlaceMatch] = []
    for m in matches:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept
