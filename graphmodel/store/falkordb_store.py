"""The embedded store: FalkorDB over its unix socket, through the ``falkordb`` client."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graphmodel.errors import QueryError, StoreUnavailableError
from graphmodel.schema import LABELS
from graphmodel.store.base import GraphStore, Row
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.values import plain

__all__ = ["FalkorDBStore"]


class FalkorDBStore(GraphStore):
    kind = "falkordb"

    def __init__(
        self,
        data_dir: Path,
        graph: str = "supplynet",
        *,
        autostart: bool = True,
        batch_size: int = 20_000,
    ) -> None:
        from falkordb import FalkorDB

        self.server = EmbeddedServer(data_dir)
        status = self.server.start() if autostart else self.server.status()
        if not status.running:
            raise StoreUnavailableError(
                "The embedded store is not running; start it with `supplynet db start`"
            )
        self.graph_name = graph
        self.default_batch_size = batch_size
        self._db = FalkorDB(unix_socket_path=str(status.socket))
        self._graph = self._db.select_graph(graph)

    def _call(self, fn: Any, text: str, params: dict[str, Any], **kw: Any) -> list[Row]:
        try:
            res = fn(text, params or None, **kw)
        except ConnectionError as exc:
            raise StoreUnavailableError(f"Lost the embedded store: {exc}") from exc
        except Exception as exc:
            msg = str(exc)
            if "empty key" in msg or "Invalid graph operation on empty key" in msg:
                return []
            raise QueryError(f"The store refused the statement: {msg}") from exc
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        return [dict(zip(header, (plain(v) for v in row), strict=False)) for row in res.result_set]

    def _read(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._call(self._graph.ro_query, text, params)

    def _write(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._call(self._graph.query, text, params)

    def run_read_only(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        row_cap: int,
    ) -> tuple[list[Row], bool]:
        # GRAPH.RO_QUERY refuses any write in the engine itself.
        rows = self._call(self._graph.ro_query, text, dict(params or {}), timeout=timeout_ms)
        return rows[:row_cap], len(rows) > row_cap

    def ensure_schema(self) -> None:
        for text in self.statement("schema").statements:
            try:
                self._graph.query(text)
            except Exception as exc:
                if "already indexed" not in str(exc):
                    raise QueryError(f"Schema statement failed: {exc}") from exc
        # FalkorDB's unique constraints are a server command, not Cypher.
        existing = {
            (c["label"], tuple(c["properties"]))
            for c in self._graph.list_constraints()
            if c.get("type") == "UNIQUE"
        }
        for label in LABELS:
            if (label, ("id",)) not in existing:
                self._graph.create_node_unique_constraint(label, "id")

    def drop(self) -> None:
        """Delete the whole graph, saved scenarios included (tests, uninstall)."""
        try:
            self._graph.delete()
        except Exception as exc:
            if "empty key" not in str(exc) and "Invalid graph" not in str(exc):
                raise StoreUnavailableError(f"Could not clear the graph: {exc}") from exc
        self._graph = self._db.select_graph(self.graph_name)

    def ping(self) -> bool:
        try:
            return bool(self._db.connection.ping())
        except Exception:
            return False

    def close(self) -> None:
        # Closing a socket the server already dropped may raise; nothing to do then.
        with contextlib.suppress(Exception):
            self._db.connection.close()
