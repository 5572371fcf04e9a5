"""Samaritan: screen ads for sex-trafficking and child-exploitation indicators, explainably."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

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
