"""Emails, messaging handles and URLs, including the spelled-out forms ads use to dodge filters."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import re2

from samaritan.engine.cues import WS, Fired, to_re2
from samaritan.engine.extract.asciire import ascii_twin
from samaritan.engine.extract.spans import Located, Spans
from samaritan.engine.identity import valid_handle
from samaritan.engine.normalize import lower_in_place
from samaritan.engine.normalize.english import frequency


@dataclass(frozen=True, slots=True)
class ContactMatch:
    kind: str  # "email" | "handle" | "url"
    value: str
    start: int
    end: int
    obscured: bool


_TLDS = r"(?:com|net|org|edu|gov|io|me|co|us|info|biz|xyz|app|ly|tv|uk|ca|de|fr|es|mx|ru|ch)"
_AT = r"(?:\s{0,3}@\s{0,3}|\s{0,3}[\(\[\{<]\s{0,3}at\s{0,3}[\)\]\}>]\s{0,3}|\s{1,3}at\s{1,3})"
_DOT = r"(?:\s{0,3}\.\s{0,3}|\s{0,3}[\(\[\{<]\s{0,3}dot\s{0,3}[\)\]\}>]\s{0,3}|\s{1,3}dot\s{1,3})"
# Matched on lower-cased text (same offsets), so no IGNORECASE: it makes `re` several times slower.
# Every repeat is capped (a local part of 64, at most five domain labels), so from any start
# the pattern reads a bounded stretch; it runs over merged windows around the cues, never from
# every "@" to the start of the ad ("@" * 16000 took 33 s that way).
# The local part's first character comes before the look-behind that the local part starts a
# word (moved past it: the same matches), so `re` skips ahead to letters and digits instead of
# trying the whole pattern at every position of the window.
_EMAIL = re.compile(
    rf"([a-z0-9](?<![\w.+-][a-z0-9])[a-z0-9._%+-]{{0,63}}){_AT}"
    rf"([a-z0-9][a-z0-9-]{{0,62}}(?:{_DOT}[a-z0-9-]{{1,63}}){{0,4}}?){_DOT}({_TLDS})\b"
)
_MAIL_PROVIDERS = frozenset(
    {
        "gmail",
        "yahoo",
        "hotmail",
        "outlook",
        "aol",
        "icloud",
        "protonmail",
        "proton",
        "mail",
        "gmx",
        "live",
        "msn",
        "ymail",
        "zoho",
        "yandex",
        "example",
    }
)

_SERVICES = {
    "snapchat": "snapchat",
    "snap": "snapchat",
    "sc": "snapchat",
    "snp": "snapchat",
    "👻": "snapchat",
    "instagram": "instagram",
    "insta": "instagram",
    "ig": "instagram",
    "telegram": "telegram",
    "tg": "telegram",
    "tele": "telegram",
    "whatsapp": "whatsapp",
    "whats app": "whatsapp",
    "wa": "whatsapp",
    "kik": "kik",
    "twitter": "x",
    "x": "x",
    "tiktok": "tiktok",
    "tik tok": "tiktok",
    "wechat": "wechat",
    "we chat": "wechat",
    "signal": "signal",
    "wickr": "wickr",
    "skype": "skype",
    "onlyfans": "onlyfans",
    "only fans": "onlyfans",
    "of": "onlyfans",
    "fansly": "fansly",
    "cashapp": "cashapp",
    "cash app": "cashapp",
    "venmo": "venmo",
    "discord": "discord",
    "line": "line",
    "facebook": "facebook",
    "fb": "facebook",
    "messenger": "facebook",
}
# Short aliases are ambiguous in prose ("of", "x", "line", "wa"): they need a ':' or '@' after;
# a messenger's alias may have a space before a name no word has the shape of (a digit or an
# underscore: "sc lexi_rose22"). Not "of", "x" and the like: "of age-5", "x gf33" in prose.
_AMBIGUOUS = frozenset({"of", "x", "line", "wa", "sc", "ig", "tg", "fb", "snp", "tele", "signal", "snap"})
_SPACED_ALIASES = frozenset({"sc", "snap", "snp", "ig", "tg"})
_HANDLE_SHAPED = re.compile(r"\d|_")


def first_letter_alternation(words: list[str], not_after: str) -> str:
    """`(?<!not_after)(?:words)` with the same matches, written so that `re` can skip ahead to
    the words' first letters: a word's first letter, the look-behind (moved past that letter),
    then the rest of each word with that letter. A look-behind first makes `re` try the whole
    alternation at every position of the text (~10x the cost on a 400-character ad)."""
    by_first: dict[str, list[str]] = {}
    for word in words:  # in order, so the alternatives of one letter keep their order
        by_first.setdefault(word[0], []).append(re.escape(word[1:]))
    out = []
    for first, rests in by_first.items():
        letter = re.escape(first)
        out.append(f"{letter}(?<!{not_after}{letter})(?:{'|'.join(rests)})")
    return "|".join(out)


# Longest first as written in the pattern (so "telegram" is tried before "tele").
_SERVICE_WORDS = sorted(_SERVICES, key=lambda s: len(re.escape(s)), reverse=True)
_NOT_AFTER = r"[\w$]"  # a service's name starts a word
_HANDLE = re.compile(
    rf"({first_letter_alternation(_SERVICE_WORDS, _NOT_AFTER)})"
    # ("at" with a space before it only: a word that starts "scat" is no "sc at")
    r"(?:\s*(?:id|name|user|username|handle|me|is|on)|\s+at)?(\s*[:=\-–>@]+\s*|\s+)@?"
    r"([a-z][a-z0-9_.\-]{2,29})(?<![.\-])"
)
_CASHTAG = re.compile(r"(?<![\w$])\$([a-z][a-z0-9_\-]{2,19})\b")
# A handle's name that is a common English word is the sentence going on, not a name: "kik
# username", "our Facebook page", "WhatsApp calls only", "Skype chats" (wordfreq Zipf, 3 is once
# a million words). After a separator ("kik: amber") only the commonest words ("kik: new", "fb:
# page"): a first name is a handle there. Real housing and personal posts had these as contacts,
# which linking would join unrelated ads on.
_WORD_AFTER_SPACE_ZIPF = 3.5
_WORD_AFTER_SEPARATOR_ZIPF = 5.0
# A "$word" is a Cash App tag only where it is no word in a price's or a spelling's place ("$RENT
# set by income", "keep your $MONEY$", "$exy" for "sexy"), unless Cash App is named before it.
_CASHTAG_WORD_ZIPF = 3.5
_CASH_APP_BEFORE = re.compile(r"(?:cash\s?app|\bca\b|cash\s?tag|\bcash\b)[^\n$]{0,30}$")


def _a_word(name: str, zipf: float) -> bool:
    return name.isalpha() and frequency(name) >= zipf


def _not_a_cashtag(lowered: str, m: re.Match[str]) -> bool:
    """A "$word" that is a word or a word with its "s" written as "$" and no Cash App named before."""
    name = m.group(1)
    if lowered.startswith("$", m.end()):
        return True  # "$MONEY$": a decoration around a word
    # ("$exy", "$mile": a word once its "s" is put back)
    if not (_a_word(name, _CASHTAG_WORD_ZIPF) or _a_word("s" + name, 3.0)):
        return False
    return _CASH_APP_BEFORE.search(lowered, max(0, m.start() - 40), m.start()) is None


_HANDLE_STOP = frozenset(
    {
        "only",
        "me",
        "is",
        "the",
        "and",
        "for",
        "with",
        "now",
        "please",
        "available",
        "text",
        "call",
        "message",
        "anytime",
        "today",
        "tonight",
        "account",
        "or",
        "to",
        "you",
        "your",
        "my",
        "us",
        "our",
        "here",
        "this",
        "that",
        "app",
        "also",
        "ok",
        "fine",
        "works",
        "accepted",
        "welcome",
        "preferred",
        "too",
        "pay",
        "payment",
        "first",
        "deposit",
        "a",
        "an",
        "in",
        "at",
        "no",
        "yes",
        "dm",
        "add",
        "follow",
        "chat",
        "free",
    }
)

_NOT_URL_END = WS[1:-1] + r"<>\"')\]"
# RE2: a dotted run before a TLD ("a.a.a....com/") made the backtracking form quadratic.
_URL = re2.compile(
    rf"\bhttps?://[^{_NOT_URL_END}]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^{_NOT_URL_END}]*)?"
    rf"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLDS}/[^{_NOT_URL_END}]*"
)


# Where an email can be: the full pattern only runs near one of these.
_EMAIL_CUE_PATTERN = r"@|\bdot\b|[\(\[\{<]\s*at\s*[\)\]\}>]|\.\s*(?:com|net|org)\b"
# The same for `re`, with `\bdot` written so that every alternative starts with a character
# `re` can skip ahead to (twice as fast).
_EMAIL_CUE = re.compile(r"@|d(?<!\wd)ot\b|[\(\[\{<]\s*at\s*[\)\]\}>]|\.\s*(?:com|net|org)\b")
_URL_CUE = r"https?:|www\.|\.[a-z]{2,4}/"
_BEFORE_CUE, _AFTER_CUE = 80, 420  # a local part (64) and its "at"; a domain (5 labels) and TLD
_AMBIGUOUS_ALT = "|".join(sorted((re.escape(s) for s in _SERVICES if s in _AMBIGUOUS), key=len, reverse=True))
_PLAIN_ALT = "|".join(sorted((re.escape(s) for s in _SERVICES if s not in _AMBIGUOUS), key=len, reverse=True))
_FILLER = r"(?:\s*(?:id|name|user|username|handle|me|is|at|on))?"
# What each finder needs, for the one-pass RE2 cue scan (samaritan.engine.cues): its pattern with the
# look-arounds dropped. An ambiguous alias ("of", "x") also needs one of ':=@>' (see find_handles).
CUES = {
    name: to_re2(cue)
    for name, cue in {
        "email": _EMAIL_CUE_PATTERN,
        "url": _URL_CUE,
        "cashtag": r"\$[a-z]",
        "handle.plain": rf"(?:{_PLAIN_ALT}){_FILLER}(?:\s*[:=\-–>@]+\s*|\s+)@?[a-z][a-z0-9_.\-]{{2}}",
        "handle.ambiguous": rf"(?:{_AMBIGUOUS_ALT}){_FILLER}"
        r"(?:(?:\s*[:=\-–>@]*[:=@>][:=\-–>@]*\s*@?|(?:\s*[:=\-–>@]+\s*|\s+)@)[a-z][a-z0-9_.\-]{2}"
        # ... or after a space, a name shaped as no word is ("sc lexi.rose22")
        r"|\s+[a-z][a-z0-9_.\-]*[\d_])",
    }.items()
}
_URL_GATE = re.compile(_URL_CUE)
# The same for ASCII text (asciire.py: the same matches, without Unicode look-ups).
_EMAIL_ASCII, _HANDLE_ASCII, _CASHTAG_ASCII = map(ascii_twin, (_EMAIL, _HANDLE, _CASHTAG))
# ... whose email and handle matches are asked only where their RE2 relaxations match
# (spans.Located): `re` would try them at every word of the ad.
_EMAIL_LOCATED, _HANDLE_LOCATED = Located(_EMAIL_ASCII), Located(_HANDLE_ASCII)
# The email cues in RE2 for ASCII text (its `\b` is `re.ASCII`'s there; `\s` written as Python's
# ASCII class): the same spans in one automaton pass, where `re` stopped at every "d" and ".".
_EMAIL_CUE_RE2 = Spans(_EMAIL_CUE_PATTERN.replace(r"\s", r"[\t\n\x0b\x0c\r\x1c-\x1f ]"))


# Compiled once rather than looked up in `re`'s cache for every match.
_SPELLED = re.compile(r"[\(\[\{<]|\sdot\s")
_DOT_RE = re.compile(_DOT)
_SPACED_AT = re.compile(r"\sat\s")
# The pieces of a local part before it, split by spaced stops ("lexi . rose" before "@ ...").
_SPACED_LOCAL = re.compile(
    r"(?<![\w.+-])([a-z0-9][a-z0-9_%+-]{0,30}(?:\s{1,3}\.\s{1,3}[a-z0-9][a-z0-9_%+-]{0,30}){0,3})\s{1,3}\.\s{1,3}$"
)
_AMBIGUOUS_SEP = re.compile(r"[:=@>]")
_EMAIL_AFTER = re.compile(r"\s+at\s+\w+\s+dot")


def _email_matches(lowered: str) -> Iterator[tuple[int, Any]]:  # re2 match objects are untyped
    """Email matches in windows around the cues (an "@", "dot", "(at)", ".com"), merged, so that
    every character is read from a bounded number of starts."""
    ascii_text = lowered.isascii()
    email = _EMAIL_ASCII if ascii_text else _EMAIL
    data = lowered.encode("ascii") if ascii_text else None
    windows: list[list[int]] = []
    cues = _EMAIL_CUE_RE2.find(data) if data is not None else (m.span() for m in _EMAIL_CUE.finditer(lowered))
    for start, end in cues:
        lo, hi = max(0, start - _BEFORE_CUE), min(len(lowered), end + _AFTER_CUE)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        for m in email.finditer(lowered, lo, hi) if data is None else _EMAIL_LOCATED.finditer(lowered, data, lo, hi):
            yield 0, m


def find_emails(text: str, lowered: str | None = None, cues: Fired = None) -> list[ContactMatch]:
    """Emails in `text`, spelled-out ones too. `lowered` is `text` lower-cased in place and `cues`
    the ad's one-pass cue scan; both are worked out here when not given."""
    if cues is not None and "email" not in cues:
        return []
    if lowered is None:
        lowered = lower_in_place(text)
    out = []
    for lo, m in _email_matches(lowered):
        local, domain, tld = m.group(1), m.group(2), m.group(3)
        start = lo + m.start(1)
        found = lowered[start : m.end()]
        spelled = "@" not in found or _SPELLED.search(found) is not None
        domain_clean = _DOT_RE.sub(".", domain)
        if spelled and _SPACED_AT.search(found) and domain_clean.split(".")[0] not in _MAIL_PROVIDERS:
            continue  # "meet at noon dot com" style accidents need a known mail provider
        if " " in found and (piece := _SPACED_LOCAL.search(lowered, max(0, start - 72), start)):
            # "lexi . rose @ example . com": the local part spaced out like the rest ("rose@..." alone
            # is another address, and would link unrelated ads)
            local, start = _DOT_RE.sub(".", piece.group(1)) + "." + local, piece.start(1)
        value = f"{local}@{domain_clean}.{tld}"
        obscured = spelled or " " in found
        out.append(ContactMatch("email", value, start, m.end(), obscured))
    return out


