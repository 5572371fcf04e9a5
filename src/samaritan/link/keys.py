"""Link keys: which extracted contacts are identities, and which shared keys belong to no one.

An extractor reads text generously; linking must not. A handle, email or phone becomes a link
key only when it looks like one for its service (length, character set, the service's own
rules), and spaced-out or separator-joined words (`a-c-c-e-p-t-e-d`) are text, never an
identity: one such "handle" once merged two true networks. Batch and incremental linking both
use `canonical_key` and `shared_by_strangers`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from samaritan.engine.identity import valid_email, valid_handle, valid_phone

CONTACT_KINDS = ("phone", "email", "handle")
POSTER_KINDS = (*CONTACT_KINDS, "account")
# Keys that say who posted an ad, for the generic test: contacts and the ad's photos.
IDENTITY_KINDS = (*CONTACT_KINDS, "photo")
Key = tuple[str, str]
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
