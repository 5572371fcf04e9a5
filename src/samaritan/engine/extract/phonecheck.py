"""Whether digits are a valid phone number, and where: `phonenumbers` with a fast path for
North America, the regions an ad's numbers are read in, and the trunk-prefix regions."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import phonenumbers


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
        number = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
        if phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number):
            return "+1" + national
        return None
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
