"""Phone reading's shortcuts answer what the checks they stand in for answer.

Each shortcut proves, more cheaply, the answer of a longer check (folding run by run, the plain
reader's sameness check, a window's atoms); these property tests build text from the pieces
that make the answers differ (emoji that fold to themselves and characters that do not, control
characters, lone surrogates, number words, look-alike letters, units, signs) and compare, from
a cold cache and a warm one.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samaritan.engine.extract import phonefold
from samaritan.engine.extract.phonefold import phone_text
from samaritan.engine.normalize import lower_in_place

_PROPERTY = settings(derandomize=True, max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Characters whose phone folding is their lower case (emoji, quotes, signs) and characters
# whose folding is not (accents, look-alikes, spaces, digits of other scripts, marks that
# vanish or split, controls, a lone surrogate), and plain text around them.
_SAME = ["🔥", "💋 ", "✨", "❤", "•", "—", "“", "”", "©", "€", "👍🏽", "🇺🇸", "Ω"]
_OTHER = ["é", "É", "ñ", "…", "\xa0", "Σ", "İ", "½", "²", "➡️", "٢", "５", "’", "\u200b", "\ud83d", "\x00", "\t"]
_OTHER += ["\r", "\x0b", "\x0c", "\x7f", "\x01"]
_PLAIN = ["call ", "me", " ", "702", "-", "?", "\n", "A", "%", "&"]


@_PROPERTY
@given(st.lists(st.sampled_from(_SAME + _OTHER + _PLAIN), max_size=25), st.booleans())
def test_the_whole_text_gate_answers_what_folding_run_by_run_does(pieces: list[str], cold: bool) -> None:
    text = "".join(pieces)
    if cold:
        phonefold._SAME_RUNS.clear()
    lowered = lower_in_place(text)
    expected = phonefold._fold_text(phonefold._marked(text), lowered)[0] is lowered
    assert phonefold._folds_to_lowered(text) == expected
    assert phonefold._folds_to_lowered(text) == expected  # with what the first call learned


def test_text_of_characters_that_fold_to_themselves_is_the_lower_cased_text() -> None:
    text = "Call ✨ 702 555 0142 🔥 Tonight"
    lowered = lower_in_place(text)
    folded, offs = phone_text(text, lowered)
    assert folded is lowered and offs == range(len(text))
    folded, offs = phone_text(text + " é", lower_in_place(text + " é"))
    assert folded.endswith(" e") and offs == range(len(text) + 2)
