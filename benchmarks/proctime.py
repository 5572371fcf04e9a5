"""CPU seconds of a process tree, from /proc (Linux). On a shared machine wall time grows with
the neighbours' load and CPU time much less, so benchmarks report both; the scheduler's
run-queue wait says how much of the wall time was spent waiting for a core."""

from __future__ import annotations

import os
from pathlib import Path


def _tree(pid: int) -> list[int]:
    """`pid` and its live descendants (worker processes)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
            except OSError:
                continue  # the process ended meanwhile
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def tree_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of `pid`, its live descendants and the children they reaped."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for member in _tree(pid):
        try:
            fields = Path(f"/proc/{member}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:15]) / tick
    return total


def tree_sched_seconds(pid: int) -> dict[str, tuple[float, float]]:
    """Per part of the tree, (seconds on a CPU, seconds runnable but waiting for one), summed
    over every thread (/proc/PID/task/TID/schedstat). Parts: "server" (`pid` itself),
    "workers" (descendants at its priority) and "niced" (descendants at a lower priority: the
    heavy lane)."""
    found: dict[str, tuple[float, float]] = {}
    for member in _tree(pid):
        try:
            nice = int(Path(f"/proc/{member}/stat").read_text().rpartition(")")[2].split()[16])
            tasks = list(Path(f"/proc/{member}/task").iterdir())
        except (OSError, IndexError, ValueError):
            continue
        part = "server" if member == pid else "niced" if nice > 0 else "workers"
        on_cpu, waiting = found.get(part, (0.0, 0.0))
        for task in tasks:
            try:
                ran, waited, _slices = (task / "schedstat").read_text().split()
            except (OSError, ValueError):
                continue
            on_cpu, waiting = on_cpu + int(ran) / 1e9, waiting + int(waited) / 1e9
        found[part] = (on_cpu, waiting)
    return found


def sched_delta(before: dict[str, tuple[float, float]], after: dict[str, tuple[float, float]]):
    """`after - before` per part (a part absent before counts from zero)."""
    return {
        part: (ran - before.get(part, (0.0, 0.0))[0], waited - before.get(part, (0.0, 0.0))[1])
        for part, (ran, waited) in after.items()
    }
