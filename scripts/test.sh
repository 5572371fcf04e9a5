#!/usr/bin/env bash
# Install Samaritan with its test tools into .venv, lint, and run the whole test suite.
# The storage tests run on embedded SQLite and on PostgreSQL: a throwaway PostgreSQL server is
# started on 127.0.0.1 (installed from Debian's packages if missing) unless
# SAMARITAN_TEST_DATABASE_URL already names one. SAMARITAN_SKIP_POSTGRES=1 runs SQLite only.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
# Editable: pure Python whatever SAMARITAN_COMPILE says (it is for the wheel below).
SAMARITAN_COMPILE=0 .venv/bin/python -m pip install -q -e '.[test]'
# The review console's browser tests drive Debian's chromium through Playwright (Playwright never
# downloads a browser here): install it when it is missing.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
      || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
  else
    echo "scripts/test.sh: chromium is missing and cannot be installed here (needs root and apt)" >&2
    exit 1
  fi
fi
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/lint-imports
# Type checks (mypy --strict, configured in pyproject.toml) on the modules held to them.
.venv/bin/mypy src/samaritan/report src/samaritan/io src/samaritan/settings.py src/samaritan/cli/exits.py \
  src/samaritan/cli/helptext.py src/samaritan/cli/config.py src/samaritan/cli/kit.py src/samaritan/cli/completion.py \
  src/samaritan/cli/progress.py src/samaritan/service/tracing.py \
  src/samaritan/service/logconfig.py src/samaritan/service/readiness.py src/samaritan/service/schemas.py \
  src/samaritan/service/observe.py src/samaritan/engine
if [ "${SAMARITAN_SKIP_POSTGRES:-0}" != "1" ]; then
  if [ -z "${SAMARITAN_TEST_DATABASE_URL:-}" ]; then
    # shellcheck source=scripts/postgres.sh
    source scripts/postgres.sh start
    trap 'bash scripts/postgres.sh stop' EXIT
  fi
fi
# One pytest-xdist worker per core (`-n auto`); each worker has a PostgreSQL database of its own
# (tests/conftest.py). SAMARITAN_TEST_WORKERS=0 runs the suite in one process.
.venv/bin/python -m pytest -n "${SAMARITAN_TEST_WORKERS:-auto}"
# The package as a user gets it: a wheel installed in a fresh venv, where the demo runs. The wheel's
# engine is compiled by mypyc (setup.py; failing to is an error) unless SAMARITAN_COMPILE=0 is given,
# its test tools are installed too, and the engine's own tests run against the compiled engine from
# a folder where src/ is not importable (SAMARITAN_EXPECT_ENGINE makes sure): ~2-3 more minutes, so
# that the compiled engine, which users may build, is tested on every run.
compile=${SAMARITAN_COMPILE:-1}
wheel_dir=$(mktemp -d)
repo=$PWD
SAMARITAN_COMPILE=$compile .venv/bin/python -m pip wheel -q --no-deps -w "$wheel_dir/dist" .
python3 -m venv "$wheel_dir/venv"
wheel=$(ls "$wheel_dir"/dist/samaritan-*.whl)
if [ "$compile" = "1" ]; then
  "$wheel_dir/venv/bin/python" -m pip install -q "$wheel[test]"
  (cd "$wheel_dir" && SAMARITAN_EXPECT_ENGINE="compiled engine" "$wheel_dir/venv/bin/python" -m pytest -q \
    -n "${SAMARITAN_TEST_WORKERS:-auto}" -p no:cacheprovider -c "$repo/pyproject.toml" --rootdir "$repo" \
    "$repo"/tests/test_{compiled,screen,screen_many,normalize,cues,extract,rules_shape}.py)
else
  "$wheel_dir/venv/bin/python" -m pip install -q "$wheel"
fi
(cd "$wheel_dir" && "$wheel_dir/venv/bin/samaritan" demo -n 300 --data "$wheel_dir/data" >/dev/null)
echo "wheel: $("$wheel_dir/venv/bin/samaritan" --version) installed in a fresh venv; samaritan demo ran"
rm -rf "$wheel_dir"
