"""Every rule's own examples, and the loader's refusal of bad rule files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from samaritan.engine.detect import Detector
from samaritan.engine.learned.scope import claim_is_denied
from samaritan.engine.lexicon import CATEGORIES, LexiconError, default_lexicon_dir, load_lexicon
from samaritan.engine.screener import Screener

LEXICON = load_lexicon()
DETECTOR = Detector(LEXICON)
EXTRACTED = {rule.code for rule in LEXICON.rules if rule.extracted}
# The rules' own reading: the default engine keeps the indicators of an ad its model does not
# label commercial only where they matter to a reviewer (obscured contacts, a stated minor age).
SCREENER = Screener(lexicon=LEXICON, model="none")
CASES = [(rule.code, text, True) for rule in LEXICON.rules for text in rule.examples.match] + [
    (rule.code, text, False) for rule in LEXICON.rules for text in rule.examples.no_match
]


@pytest.mark.parametrize(("code", "text", "should_match"), CASES, ids=[f"{c}:{t[:30]}" for c, t, _ in CASES])
def test_rule_examples(code: str, text: str, should_match: bool) -> None:
    if code in EXTRACTED:
        # Found by extraction: the example is an ad ("TITLE | BODY" when the title matters),
        # screened in a personals section, where stated ages and disguised contacts are reported.
        title, _, body = text.rpartition(" | ")
        verdict = SCREENER.screen({"id": "x", "title": title, "body": body, "category": "personals"})
        codes = {i.code for i in verdict.indicators}
    else:
        # As the screener reads them: a negatable rule's hit inside a denial is no claim.
        codes = {
            hit.rule.code
            for hit in DETECTOR.find("body", text)
            if not (hit.rule.negatable and claim_is_denied(text, hit.start, hit.end))
        }
    assert (code in codes) is should_match, f"{code} on {text!r}: found {sorted(codes)}"


def test_every_contract_category_but_other_has_rules() -> None:
    covered = {rule.category for rule in LEXICON.rules}
    assert set(CATEGORIES) - {"other"} <= covered


def test_every_rule_cites_evidence_and_has_examples() -> None:
    for rule in LEXICON.rules:
        assert rule.evidence.strip() and rule.examples.match and rule.examples.no_match


def _copy_lexicon(tmp_path: Path) -> Path:
    source = default_lexicon_dir()
    target = tmp_path / "lexicon"
    shutil.copytree(source, target)
    return target


def test_duplicate_code_is_refused_with_file_named(tmp_path: Path) -> None:
    target = _copy_lexicon(tmp_path)
    (target / "payment.yaml").write_text(
        (target / "payment.yaml").read_text() + (target / "venue.yaml").read_text().split("rules:", 1)[1]
    )
    with pytest.raises(LexiconError, match=r"VENUE_HOTEL already defined in venue.yaml"):
        load_lexicon(target)


def test_bad_rule_names_file_and_rule(tmp_path: Path) -> None:
    target = _copy_lexicon(tmp_path)
    (target / "venue.yaml").write_text(
        "rules:\n  - code: VENUE_BAD\n    category: venue\n    weight: 9\n    description: x y z\n"
        "    evidence: none yet\n    terms: [motel]\n    examples: {match: [motel], no_match: [hotel]}\n"
    )
    with pytest.raises(LexiconError, match=r"(?s)venue.yaml: rule VENUE_BAD: .*weight"):
        load_lexicon(target)


def test_pattern_without_anchor_is_refused(tmp_path: Path) -> None:
    target = _copy_lexicon(tmp_path)
    (target / "venue.yaml").write_text(
        "rules:\n  - code: VENUE_RX\n    category: venue\n    weight: 1\n    description: x y z\n"
        "    evidence: none yet\n    pattern: 'room \\d+'\n    examples: {match: [room 12], no_match: [hotel]}\n"
    )
    with pytest.raises(LexiconError, match="anchors"):
        load_lexicon(target)
