"""`samaritan demo`: a synthetic site, screened and explained; with --serve, posted to the evidence
store and served with the review console."""

from __future__ import annotations

import argparse
from typing import Any

from samaritan.cli import exits


def cmd_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from samaritan.runs.demo import run_demo

    data_dir = Path(args.data)
    if args.serve:  # a busy port fails now, not after the demo's work
        exits.ensure_port_free(args.host, args.port)
    run_demo(data_dir, n=args.n, seed=args.seed)
    if args.serve:
        from samaritan.service.demo import load_into_store
        from samaritan.service.server import serve_service

        service, _key = load_into_store(data_dir, args.port)
        _demo_reviewer(service.store, args.host, args.port)
        serve_service(service, args.host, args.port)
    return 0


def _demo_reviewer(store: Any, host: str, port: int) -> None:
    """A reviewer for the demo's platform with a fresh one-time password (the demo may run again)."""
    from samaritan.evidence.users import Users

    users = Users(store)
    if any(u["name"] == "demo-reviewer" for u in users.list()):
        password = users.reset("demo-reviewer", actor="demo")
    else:
        password = users.create("demo-reviewer", "lead", ["synthetic-site"], actor="demo")
    print(f"5. Review console: http://{host}:{port}/console  user demo-reviewer, one-time password {password}")


def add_parsers(sub: Any, _add_engine_options: Any, _screener_from: Any) -> None:
    p = sub.add_parser(
        "demo",
        help="generate a small site, screen it and explain what was found",
        epilog="examples:\n  samaritan demo\n  samaritan demo --serve --port 8471",
    )
    p.add_argument("--data", help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data)")
    p.add_argument("-n", type=int, default=2000, help="ads in the demo site")
    p.add_argument("--seed", type=int, default=42, help="random seed of the demo site")
    p.add_argument("--serve", action="store_true", help="then post the ads to the evidence store and serve the API")
    p.add_argument("--host", default=None, help="address to serve on (setting host; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port to serve on (setting port; default 8470)")
    p.set_defaults(func=cmd_demo)
