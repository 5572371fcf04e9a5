"""People of the review console: users with a role and their platforms, Argon2 password
hashes, server-side sessions with an idle timeout, and login throttling with lockout.

Session tokens and CSRF tokens are random; only the sha256 of a session token is stored, so a
copy of the database opens no session. Every login, failure, lockout and logout is audited.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Boolean, Column, Index, Integer, String, Table, insert, select, update

from samaritan.evidence import audit
from samaritan.evidence.db import Store, StoreError, now_iso, parse_iso
from samaritan.evidence.schema import TS, metadata

ROLES = ("reviewer", "lead", "admin", "auditor")

console_users = Table(
    "console_users",
    metadata,
    Column("name", String(100), primary_key=True),
    Column("role", String(20), nullable=False),
    Column("platforms", String(2000), nullable=False),  # comma-separated: the only platforms this user sees
    Column("password_hash", String(200), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("disabled_at", TS),
    Column("failed_logins", Integer, nullable=False, default=0),
    Column("locked_until", TS),
    Column("blur", Integer, nullable=False, default=16),  # px of blur on images, the reviewer's own choice
    Column("break_after", Integer, nullable=False, default=20),  # high-priority cases before a break prompt
)

console_sessions = Table(
    "console_sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_name", String(100), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("created_at", TS, nullable=False),
    Column("last_seen_at", TS, nullable=False),
    Column("ended_at", TS),
    Column("seen", Integer, nullable=False, default=0),  # cases opened in this session (wellness)
    Column("high_seen", Integer, nullable=False, default=0),  # of which high or urgent
    Column("break_taken", Boolean, nullable=False, default=False),
)
Index("ix_console_sessions_user", console_sessions.c.user_name)


@dataclass(frozen=True)
class User:
    name: str
    role: str
    platforms: tuple[str, ...]
    blur: int
    break_after: int

    def can(self, action: str) -> bool:
        return action in PERMISSIONS[self.role]


# What each role may do. Reviewers decide single ads; leads also escalate, report and decide
# networks; auditors read and verify but change nothing; admins manage people and keys.
PERMISSIONS: dict[str, frozenset[str]] = {
    "reviewer": frozenset({"read", "claim", "decide"}),
    "lead": frozenset({"read", "claim", "decide", "escalate", "network"}),
    "auditor": frozenset({"read", "audit"}),
    "admin": frozenset({"read", "admin"}),
}


@dataclass(frozen=True)
class Session:
    token: str  # only in memory: the cookie's value
    csrf: str
    user: User
    seen: int
    high_seen: int


class LoginRefused(StoreError):
    """A login that failed; the message never says whether the name exists."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_password() -> str:
    return secrets.token_urlsafe(12)


