"""The production store: Neo4j 5 through the official ``neo4j`` Python driver.

Named reads go through ``driver.execute_query`` with read routing; writes,
including the batched ``UNWIND $rows`` loads of :meth:`GraphStore.write_batch`,
go through managed write transactions (``session.execute_write``), which the
driver retries on transient failures.

Read-only enforcement for user-supplied Cypher (:meth:`Neo4jStore.run_read_only`)
has three layers, all on the server side of the wire:

1. The transaction is opened in READ access mode. Neo4j 5 refuses a write in
   such a transaction with ``Neo.ClientError.Statement.AccessMode`` ("Writing in
   read access mode not allowed"), on a cluster and, through its query router,
   on a single instance too (Neo4j's own ``QueryResourceConfigIT`` asserts it).
2. Before running the statement, ``EXPLAIN`` of it is run in that transaction:
   Neo4j plans the statement without executing it and reports its query type.
   Anything but ``"r"`` (read only) is refused. Once per store, a probe
   (``EXPLAIN RETURN 1``) checks that the server really answers ``EXPLAIN`` with
   a plan and a query type; a server that does not (FalkorDB's Bolt bridge runs
   the statement instead, while calling itself Neo4j) never receives the user's
   text: we fail closed.
3. After the statement has run, the query type of its summary is checked
   again. The transaction is always rolled back, never committed.

None of this has run against a real Neo4j server here; see docs/stores.md
for what was verified against what.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import neo4j
from neo4j import GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ClientError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graphmodel.errors import QueryError, StoreError, StoreUnavailableError
from graphmodel.settings import Settings
from graphmodel.store.base import GraphStore, Row, StagedLoad
from graphmodel.store.values import neo4j_endpoint_ids, neo4j_value, plain, value_bytes

if TYPE_CHECKING:
    from graphmodel.store.neo4j_local import LocalNeo4jServer

__all__ = ["Neo4jStore", "local_server"]

_T = TypeVar("_T")

# Query types Neo4j reports in a result summary: r, rw, w, s (schema write).
_READ_ONLY = "r"


def _rows(records: list[neo4j.Record]) -> list[Row]:
    # Record.data() keeps the RETURN order of the columns; values are made plain.
    return [{k: plain(v) for k, v in record.data().items()} for record in records]


def local_server(settings: Settings) -> LocalNeo4jServer:
    """The managed local Neo4j server of the settings' data directory."""
    from graphmodel.store.neo4j_local import LocalNeo4jServer

    return LocalNeo4jServer(
        settings.data_dir, heap=settings.neo4j_heap, pagecache=settings.neo4j_pagecache
    )


