"""Samaritan: screen ads for sex-trafficking and child-exploitation indicators, explainably."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from samaritan.compiled import check_fresh as _check_fresh

__version__ = "0.1.0"

# A compiled engine module older than its source would run the old code (samaritan/compiled.py).
_check_fresh()

if TYPE_CHECKING:
    from samaritan.engine.screener import Screener, screen

__all__ = ["Screener", "__version__", "screen"]


def __getattr__(name: str) -> Any:
    # The engine loads on first use, not on `import samaritan`: the command's help and its shell
    # completion (which runs the command at every TAB) need none of it.
    if name in ("Screener", "screen"):
        from samaritan.engine import screener

        return getattr(screener, name)
    raise AttributeError(f"module 'samaritan' has no attribute {name!r}")
