"""The `samaritan` command: one module per command group, each parsing arguments and calling a run."""

from samaritan.cli.main import main

__all__ = ["main"]