class Neo4jStore(GraphStore):
    """A :class:`GraphStore` backed by a Neo4j 5 server over Bolt.

    Parameters
    ----------
    uri
        ``bolt://host:7687`` (one server) or ``neo4j://host:7687`` (routing).
    auth
        ``(user, password)``, or None for a server without authentication.
    database
        The database to use; None means the user's home database.
    batch_size
        Rows per ``UNWIND $rows`` transaction in :meth:`write_batch`.
    verify_read_only
        Check ad-hoc statements with ``EXPLAIN`` and the result's query type
        (layers 2 and 3 of the module docstring). Leave it True: only tests
        against a non-Neo4j Bolt server turn it off.
    max_retry_time
        Seconds the driver keeps retrying a managed transaction that failed
        transiently (including "server unreachable") before giving up.
    connection_timeout, acquisition_timeout
        Seconds to open a TCP connection, and to obtain a ready connection
        (pool wait plus Bolt handshake).
    """

    kind = "neo4j"

    def __init__(
        self,
        uri: str,
        auth: tuple[str, str] | None = None,
        database: str | None = None,
        *,
        batch_size: int = 20_000,
        verify_read_only: bool = True,
        max_retry_time: float = 15.0,
        connection_timeout: float = 10.0,
        acquisition_timeout: float = 60.0,
    ) -> None:
        self.uri = uri
        self.database = database
        self.default_batch_size = batch_size
        self.verify_read_only = verify_read_only
        self._explain_ok: bool | None = None
        try:
            self._driver = GraphDatabase.driver(
                uri,
                auth=auth,
                max_transaction_retry_time=max_retry_time,
                connection_timeout=connection_timeout,
                connection_acquisition_timeout=acquisition_timeout,
                # The driver logs every server notification ("label does not
                # exist" on an empty graph) as a WARNING, which reaches the CLI's
                # stderr as a raw record; nothing here acts on them.
                notifications_min_severity="OFF",
            )
        except (DriverError, ValueError) as exc:
            raise StoreUnavailableError(f"Cannot use the Neo4j address {uri!r}: {exc}") from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        """Build the store from ``SUPPLYNET_NEO4J_*`` settings."""
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        auth = (settings.neo4j_user, password) if password else None
        return cls(
            settings.neo4j_uri,
            auth,
            settings.neo4j_database,
            batch_size=settings.batch_size,
        )

    @classmethod
    def from_local(cls, settings: Settings, *, autostart: bool = True) -> Neo4jStore:
        """Connect to the managed local Neo4j of the data directory, starting it if needed."""
        server = local_server(settings)
        status = server.start() if autostart else server.status()
        if not status.running:
            raise StoreUnavailableError(
                "The local Neo4j store is not running; start it with `supplynet db start`"
            )
        return cls(status.uri, server.auth(), None, batch_size=settings.batch_size)

    def _guard(self, work: Callable[[], _T]) -> _T:
        """Run ``work``, turning driver errors into supplynet errors."""
        try:
            return work()
        except AuthError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self.uri} refused the credentials: {exc.message}"
            ) from exc
        except ClientError as exc:
            if exc.code and exc.code.startswith("Neo.ClientError.Transaction.TransactionTimedOut"):
                raise QueryError(
                    "The statement timed out: Neo4j stopped it at the time limit"
                ) from exc
            raise QueryError(f"Neo4j refused the statement: {exc.message}") from exc
        except Neo4jError as exc:
            if exc.code and exc.code.endswith("MemoryPoolOutOfMemoryError"):
                # A load and an analysis write-back are each one transaction (all or
                # nothing), so their size is bounded by the server's transaction
                # memory: measured, a 100,000-node write-back needs more than the
                # 1.4 GiB a 2 GB heap allows.
                raise StoreError(
                    "Neo4j ran out of transaction memory, so nothing was written (a load "
                    "and an analysis write-back are each one transaction). Give Neo4j "
                    "more heap: SUPPLYNET_NEO4J_HEAP for the store supplynet runs (for "
                    "example 4g), or db.memory.transaction.total.max on your own server. "
                    f"Neo4j said: {exc.message}"
                ) from exc
            raise StoreError(f"Neo4j failed to run the statement: {exc.message}") from exc
        except (ServiceUnavailable, SessionExpired) as exc:
            raise StoreUnavailableError(f"Neo4j at {self.uri} is unavailable: {exc}") from exc
        except DriverError as exc:
            raise StoreError(f"The Neo4j driver failed: {exc}") from exc

    def _read(self, text: str, params: dict[str, Any]) -> list[Row]:
        def work() -> list[Row]:
            result = self._driver.execute_query(
                text, params, routing_=RoutingControl.READ, database_=self.database
            )
            return _rows(result.records)

        return self._guard(work)

    def _write(self, text: str, params: dict[str, Any]) -> list[Row]:
        def tx_work(tx: neo4j.ManagedTransaction) -> list[Row]:
            return _rows(list(tx.run(text, params)))

        def work() -> list[Row]:
            with self._driver.session(database=self.database) as session:
                return session.execute_write(tx_work)

        return self._guard(work)

    def _write_autocommit(self, text: str, params: dict[str, Any]) -> list[Row]:
        # `CALL { ... } IN TRANSACTIONS` commits batch by batch, which Neo4j
        # allows only in an implicit transaction, never inside a managed one.
        def work() -> list[Row]:
            with self._driver.session(database=self.database) as session:
                return _rows(list(session.run(text, params)))

        return self._guard(work)

    # ------------------------------------------------------------ loads

    def begin_load(self, *, replace: bool, wait_seconds: float = 0.0) -> StagedLoad:
        """A load as one write transaction; see :class:`_Neo4jStagedLoad`."""
        return _Neo4jStagedLoad(self, replace=replace, wait_seconds=wait_seconds)

    def generation(self) -> str | None:
        rows = self.query("load_generation")
        return str(rows[0]["generation"]) if rows and rows[0]["generation"] else None

    def run_read_only(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None = None,
    ) -> tuple[list[Row], bool]:
        """Run user-supplied Cypher in a READ transaction; see the module docstring.

        Records are pulled as they stream (the driver fetches them in batches),
        and pulling stops at ``row_cap`` rows or once the values read pass
        ``byte_cap`` bytes; the server discards the rest. The transaction never
        commits: it is rolled back once the rows are read.
        """
        args = dict(params or {})
        if self.verify_read_only:
            self._require_explain_support()

        def work() -> tuple[list[Row], bool]:
            with (
                self._driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session,
                session.begin_transaction(
                    timeout=timeout_ms / 1000, metadata={"app": "supplynet", "kind": "ad-hoc"}
                ) as tx,
            ):
                if self.verify_read_only:
                    plan = tx.run("EXPLAIN " + text, args).consume()
                    self._require_read_only(plan.query_type, "before it ran")
                result = tx.run(text, args)
                records: list[neo4j.Record] = []
                budget = byte_cap if byte_cap is not None else -1
                cut = False
                for record in result:
                    if len(records) >= row_cap:
                        cut = True
                        break
                    if budget >= 0:
                        budget -= value_bytes(record.values())
                        if budget < 0:
                            cut = True
                            break
                    records.append(record)
                summary = result.consume()
                if self.verify_read_only:
                    self._require_read_only(summary.query_type, "after it ran")
                # A relationship returned without its nodes: name its endpoints by
                # their id properties, read in the same transaction.
                wanted = neo4j_endpoint_ids(v for r in records for v in r.values())
                ids: dict[str, Any] = {}
                if wanted:
                    lookup = self.statement("store_node_ids").statements[0]
                    for r in tx.run(lookup, {"ids": sorted(wanted)}):
                        ids[r["e"]] = r["id"]
                # Nothing to keep: a read-only transaction is rolled back.
                tx.rollback()
            # Nodes, relationships and paths in the form both stores share.
            rows = [
                {k: neo4j_value(v, ids) for k, v in zip(r.keys(), r.values(), strict=True)}
                for r in records
            ]
            return rows, cut

        return self._guard(work)

    def _require_explain_support(self) -> None:
        """Refuse ad-hoc Cypher unless the server plans ``EXPLAIN`` without running it.

        Neo4j answers ``EXPLAIN`` with a plan and a query type. A server that
        answers with neither may be executing the statement instead (FalkorDB's
        Bolt bridge does), so the user's text is never sent to it.
        """
        if self._explain_ok is None:

            def probe() -> bool:
                with self._driver.session(
                    database=self.database, default_access_mode=neo4j.READ_ACCESS
                ) as session:
                    summary = session.run("EXPLAIN RETURN 1 AS one").consume()
                return summary.plan is not None and summary.query_type == _READ_ONLY

            self._explain_ok = self._guard(probe)
        if not self._explain_ok:
            raise QueryError(
                "This server does not plan statements with EXPLAIN as Neo4j does, so "
                "ad-hoc Cypher cannot be proven read-only and was refused"
            )

    @staticmethod
    def _require_read_only(query_type: str | None, when: str) -> None:
        if query_type != _READ_ONLY:
            raise QueryError(
                "Only read-only statements are allowed here; the server classified this one "
                f"as {query_type or 'unknown'!r} {when}, and its transaction was rolled back"
            )

    def ping(self) -> bool:
        """True when the server answers a connectivity check."""
        try:
            self._driver.verify_connectivity()
        except (DriverError, Neo4jError, OSError):
            return False
        return True

    def close(self) -> None:
        self._driver.close()


