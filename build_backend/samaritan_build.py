"""setuptools' build backend, asking for mypy (whose mypyc compiles the engine, setup.py) only when
SAMARITAN_COMPILE asks for a compiled engine: a default, pure-Python install needs nothing but
setuptools to build."""

from __future__ import annotations

import os

from setuptools import build_meta as _meta
from setuptools.build_meta import *  # noqa: F403  (the PEP 517 hooks, unchanged)

MYPYC = "mypy>=2.4,<3"  # a major version pinned: the C it writes, and so the compiled engine, is its own


def _compiling() -> list[str]:
    # setup.py's DEFAULT is "0": keep the two in step if that default ever becomes "auto".
    return [MYPYC] if os.environ.get("SAMARITAN_COMPILE", "").strip() not in ("", "0") else []


def get_requires_for_build_wheel(config_settings=None):  # type: ignore[no-untyped-def]
    return _meta.get_requires_for_build_wheel(config_settings) + _compiling()


def get_requires_for_build_editable(config_settings=None):  # type: ignore[no-untyped-def]
    return _meta.get_requires_for_build_editable(config_settings) + _compiling()
