"""The one small interface every store implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from graphmodel.cypher import Query, StoreKind, get_query

__all__ = ["GraphStore", "Row"]

Row = dict[str, Any]


class GraphStore(ABC):
    """Run named statements from ``cypher/``, write batches, ensure the schema.

    The rest of supplynet talks to a store only through this class, so it does
    not know whether Neo4j or the embedded FalkorDB is behind it.
    """

    kind: StoreKind

    def statement(self, name: str) -> Query:
        return get_query(name, self.kind)

    def query(self, name: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        """Run the named statement; writes go through a write transaction."""
        q = self.statement(name)
        rows: list[Row] = []
        for text in q.statements:
            if q.mode == "autocommit":
                rows = self._write_autocommit(text, dict(params or {}))
            elif q.mode == "write":
                rows = self._write(text, dict(params or {}))
            else:
                rows = self._read(text, dict(params or {}))
        return rows

    def write_batch(
        self,
        name: str,
        rows: Sequence[Any],
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
        **params: Any,
    ) -> int:
        """Run the named ``UNWIND $rows`` statement over ``rows`` in batches.

        Rows are passed as they are: maps, or lists where a statement reads
        ``r[0], r[1], ...`` (lists are cheaper for both stores to send and parse).
        """
        q = self.statement(name)
        size = batch_size or self.default_batch_size
        done = 0
        for start in range(0, len(rows), size):
            chunk = list(rows[start : start + size])
            for text in q.statements:
                self._write(text, {**params, "rows": chunk})
            done += len(chunk)
            if progress:
                progress(len(chunk))
        return done

    def ensure_schema(self) -> None:
        """Create the uniqueness constraints and lookup indexes (idempotent)."""
        self.query("schema")

    def clear(self) -> None:
        """Delete every node and relationship of the graph."""
        self.query("clear_graph")

    def drop(self) -> None:
        """Delete the whole graph, saved scenarios included (tests, uninstall)."""
        self.query("drop_graph")

    default_batch_size: int = 20_000

    def _write_autocommit(self, text: str, params: dict[str, Any]) -> list[Row]:
        """A write the engine runs as its own implicit transaction(s)."""
        return self._write(text, params)

    @abstractmethod
    def _read(self, text: str, params: dict[str, Any]) -> list[Row]: ...

    @abstractmethod
    def _write(self, text: str, params: dict[str, Any]) -> list[Row]: ...

    @abstractmethod
    def run_read_only(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        row_cap: int,
    ) -> tuple[list[Row], bool]:
        """Run user-supplied Cypher with read-only enforced by the database itself.

        Returns the rows (at most ``row_cap``) and whether more were cut off.
        """

    @abstractmethod
    def ping(self) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def iter_chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
