"""What an identity looks like: phone numbers (E.164), emails and `service:name` handles that
follow their service's own rules. Spaced-out or separator-joined words (`a-c-c-e-p-t-e-d`) are
text, never an identity. The contact extractor and linking share these rules, so a phrase the
extractor would report as a handle is also one linking accepts, and the other way round."""

from __future__ import annotations

import re

_E164 = re.compile(r"\+[1-9]\d{7,14}")
_EMAIL_LOCAL = re.compile(r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_TLD = re.compile(r"[a-z]{2,24}|xn--[a-z0-9-]{2,59}")
# Each service's username rule, as the service documents it (lower-cased before the check).
_SERVICE_RULES: dict[str, re.Pattern[str]] = {
    "snapchat": re.compile(r"[a-z][a-z0-9._-]{2,14}"),
    "instagram": re.compile(r"(?!.*\.\.)[a-z0-9_][a-z0-9._]{0,28}[a-z0-9_]"),
    "telegram": re.compile(r"[a-z][a-z0-9_]{4,31}"),
    "x": re.compile(r"[a-z0-9_]{1,15}"),
    "kik": re.compile(r"[a-z0-9._]{2,20}"),
    "tiktok": re.compile(r"[a-z0-9._]{2,24}"),
    "cashapp": re.compile(r"[a-z][a-z0-9_-]{0,19}"),
    "venmo": re.compile(r"[a-z0-9_-]{5,30}"),
    "onlyfans": re.compile(r"[a-z0-9._-]{1,25}"),
    "fansly": re.compile(r"[a-z0-9_]{3,20}"),
    "discord": re.compile(r"(?!.*\.\.)[a-z0-9_.]{2,32}"),
    "skype": re.compile(r"[a-z][a-z0-9.,_-]{5,31}"),
}
_DEFAULT_RULE = re.compile(r"[a-z0-9][a-z0-9._-]{1,29}")
# Single characters joined by separators: "a-c-c-e-p-t-e-d", "c.a.l.l", "t_e_x_t".
_SPACED = re.compile(r"(?:[a-z0-9][-._ ]){2,}[a-z0-9]")
# Three or more words joined by hyphens ("cash-only-please") are a phrase, not a username.
_PHRASE = re.compile(r"[a-z]+(?:-[a-z]+){2,}")


def valid_phone(value: str) -> bool:
    return bool(_E164.fullmatch(value))


def valid_email(value: str) -> bool:
    if len(value) > 254 or value.count("@") != 1:
        return False
    local, domain = value.rsplit("@", 1)
    if not 1 <= len(local) <= 64 or not _EMAIL_LOCAL.fullmatch(local) or _SPACED.fullmatch(local):
        return False
    labels = domain.split(".")
    return len(labels) >= 2 and all(_LABEL.fullmatch(p) for p in labels[:-1]) and bool(_TLD.fullmatch(labels[-1]))


def valid_handle(value: str) -> bool:
    """`service:name` as the extractor writes it; the name must follow the service's rules."""
    service, sep, name = value.partition(":")
    if not sep or not name:
        return False
    if _SPACED.fullmatch(name) or _PHRASE.fullmatch(name):
        return False
    if not any(c.isalpha() for c in name) and service != "whatsapp":
        return False  # a bare number is a phone, read as one elsewhere
    if service in ("whatsapp", "signal"):
        digits = re.sub(r"[\s().-]", "", name)
        return bool(re.fullmatch(r"\+?\d{8,15}", digits)) or bool(_DEFAULT_RULE.fullmatch(name))
    return bool(_SERVICE_RULES.get(service, _DEFAULT_RULE).fullmatch(name))