def find_handles(text: str, lowered: str | None = None, cues: Fired = None) -> list[ContactMatch]:
    """Messaging and social handles as `service:name`, and Cash App $tags."""
    if lowered is None:
        lowered = lower_in_place(text)
    out: list[ContactMatch] = []
    if "$" in lowered and (cues is None or "cashtag" in cues):
        for m in (_CASHTAG_ASCII if lowered.isascii() else _CASHTAG).finditer(lowered):
            if _not_a_cashtag(lowered, m):
                continue
            out.append(ContactMatch("handle", f"cashapp:{m.group(1)}", m.start(), m.end(), False))
    if cues is not None and "handle.plain" not in cues and "handle.ambiguous" not in cues:
        return out
    ascii_text = lowered.isascii()
    found = _HANDLE_LOCATED.finditer(lowered, lowered.encode("ascii")) if ascii_text else _HANDLE.finditer(lowered)
    for m in found:
        alias, sep, name = m.group(1), m.group(2), m.group(3)
        if (
            alias in _AMBIGUOUS
            and not _AMBIGUOUS_SEP.search(sep)
            and "@" not in m.group()
            and not (alias in _SPACED_ALIASES and _HANDLE_SHAPED.search(name))
        ):
            continue  # "snap pics", "of course": words; "sc lexi.rose22" has a handle's shape
        if name in _HANDLE_STOP or name in _SERVICES:
            continue
        zipf = _WORD_AFTER_SPACE_ZIPF if sep.isspace() else _WORD_AFTER_SEPARATOR_ZIPF
        if "@" not in m.group() and _a_word(name, zipf):
            continue  # "kik username", "Skype chats", "fb: page": the sentence going on
        # "snap: jane at gmail" is an email, not a handle
        after = lowered[m.end() : m.end() + 8]
        if after.startswith("@") or _EMAIL_AFTER.match(after):
            continue
        value = f"{_SERVICES[alias]}:{name}"
        if valid_handle(value):  # the service's own rules, as linking applies them: not spaced-out words
            out.append(ContactMatch("handle", value, m.start(), m.end(), False))
    return out


def find_urls(text: str, lowered: str | None = None, cues: Fired = None) -> list[ContactMatch]:
    """URLs, as written (case kept)."""
    if cues is not None and "url" not in cues:
        return []
    if lowered is None:
        lowered = lower_in_place(text)
    if not _URL_GATE.search(lowered):
        return []
    out = []
    for m in _URL.finditer(lowered):
        start = m.start()
        end = start + len(m.group().rstrip(".,;:!?"))
        if start > 0 and lowered[start - 1] == "@":
            continue
        out.append(ContactMatch("url", text[start:end], start, end, False))
    return out
