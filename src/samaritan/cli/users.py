"""`samaritan users`: people of the review console (create, disable, reset, list).

A password not given with --password is asked for on a terminal (empty: generate one), or
generated when there is no terminal; a generated password is printed once, on stdout."""

from __future__ import annotations

import argparse
import getpass
import sys


def _users(args: argparse.Namespace):
    from samaritan.evidence import StoreError, open_store
    from samaritan.evidence.users import Users

    try:
        store = open_store(args.data)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
    return store, Users(store)


def _password(args: argparse.Namespace) -> str | None:
    if args.password:
        return args.password
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("password (empty: generate one): ")
    if first and getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first or None


def cmd_users(args: argparse.Namespace) -> int:
    from samaritan.evidence import StoreError

    store, users = _users(args)
    try:
        if args.users_command == "create":
            given = _password(args)
            platforms = [p for group in args.platform for p in group.split(",")]
            password = users.create(args.name, args.role, platforms, given)
            if given is None:
                print(password)
            print(f"user '{args.name}' ({args.role}) for {', '.join(platforms)}"
                  + ("" if given else "; the password above is shown only this once"), file=sys.stderr)  # fmt: skip
        elif args.users_command == "disable":
            users.disable(args.name)
            print(f"disabled '{args.name}' and ended their sessions", file=sys.stderr)
        elif args.users_command == "reset":
            given = _password(args)
            password = users.reset(args.name, given)
            if given is None:
                print(password)
            print(f"new password for '{args.name}'; lockout cleared, sessions ended", file=sys.stderr)
        else:
            for u in users.list():
                state = "disabled" if u["disabled_at"] else ("locked" if u["locked_until"] else "active")
                print(f"{u['name']}  {u['role']}  {u['platforms']}  {state}")
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
    finally:
        store.close()
    return 0


# As evidence.users.ROLES; spelled out so that `samaritan --help` loads no database code.
ROLES = ("reviewer", "lead", "admin", "auditor")


def add_parsers(sub, add_engine_options, screener_from) -> None:
    def data_option(p, nested: bool = False):
        p.add_argument("--data", default=argparse.SUPPRESS if nested else None,
                       help="data directory (default $SAMARITAN_DATA_DIR or ./samaritan-data)")  # fmt: skip

    p = sub.add_parser(
        "users",
        help="people of the review console: create, disable, reset, list",
        epilog="examples:\n  samaritan users create ana --role reviewer --platform my-site\n"
        "  samaritan users reset ana   # a new password, printed once; clears a lockout\n  samaritan users disable ana",
    )
    data_option(p)
    users = p.add_subparsers(dest="users_command", required=True)
    u = users.add_parser("create", help="create a user; a generated password is printed once")
    u.add_argument("name")
    u.add_argument("--role", required=True, choices=ROLES,
                   help="reviewer (allow, block), lead (also escalate, report, networks), auditor (read, verify), "
                   "admin (users and keys)")  # fmt: skip
    u.add_argument("--platform", required=True, action="append", help="a platform this user sees (repeatable)")
    u.add_argument("--password", help="the password (default: asked for on a terminal, else generated)")
    data_option(u, nested=True)
    u = users.add_parser("disable", help="disable a user and end their sessions")
    u.add_argument("name")
    data_option(u, nested=True)
    u = users.add_parser("reset", help="set a new password (generated unless given); clears a lockout")
    u.add_argument("name")
    u.add_argument("--password", help="the new password (default: asked for on a terminal, else generated)")
    data_option(u, nested=True)
    u = users.add_parser("list", help="list users (never their password hashes)")
    data_option(u, nested=True)
    p.set_defaults(func=cmd_users)
