"""The extractors' `re` patterns compiled for ASCII text (extract/asciire.py) find exactly what
the Unicode patterns find in ASCII text, and the RE2 warm-up changes no answer."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.extract import Extractor, ages, ages_context, ages_names, contacts, prices
from samaritan.engine.extract.asciire import ascii_source, ascii_twin
from samaritan.engine.extract.warmup import warm_text
from samaritan.engine.model import Ad


def _pairs() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    pairs = [(key, p, a) for (key, _, p), (_, _, a) in zip(ages._COMPILED, ages._COMPILED_ASCII, strict=True)]
    for k, (p, a) in enumerate(zip(*ages._TITLE_CHECKS, strict=True)):
        pairs.append((f"title.{k}", p, a))
    pairs.append(("set_off", ages_names._SET_OFF, ages_names._SET_OFF_ASCII))
    uni, asc = ages_context._CHECKS
    for lone in (False, True):
        pairs.append((f"after.{lone}", uni.after[lone], asc.after[lone]))
    for name, p, a in zip(uni._fields[1:], uni[1:], asc[1:], strict=True):
        pairs.append((name, p, a))
    for (cue, p), (_, a) in zip(prices._FORM_CUES, prices._FORM_CUES_ASCII, strict=True):
        pairs.append((cue, p, a))
    pairs += [
        ("unit_after", prices._UNIT_AFTER, prices._UNIT_AFTER_ASCII),
        ("unit_before", prices._UNIT_BEFORE, prices._UNIT_BEFORE_ASCII),
        ("email", contacts._EMAIL, contacts._EMAIL_ASCII),
        ("handle", contacts._HANDLE, contacts._HANDLE_ASCII),
        ("cashtag", contacts._CASHTAG, contacts._CASHTAG_ASCII),
    ]
    return pairs


PAIRS = _pairs()

# Pieces of the text these patterns read, and every kind of ASCII separator, the \x1c-\x1f
# separators (Unicode `\s`, not ASCII's) among them.
_TOKENS = str.split(
    "19 25 7 18 30 150 2o l9 nineteen twenty five one yo y/o years year yrs old young age aged i'm im am "
    "she's turned about me here hi hello lexi mia guy f couple de una mujer - | ~ $ 200 usd roses hh qv hr "
    "hour overnight per for an donation rate is at dot com gmail snap ig kik jane_doe x of @ ( ) kids son "
    "my under over and or 5 ft in lbs 10am :) , . ! ; looking for between to 555 0142 702"
)
_SEPARATORS = [" ", "", ",", ", ", ".", ". ", "\n", "\t", "\r", " - ", ": ", *"\x0b\x0c\x1c\x1d\x1e\x1f"]
_TEXT = st.lists(st.tuples(st.sampled_from(_TOKENS), st.sampled_from(_SEPARATORS)), max_size=30).map(
    lambda parts: "".join(token + sep for token, sep in parts)
)


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    out = [(m.span(), m.groups()) for m in pattern.finditer(text)]
    for start in range(0, len(text), 7):  # windows and anchored matches, as the extractors run them
        m = pattern.match(text, start)
        out.append((m.span(), m.groups()) if m else ((-1, -1), ()))
        out += [(m.span(), m.groups()) for m in pattern.finditer(text, start, start + 40)]
    return out


@settings(derandomize=True, max_examples=300, deadline=None)
@given(_TEXT)
def test_ascii_twins_find_what_the_unicode_patterns_find(text: str) -> None:
    assert text.isascii()
    for name, unicode_pattern, ascii_pattern in PAIRS:
        assert _found(ascii_pattern, text) == _found(unicode_pattern, text), name


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_ascii_twins_agree_on_any_ascii(text: str) -> None:
    for name, unicode_pattern, ascii_pattern in PAIRS:
        assert _found(ascii_pattern, text) == _found(unicode_pattern, text), name


@settings(derandomize=True, max_examples=300, deadline=None)
@given(_TEXT | st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
def test_the_email_cues_in_re2_are_where_re_finds_them(text: str) -> None:
    # An ASCII ad's email windows are built from RE2's cue spans: a different span would read
    # another stretch of the ad for an email.
    spans = [m.span() for m in contacts._EMAIL_CUE.finditer(text)]
    assert contacts._EMAIL_CUE_RE2.find(text.encode("ascii")) == spans


def test_whitespace_is_spelled_out_inside_and_outside_classes() -> None:
    assert ascii_source(r"a\s+b") == r"a[\s\x1c-\x1f]+b"
    assert ascii_source(r"[^\w\s,]") == r"[^\w\s\x1c-\x1f,]"
    assert ascii_source(r"^\S*") == r"^[^\s\x1c-\x1f]*"
    assert ascii_source(r"[]\s]") == r"[]\s\x1c-\x1f]"  # a "]" first in a class is a literal
    assert ascii_source(r"\\s") == r"\\s"  # an escaped backslash, then a letter
    separated = "age\x1c25"
    assert ascii_twin(re.compile(r"age\s25")).fullmatch(separated)
    assert not re.compile(r"age\s25", re.ASCII).fullmatch(separated)  # why the twin spells \s out
    with pytest.raises(ValueError):
        ascii_source(r"[\S]")


def test_ages_prices_and_contacts_read_the_same_in_ascii_and_unicode_text() -> None:
    """An ad read through the ASCII patterns and the same ad made non-ASCII by one symbol at its
    end (so the Unicode patterns run) give the same entities."""
    extractor = Extractor(places=False)
    body = (
        "Mia, 25, new in town. I'm 25 yo, about me: 25. $200 hh, 300 roses an hour. "
        "Email mia.doe at gmail dot com, snap: mia_doe25, $miadoe. Call 702-555-0142."
    )
    plain = extractor.extract(Ad(id="a", platform="test", title="Sweet - 25", body=body)).entities
    marked = extractor.extract(Ad(id="b", platform="test", title="Sweet - 25", body=body + " ♥")).entities
    assert plain.ages == marked.ages == [25]
    assert plain.prices == marked.prices and len(plain.prices) == 2
    assert plain.emails == marked.emails == ["mia.doe@gmail.com"]
    assert plain.handles == marked.handles
    assert plain.phones == marked.phones == ["+17025550142"]


def test_warm_up_text_is_made_up_and_ad_sized() -> None:
    chunks = warm_text(words=2000)
    assert chunks and all(len(c) <= 400 for c in chunks)
    assert all(c.isascii() for c in chunks)
    # phone-shaped numbers in it are the fictitious 555-0100..0199 ones
    numbers = list(re.finditer(r"(?<!\d)\(?\d{3}\)?[-. ]?555[-. ]?(\d{4})(?!\d)", "".join(chunks)))
    assert numbers
    for m in numbers:
        assert 100 <= int(m.group(1)) <= 199
