"""Build Samaritan, its engine compiled to C by mypyc on request (README: "Compiled engine").

The metadata lives in pyproject.toml; this file only decides whether the engine is compiled.

    SAMARITAN_COMPILE=0 (the default)  pure Python.
    SAMARITAN_COMPILE=1                compile, editable installs too; failing to is an error.
    SAMARITAN_COMPILE=auto             compile wheels and regular installs where it can be done:
                                       when it fails (no C compiler, code mypyc rejects) the
                                       install goes on as pure Python after one warning. Editable
                                       installs stay pure Python: a compiled module would shadow the
                                       developer's next edit.

Pure Python is the default because compiling gains too little yet: ~20% less CPU a verdict
(benchmarks/README.md), against a ~1-2 minute build. `samaritan --version` says which engine runs.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
ENGINE = Path("src/samaritan/engine")
# Engine modules left interpreted: mypyc cannot compile them (it cannot subclass frozenset;
# pydantic's models need the interpreter's class machinery), and they run once per process (loading
# the lexicon and the policy), so compiling them would gain nothing.
PURE = {"normalize/respell.py", "lexicon.py", "policy.py", "cue_weights.py"}
# Commands that build the package's files; the others (egg_info, dist_info, sdist) only read metadata,
# and mypyc's translation (~1 min) is not paid for them.
BUILDING = {"build", "build_ext", "bdist_wheel", "install", "editable_wheel", "develop"}


def compiled_sources() -> list[str]:
    """Every engine module, less those mypyc cannot take: a module added later is compiled too,
    and CI (SAMARITAN_COMPILE=1) says at once if mypyc rejects it."""
    return sorted(path.as_posix() for path in ENGINE.rglob("*.py") if path.relative_to(ENGINE).as_posix() not in PURE)


# What an unset SAMARITAN_COMPILE means: "auto" once compiling pays its build time.
DEFAULT = "0"


def wanted() -> bool | None:
    """True: compile or fail; False: pure Python; None: compile if it can be done."""
    setting = os.environ.get("SAMARITAN_COMPILE", "").strip() or DEFAULT
    if setting not in ("0", "1", "auto"):
        sys.exit(f"setup.py: SAMARITAN_COMPILE must be 0, 1 or auto, not {setting!r}")
    commands = set(sys.argv[1:])
    if setting == "0" or not commands & BUILDING:
        return False
    if setting == "1":
        return True
    return None if not commands & {"editable_wheel", "develop"} else False


def warn(why: object) -> None:
    print(
        f"\nWARNING: samaritan's engine was NOT compiled ({why}); installing the pure-Python engine, "
        "which gives the same verdicts, ~20% slower. SAMARITAN_COMPILE=1 makes this an error.\n",
        file=sys.stderr,
    )


def mypyc_extensions(required: bool) -> list[object]:
    """The C extensions mypyc translates the engine to, or [] (pure Python) when it cannot and
    compiling was not required."""
    try:
        from mypyc.build import mypycify

        return list(
            mypycify(
                [
                    # The build's types are the code's own: no config file (its pydantic plugin is not
                    # in the build environment) and no installed packages, so every environment
                    # translates the engine the same way; third-party calls are typed Any.
                    "--config-file=",
                    "--no-site-packages",
                    "--ignore-missing-imports",
                    "--python-version=3.11",
                    *compiled_sources(),
                ],
                opt_level="3",
                group_name="samaritan_engine",
                # One C file a module, compiled in parallel (BuildExt): the one file mypyc writes
                # otherwise took one gcc process ~3 minutes at -O3; now ~1 minute on 2 cores, and
                # the engine as fast (benchmarks/README.md, "The compiled engine").
                multi_file=True,
            )
        )
    except (Exception, SystemExit) as error:  # mypyc exits on code it rejects
        if required:
            raise
        warn(error if str(error) else type(error).__name__)
        return []


class BuildExt(build_ext):  # type: ignore[misc]  # setuptools' class is untyped
    """Compiles mypyc's C; when that fails and compiling was not required, the package stays pure
    Python (the compiled shims are dropped, the .py sources are installed either way)."""

    required = False

    def build_extensions(self) -> None:
        """Each C file of an extension compiled by a gcc of its own, one a core (setuptools compiles
        an extension's sources one after another)."""
        compile_serially = self.compiler.compile

        def compile_parallel(sources: list[str], *args: object, **kwargs: object) -> list[str]:
            if len(sources) < 2:
                return list(compile_serially(sources, *args, **kwargs))
            with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                objects = list(pool.map(lambda source: compile_serially([source], *args, **kwargs), sources))
            return [obj for objs in objects for obj in objs]

        self.compiler.compile = compile_parallel
        super().build_extensions()

    def run(self) -> None:
        try:
            super().run()
        except Exception as error:  # no compiler, a compiler error: setuptools' CompileError and kin
            if self.required:
                raise
            warn(error)
            self.extensions = []
            self.distribution.ext_modules = []


def main() -> None:
    os.chdir(ROOT)  # mypyc names modules and writes its C relative to the working directory
    compile_it = wanted()
    extensions: list[object] = [] if compile_it is False else mypyc_extensions(required=compile_it is True)
    BuildExt.required = compile_it is True
    setup(ext_modules=extensions, cmdclass={"build_ext": BuildExt})


main()
