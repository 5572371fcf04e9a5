"""The hand-written phone suite: every written form, and numbers that are not phones."""

from __future__ import annotations

import re

import pytest
import yaml

from conftest import DATA
from samaritan.engine.extract.phones import find_phones

SUITE = yaml.safe_load((DATA / "phones.yaml").read_text("utf-8"))
NUMBERS = ["7025550123", "2125550199", "4045550147", "3035550100", "6175550182", "8165550111"]
EN = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve"]


def _render(template: str, digits: str) -> str:
    groups = {"a": digits[:3], "b": digits[3:6], "c": digits[6:]}
    values: dict[str, str] = {}
    for key, group in groups.items():
        big = key.upper()
        values[key] = group
        values[big] = " ".join(EN[int(d)] for d in group)
        values[big + "s"] = " ".join(ES[int(d)] for d in group)
        values[big + "o"] = group.replace("0", "O").replace("1", "l")
        # digits and words run together: words on even positions
        values[big + "m"] = "".join(EN[int(d)] if i % 2 == 0 else d for i, d in enumerate(group))
    values["keycaps"] = "".join(d + "\ufe0f\u20e3" for d in digits)
    values["oh"] = " ".join("oh" if d == "0" else EN[int(d)] for d in digits)

    def fill(m: re.Match[str]) -> str:
        name = m.group(1)
        if name.startswith("all:"):
            return name[4:].join(digits)
        return values[name]

    return re.sub(r"\{([^}]+)\}", fill, template)


POSITIVE = [(_render(t, n), "+1" + n) for t in SUITE["positive"] for n in NUMBERS]
NEGATIVE = SUITE["negative"]


def test_suite_size() -> None:
    assert len(POSITIVE) >= 300 and len(NEGATIVE) >= 100


def test_phone_suite_f1() -> None:
    tp = fp = fn = 0
    misses = []
    for text, expected in POSITIVE:
        found = {m.e164 for m in find_phones(text)}
        tp += expected in found
        fn += expected not in found
        fp += len(found - {expected})
        if expected not in found or found - {expected}:
            misses.append((text, expected, found))
    for text in NEGATIVE:
        found = {m.e164 for m in find_phones(text)}
        fp += len(found)
        if found:
            misses.append((text, None, found))
    precision = tp / (tp + fp)
    recall = tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.99, f"F1 {f1:.4f}; first misses: {misses[:8]}"


@pytest.mark.parametrize("text", NEGATIVE)
def test_not_a_phone(text: str) -> None:
    assert find_phones(text) == []


@pytest.mark.parametrize(
    ("text", "obscured"),
    [
        ("702-555-0123", False),
        ("(702) 555-0123", False),
        ("seven zero two 555 0123", True),
        ("7@0@2@5@5@5@0@1@2@3", True),
        ("7 0 2 5 5 5 0 1 2 3", True),
        ("7O2 555 Ol23", True),
    ],
)
def test_disguised_numbers_are_marked(text: str, obscured: bool) -> None:
    (match,) = find_phones(text)
    assert match.obscured is obscured
    assert text[match.start : match.end].strip() == text.strip()


def test_international_numbers_keep_their_country_code() -> None:
    assert [m.e164 for m in find_phones("WhatsApp +44 20 7946 0958")] == ["+442079460958"]


def test_default_region_is_configurable() -> None:
    assert [m.e164 for m in find_phones("020 7946 0958", region="GB")] == ["+442079460958"]
