"""Link keys: which extracted contacts are identities, and which shared keys belong to no one.

An extractor reads text generously; linking must not. A handle, email or phone becomes a link
key only when it looks like one for its service (length, character set, the service's own
rules), and spaced-out or separator-joined words (`a-c-c-e-p-t-e-d`) are text, never an
identity: one such "handle" once merged two true networks. Batch and incremental linking both
use `canonical_key` and `shared_by_strangers`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

CONTACT_KINDS = ("phone", "email", "handle")
POSTER_KINDS = (*CONTACT_KINDS, "account")
# Keys that say who posted an ad, for the generic test: contacts and the ad's photos.
IDENTITY_KINDS = (*CONTACT_KINDS, "photo")
Key = tuple[str, str]

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


_CHECKS = {"phone": valid_phone, "email": valid_email, "handle": valid_handle}


def canonical_key(kind: str, value: str) -> Key | None:
    """The link key for one extracted contact, or None when it does not look like an identity."""
    value = value.strip()
    if kind in ("email", "handle"):
        value = value.lower()
    check = _CHECKS.get(kind)
    if check is not None and not check(value):
        return None
    return kind, value


def shared_by_strangers(key: Key, holders: Sequence[Iterable[Key]], min_holders: int, share: float) -> bool:
    """A contact (or photo) that `holders` share, where each holder (an ad, or a poster) lists
    its other identifying keys (contacts, other photos): generic when at least `min_holders`
    share it and most of them carry keys of their own that tie them to no other holder, so the
    ads otherwise disagree on who posted them (a help line, a number in a template, a stock photo)."""
    if len(holders) < min_holders:
        return False
    others = [{k for k in keys if k[0] in IDENTITY_KINDS and k != key} for keys in holders]
    seen = Counter(k for own in others for k in own)
    separate = sum(1 for own in others if own and all(seen[k] == 1 for k in own))
    return separate >= share * len(holders)


def posters(ads_keys: Sequence[Iterable[Key]]) -> list[set[Key]]:
    """Group ads that share any contact or account into one poster each; returns each poster's
    keys. Computed over the ads at hand only, so batch and incremental linking agree."""
    parent = list(range(len(ads_keys)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[Key, int] = {}
    keyed = [set(keys) for keys in ads_keys]
    for i, keys in enumerate(keyed):
        for key in keys:
            if key[0] in POSTER_KINDS:
                j = first.setdefault(key, i)
                parent[find(i)] = find(j)
    groups: dict[int, set[Key]] = {}
    for i, keys in enumerate(keyed):
        groups.setdefault(find(i), set()).update(keys)
    return list(groups.values())
