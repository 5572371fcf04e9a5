"""The extraction fast paths give the answers of the slow ones they replace.

North American numbers are validated from phonenumbers' metadata by one regex per region
instead of the library's calls; RE2 window finders step through spans instead of the re2
package's match objects; number-word alternations are grouped by first letter. Each must read
exactly what the library or pattern it stands for reads.
"""

from __future__ import annotations

import random
import re

import phonenumbers
import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.extract import ages, phonecheck, phones
from samaritan.engine.extract.numbers import SPANISH_UNITS, TENS, UNITS, alternation
from samaritan.engine.extract.spans import Spans

_PROPERTY = settings(max_examples=300, derandomize=True, deadline=None)


def _library_national(national: str, region: str) -> bool:
    number = phonenumbers.PhoneNumber(country_code=1, national_number=int(national))
    return phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number)


def _library_plus(digits: str) -> str | None:
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed) or not digits.endswith(str(parsed.national_number)):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _numbers(seed: int, count: int) -> list[str]:
    """Ten-digit numbers starting 2-9: random ones, and ones under every area code the
    North American regions' leading digits name (Caribbean, Canadian, toll-free...)."""
    rng = random.Random(seed)
    numbers = [str(rng.randrange(2_000_000_000, 10_000_000_000)) for _ in range(count)]
    for area in range(200, 1000):
        numbers.append(f"{area}{rng.randrange(2, 10)}{rng.randrange(0, 1_000_000):06d}")
    return numbers


@pytest.mark.parametrize("region", ["US", "CA", "JM", "PR"])
def test_north_american_validity_is_the_librarys(region: str) -> None:
    numbers = _numbers(sum(map(ord, region)), 1500)
    assert [phonecheck._nanp_valid(n, region) for n in numbers] == [_library_national(n, region) for n in numbers]


def test_a_plus_one_number_is_validated_as_the_library_parses_it() -> None:
    digits = ["1" + n for n in _numbers(7, 1500)]
    assert [phonecheck._validate_in(d, None, True) for d in digits] == [_library_plus(d) for d in digits]


def test_the_test_range_and_a_bad_area_code() -> None:
    assert phonecheck.validate("7025550142", ("US",), False) == "+17025550142"
    assert phonecheck.validate("17025550142", ("US",), True) == "+17025550142"
    assert phonecheck.validate("1115550142", ("US",), False) is None
    assert phonecheck.validate("9115550142", ("US",), False) is None


_TEXT = st.text(alphabet="0123456789 -.ol()oneyrs,!ag:i'mhe", max_size=80)


@_PROPERTY
@given(_TEXT)
def test_spans_are_the_re2_matches(text: str) -> None:
    data = text.encode("ascii")
    for pattern in [phones._CANDIDATE.pattern, ages._WINDOW_RE2["age.yo"].pattern, r"\d*", r"o|"]:
        expected = [m.span() for m in re2.compile(pattern).finditer(data)]
        assert Spans(pattern).find(data) == expected
        assert Spans(pattern).find(data, 3, 40) == [m.span() for m in re2.compile(pattern).finditer(data, 3, 40)]


_WORDS = sorted({*UNITS, *TENS, *SPANISH_UNITS}, key=len, reverse=True)


@_PROPERTY
@given(st.lists(st.sampled_from([*_WORDS, " ", "-", "x", "teen", "y"]), max_size=12))
def test_grouped_number_words_match_as_the_plain_alternation(parts: list[str]) -> None:
    text = "".join(parts)
    plain = re.compile(rf"(?:{'|'.join(_WORDS)})(?:[\s-]?(?:one|two))?")
    grouped = re.compile(rf"(?:{alternation(_WORDS)})(?:[\s-]?(?:{alternation(['one', 'two'])}))?")
    assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)]
