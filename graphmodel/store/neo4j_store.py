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

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

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
from graphmodel.store.base import GraphStore, Row
from graphmodel.store.values import neo4j_value

__all__ = ["Neo4jStore"]

_T = TypeVar("_T")

# Query types Neo4j reports in a result summary: r, rw, w, s (schema write).
_READ_ONLY = "r"


def _plain(value: Any) -> Any:
    """Turn driver values into plain JSON-able values.

    ``Record.data()`` already turns nodes and relationships into property maps;
    temporal values become ISO 8601 strings.

    Examples
    --------
    >>> _plain({"a": [1, (2, 3)], "b": None})
    {'a': [1, [2, 3]], 'b': None}
    """
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return value


def _rows(records: list[neo4j.Record]) -> list[Row]:
    return [_plain(record.data()) for record in records]


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

    def _guard(self, work: Callable[[], _T]) -> _T:
        """Run ``work``, turning driver errors into supplynet errors."""
        try:
            return work()
        except AuthError as exc:
            raise StoreUnavailableError(
                f"Neo4j at {self.uri} refused the credentials: {exc.message}"
            ) from exc
        except ClientError as exc:
            raise QueryError(f"Neo4j refused the statement: {exc.message}") from exc
        except Neo4jError as exc:
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

    def run_read_only(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        row_cap: int,
    ) -> tuple[list[Row], bool]:
        """Run user-supplied Cypher in a READ transaction; see the module docstring.

        Returns at most ``row_cap`` rows and whether more were cut off. The
        transaction never commits: it is rolled back once the rows are read.
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
                records = result.fetch(row_cap + 1)
                summary = result.consume()
                if self.verify_read_only:
                    self._require_read_only(summary.query_type, "after it ran")
                # Nothing to keep: a read-only transaction is rolled back.
                tx.rollback()
            # Nodes, relationships and paths in the form both stores share.
            rows = [
                {k: neo4j_value(v) for k, v in zip(r.keys(), r.values(), strict=True)}
                for r in records
            ]
            return rows[:row_cap], len(rows) > row_cap

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
