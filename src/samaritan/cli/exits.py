"""Exit codes of every `samaritan` command, and the failures that map to them. One table, so the
help text, the README and the code cannot disagree."""

from __future__ import annotations

import errno
import socket

OK = 0
FAILED = 1  # the run could not start or finish; the message says why
USAGE = 2  # bad arguments: one line naming the problem and the --help to read
BAD_RECORDS = 3  # done, but some records were errors and --fail-on-error was given
CHECK_FAILED = 4  # a verification found a problem (audit verify, report verify)
NOT_FOUND = 5  # an input file or directory does not exist
PORT_IN_USE = 6  # the address to serve on is taken
DATABASE_UNREACHABLE = 7  # the evidence store could not be opened
INTERRUPTED = 130

TABLE = {
    OK: "done",
    FAILED: "could not run or finish (the message says why)",
    USAGE: "bad usage",
    BAD_RECORDS: "done, but some records were errors and --fail-on-error was given",
    CHECK_FAILED: "a verification found a problem (the first one is named)",
    NOT_FOUND: "an input file does not exist",
    PORT_IN_USE: "the host and port to serve on are already in use",
    DATABASE_UNREACHABLE: "the evidence store could not be opened",
    INTERRUPTED: "interrupted",
}


def epilog() -> str:
    return "exit codes:\n" + "\n".join(f"  {code:<4}{text}" for code, text in TABLE.items())


class CliFailure(Exception):
    """A failure the user can fix: one line on stderr and its exit code, no traceback."""

    def __init__(self, message: str, code: int = FAILED):
        super().__init__(message)
        self.code = code


def ensure_port_free(host: str, port: int) -> None:
    """Fail before any work when `host:port` cannot be bound (taken, or not an address here)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CliFailure(
                    f"{host}:{port} is already in use: stop what listens there or pass --port", PORT_IN_USE
                ) from exc
            raise CliFailure(f"cannot listen on {host}:{port}: {exc.strerror}", PORT_IN_USE) from exc