class _Neo4jTransactionStore(Neo4jStore):
    """The store as seen from inside one open transaction (a staged load's writes)."""

    def __init__(self, parent: Neo4jStore, tx: neo4j.Transaction) -> None:
        # Shares the parent's driver; nothing of its own to close.
        self.__dict__.update(parent.__dict__)
        self._parent = parent
        self._tx = tx

    def _run(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._guard(lambda: _rows(list(self._tx.run(text, params))))

    def _read(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._run(text, params)

    def _write(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._run(text, params)

    def _write_autocommit(self, text: str, params: dict[str, Any]) -> list[Row]:
        raise QueryError("A statement that commits in batches cannot run inside a load")

    def ensure_schema(self) -> None:
        # Neo4j refuses schema changes in a transaction that writes data: the
        # schema is made (idempotently) in a transaction of its own.
        self._parent.ensure_schema()

    def begin_load(self, *, replace: bool, wait_seconds: float = 0.0) -> StagedLoad:
        raise QueryError("A load is already in progress in this transaction")

    def close(self) -> None:
        return None


class _Neo4jStagedLoad(StagedLoad):
    """A Neo4j load: every write in one explicit transaction, committed at the end.

    Neo4j Community has one user database, so there is no second graph to
    build and swap in; the transaction is the staging area. Readers run at
    read-committed isolation and so see the old graph until the commit and
    the new one after it. A failed load, a killed loader (the server rolls
    back the transaction of a dropped connection) or a killed server (an
    uncommitted transaction is not in the transaction log) leaves the graph as
    it was. The first statement takes the write lock of one meta node, so a
    second load waits for the first to end; ``wait_seconds`` bounds that wait.
    The transaction's state lives in the server's heap: the heap must hold
    the largest load (docs/stores.md).
    """

    def __init__(self, parent: Neo4jStore, *, replace: bool, wait_seconds: float) -> None:
        from graphmodel.errors import LoadInProgressError

        self.parent = parent
        token = uuid.uuid4().hex
        parent.ensure_schema()
        self._session = parent._driver.session(database=parent.database)
        try:
            self._probe_lock(wait_seconds, token)
            self._tx = self._session.begin_transaction(
                metadata={"app": "supplynet", "kind": "load"}
            )
            self.store = _Neo4jTransactionStore(parent, self._tx)
            self.store.query("load_lock", {"token": token})
            if replace:
                self.store.query("clear_graph")
        except LoadInProgressError:
            self._session.close()
            raise
        except BaseException:
            self._session.close()
            raise
        self._done = False

    def _probe_lock(self, wait_seconds: float, token: str) -> None:
        """Refuse, after ``wait_seconds``, while another supplynet load is running.

        Neo4j lists running transactions with their metadata, so "another load
        holds the lock" is known for certain, not guessed from a timeout (a slow
        first statement on a cold server is not another load). Two loads that
        pass this check at the same moment still run one after the other: the
        lock node serialises them.
        """
        from graphmodel.errors import LoadInProgressError

        deadline = time.monotonic() + wait_seconds
        while True:
            rows = self.parent.query("load_running")
            if not rows or int(rows[0]["running"]) == 0:
                return
            if time.monotonic() >= deadline:
                raise LoadInProgressError(
                    "Another load into this graph is running (Neo4j); wait for it to "
                    "finish, then try again."
                )
            time.sleep(0.2)

    def commit(self) -> str:
        if self._done:
            raise RuntimeError("this staged load is already finished")
        self._done = True
        generation = uuid.uuid4().hex
        try:
            self.store.query("load_generation_set", {"generation": generation})
            self.parent._guard(self._tx.commit)
        finally:
            self._session.close()
        return generation

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            with contextlib.suppress(DriverError, Neo4jError):
                self._tx.rollback()
        finally:
            self._session.close()
