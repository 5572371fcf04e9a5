"""Scope, not words: whose age a stated age is, and whether a rule hit sits under a negation.

A stated age counts only for the person the ad offers or presents: "my 12 year old son", "a
3 yo pup", "15 years of experience", "married 16 years" and "a 10 year lease" are not that
person's age. A rule hit inside a negation or exclusion ("no escorts", "not a sugar daddy",
"without a deposit") denies the claim instead of making it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from samaritan.engine.cues import to_re2, utf8_gate
from samaritan.engine.datafile import load_yaml
from samaritan.engine.extract.ages_context import PERSON, PERSON_RE
from samaritan.engine.extract.ages_patterns import NOT_A_NAME
from samaritan.engine.learned.wording import AVOWAL, NEGATORS, is_negated
from samaritan.engine.relaxed import Relaxed

# Someone or something else whose age or duration the number gives, named just before it.
_OTHER_BEFORE = re.compile(
    r"\b(?:son|sons|daughter|daughters|kid|kids|child|children|boy|boys|baby|babies|toddler|grandson|granddaughter|"
    r"grandkids?|nephew|niece|brother|sister|sibling|mom|mother|dad|father|parent|grandma|grandpa|dog|dogs|cat|cats|"
    r"puppy|pup|kitten|pet|pets|horse|car|truck|house|home|building|business|company|shop|store|lease|job|"
    r"married|marriage|together|experience|career|served|service|veteran|teaching|taught|worked|working|for\s+over|"
    r"mother\s+of|father\s+of|mom\s+of|dad\s+of|have\s+an?|has\s+an?)\b[^.!?;,\n]{0,24}$"
    # a picture's age: "the photo is current (NN year old)"
    r"|\b(?:picture|pictures|pic|pics|photo|photos)\b[^.!?;\n]{0,24}$"
    # a duration or a past age: "for about 12 yrs", "the last thirteen years", "since I was 12"
    r"|\b(?:for|since|last|past|over|almost|nearly|approx|about|around)\s*$"
    r"|\b(?:since|when|while|because|after|before)\s+(?:i|she|he)\s+(?:was|were|turned)\s*$"
    # an age gate, the reader's age: "you must be at least 18 years old to enter"
    r"|\b(?:at\s+least|must\s+be|you\s+are|you're|youre)\s*$"
)
# `re` tries its many alternatives at each of the window's places (~10 us an age); RE2 says
# first, in C, whether it can match at all (a relaxation: it never misses a match).
_OTHER_BEFORE_MAY = Relaxed.of(_OTHER_BEFORE.pattern, whole=True)
_PART_END = re.compile(r"\s[-–—|~]\s*$")
_RELATIVE_BEFORE = re.compile(
    r"\b(?:my|her|his|our|your|their)\s+(?:[a-z]+\s+)?(?:son|sons|daughter|daughters|kid|kids|child|children|toddler|grandson|granddaughter|nephew|niece|"
    r"brother|sister|sibling|mom|mother|dad|father|parent)\b[^.!?;,\n]{0,24}$"
)
# ... or named just after it.
_OTHER_AFTER = re.compile(
    r"^[^.!?;\n]{0,16}?\b(?:son|sons|daughter|daughters|kid|kids|child|children|boy|boys|baby|grandson|granddaughter|"
    r"nephew|niece|brother|sister|dog|dogs|cat|cats|puppy|pup|kitten|pet|horse|of\s+experience|experience|"
    r"in\s+business|in\s+the\s+(?:business|industry|field|trade|area)|of\s+service|lease|warranty|"
    r"old\s+(?:house|home|building|car|truck|roof|furnace))\b"
    # A span or a state the years count ("12 years sober", "10 years older", "20 years married"): said
    # of the number in the same clause, never past a comma ("guy, 21, smooth, into older men" and
    # "woman, 42, married" are her age and her status).
    r"|^[^.!?;,\n]{0,16}?\b(?:ago|married|together|older|younger|resident|veteran|military|running|straight|sober|"
    r"clean|relationship|marriage|apart|rows?|up\s+or\s+down|difference|gap)\b"
)

# Categories whose hits a negation denies. Screening ("no cops") and third-party wording say
# what they say with the negation, so they are never negated.
NEGATABLE = frozenset({"commercial_sex", "venue", "payment", "pricing", "availability", "reassurance", "youth"})


# "once" is eleven in Spanish, and "once again" in English: a Spanish age says "años" or "tengo".
_ONCE = re.compile(r"\bonce\s*$")
_SPANISH_AGE = re.compile(r"^\s*a[ñn]os\b")


_OPENS_WITH_PERSON = re.compile(rf"(?:{PERSON})\b\s*[,(]")
# "15 years" with no "old": a duration ("10 years... 15 years?") unless someone is said to be it.
_BARE_YEARS = re.compile(r"^\s*\d{1,2}\s*(?:years?|yrs?)\s*$")
_SOMEONE_IS = re.compile(r"\b(?:i\s+am|i'm|im|i\s+m|she\s+is|she's|he\s+is|he's|age|aged|turned|turning|just)\s*$")
_AGE_AFTER = re.compile(r"^\s*(?:old|young|of\s+age)\b")
# ... or a person is named just before it: "sweet girl, 22 years", "I'm Amy, 22 years", an ad that
# opens "Amy, 16yrs" in the trade's shorthand (not "Divorced, 3 yrs" nor "Welding, 15 yrs": a
# status, a trade; an opening "Carpentry, 16 years" is a duration as often as not).
_NAME_BEFORE = re.compile(
    r"\b(?:i'?m|i\s+am|im|meet|this\s+is|call\s+me|name\s+is)\s+([A-Za-z]{2,15})\s*,?\s*$", re.IGNORECASE
)
_NOT_NAMES = ("ed", "ing")
_OPENING_NAME = re.compile(r"^\W{0,3}([A-Z][a-z]{1,14})\s*,?\s*$")
_NOUN_BEFORE = re.compile(r"\b([a-z]{2,15})\s*,?\s*$")


def age_is_persons(text: str, start: int, end: int) -> bool:
    """Does the age stated at text[start:end] belong to the person the ad is about?"""
    if end < len(text) and text[end].isalnum():
        return False  # the match stops inside a word: "ten years old" read out of "ten years older"
    # Only the windows read are lowered (the whole ad, lowered for each age, cost more than this).
    span = text[start:end].lower()
    if _ONCE.search(span) and not _SPANISH_AGE.match(text[end : end + 8].lower()):
        return False
    before = text[max(0, start - 40) : start].lower()
    after = text[end : end + 40].lower()
    # A title part's closing age ("Real pics - 23", "Single mom - 30"): the words before the dash
    # are another part, so only a relative named as someone's ("my son - 15") makes it theirs.
    part = _PART_END.search(before) and span.strip().isdigit()
    # ... and a person's noun that opens the age's own span ("Married woman, 42", "working mom, 30"):
    # the words before describe her, and only a relative named as someone's makes it theirs.
    if part or _OPENS_WITH_PERSON.match(span):
        if _RELATIVE_BEFORE.search(before):
            return False
    elif _may(_OTHER_BEFORE_MAY, before) and _OTHER_BEFORE.search(before):
        return False
    if (
        _BARE_YEARS.match(span)
        and not _SOMEONE_IS.search(before)
        and not _AGE_AFTER.match(after)
        and not _named_before(text, start, before, span)
    ):
        return False
    return not _OTHER_AFTER.search(after)


def _named_before(text: str, start: int, before: str, span: str) -> bool:
    """Is a person named just before `start` (`before`: the 40 characters before, lowered; `span`:
    the age's own words, lowered)?"""
    noun = _NOUN_BEFORE.search(before)
    if noun is not None and PERSON_RE.fullmatch(noun.group(1)):
        return True
    name = _NAME_BEFORE.search(text, max(0, start - 40), start) or (
        _OPENING_NAME.match(text, 0, start) if start <= 20 and "yr" in span else None
    )
    if name is None:
        return False
    word = name.group(1)
    # (Not a status or a trade said before a duration: "Divorced, 3 yrs", "Welding, 15 years".)
    return word[0].isupper() and word.lower() not in NOT_A_NAME and not (len(word) > 4 and word.endswith(_NOT_NAMES))


def hit_is_negated(category: str, text: str, start: int, end: int | None = None) -> bool:
    if category in DISCLAIMED and in_disclaimer(text, start, start):
        return True
    if category not in NEGATABLE or not is_negated(text, start):
        return False
    # A commercial claim that states its own negation ("I'm not free", "I don't meet for free") is
    # not undone by a "no" before it: "and no, it is not free" says it twice. (`end`: the hit's end.)
    return end is None or category != "commercial_sex" or not states_negation(text[start:end])


def states_negation(phrase: str) -> bool:
    """Does the phrase hold a negator word of its own?"""
    return any(word in NEGATORS for word in _WORD.findall(phrase.lower().replace("\u2019", "'")))


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


# Categories whose words a site-terms disclaimer names without claiming them: "you must be 18 or
# older to view this site; minors are prohibited". The markers are data (youth.yaml).
DISCLAIMED = frozenset({"youth"})
_SENTENCE_END = re.compile(r"[.!?;\n]")


def _disclaimer_markers() -> tuple[re.Pattern[str], int]:
    doc = load_yaml(resources.files("samaritan").joinpath("data/lexicon/youth.yaml").read_text("utf-8"))
    markers = sorted(doc["disclaimer_markers"], key=len, reverse=True)  # the longest at each place
    alternation = "|".join(re.escape(m.lower()) for m in markers)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), int(doc["disclaimer_min"])


