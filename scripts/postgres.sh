#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the storage tests and benchmarks.
#   source scripts/postgres.sh start   -> exports SAMARITAN_TEST_DATABASE_URL
#   bash scripts/postgres.sh stop
# Installs Debian's postgresql package when no server binaries are found (needs root and apt).
# The cluster lives in .pgtest/ under the repository and is removed on stop.

pg_repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_dir="$pg_repo_root/.pgtest"
pg_port="${SAMARITAN_PG_PORT:-54329}"

pg_bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/initdb" ]; then echo "$d"; return 0; fi
  done
  return 1
}

pg_as_owner() {
  # PostgreSQL refuses to run as root: run its tools as the postgres user when we are root.
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  local bin
  if ! bin="$(pg_bindir)"; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
      echo "installing PostgreSQL from Debian's packages" >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null \
        || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null; }
      bin="$(pg_bindir)" || { echo "PostgreSQL install failed" >&2; return 1; }
    else
      echo "PostgreSQL server binaries not found and cannot install them" >&2
      return 1
    fi
  fi
  pg_stop_quiet
  # Another server (another checkout's tests) may hold the port: then take a free one.
  if (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then
    pg_port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    echo "port ${SAMARITAN_PG_PORT:-54329} is taken; PostgreSQL uses $pg_port" >&2
  fi
  mkdir -p "$pg_dir"
  [ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
  pg_as_owner "$bin/initdb" -D "$pg_dir/data" -U samaritan --auth=trust -E UTF8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; return 1; }
  # Durable commits stay on (fsync) so the fault tests measure what production would get.
  pg_as_owner "$bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null \
    || { cat "$pg_dir/server.log" >&2; return 1; }
  pg_as_owner "$bin/createdb" -h 127.0.0.1 -p "$pg_port" -U samaritan samaritan_test
  export SAMARITAN_TEST_DATABASE_URL="postgresql+psycopg://samaritan@127.0.0.1:$pg_port/samaritan_test"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$pg_port" >&2
}

pg_stop_quiet() {
  local bin
  bin="$(pg_bindir)" || return 0
  if [ -d "$pg_dir/data" ]; then
    pg_as_owner "$bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$pg_dir"
}

case "${1:-}" in
  start) pg_start ;;
  stop) pg_stop_quiet ;;
  *) echo "usage: source scripts/postgres.sh start | bash scripts/postgres.sh stop" >&2; return 2 2>/dev/null || exit 2 ;;
esac
