"""`samaritan users`: people of the review console (create, disable, reset, list).

A password not given with --password is asked for on a terminal (empty: generate one), or
generated when there is no terminal; a generated password is printed once, on stdout."""

from __future__ import annotations

import getpass
import sys

import click

from samaritan.cli.kit import Args, arg, choice, command, data_option, group, opt


def _users(args: Args):
    from samaritan.evidence import StoreError, open_store
    from samaritan.evidence.users import Users

    try:
        store = open_store(args.data)
    except StoreError as exc:
        raise ValueError(str(exc)) from exc
    return store, Users(store)


def _password(args: Args) -> str | None:
    if args.password:
        return args.password
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass("password (empty: generate one): ")
    if first and getpass.getpass("again: ") != first:
        raise ValueError("the two passwords differ")
    return first or None


def cmd_users(args: Args, action: str) -> int:
    from samaritan.evidence import StoreError

    store, users = _users(args)
    try:
        if action == "create":
            given = _password(args)
            platforms = [p for group in args.platform for p in group.split(",")]
            password = users.create(args.name, args.role, platforms, given)
            if given is None:
                print(password)
            print(f"user '{args.name}' ({args.role}) for {', '.join(platforms)}"
                  + ("" if given else "; the password above is shown only this once"), file=sys.stderr)  # fmt: skip
        elif action == "disable":
            users.disable(args.name)
            print(f"disabled '{args.name}' and ended their sessions", file=sys.stderr)
        elif action == "reset":
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


def add_commands(cli: click.Group) -> None:
    @group(cli, "users", "people of the review console: create, disable, reset, list", examples=(
        "samaritan users create ana --role reviewer --platform my-site",
        "samaritan users reset ana   # a new password, printed once; clears a lockout",
        "samaritan users disable ana", "samaritan users list"))  # fmt: skip
    @data_option
    def users() -> None:
        pass

    name = {"NAME": "the user's name"}

    @command(users, "create", "create a user; a generated password is printed once", arguments=name)
    @arg("name")
    @opt("--role", required=True, type=choice(*ROLES), help="reviewer (allow, block), lead (also escalate, report, "
         "networks), auditor (read, verify), admin (users and keys)")  # fmt: skip
    @opt("--platform", required=True, multiple=True, help="a platform this user sees (repeatable, or a,b)")
    @opt("--password", help="the password (default: asked for on a terminal, else generated)")
    @data_option
    def create(args: Args) -> int:
        return cmd_users(args, "create")

    @command(users, "disable", "disable a user and end their sessions", arguments=name)
    @arg("name")
    @data_option
    def disable(args: Args) -> int:
        return cmd_users(args, "disable")

    @command(users, "reset", "set a new password (generated unless given); clears a lockout", arguments=name)
    @arg("name")
    @opt("--password", help="the new password (default: asked for on a terminal, else generated)")
    @data_option
    def reset(args: Args) -> int:
        return cmd_users(args, "reset")

    @command(users, "list", "list users (never their password hashes)")
    @data_option
    def list_(args: Args) -> int:
        return cmd_users(args, "list")
