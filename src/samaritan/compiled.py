"""Which engine this install runs: compiled to C by mypyc (setup.py) or pure Python.

Both give the same verdicts (tests/test_compiled.py); the compiled one is faster. Python imports a
compiled module in preference to the .py beside it, so a compiled module older than its source would
silently run the old code: in a source checkout, `check_fresh` refuses that. (os.path, not pathlib:
`import samaritan` runs this, and the shell completion pays for every import.)
"""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES

ENGINE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "engine")
_SUFFIXES = tuple(EXTENSION_SUFFIXES)
GROUP = "samaritan_engine__mypyc"  # setup.py's group_name, and mypyc's suffix for it


def compiled_modules() -> list[str]:
    """The engine's compiled modules (the files Python imports instead of their .py)."""
    found: list[str] = []
    for folder, subfolders, files in os.walk(ENGINE):
        subfolders[:] = [name for name in subfolders if name != "__pycache__"]
        found.extend(os.path.join(folder, name) for name in files if name.endswith(_SUFFIXES))
    return sorted(found)


def engine_kind() -> str:
    """'compiled engine' or 'pure-Python engine', read from the files (the engine is not imported):
    the screener's module stands for the engine, all of whose hot modules are compiled together."""
    compiled = any(os.path.exists(os.path.join(ENGINE, f"screener{suffix}")) for suffix in _SUFFIXES)
    return "compiled engine" if compiled else "pure-Python engine"


def stale_modules() -> list[str]:
    """The sources changed after their compiled module was built."""
    stale: list[str] = []
    for module in compiled_modules():
        folder, name = os.path.split(module)
        source = os.path.join(folder, name.split(".", 1)[0] + ".py")
        if os.path.exists(source) and os.path.getmtime(source) > os.path.getmtime(module):
            stale.append(source)
    return stale


def check_fresh() -> None:
    """In a source checkout (an editable install built with SAMARITAN_COMPILE=1), refuse to run
    compiled modules older than their source. Installed wheels are not checked: nobody edits them,
    and an installer need not keep the files' times in order."""
    package = os.path.dirname(ENGINE)
    src = os.path.dirname(package)
    if not os.path.exists(os.path.join(os.path.dirname(src), "setup.py")):
        return
    # setup.py builds the engine as one library beside the package (mypyc's group) and a stub per
    # module: with no library, nothing is compiled, and the walk below is not needed.
    if not any(name.startswith(GROUP) for name in os.listdir(src)):
        return
    stale = stale_modules()
    if stale:
        names = ", ".join(os.path.relpath(path, package) for path in stale[:3])
        more = f" and {len(stale) - 3} more" if len(stale) > 3 else ""
        raise ImportError(
            f"samaritan: {names}{more} changed after the engine was compiled, and Python would run the "
            f"old compiled code. Rebuild (SAMARITAN_COMPILE=1 pip install -e .) or go back to the "
            f"pure-Python engine by deleting the compiled files: "
            f"find {src} -name '*{EXTENSION_SUFFIXES[0]}' -delete"
        )
