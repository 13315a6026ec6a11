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
from graphmodel.store.values import falkordb_node_ids, falkordb_value

__all__ = ["FalkorDBStore"]


def _plain(value: Any) -> Any:
    """Turn client result objects into plain JSON-able values."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "properties") and hasattr(value, "id"):
        # A node or relationship object: return its properties, as Neo4j's
        # driver would for `n {.*}`; named statements never return these.
        return {str(k): _plain(v) for k, v in value.properties.items()}
    return value


class FalkorDBStore(GraphStore):
    kind = "falkordb"

    def __init__(
        self,
        data_dir: Path,
        graph: str = "supplynet",
        *,
        autostart: bool = True,
        bolt_port: int | None = None,
        batch_size: int = 20_000,
    ) -> None:
        from falkordb import FalkorDB

        self.server = EmbeddedServer(data_dir, bolt_port=bolt_port)
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
        res = self._raw(fn, text, params, **kw)
        if res is None:
            return []
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        return [dict(zip(header, (_plain(v) for v in row), strict=False)) for row in res.result_set]

    def _raw(self, fn: Any, text: str, params: dict[str, Any], **kw: Any) -> Any:
        try:
            return fn(text, params or None, **kw)
        except ConnectionError as exc:
            raise StoreUnavailableError(f"Lost the embedded store: {exc}") from exc
        except Exception as exc:
            msg = str(exc)
            if "empty key" in msg or "Invalid graph operation on empty key" in msg:
                return None
            raise QueryError(f"The store refused the statement: {msg}") from exc

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
        res = self._raw(self._graph.ro_query, text, dict(params or {}), timeout=timeout_ms)
        if res is None:
            return [], False
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        raw = res.result_set[: row_cap + 1]
        # Nodes, relationships and paths in the form both stores share (graphmodel.store.values);
        # a relationship returned without its nodes names its endpoints by their id property.
        known, wanted = falkordb_node_ids(raw)
        if wanted:
            for r in self._call(self._graph.ro_query, *self._ids_query(sorted(wanted))):
                known[r["i"]] = r["id"]
        rows = [
            dict(zip(header, (falkordb_value(v, known) for v in row), strict=False)) for row in raw
        ]
        return rows[:row_cap], len(rows) > row_cap

    def _ids_query(self, ids: list[int]) -> tuple[str, dict[str, Any]]:
        return self.statement("store_node_ids").statements[0], {"ids": ids}

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
