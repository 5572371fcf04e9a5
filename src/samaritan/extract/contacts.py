"""Emails, messaging handles and URLs, including the spelled-out forms ads use to dodge filters."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ContactMatch:
    kind: str  # "email" | "handle" | "url"
    value: str
    start: int
    end: int
    obscured: bool


_TLDS = r"(?:com|net|org|edu|gov|io|me|co|us|info|biz|xyz|app|ly|tv|uk|ca|de|fr|es|mx|ru|ch)"
_AT = r"(?:\s*@\s*|\s*[\(\[\{<]\s*at\s*[\)\]\}>]\s*|\s+at\s+)"
_DOT = r"(?:\s*\.\s*|\s*[\(\[\{<]\s*dot\s*[\)\]\}>]\s*|\s+dot\s+)"
_EMAIL = re.compile(
    rf"(?<![\w.+-])([a-z0-9][a-z0-9._%+-]{{0,63}}){_AT}([a-z0-9][a-z0-9-]{{0,62}}(?:{_DOT}[a-z0-9-]{{1,63}})*?){_DOT}({_TLDS})\b",
    re.IGNORECASE,
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
# Short aliases are ambiguous in prose ("of", "x", "line", "wa"): they need a ':' or '@' after.
_AMBIGUOUS = frozenset({"of", "x", "line", "wa", "sc", "ig", "tg", "fb", "snp", "tele", "signal", "snap"})
_SERVICE_ALT = "|".join(sorted((re.escape(s) for s in _SERVICES), key=len, reverse=True))
_HANDLE = re.compile(
    rf"(?<![\w$])({_SERVICE_ALT})(?:\s*(?:id|name|user|username|handle|me|is|at|on))?(\s*[:=\-–>@]+\s*|\s+)@?"
    r"([a-z][a-z0-9_.\-]{2,29})(?<![.\-])",
    re.IGNORECASE,
)
_CASHTAG = re.compile(r"(?<![\w$])\$([a-z][a-z0-9_\-]{2,19})\b", re.IGNORECASE)
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

_URL = re.compile(
    r"\bhttps?://[^\s<>\"')\]]+|\bwww\.[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:/[^\s<>\"')\]]*)?"
    rf"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.{_TLDS}/[^\s<>\"')\]]*",
    re.IGNORECASE,
)


# Cheap gates: the full patterns only run on text that has one of these.
_EMAIL_CUE = re.compile(r"\bdot\b|[\(\[\{<]\s*at\s*[\)\]\}>]|\.\s*(?:com|net|org)\b", re.IGNORECASE)
_AT_SIGN = re.compile("@")
_URL_CUE = re.compile(r"https?:|www\.|\.[a-z]{2,4}/", re.IGNORECASE)
_HANDLE_WORDS = tuple(s for s in _SERVICES if s not in _AMBIGUOUS and len(s) > 2)


def _email_candidates(text: str, spots: list[int]):
    """Full email matches near each cue, never a scan of the whole ad."""
    for spot in spots:
        lo = max(0, spot - 70)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1  # start at a word boundary so a local part is never cut
        for m in _EMAIL.finditer(text, lo, min(len(text), spot + 90)):
            if m.start() <= spot < m.end() + 1:
                yield m


def find_emails(text: str) -> list[ContactMatch]:
    spots = [m.start() for m in _AT_SIGN.finditer(text)] if "@" in text else []
    spots.extend(m.start() for m in _EMAIL_CUE.finditer(text))
    if not spots:
        return []
    out = []
    seen: set[int] = set()
    for m in _email_candidates(text, sorted(spots)):
        if m.start() in seen:
            continue
        seen.add(m.start())
        local, domain, tld = m.group(1), m.group(2), m.group(3)
        spelled = "@" not in m.group() or re.search(r"[\(\[\{<]|\sdot\s", m.group(), re.IGNORECASE) is not None
        domain_clean = re.sub(rf"{_DOT}", ".", domain, flags=re.IGNORECASE)
        if (
            spelled
            and re.search(r"\sat\s", m.group(), re.IGNORECASE)
            and domain_clean.split(".")[0].lower() not in _MAIL_PROVIDERS
        ):
            continue  # "meet at noon dot com" style accidents need a known mail provider
        value = f"{local}@{domain_clean}.{tld}".lower()
        obscured = spelled or " " in m.group()
        out.append(ContactMatch("email", value, m.start(), m.end(), obscured))
    return out


def find_handles(text: str) -> list[ContactMatch]:
    out: list[ContactMatch] = []
    if "$" in text:
        for m in _CASHTAG.finditer(text):
            out.append(ContactMatch("handle", f"cashapp:{m.group(1).lower()}", m.start(), m.end(), False))
    if not any(c in text for c in ":@"):
        lowered = text.lower()
        if not any(w in lowered for w in _HANDLE_WORDS):
            return out
    for m in _HANDLE.finditer(text):
        alias, sep, name = m.group(1).lower(), m.group(2), m.group(3)
        if alias in _AMBIGUOUS and not re.search(r"[:=@>]", sep) and "@" not in m.group():
            continue
        if name.lower() in _HANDLE_STOP or name.lower() in _SERVICES:
            continue
        # "snap: jane at gmail" is an email, not a handle
        after = text[m.end() : m.end() + 8]
        if after.startswith("@") or re.match(r"\s+at\s+\w+\s+dot", after, re.IGNORECASE):
            continue
        out.append(ContactMatch("handle", f"{_SERVICES[alias]}:{name.lower()}", m.start(), m.end(), False))
    return out


def find_urls(text: str) -> list[ContactMatch]:
    if not _URL_CUE.search(text):
        return []
    out = []
    for m in _URL.finditer(text):
        value = m.group().rstrip(".,;:!?")
        start = m.start()
        if start > 0 and text[start - 1] == "@":
            continue
        out.append(ContactMatch("url", value, start, start + len(value), False))
    return out