_DISCLAIMER, _DISCLAIMER_MIN = _disclaimer_markers()
# Most sentences hold no marker at all: RE2 says so in C (a relaxation: it never misses one).
_DISCLAIMER_MAY = Relaxed.of(_DISCLAIMER.pattern, whole=True) if _DISCLAIMER_MIN > 0 else None


def in_disclaimer(text: str, start: int, end: int) -> bool:
    """Does the hit at text[start:end] sit in a site-terms disclaimer: its sentence, read with the
    one before it (a banner's "Disclaimer: ..." opens it), holds enough distinct markers?"""
    head = text[max(0, start - 300) : start].lower()
    breaks = [m.end() for m in _SENTENCE_END.finditer(head.rstrip(".!?;\n "))]
    head = head[breaks[-2] if len(breaks) > 1 else 0 :]
    tail = _SENTENCE_END.split(text[end : end + 200].lower(), maxsplit=1)[0]
    sentences = f"{head} | {tail}"
    if not _may(_DISCLAIMER_MAY, sentences):
        return False
    found = {m.group() for m in _DISCLAIMER.finditer(sentences)}
    return len(found) >= _DISCLAIMER_MIN


# A claim inside a denial or exclusion: "no escorts", "I am not offering to act as a sugar
# daddy", "do not answer if you work for an escort agency", "escorts need not apply". The scope
# runs back to the clause start (a comma ends a clause: "no drama, escorts welcome" claims).
_NEGATOR = (
    r"no|not|never|nor|without|non|zero|nothing|nobody|none|neither|nope|dont|don't|do\s+not|isn't|isnt|"
    r"aren't|arent|won't|wont|cannot|can't|cant|doesn't|doesnt|didn't|didnt|ain't|aint|anti|"
    # verbs of refusal: "I ignore escorts", "I block sugar babies"
    r"ignore|ignoring|avoid|block"
)