class Users:
    """Console users and sessions in the evidence store."""

    def __init__(
        self,
        store: Store,
        idle_minutes: float = 30.0,
        max_failures: int = 5,
        lockout_minutes: float = 15.0,
        hasher: PasswordHasher | None = None,
    ):
        self.store = store
        self.idle = timedelta(minutes=idle_minutes)
        self.max_failures = max_failures
        self.lockout = timedelta(minutes=lockout_minutes)
        self.hasher = hasher or PasswordHasher()
        # Verifying against this when the name is unknown costs the same time as a real check.
        self._dummy_hash = self.hasher.hash(secrets.token_hex(8))

    def _tx(self):
        return _Tx(self.store)

    # ------------------------------------------------------------------ administration
    def create(
        self, name: str, role: str, platforms: list[str], password: str | None = None, actor: str = "cli"
    ) -> str:
        """Create a user; returns the password (generated when not given), shown only once."""
        if role not in ROLES:
            raise StoreError(f"role must be one of {list(ROLES)}")
        platforms = [p.strip() for p in platforms if p.strip()]
        if not name or not platforms:
            raise StoreError("a user needs a name and at least one platform")
        password = password or new_password()
        if len(password) < 10:
            raise StoreError("a password needs at least 10 characters")
        with self._tx() as conn:
            if conn.execute(select(console_users.c.name).where(console_users.c.name == name)).first():
                raise StoreError(f"user '{name}' already exists")
            conn.execute(
                insert(console_users).values(
                    name=name,
                    role=role,
                    platforms=",".join(platforms),
                    password_hash=self.hasher.hash(password),
                    created_at=now_iso(),
                    failed_logins=0,
                    blur=16,
                    break_after=20,
                )
            )
        self.store.audit_event("user.created", actor, None, name, {"role": role, "platforms": platforms})
        return password

    def disable(self, name: str, actor: str = "cli") -> None:
        at = now_iso()
        with self._tx() as conn:
            if not conn.execute(
                update(console_users).where(console_users.c.name == name).values(disabled_at=at)
            ).rowcount:
                raise StoreError(f"no user '{name}'")
            conn.execute(
                update(console_sessions)
                .where(console_sessions.c.user_name == name, console_sessions.c.ended_at.is_(None))
                .values(ended_at=at)
            )
        self.store.audit_event("user.disabled", actor, None, name)

    def reset(self, name: str, password: str | None = None, actor: str = "cli") -> str:
        """A new password; re-enables the user, clears a lockout and ends their sessions."""
        password = password or new_password()
        at = now_iso()
        with self._tx() as conn:
            values = dict(
                password_hash=self.hasher.hash(password), disabled_at=None, failed_logins=0, locked_until=None
            )
            if not conn.execute(update(console_users).where(console_users.c.name == name).values(**values)).rowcount:
                raise StoreError(f"no user '{name}'")
            conn.execute(
                update(console_sessions)
                .where(console_sessions.c.user_name == name, console_sessions.c.ended_at.is_(None))
                .values(ended_at=at)
            )
        self.store.audit_event("user.reset", actor, None, name)
        return password

    def list(self) -> list[dict[str, Any]]:
        with self.store.engine.connect() as conn:
            rows = conn.execute(select(console_users).order_by(console_users.c.name)).mappings().all()
        return [{k: v for k, v in r.items() if k != "password_hash"} for r in rows]

    def get(self, name: str) -> User | None:
        with self.store.engine.connect() as conn:
            row = conn.execute(select(console_users).where(console_users.c.name == name)).first()
        return _user(row) if row is not None and row.disabled_at is None else None

    def set_preferences(self, name: str, blur: int, break_after: int) -> None:
        blur, break_after = max(4, min(40, blur)), max(1, min(500, break_after))
        with self._tx() as conn:
            conn.execute(
                update(console_users).where(console_users.c.name == name).values(blur=blur, break_after=break_after)
            )

    # ------------------------------------------------------------------ sessions
    def login(self, name: str, password: str, client: str = "") -> Session:
        at = now_iso()
        with self.store.engine.connect() as conn:
            row = conn.execute(select(console_users).where(console_users.c.name == name)).first()
        if row is not None and row.locked_until and row.locked_until > at:
            self.store.audit_event("login.refused", f"user:{name}", None, name, {"why": "locked", "client": client})
            raise LoginRefused("too many failed attempts: this account is locked for a while; ask an admin to reset it")
        try:
            ok = self.hasher.verify(row.password_hash if row is not None else self._dummy_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
        if row is None or row.disabled_at is not None or not ok:
            self._failed(name, row, client)
            raise LoginRefused("wrong name or password")
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._tx() as conn:
            conn.execute(
                update(console_users).where(console_users.c.name == name).values(failed_logins=0, locked_until=None)
            )
            conn.execute(
                insert(console_sessions).values(
                    token_hash=_sha(token), user_name=name, csrf=csrf, created_at=at, last_seen_at=at,
                    seen=0, high_seen=0, break_taken=False,
                )
            )  # fmt: skip
        if self.hasher.check_needs_rehash(row.password_hash):
            with self._tx() as conn:
                new_hash = self.hasher.hash(password)
                conn.execute(update(console_users).where(console_users.c.name == name).values(password_hash=new_hash))
        self.store.audit_event("login", f"user:{name}", None, name, {"client": client})
        return Session(token, csrf, _user(row), 0, 0)

    def _failed(self, name: str, row, client: str) -> None:
        detail: dict[str, Any] = {"why": "bad credentials", "client": client}
        if row is not None:
            failures = row.failed_logins + 1
            values: dict[str, Any] = {"failed_logins": failures}
            if failures >= self.max_failures:
                values["locked_until"] = now_iso(parse_iso(now_iso()) + self.lockout)
                detail["locked"] = True
            with self._tx() as conn:
                conn.execute(update(console_users).where(console_users.c.name == name).values(**values))
        self.store.audit_event("login.failed", f"user:{name[:100]}", None, name[:100], detail)

    def session(self, token: str | None) -> Session | None:
        """The live session for a cookie value, or None (unknown, ended, idle too long, user
        disabled). Seeing it keeps it alive; the write happens at most once a minute."""
        if not token:
            return None
        digest = _sha(token)
        now = now_iso()
        with self.store.engine.connect() as conn:
            row = conn.execute(
                select(console_sessions, console_users)
                .join(console_users, console_users.c.name == console_sessions.c.user_name)
                .where(console_sessions.c.token_hash == digest)
            ).first()
        if row is None or row.ended_at is not None or row.disabled_at is not None:
            return None
        last = parse_iso(row.last_seen_at)
        if parse_iso(now) - last > self.idle:
            self.end(token, "idle")
            return None
        if parse_iso(now) - last > timedelta(minutes=1):
            with self._tx() as conn:
                conn.execute(
                    update(console_sessions).where(console_sessions.c.token_hash == digest).values(last_seen_at=now)
                )
        return Session(token, row.csrf, _user(row), row.seen, row.high_seen)

    def end(self, token: str, why: str = "logout") -> None:
        digest = _sha(token)
        with self._tx() as conn:
            row = conn.execute(
                select(console_sessions.c.user_name).where(
                    console_sessions.c.token_hash == digest, console_sessions.c.ended_at.is_(None)
                )
            ).first()
            if row is None:
                return
            conn.execute(
                update(console_sessions).where(console_sessions.c.token_hash == digest).values(ended_at=now_iso())
            )
        self.store.audit_event("logout", f"user:{row.user_name}", None, row.user_name, {"why": why})

    def saw_case(self, session: Session, high: bool, platform: str, subject: str) -> Session:
        """Count a case in the session's wellness figures and audit the view, in one transaction
        (one commit per case view). Returns the session with its new counts."""
        values: dict[str, Any] = {"seen": console_sessions.c.seen + 1}
        if high:
            values["high_seen"] = console_sessions.c.high_seen + 1
        with self._tx() as conn:
            digest = _sha(session.token)
            conn.execute(update(console_sessions).where(console_sessions.c.token_hash == digest).values(**values))
            audit.append(conn, now_iso(), "case.viewed", f"user:{session.user.name}", platform, subject)
        return replace(session, seen=session.seen + 1, high_seen=session.high_seen + int(high))

    def took_break(self, token: str) -> None:
        with self._tx() as conn:
            conn.execute(
                update(console_sessions).where(console_sessions.c.token_hash == _sha(token)).values(high_seen=0)
            )


def _user(row) -> User:
    return User(row.name, row.role, tuple(row.platforms.split(",")), row.blur, row.break_after)


class _Tx:
    """A write transaction under the store's process-wide write lock (SQLite takes one writer);
    the store's own, so the cached audit head and the checkpointer stay right."""

    def __init__(self, store: Store):
        self._cm = store._transaction()

    def __enter__(self) -> sa.Connection:
        return self._cm.__enter__()

    def __exit__(self, *exc) -> None:
        self._cm.__exit__(*exc)
