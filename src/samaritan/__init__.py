"""Samaritan: screen ads for sex-trafficking and child-exploitation indicators, explainably."""

__version__ = "0.1.0"

from samaritan.engine.screener import Screener, screen

__all__ = ["Screener", "__version__", "screen"]
