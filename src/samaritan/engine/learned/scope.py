"""Scope, not words: whose age a stated age is, and whether a rule hit sits under a negation.

A stated age counts only for the person the ad offers or presents: "my 12 year old son", "a
3 yo pup", "15 years of experience", "married 16 years" and "a 10 year lease" are not that
person's age. A rule hit inside a negation or exclusion ("no escorts", "not a sugar daddy",
"without a deposit") denies the claim instead of making it.
"""

from __future__ import annotations

import re

from samaritan.engine.learned.features import is_negated

# Someone or something else whose age or duration the number gives, named just before it.
_OTHER_BEFORE = re.compile(
    r"\b(?:son|sons|daughter|daughters|kid|kids|child|children|boy|boys|baby|babies|toddler|grandson|granddaughter|"
    r"grandkids?|nephew|niece|brother|sister|sibling|mom|mother|dad|father|parent|grandma|grandpa|dog|dogs|cat|cats|"
    r"puppy|pup|kitten|pet|pets|horse|car|truck|house|home|building|business|company|shop|store|lease|job|"
    r"married|marriage|together|experience|career|served|service|veteran|teaching|taught|worked|working|for\s+over|"
    r"mother\s+of|father\s+of|mom\s+of|dad\s+of|have\s+an?|has\s+an?)\b[^.!?;,\n]{0,24}$"
    # a duration or a past age: "for about 12 yrs", "the last thirteen years", "since I was 12"
    r"|\b(?:for|since|last|past|over|almost|nearly|approx|about|around)\s*$"
    r"|\b(?:since|when|while|because|after|before)\s+(?:i|she|he)\s+(?:was|were|turned)\s*$"
)
# ... or named just after it.
_OTHER_AFTER = re.compile(
    r"^[^.!?;\n]{0,16}?\b(?:son|sons|daughter|daughters|kid|kids|child|children|boy|boys|baby|grandson|granddaughter|"
    r"nephew|niece|brother|sister|dog|dogs|cat|cats|puppy|pup|kitten|pet|horse|of\s+experience|experience|"
    r"in\s+business|in\s+the\s+(?:business|industry|field|trade|area)|of\s+service|ago|married|together|lease|"
    r"warranty|older|younger|resident|veteran|military|running|straight|sober|clean|relationship|marriage|apart|rows?|up\s+or\s+down|difference|gap|"
    r"old\s+(?:house|home|building|car|truck|roof|furnace))\b"
)

# Categories whose hits a negation denies. Screening ("no cops") and third-party wording say
# what they say with the negation, so they are never negated.
NEGATABLE = frozenset({"commercial_sex", "venue", "payment", "pricing", "availability", "reassurance", "youth"})


# "once" is eleven in Spanish, and "once again" in English: a Spanish age says "años" or "tengo".
_ONCE = re.compile(r"\bonce\s*$")
_SPANISH_AGE = re.compile(r"^\s*a[ñn]os\b")


def age_is_persons(text: str, start: int, end: int) -> bool:
    """Does the age stated at text[start:end] belong to the person the ad is about?"""
    lowered = text.lower()
    if end < len(text) and text[end].isalnum():
        return False  # the match stops inside a word: "ten years old" read out of "ten years older"
    if _ONCE.search(lowered[start:end]) and not _SPANISH_AGE.match(lowered[end : end + 8]):
        return False
    before = lowered[max(0, start - 40) : start]
    after = lowered[end : end + 40]
    if _OTHER_BEFORE.search(before):
        return False
    return not _OTHER_AFTER.search(after)


def hit_is_negated(category: str, text: str, start: int) -> bool:
    return category in NEGATABLE and is_negated(text, start)


# A claim inside a denial or exclusion: "no escorts", "I am not offering to act as a sugar
# daddy", "do not answer if you work for an escort agency", "escorts need not apply". The scope
# runs back to the clause start (a comma ends a clause: "no drama, escorts welcome" claims).
_NEGATOR = (
    r"no|not|never|nor|without|non|zero|nothing|nobody|none|neither|nope|dont|don't|do\s+not|isn't|isnt|"
    r"aren't|arent|won't|wont|cannot|can't|cant|doesn't|doesnt|didn't|didnt|ain't|aint|anti"
)
_NEGATOR_WORD = re.compile(rf"\b(?:{_NEGATOR})\b")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n()\[\]|•*~]")
# Fixed phrases that start with a negator but deny nothing after them: "no rush, full service".
_FIXED = re.compile(r"^\s*(?:rush|rushing|hurry|limits?|strings|drama|games|worries|worry|problem|pressure|stress)\b")
_DENY_AFTER = re.compile(
    r"^[^.!?;\n]{0,40}?\b(?:need\s+not\s+apply|needn't\s+apply|not\s+welcome|not\s+interested|"
    r"(?:don't|dont|do\s+not|please\s+don't)\s+(?:reply|respond|bother|apply|contact|email|text|call|message)|"
    r"will\s+be\s+(?:ignored|deleted|blocked|flagged|reported)|"
    # "anyone seeking a sugar daddy should move on"
    r"go\s+to\s+the\s+next|move\s+on|look\s+elsewhere|keep\s+scrolling|keep\s+it\s+moving|not\s+for\s+you)\b"
)


def claim_is_denied(text: str, start: int, end: int) -> bool:
    """Is the rule hit at text[start:end] denied or excluded rather than claimed?"""
    lowered = text.lower()
    clause = _CLAUSE_BREAK.split(lowered[max(0, start - 56) : start])[-1]
    negators = list(_NEGATOR_WORD.finditer(clause))
    if negators and not _FIXED.match(clause[negators[-1].end() :]):
        return True
    return bool(_DENY_AFTER.search(lowered[end : end + 64]))