def _by_first_letter(alternatives: str) -> str:
    r"""`\b(?:alternatives)` written as one branch per first letter, its `\b` read after that
    letter by a look-behind: the same matches (the alternatives in their order; those of another
    letter cannot start where one of this letter does), but opening on a letter, so `re` skips
    in C to the letters a negator starts with instead of trying every place of a clause."""
    branches: dict[str, list[str]] = {}
    for alternative in alternatives.split("|"):
        branches.setdefault(alternative[0], []).append(alternative[1:])
    return "|".join(rf"{first}(?<!\w{first})(?:{'|'.join(rest)})" for first, rest in branches.items())


_NEGATOR_WORD = re.compile(rf"(?:{_by_first_letter(_NEGATOR)})\b")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n()\[\]|•*~]")
# Fixed phrases that start with a negator but deny nothing after them: "no rush, full service".
# (And an avowal: "not gonna lie, I need ..." says what follows is true; wording.AVOWAL.)
_FIXED = re.compile(
    rf"^\s*(?:rush|rushing|hurry|limits?|strings|drama|games|worries|worry|problem|pressure|stress|{AVOWAL})\b"
)
_DENY_PHRASES = (
    r"need\s+not\s+apply|needn't\s+apply|not\s+welcome|not\s+interested|"
    r"(?:don't|dont|do\s+not|please\s+don't)\s+(?:reply|respond|bother|apply|contact|email|text|call|message)|"
    r"will\s+be\s+(?:ignored|deleted|blocked|flagged|reported)|"
    # "anyone seeking a sugar daddy should move on"
    r"go\s+to\s+the\s+next|move\s+(?:on|along)|look\s+elsewhere|keep\s+scrolling|scroll\s+(?:on|past|by)|"
    r"keep\s+it\s+moving|not\s+for\s+you"
)
_DENY_AFTER = re.compile(rf"^[^.!?;\n]{{0,40}}?\b(?:{_DENY_PHRASES})\b")
# Any match of `_DENY_AFTER` holds one of the phrases: RE2 looks for them anywhere in the window
# (UTF-8, Python's `\s` written out) in one linear pass, where `re` tried the phrases at each of
# the first 40 places (~15k instructions a hit; real posts have dozens of hits, few such phrases).
_DENY_PHRASE_ANYWHERE = to_re2(f"(?:{_DENY_PHRASES})")


