"""Versioned data files whose version cannot go stale: a file may carry `sha256:`, the hash of its
own content with that line blanked, and a file whose content no longer matches is refused. So a
changed lexicon, weights or policy file cannot stamp an old version on verdicts."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import yaml

# libyaml's parser when PyYAML was built with it (its wheels are): the same documents as
# yaml.safe_load, about ten times faster, which is most of a cold start's data loading.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SHA_LINE = re.compile(r"^sha256:.*$", re.MULTILINE)


class StaleVersion(ValueError):
    pass


def load_yaml(text: str | bytes) -> Any:
    """yaml.safe_load, with libyaml when it is there."""
    return yaml.load(text, Loader=_SAFE_LOADER)


def content_hash(*texts: str) -> str:
    """sha256 over the texts in order, each with its own `sha256:` line blanked."""
    digest = hashlib.sha256()
    for text in texts:
        digest.update(_SHA_LINE.sub("sha256:", text).encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def check(name: str, version: str, declared: str | None, *texts: str) -> None:
    """Refuse content that changed under an unchanged version (when the file declares a hash)."""
    if declared is None:
        return
    actual = content_hash(*texts)
    if actual != declared:
        raise StaleVersion(
            f"{name}: its content changed but its version is still {version!r}: bump `version` and set "
            f'`sha256: "{actual}"`'
        )
