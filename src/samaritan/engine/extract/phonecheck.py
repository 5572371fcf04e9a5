"""Whether digits are a valid phone number, and where: `phonenumbers` with a fast path for
North America, the regions an ad's numbers are read in, and the trunk-prefix regions."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import phonenumbers
from phonenumbers.phonemetadata import PhoneMetadata


class _NanpOnly(dict[tuple[str, ...], bool]):
    """regions -> are they all North American (so only 10 or 11 digits can make a number)?"""

    def __missing__(self, regions: tuple[str, ...]) -> bool:
        value = all(_country_code(r) == 1 for r in regions)
        self[regions] = value
        return value


NANP_ONLY = _NanpOnly()


class _NanpFirst(dict[tuple[str, ...], tuple[str, ...]]):
    """regions -> the same with North America first (unless it is already first)."""

    def __missing__(self, regions: tuple[str, ...]) -> tuple[str, ...]:
        value = regions if _country_code(regions[0]) == 1 else ("US", *regions)
        self[regions] = value
        return value


NANP_FIRST = _NanpFirst()


def load_metadata(regions: Sequence[str]) -> None:
    """Load phonenumbers' metadata and patterns (2-15 ms a region on first use) for `regions`,
    the trunk-prefix regions and all North America, with the engine rather than the first ads."""
    for region in dict.fromkeys([*regions, *_TRUNK_REGIONS]):
        example = phonenumbers.example_number(region)
        if example is not None:
            phonenumbers.is_valid_number_for_region(example, region)
            phonenumbers.is_valid_number(example)
            phonenumbers.parse(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164))
    phonenumbers.is_valid_number(phonenumbers.PhoneNumber(country_code=1, national_number=2025550123))
    # The North American fast path's patterns: every region's leading digits, the types of
    # the regions asked for and of those without leading digits (the number's region then).
    for region, leading in _leading():
        if leading is None or region in regions:
            _KNOWN[region]
    for region in regions:
        if _country_code(region) == 1:
            _KNOWN[region]


@lru_cache(maxsize=64)
def _country_code(region: str) -> int:
    return phonenumbers.country_code_for_region(region)


# Regions whose national numbers start with a trunk "0": a number written so, in an ad that
# names no region where it is valid, is read in the one of these where it is (if only one).
_TRUNK_REGIONS = ("GB", "AU", "IN", "NZ", "IE", "ZA", "EC")


@lru_cache(maxsize=65536)
def validate(digits: str, regions: tuple[str, ...], plus: bool, trunk: bool = True) -> str | None:
    """The E.164 form of `digits` in the first of `regions` where they are a valid number
    (after a "+": as an international number first; with `trunk`, see _TRUNK_REGIONS)."""
    if plus:
        e164 = _validate_in(digits, None, True)
        if e164:
            return e164
    for region in regions:
        e164 = _validate_in(digits, region, False)
        if e164:
            return e164
    if trunk and digits[0] == "0" and len(digits) >= 9:
        found = {e for r in _TRUNK_REGIONS if r not in regions and (e := _validate_in(digits, r, False))}
        if len(found) == 1:
            return found.pop()
    return None


def _validate_in(digits: str, region: str | None, plus: bool) -> str | None:
    # The common case, a North American number (ten digits, or eleven after a "1") in a North
    # American region: build the number parse() would and check it, the region itself first (a
    # Canadian or Caribbean number is valid in its own region). Skipping parse saves most of
    # the cost. Anything else takes the full path.
    if region is not None and _country_code(region) == 1:
        national = digits[1:] if len(digits) == 11 and digits[0] == "1" else digits
        if len(national) != 10 or national[0] in "01":
            return None
        return "+1" + national if _nanp_valid(national, region) else None
    if plus and len(digits) == 11 and digits[0] == "1" and digits[1] not in "01":
        # "+1" and ten digits: parse() reads country code 1 and the ten digits as the national
        # number (no national prefix to strip before a 2-9), is_valid_number decides.
        return "+" + digits if _nanp_any(digits[1:]) else None
    try:
        parsed = phonenumbers.parse("+" + digits if plus else digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    # The digits must all belong to the number (no stray digits swallowed).
    if not digits.endswith(str(parsed.national_number)):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# North American validity without building a PhoneNumber: what `is_valid_number_for_region(n,
# region) or is_valid_number(n)` answers for a ten-digit national number of country code 1, from
# the same metadata and patterns. `phonenumbers` asks each number type's pattern in turn through
# several Python calls (a new number cost ~100 us, most of a cold ad's phone reading); here
# each region's types are one regex (checked against the library on every number of the
# generated and real corpora and on random numbers: tests/test_extract_speed.py). The
# library's rules, for a number of length 10:
# `_number_type_helper` is not UNKNOWN when the general pattern matches and so does one type's
# (a description counts only if its possible lengths are empty or hold 10, and its pattern is
# not empty; mobile too, since when it is the fixed-line pattern that one already matched);
# `region_code_for_number` takes the first region of country code 1 whose leading digits match
# the number (those with leading digits) or whose types know it (those without).
_TYPES = (
    "premium_rate",
    "toll_free",
    "shared_cost",
    "voip",
    "personal_number",
    "pager",
    "uan",
    "voicemail",
    "fixed_line",
    "mobile",
)


def _desc_pattern(desc: object) -> str | None:
    if desc is None:
        return None
    lengths = desc.possible_length  # type: ignore[attr-defined]
    pattern = desc.national_number_pattern  # type: ignore[attr-defined]
    if (len(lengths) > 0 and 10 not in lengths) or not pattern:
        return None
    return str(pattern)


class _Known(dict[str, "re.Pattern[str] | None"]):
    """region -> a pattern that fully matches the ten-digit numbers its types know (None: none).
    Compiled on first use: a region's patterns take 1-30 ms to compile, and most regions are
    only ever asked for their leading digits."""

    def __missing__(self, region: str) -> re.Pattern[str] | None:
        metadata = PhoneMetadata.metadata_for_region(region, None)
        known = None
        if metadata is not None:
            general = _desc_pattern(metadata.general_desc)
            # With the same mobile and fixed-line patterns the library asks only the fixed line.
            names = _TYPES[:-1] if metadata.same_mobile_and_fixed_line_pattern else _TYPES
            types = [p for name in names if (p := _desc_pattern(getattr(metadata, name))) is not None]
            if general is not None and types:
                alternatives = "|".join(f"(?:{p})" for p in types)
                known = re.compile(f"(?=(?:{general})\\Z)(?:{alternatives})\\Z")
        self[region] = known
        return known


_KNOWN = _Known()
_NANP_REGIONS: tuple[str, ...] = tuple(phonenumbers.COUNTRY_CODE_TO_REGION_CODE[1])


@lru_cache(maxsize=1)
def _leading() -> tuple[tuple[str, re.Pattern[str] | None], ...]:
    """Each region of country code 1, in the library's order, with its leading digits if any."""
    out = []
    for region in _NANP_REGIONS:
        metadata = PhoneMetadata.metadata_for_region(region, None)
        if metadata is not None:
            leading = metadata.leading_digits
            out.append((region, re.compile(leading) if leading is not None else None))
    return tuple(out)


def _knows(national: str, region: str) -> bool:
    known = _KNOWN[region]
    return known is not None and known.match(national) is not None


def _nanp_valid(national: str, region: str) -> bool:
    """`is_valid_number_for_region(n, region) or is_valid_number(n)` for the North American
    number n of ten digits `national` (a region of country code 1)."""
    return _knows(national, region) or _nanp_any(national)


def _nanp_any(national: str) -> bool:
    """`is_valid_number(n)` for the North American number n of ten digits `national`."""
    for candidate, leading in _leading():  # region_code_for_number, then validity there
        if leading is not None:
            if leading.match(national):
                return _knows(national, candidate)
        elif _knows(national, candidate):
            return True
    return False
