"""The learned features' fast paths give what their plain definitions give: the tokens of each
clause read apart, the indices of word_indices and char_grams in featurize's layout, and the
evidence a reason names, ranked as a dict and a stable sort rank it. The packaged model's
probabilities depend on these arrays bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from samaritan.engine.learned import features as F
from samaritan.engine.learned import wording as W
from samaritan.engine.learned.model import LearnedModel, load_model

_PROPERTY = settings(derandomize=True, max_examples=300, deadline=None)
# Letters, digits, apostrophes, the clause ends, a dollar sign, spaces and a few emoji and
# accented letters: every kind of character the token and clause patterns treat apart.
_TEXT = st.text(alphabet=st.sampled_from([*"ab z09'$.!?;:,\n()[]|•*~-\"é", "\u2600", "\U0001f600"]), max_size=60)


def _tokens_by_clause(folded: str) -> tuple[list[str], list[int]]:
    tokens: list[str] = []
    clauses: list[int] = []
    for number, clause in enumerate(W._CLAUSE_END.split(folded)):
        found = W._TOKEN.findall(clause)
        tokens.extend(found)
        clauses.extend([number] * len(found))
    return tokens, clauses


@_PROPERTY
@given(_TEXT)
def test_tokens_are_those_of_each_clause_read_apart(text: str) -> None:
    assert W.tokenize(text) == _tokens_by_clause(text)


def test_an_apostrophe_joins_a_token_only_between_a_word_and_letters() -> None:
    # Lone apostrophes become spaces in the whole text; a run chaining two tokens is read alone.
    tokens, clauses = W.tokenize("don't 'quote' rock'n'roll x'y9, it's 5'7")
    assert tokens == ["don't", "quote", "rock'n", "roll", "x'y", "9", "it's", "5", "7"]
    assert clauses == [0, 0, 0, 0, 0, 0, 1, 1, 1]


@_PROPERTY
@given(st.text(alphabet=st.sampled_from([*"ab z09'$.!?;:,\n()[]|*~-\"A\t#"]), max_size=60))
def test_ascii_tokens_are_those_of_each_clause_read_apart(text: str) -> None:
    # ASCII text takes the str-method path; apostrophes and dollars next to letters, digits,
    # capitals (never a token character) and clause ends are where it could part from the pattern.
    assert W.tokenize(text) == _tokens_by_clause(text)


@_PROPERTY
@given(st.text(alphabet=st.sampled_from([*"abcxyz 0159'$.,!\n", "\U0001f600", "é"]), max_size=80), st.booleans())
def test_feature_indices_are_named_then_words_then_character_grams(body: str, phone: bool) -> None:
    feats = F.featurize("Title 21", body, "dating", [("CODE_A", "venue", False, 0.5)], {"phone": int(phone)})
    tokens, scoped, clauses = feats.words
    empty = np.zeros(0, np.int64)
    uni, bi = F.word_indices(tokens, scoped, clauses) if tokens else (empty, empty)
    chars = F.char_grams(F._DIGIT.sub("0", " ".join(tokens))) + F.DIM
    named = np.array([i for i, _ in feats.named], dtype=np.int64)
    assert feats.index.dtype == np.int64
    assert feats.index.tolist() == np.concatenate([named, uni, bi, chars]).tolist()
    words, grams = len(uni) + len(bi), len(chars)
    assert feats.value[len(named) : len(named) + words].tolist() == [np.float32(1 / np.sqrt(max(1, words)))] * words
    assert feats.value[len(named) + words :].tolist() == [np.float32(1 / np.sqrt(max(1, grams)))] * grams


def _evidence_by_dict(model: LearnedModel, feats: F.AdFeatures, label: str, limit: int) -> list[str]:
    row = model.labels.index(label)
    names = feats.names()
    total: dict[int, float] = {}
    for i, v in zip(feats.index.tolist(), feats.value.tolist(), strict=True):
        if i in names:
            total[i] = total.get(i, 0.0) + float(model._by_feature[i, row]) * v
    out: list[str] = []
    for i, contribution in sorted(total.items(), key=lambda kv: -kv[1]):
        if contribution <= 0.02 or len(out) >= limit:
            break
        if names[i] not in out:
            out.append(names[i])
    return out


def test_evidence_ranks_and_names_as_the_plain_reading_does() -> None:
    model = load_model()
    bodies = [
        "Upscale companion, incall and outcall, call now. No rush, discreet, new in town.",
        "Quiet room for rent near the park, no smoking, no pets. Call 555-0142.",
        "Looking for a real date. No escorts, please. I like hiking and coffee.",
        "Sweet and friendly, available tonight, hourly rates, text only!! New girl in town.",
        "",
    ]
    for body in bodies:
        for section in ("dating", "housing"):
            feats = F.featurize("New in town 23", body, section, [("CODE_B", "venue", False, 0.4)], {"phone": 1})
            for label in model.labels:
                for limit in (4, 12):
                    assert model.evidence(feats, label, limit) == _evidence_by_dict(model, feats, label, limit)
