"""Small SQLite helpers shared by the key ring and the audit log.

Both live in SQLite files under ``settings.data_dir / "api"`` so they work the
same whichever graph store is in use. A connection per operation keeps the
code thread-safe (FastAPI runs sync routes in a thread pool) and lets the CLI
and a running server share the files; WAL mode lets readers and one writer
proceed together.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graphmodel.workspace.state import utc_now

__all__ = ["api_dir", "connect", "utc_now"]


def api_dir(data_dir: Path) -> Path:
    """The folder holding the API's own files (keys, audit log, analysis results)."""
    path = Path(data_dir) / "api"
    path.mkdir(parents=True, exist_ok=True)
    return path


@contextmanager
def connect(path: Path, schema: str) -> Iterator[sqlite3.Connection]:
    """Open ``path``, make sure ``schema`` exists, commit on success and close."""
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(schema)
        conn.execute("BEGIN")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    finally:
        conn.close()
