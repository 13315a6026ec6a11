"""The audit log: who did what, when, and how it ended, for every write.

Rows live in ``data_dir/api/audit.sqlite3`` and are never updated or deleted
by supplynet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from api.db import api_dir, connect, utc_now

__all__ = ["AuditLog"]

_SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
"""


class AuditLog:
    """Append-only audit records in SQLite."""

    def __init__(self, data_dir: Path) -> None:
        self.path = api_dir(data_dir) / "audit.sqlite3"
        with connect(self.path, _SCHEMA):
            pass

    def record(
        self,
        actor: str,
        action: str,
        target: str,
        outcome: str,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append one record; ``actor`` is a key id or ``cli``."""
        with connect(self.path, _SCHEMA) as conn:
            conn.execute(
                "INSERT INTO audit (at, actor, action, target, outcome, detail) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (utc_now(), actor, action, target, outcome, json.dumps(detail or {}, default=str)),
            )

    def page(
        self, *, limit: int, offset: int, action: str | None = None
    ) -> tuple[int, list[dict[str, Any]]]:
        """Newest first: ``(total, rows)``."""
        where, args = ("WHERE action = ?", [action]) if action else ("", [])
        with connect(self.path, _SCHEMA) as conn:
            total = conn.execute(f"SELECT count(*) FROM audit {where}", args).fetchone()[0]
            rows = conn.execute(
                f"SELECT seq, at, actor, action, target, outcome, detail FROM audit {where} "
                "ORDER BY seq DESC LIMIT ? OFFSET ?",
                [*args, limit, offset],
            ).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["detail"] = json.loads(d["detail"])
            out.append(d)
        return int(total), out
