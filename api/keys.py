"""API keys: created with a role, shown once, stored only as a SHA-256 hash.

A secret is ``sn_`` followed by 32 random bytes in URL-safe base64. The server
finds a key by the hash of the presented secret (an indexed equality lookup on
a digest, so response time does not depend on how much of a secret matches),
and treats unknown and revoked keys alike.

Roles are ordered: ``viewer`` < ``analyst`` < ``editor`` < ``admin``; each
role may do everything the roles before it may.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Final

from api.db import api_dir, connect, utc_now
from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.settings import Settings

__all__ = [
    "KEY_PREFIX",
    "KeyRing",
    "Principal",
    "Role",
    "create_key",
    "hash_secret",
    "list_keys",
    "revoke_key",
]

KEY_PREFIX: Final = "sn_"

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""


class Role(StrEnum):
    """What a key may do; later roles include earlier ones."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may.

        Examples
        --------
        >>> Role.EDITOR.allows(Role.ANALYST), Role.VIEWER.allows(Role.ANALYST)
        (True, False)
        """
        return self.rank >= needed.rank


_RANK: Final = {r: i for i, r in enumerate(Role)}


@dataclass(frozen=True)
class Principal:
    """The holder of a valid key, as seen by a request."""

    key_id: str
    role: Role
    note: str = ""


def hash_secret(secret: str) -> str:
    """The stored form of a secret: its SHA-256 hex digest.

    Examples
    --------
    >>> len(hash_secret("sn_x"))
    64
    """
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class KeyRing:
    """The key table in ``data_dir/api/keys.sqlite3``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = api_dir(data_dir) / "keys.sqlite3"
        with connect(self.path, _SCHEMA):
            pass
        # One reader connection per thread: authentication runs on every request,
        # and opening a connection costs more than the lookup itself.
        self._local = threading.local()

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10.0, isolation_level=None)
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    def create(self, role: str, note: str = "") -> tuple[str, str]:
        """Create a key; return ``(key_id, secret)``. The secret is not stored."""
        try:
            parsed = Role(role)
        except ValueError:
            raise SupplynetError(
                f"Unknown role {role!r}; use one of {', '.join(r.value for r in Role)}"
            ) from None
        key_id = "k_" + secrets.token_hex(6)
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        with connect(self.path, _SCHEMA) as conn:
            conn.execute(
                "INSERT INTO api_keys (id, hash, role, note, created_at) VALUES (?, ?, ?, ?, ?)",
                (key_id, hash_secret(secret), parsed.value, note, utc_now()),
            )
        return key_id, secret

    def revoke(self, key_id: str) -> dict[str, Any]:
        """Revoke a key (idempotent); raise NotFoundError for an unknown id."""
        with connect(self.path, _SCHEMA) as conn:
            conn.execute(
                "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                (utc_now(), key_id),
            )
            row = conn.execute(
                "SELECT id, role, note, created_at, revoked_at FROM api_keys WHERE id = ?",
                (key_id,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"No API key with id {key_id!r}")
        return dict(row)

    def get(self, key_id: str) -> dict[str, Any]:
        """One key's public record; raise NotFoundError for an unknown id."""
        with connect(self.path, _SCHEMA) as conn:
            row = conn.execute(
                "SELECT id, role, note, created_at, revoked_at FROM api_keys WHERE id = ?",
                (key_id,),
            ).fetchone()
        if row is None:
            raise NotFoundError(f"No API key with id {key_id!r}")
        return dict(row)

    def list(self) -> list[dict[str, Any]]:
        """Every key's public record (never a secret or hash), oldest first."""
        with connect(self.path, _SCHEMA) as conn:
            rows = conn.execute(
                "SELECT id, role, note, created_at, revoked_at FROM api_keys "
                "ORDER BY created_at, id"
            ).fetchall()
        return [dict(r) for r in rows]

    def authenticate(self, secret: str) -> Principal | None:
        """The principal of a valid, unrevoked key, else None."""
        if not secret.startswith(KEY_PREFIX) or len(secret) > 200:
            return None
        digest = hash_secret(secret)
        # Autocommit mode: each SELECT sees every committed revocation.
        row = (
            self._reader()
            .execute(
                "SELECT id, hash, role, note FROM api_keys WHERE hash = ? AND revoked_at IS NULL",
                (digest,),
            )
            .fetchone()
        )
        if row is None or not hmac.compare_digest(row["hash"], digest):
            return None
        return Principal(row["id"], Role(row["role"]), row["note"])


def create_key(settings: Settings, role: str, note: str = "") -> tuple[str, str]:
    """Create a key for the CLI; returns ``(key_id, secret)``; audited as ``cli``."""
    from api.audit import AuditLog

    key_id, secret = KeyRing(settings.data_dir).create(role, note)
    AuditLog(settings.data_dir).record(
        "cli", "key.create", key_id, "ok", {"role": role, "note": note}
    )
    return key_id, secret


def revoke_key(settings: Settings, key_id: str) -> None:
    """Revoke a key for the CLI; raises NotFoundError for an unknown id."""
    from api.audit import AuditLog

    audit = AuditLog(settings.data_dir)
    try:
        KeyRing(settings.data_dir).revoke(key_id)
    except NotFoundError:
        audit.record("cli", "key.revoke", key_id, "not-found")
        raise
    audit.record("cli", "key.revoke", key_id, "ok")


def list_keys(settings: Settings) -> list[dict[str, Any]]:
    """Every key's public record for the CLI: id, role, note, created_at, revoked_at."""
    return KeyRing(settings.data_dir).list()