def _may(relaxed: Relaxed | None, text: str) -> bool:
    """Can the pattern relaxed here match `text` (the whole string it runs on)?"""
    return relaxed is None or relaxed.may_match(text)


_GLUED = re.compile(r"([a-z])([A-Z])")
# Bytes of an a-z letter -> "a", of an A-Z letter -> "A", any other -> a space: `_GLUED` finds a
# match exactly where the window's UTF-8 so translated holds "aA" (a non-ASCII character's bytes
# are all non-ASCII), told in C where `re` tried the pattern at every place of the window.
_CASES = bytes(97 if 97 <= b <= 122 else 65 if 65 <= b <= 90 else 32 for b in range(256))


def _has_glued(window: str) -> bool:
    """Does `_GLUED.search(window)` find a lower-case letter right before a capital?"""
    return b"aA" in window.encode("utf-8", "surrogatepass").translate(_CASES)


def claim_is_denied(text: str, start: int, end: int, category: str | None = None) -> bool:
    """Is the rule hit at text[start:end] denied or excluded rather than claimed? A hit of a
    `category` in DISCLAIMED is also no claim inside a site-terms disclaimer."""
    if category in DISCLAIMED and in_disclaimer(text, start, end):
        return True
    # Lines glued without a space ("long walksNot a sugar daddy") split at the capital (only a
    # window with a capital letter can have one: lowering it changed it).
    window = text[max(0, start - 56) : start]
    before = window.lower()
    if before != window and _has_glued(window):
        before = _GLUED.sub(r"\1 \2", window).lower()
    clause = _CLAUSE_BREAK.split(before)[-1]
    negators = list(_NEGATOR_WORD.finditer(clause))
    if negators and not _FIXED.match(clause[negators[-1].end() :]):
        return True
    # Only the windows read are lowered: a whole ad lowered for every hit cost more than the rest.
    after = text[end : end + 64].lower()
    return (_may_deny_after(after) and bool(_DENY_AFTER.search(after))) or _in_denied_list(text, start, end)


