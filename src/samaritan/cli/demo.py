"""`samaritan demo`: a synthetic site, screened and explained; with --serve, posted to the evidence
store and served with the review console."""

from __future__ import annotations

from typing import Any

import click

from samaritan.cli import exits
from samaritan.cli.kit import Args, command, data_option, opt


def cmd_demo(args: Args) -> int:
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


def add_commands(cli: click.Group) -> None:
    @command(cli, "demo", "generate a small site, screen it and explain what was found",
             examples=("samaritan demo", "samaritan demo --serve --port 8471"))  # fmt: skip
    @data_option
    @opt("-n", "n", type=int, default=2000, help="ads in the demo site")
    @opt("--seed", type=int, default=42, help="random seed of the demo site")
    @opt("--serve", is_flag=True, help="then post the ads to the evidence store and serve the API")
    @opt("--host", setting="host", help="address to serve on")
    @opt("--port", type=int, setting="port", help="port to serve on")
    def demo(args: Args) -> int:
        return cmd_demo(args)
