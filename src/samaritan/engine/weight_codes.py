"""Codes that the weights name must be the lexicon's: a typo in weights.yaml would silently weigh
nothing. Checked once when a Screener is built (split from policy.py, which loads the files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from samaritan.engine.policy import ConfigError, Weights

if TYPE_CHECKING:
    from samaritan.engine.lexicon import Lexicon


def check_codes(weights: Weights, lexicon: Lexicon) -> None:
    """Codes that weights name must be the lexicon's: a typo would silently weigh nothing."""
    codes = {rule.code for rule in lexicon.rules}
    for key in ("stated_minor_code", "stated_barely_adult_code", "stated_adult_code"):
        code = getattr(weights.minor, key)
        if code is not None and code not in codes:
            raise ConfigError(f"weights {weights.version}: minor.{key} {code!r} is not a lexicon code")
    for code in weights.commercial.terms:
        if code not in codes:
            raise ConfigError(f"weights {weights.version}: commercial.terms names {code!r}, not a lexicon code")
    for kind, dropped in weights.commercial.cues.drops.items():
        for code in dropped:
            if code not in codes:
                raise ConfigError(
                    f"weights {weights.version}: commercial.cues.drops.{kind} names {code!r}, not a lexicon code"
                )
    for kind, by_code in weights.commercial.cues.drop_words.items():
        for code in by_code:
            if code not in codes:
                raise ConfigError(
                    f"weights {weights.version}: commercial.cues.drop_words.{kind} names {code!r}, not a lexicon code"
                )
    for code in weights.commercial.short_sure:
        if code not in codes:
            raise ConfigError(f"weights {weights.version}: commercial.short_sure names {code!r}, not a lexicon code")
    for code in weights.commercial.term_words:
        if code not in codes:
            raise ConfigError(f"weights {weights.version}: commercial.term_words names {code!r}, not a lexicon code")
    for code in [*weights.trafficking.recruitment.codes, *weights.trafficking.recruitment.unless]:
        if code not in codes:
            raise ConfigError(f"weights {weights.version}: trafficking.recruitment names {code!r}, not a lexicon code")
    for key in ("house_codes", "rotation_codes"):
        for code in getattr(weights.trafficking, key):
            if code not in codes:
                raise ConfigError(f"weights {weights.version}: trafficking.{key} names {code!r}, not a lexicon code")
    kinds = set(lexicon.cues().values())
    for kind in weights.trafficking.control_kinds:
        if kind not in kinds:
            raise ConfigError(
                f"weights {weights.version}: trafficking.control_kinds names {kind!r}, not a cue kind of the lexicon"
            )
    soft = weights.minor.soft
    for code in [*soft.codes, *soft.worth, *soft.third_party, *soft.several_offered]:
        if code not in codes:
            raise ConfigError(f"weights {weights.version}: minor.soft names {code!r}, not a lexicon code")
