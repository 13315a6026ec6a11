"""The one small interface every store implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from graphmodel.cypher import Query, StoreKind, get_query

__all__ = ["GraphStore", "Row", "StagedLoad"]

Row = dict[str, Any]
_T = TypeVar("_T")


class GraphStore(ABC):
    """Run named statements from ``cypher/``, write batches, ensure the schema.

    The rest of supplynet talks to a store only through this class, so it does
    not know whether Neo4j or the embedded FalkorDB is behind it.
    """

    kind: StoreKind

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after every write through supplynet (see :meth:`mark_changed`)."""
        self.__dict__.setdefault("_change_listeners", []).append(listener)

    def mark_changed(self) -> None:
        """Tell the listeners the graph changed: what writes the graph calls this itself
        (a load, the analysis write-back, a match decision), never its caller.
        :func:`graphmodel.store.open_store` registers the data directory's
        :meth:`graphmodel.workspace.Workspace.mark_changed`."""
        for listener in self.__dict__.get("_change_listeners", ()):
            listener()

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
        """Empty the supply network (saved scenarios are kept), atomically.

        A replace by an empty graph: never a node-by-node delete on the live
        graph (see docs/stores.md, "Loads are all or nothing").
        """
        with self.staged_load(replace=True):
            pass

    @contextmanager
    def staged_load(self, *, replace: bool, wait_seconds: float = 0.0) -> Iterator[GraphStore]:
        """Write a load into a staged graph; it becomes the live graph on success only.

        Yields the store to write to. When the block returns, the staged graph
        replaces the live one in one atomic step; when it raises (or the process
        dies), the live graph is exactly as it was.

        Examples
        --------
        ``with store.staged_load(replace=True) as target: load rows into target``
        """
        staged = self.begin_load(replace=replace, wait_seconds=wait_seconds)
        try:
            yield staged.store
        except BaseException:
            staged.abort()
            raise
        staged.commit()

    @contextmanager
    def live_write(self, wait_seconds: float = 30.0) -> Iterator[None]:
        """Hold off staged loads while the block writes straight to the live graph.

        A staged load that copies the live graph (a merge load, the analysis
        write-back) replaces it at its commit, so a write made to the live graph
        meanwhile (a saved scenario or plan, a match decision) would be dropped.
        Stores whose staged loads are not copies (Neo4j: one transaction) need
        nothing here; the embedded store takes the load lock, waiting up to
        ``wait_seconds`` (:class:`graphmodel.errors.LoadInProgressError` after that).
        """
        yield

    @contextmanager
    def derived_write(self, wait_seconds: float = 60.0) -> Iterator[GraphStore]:
        """Write results derived from the live graph (the analysis write-back).

        Yields the store to write to, exclusive with loads (a load cannot commit
        while the block runs, and the block waits up to ``wait_seconds`` for a
        load in progress). Here, as a staged load that merges (``replace=False``):
        readers see the old results until the block returns, and a failure leaves
        them as they were. Neo4j keeps this (the staging is one transaction); the
        embedded store overrides it (see :meth:`FalkorDBStore.derived_write`).
        """
        with self.staged_load(replace=False, wait_seconds=wait_seconds) as target:
            yield target

    @abstractmethod
    def begin_load(self, *, replace: bool, wait_seconds: float = 0.0) -> StagedLoad:
        """Start a staged load (see :class:`StagedLoad` and docs/stores.md).

        Raises :class:`graphmodel.errors.LoadInProgressError` when another load
        into the same graph holds the load lock for longer than ``wait_seconds``.
        """

    def read_consistent(self, read: Callable[[], _T], attempts: int = 5) -> _T:
        """Run ``read`` (several statements) so that all of it sees one graph generation.

        A load that commits while ``read`` runs would give it part old, part new
        rows; then ``read`` runs again (up to ``attempts`` times).
        """
        for _ in range(attempts - 1):
            try:
                before = self.generation()
            except NotImplementedError:  # a store without generations yet
                break
            value = read()
            if self.generation() == before:
                return value
        return read()

    @abstractmethod
    def generation(self) -> str | None:
        """An opaque token of the live graph that changes exactly when a staged load
        commits (on Neo4j the analysis write-back is one, see :meth:`derived_write`).

        None when no staged load ever committed. Readers that assemble one view
        from several statements read it before and after, and retry on a change.
        """

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
        byte_cap: int | None = None,
    ) -> tuple[list[Row], bool]:
        """Run user-supplied Cypher with read-only enforced by the database itself.

        Rows are read as they stream from the engine, and reading stops at
        ``row_cap`` rows or once their values pass ``byte_cap`` bytes; the rest
        is never transferred. Returns the rows and whether more were cut off.
        """

    @abstractmethod
    def ping(self) -> bool: ...

    @abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StagedLoad(ABC):
    """One load in progress: writes go to :attr:`store`, invisible to readers until
    :meth:`commit`.

    The contract every store implements (docs/stores.md):

    - Only one staged load per graph at a time, across processes (a lock that a
      dead process releases).
    - ``store`` reads and writes the staged graph: for a merge, a copy of the live
      graph; for a replace, an empty graph holding only the saved scenarios.
    - Until ``commit`` returns, readers of the live graph see it unchanged.
    - ``commit`` makes the staged graph live in one atomic, durable step and
      changes :meth:`GraphStore.generation`; after a crash at any point the live
      graph is the old one or the new one, never a mix.
    - ``abort`` (or the death of the loading process) discards the staged graph.
    """

    store: GraphStore

    @abstractmethod
    def commit(self) -> str:
        """Make the staged graph live; returns the new generation."""

    @abstractmethod
    def abort(self) -> None:
        """Discard the staged graph; the live graph is untouched."""


def iter_chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]