@lru_cache(maxsize=1)
def _deny_phrase_match() -> Callable[[bytes], list[int]]:
    return utf8_gate(_DENY_PHRASE_ANYWHERE)


def _may_deny_after(after: str) -> bool:
    """False only where `_DENY_AFTER.search(after)` finds nothing."""
    try:
        return bool(_deny_phrase_match()(after.encode("utf-8")))
    except UnicodeEncodeError:  # a lone surrogate, which RE2's UTF-8 cannot hold
        return True


# A negation heads a list and denies each item: "no drugs, smokers or escorts", "I'm not a
# player, a cheat, an escort." The hit must be a bare item (it ends where the item ends), every
# item before it short, and the head not a fixed phrase ("no drama, escorts welcome" claims).
_SENTENCE_BREAK = re.compile(r"[.!?;:\n()\[\]|•*~]")
_ITEM_SEP = re.compile(r"[,/]")
_BARE_ITEM_END = re.compile(r"^\s*(?:[,.;:!?/)\n]|(?:or|and|nor|etc|please|pls|thanks|thank|ever|at\s+all)\b|$)")
_LIST_WORDS = 4  # longer than this, a stretch between commas is a clause, not a list item
_LIST_ITEMS = 8


def _in_denied_list(text: str, start: int, end: int) -> bool:
    if not _BARE_ITEM_END.match(text[end : end + 12].lower()):
        return False
    window = text[max(0, start - 200) : start]
    if "," not in window and "/" not in window:
        return False  # one item, no list (lowering makes no separator): most hits
    sentence = _SENTENCE_BREAK.split(window.lower())[-1]
    items = _ITEM_SEP.split(sentence)
    if len(items) < 2 or len(items[-1].split()) > 2:  # the hit's own item: "or an escort"
        return False
    for item in reversed(items[-_LIST_ITEMS:-1]):
        negators = list(_NEGATOR_WORD.finditer(item))
        if negators:
            rest = item[negators[-1].end() :]
            return not _FIXED.match(rest) and len(rest.split()) <= _LIST_WORDS
        if len(item.split()) > _LIST_WORDS:
            return False
    return False


_PRODUCT_CODE = re.compile(r"[a-z]{1,3}\d{1,2}")


def is_code_with_digits(span: str) -> bool:
    """Is a short term's original text a product or model code ("GF3" folded as "gfe")? Folding
    reads digits as letters to undo leetspeak, but letters followed by a trailing number in a
    word of four characters or fewer name a model; digits inside a word ("t33n") are disguise."""
    return len(span) <= 4 and bool(_PRODUCT_CODE.fullmatch(span.lower()))


def _squeezed(word: str) -> str:
    """Letters only, each run of one letter kept once: "y o u u u n g" -> "young"."""
    letters = [ch for ch in word if ch.isalpha()]
    return "".join(ch for k, ch in enumerate(letters) if k == 0 or letters[k - 1] != ch)


def is_misread_word(span: str, terms: list[str]) -> bool:
    """Is a hit's original text a different plain word that folding read as a term ("Manors" as
    "minors")? Folding undoes disguise (digits, symbols, look-alike letters, spacing, stretched
    letters); a word of plain letters that differs from a term of its length by a letter or two,
    and is no spaced or stretched spelling of any term, is another word."""
    word = span.lower()
    if not word.isascii() or not word.replace(" ", "").isalpha():
        return False
    plain = [t.lower().rstrip("*") for t in terms]
    squeezed = _squeezed(word)
    if any(squeezed == _squeezed(t) or (t and squeezed.startswith(_squeezed(t))) for t in plain):
        return False
    letters = word.replace(" ", "")
    return any(
        len(letters) == len(t) and sum(a != b for a, b in zip(letters, t, strict=True)) <= 2
        for t in (p.replace(" ", "") for p in plain)
    )
