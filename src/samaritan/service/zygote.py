"""One process that holds a built engine and forks worker processes from it on request.

Spawning each worker made it import the package and build its own engine: about 2.5 CPU
seconds each, so four workers and a spare kept `/readyz` at "workers starting" for 36-48 s on a
loaded machine (#12). Here the engine is built once. The zygote is forked from the server right
after the server built its engine (or, `spawn=True`, started clean and builds the engine once
from the options), and every worker, a replacement for one killed over its budget included, is
forked from the zygote in milliseconds, sharing the engine's memory copy-on-write.

Forking from the zygote, not from the server, matters after start-up: the zygote has one thread
and a small heap, where the server has request threads (one may hold a lock the child would
need) and, at a million ads, a link index of gigabytes whose page tables a fork would copy
while every request waited.

The server asks over a Unix socket, passing the worker's end of a new socket pair
(`socket.send_fds`); the zygote forks, answers with the pid and closes its copy. Workers are
the zygote's children, reaped by the kernel (SIGCHLD ignored); the server stops one through a
pidfd, which cannot hit a recycled pid. The zygote exits when the server's end closes, and each
worker when its connection does, so nothing outlives the server.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import select
import signal
import socket
import stat
import struct
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

# What a forked worker runs: its connection to the server and its nice increment.
ChildMain = Callable[[Connection, int], None]


def available() -> bool:
    """Forking workers this way needs fork, fd passing and pidfds (Linux 5.3+)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and hasattr(os, "pidfd_open")


class Forked:
    """A worker forked by the zygote, as the pool handles it: `pid`, `kill()`, `join()`."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self._fd: int | None = os.pidfd_open(pid)

    def kill(self) -> None:
        if self._fd is not None:
            with contextlib.suppress(ProcessLookupError, OSError):
                signal.pidfd_send_signal(self._fd, signal.SIGKILL)

    def join(self, timeout: float | None = None) -> None:
        """Wait until the process has ended (a pidfd reads ready then), then forget it."""
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            select.select([self._fd], [], [], timeout)
        os.close(self._fd)
        self._fd = None

    def is_alive(self) -> bool:
        if self._fd is None:
            return False
        readable, _, _ = select.select([self._fd], [], [], 0)
        return not readable


def _close_inherited_sockets(keep: int) -> None:
    """A forked child holds copies of the server's sockets: its listening socket, its clients'
    connections and any database connection. Close them, so the port is free when the server
    stops and no connection is ever used from two processes."""
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd == keep or fd <= 2:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _loop(control: socket.socket, child_main: ChildMain) -> None:
    """The zygote: fork a worker for each request until the server's end closes."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    gc.freeze()  # the engine is shared by every worker: no collection should touch its pages
    while True:
        try:
            message, fds, _flags, _addr = socket.recv_fds(control, 8, 1)
        except OSError:
            return
        if not message or not fds:
            return  # the server has gone
        (nice,) = struct.unpack("<q", message)
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker (its answers are checked by the pool's tests)
            code = 1
            try:
                control.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                child_main(Connection(fds[0]), nice)
                code = 0
            finally:
                os._exit(code)
        os.close(fds[0])
        control.sendall(struct.pack("<q", pid))


class Zygote:
    """See the module's docstring. `child_main(conn, nice)` is what each worker runs; with
    `spawn=(target, args)` the zygote is started clean and `target(control, *args)` must build
    the engine and call `serve_forks(control, child_main)`."""

    def __init__(self, child_main: ChildMain | None = None, spawn: tuple[Callable, tuple] | None = None) -> None:
        self._lock = threading.Lock()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self._control = ours
        self._process: Any = None
        if spawn is not None:
            target, args = spawn
            context = multiprocessing.get_context("spawn")
            # The socket is passed to the new interpreter by multiprocessing's own fd passing.
            self._process = context.Process(target=target, args=(theirs, *args), daemon=True,
                                            name="samaritan-zygote")  # fmt: skip
            self._process.start()
            theirs.close()
            self.pid = self._process.pid
            return
        assert child_main is not None
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the zygote (the workers it forks are tested)
            try:
                ours.close()
                _close_inherited_sockets(keep=theirs.fileno())
                _loop(theirs, child_main)
            finally:
                os._exit(0)
        theirs.close()
        self.pid = pid

    def fork(self, nice: int = 0) -> tuple[Connection, Forked]:
        """A new worker: the server's end of its connection, and its handle."""
        mine, its = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self._lock:
                socket.send_fds(self._control, [struct.pack("<q", nice)], [its.fileno()])
                answer = b""
                while len(answer) < 8:
                    chunk = self._control.recv(8 - len(answer))
                    if not chunk:
                        raise RuntimeError("the worker zygote has gone")
                    answer += chunk
        finally:
            its.close()
        (pid,) = struct.unpack("<q", answer)
        conn = Connection(mine.detach())
        return conn, Forked(pid)

    def close(self) -> None:
        """Stop the zygote (its workers stop when their connections close)."""
        with contextlib.suppress(OSError):
            self._control.close()
        if self._process is not None:
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
            return
        with contextlib.suppress(ChildProcessError):
            for _ in range(100):
                done, _status = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    return
                threading.Event().wait(0.05)
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)


def serve_forks(control: socket.socket, child_main: ChildMain) -> None:
    """The body of a spawned zygote, once it has built its engine."""
    _loop(control, child_main)
