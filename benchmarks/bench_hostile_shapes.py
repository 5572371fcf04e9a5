"""Hostile ads: time to screen and to link-key ads of 1 KB, 100 KB and 1 MB of each
pathological shape, against an ordinary ad screened in the same run.

    python benchmarks/bench_hostile_shapes.py [--sizes 1000,100000,1000000] [--repeat 3]

Target (issue #12): linear in size and at most 50 ms per 100 KB for every shape. Each field is
matched over its first FIELD_BUDGET characters (samaritan.engine.budget), so past that size the
cost stays flat; below it, every stage must be linear. Prints ms per ad and ms per 100 KB; the
machine may be shared, so read the ratios to the ordinary ad of the same run.
"""

from __future__ import annotations

import argparse
import statistics
import time

from samaritan.engine.screener import Screener
from samaritan.link.linker import collect_record

SHAPES = {
    "long token": lambda n: "a" * n,
    "@ run": lambda n: "@" * n,
    "ab@ run": lambda n: ("ab@" * n)[:n],
    "dotted email": lambda n: ("a@b." * n)[:n],
    "separators": lambda n: (". " * n)[:n],
    "digits": lambda n: "7" * n,
    "emoji": lambda n: "😀" * (n // 4),  # 4 bytes each in UTF-8
    "combining marks": lambda n: "a" + "\u0301" * (n // 2),
    "price phrases": lambda n: ("$100 hh " * (n // 8 + 1))[:n],
    "spaced letters": lambda n: ("y o u n g " * n)[:n],
    "mixed separators": lambda n: ("y.o-u_n*g " * n)[:n],
    "entities": lambda n: ("&#121;oung " * n)[:n],
    "upside-down": lambda n: ("ƃunoʎ " * n)[: n // 2],
    "line breaks": lambda n: ("yo\nung " * n)[:n],
    # a CJK ornament and a long token (faux-Latin's word search was quadratic on it for a day, session
    # 35: 16 KB screened in 1.5 s)
    "ornament and token": lambda n: "彡" + "a" * (n - 1),
    "faux letters": lambda n: ("a卂" * n)[:n],
}
ORDINARY = (
    "Two bedroom apartment near the park, quiet street, parking included. Call 702-555-0142 "
    "after 5pm. Pets welcome, small deposit, available from the first of the month."
)


def _time(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    screener = Screener()
    screener.screen({"id": "warm", "body": ORDINARY})
    base = _time(lambda: screener.screen({"id": "o", "body": ORDINARY}), 50)
    print(f"ordinary ad ({len(ORDINARY)} chars): {base * 1000:.2f} ms to screen")
    print(f"{'shape':<18}" + "".join(f"{f'{s // 1000} KB screen/link ms':>28}" for s in sizes) + "   worst ms/100KB")
    failures = []
    for name, make in SHAPES.items():
        cells, worst = [], 0.0
        for size in sizes:
            body = make(size)
            ad = {"id": "h", "body": body}
            verdict = screener.screen(ad).to_dict()
            screen = _time(lambda ad=ad: screener.screen(ad), args.repeat)
            parsed = screener_ad(ad)
            link = _time(lambda p=parsed, v=verdict: collect_record(p, v.get("entities"), v), args.repeat)
            per_100k = (screen + link) * 1000 * 100_000 / max(1, len(body.encode()))
            worst = max(worst, per_100k if size >= 100_000 else 0.0)
            cells.append(f"{screen * 1000:>12.1f} / {link * 1000:<12.1f}")
        print(f"{name:<18}" + "".join(f"{c:>28}" for c in cells) + f"   {worst:>8.1f}")
        if worst > 50:
            failures.append(name)
    print("over 50 ms per 100 KB:", ", ".join(failures) if failures else "none")


def screener_ad(raw: dict):
    from samaritan.engine.adparse import parse_ad

    return parse_ad(raw)


if __name__ == "__main__":
    main()
