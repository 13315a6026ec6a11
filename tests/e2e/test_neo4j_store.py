"""Neo4jStore against a real Neo4j 5 (the managed local server of the session).

Neo4j's own semantics are tested here, not assumed: READ access mode refuses
writes, ``EXPLAIN`` classifies every write form, the transaction timeout stops
a runaway query, uniqueness constraints refuse a duplicate id, and a failed
write transaction leaves nothing behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import ClientError

from graphmodel.cypher import Query
from graphmodel.errors import QueryError, StoreUnavailableError
from graphmodel.store.neo4j_local import LocalNeo4jServer, _free_port
from graphmodel.store.neo4j_store import Neo4jStore
from tests.conftest import neo4j_store

pytestmark = pytest.mark.e2e

#: The write forms the ad-hoc endpoint must refuse (the API suite sends the
#: same through HTTP, on both stores).
WRITE_FORMS = [
    "CREATE (:Item {id: 'evil', name: 'x', kind: 'material'})",
    "MERGE (:Item {id: 'evil'})",
    "MATCH (n:Item {id: 'P1'}) SET n.name = 'changed'",
    "MATCH (n:Item {id: 'P1'}) REMOVE n.name",
    "MATCH (n:Item {id: 'P1'}) DETACH DELETE n",
    "MATCH (n) DELETE n",
    "MATCH (n:Item {id: 'P1'}) SET n:Evil",
    "CREATE INDEX evil_index FOR (n:Item) ON (n.nsn)",
    "CREATE CONSTRAINT evil_constraint FOR (n:Item) REQUIRE n.nsn IS UNIQUE",
    "MATCH (n:Item {id: 'P1'}) WITH n CREATE (n)-[:NEEDS]->(:Item {id: 'evil2'})",
    "FOREACH (i IN [1] | CREATE (:Item {id: 'evil3'}))",
    "MATCH (n:Item {id: 'P1'}) CALL (n) { SET n.name = 'sub' } RETURN 1 AS x",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "CALL dbms.security.createUser('evil', 'evilpassword1', false)",
]

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


@pytest.fixture(scope="module")
def server(neo4j_server: LocalNeo4jServer) -> LocalNeo4jServer:
    return neo4j_server


@pytest.fixture
def neo(server: LocalNeo4jServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Neo4jStore]:
    s = neo4j_store(server)
    s.drop()
    s.ensure_schema()
    s._write("CREATE (:Item {id: 'P1', name: 'Platform', kind: 'platform'})", {})
    # The test-only statement, as if it were a file in cypher/.
    monkeypatch.setattr(
        s, "statement", lambda name: _LOAD if name == _LOAD.name else Neo4jStore.statement(s, name)
    )
    yield s
    s.drop()
    s.close()


def _items(s: Neo4jStore) -> list[str]:
    return [r["id"] for r in s._read("MATCH (n:Item) RETURN n.id AS id ORDER BY id", {})]


def test_server_is_neo4j_5_26(server: LocalNeo4jServer) -> None:
    st = server.status()
    with neo4j.GraphDatabase.driver(st.uri, auth=server.auth()) as driver:
        info = driver.get_server_info()
        assert info.agent.startswith("Neo4j/5.26.")
        records, _, _ = driver.execute_query(
            "CALL dbms.components() YIELD name, edition RETURN name, edition"
        )
    assert records[0]["edition"] == "community"


def test_server_notifications_are_not_logged(
    neo: Neo4jStore, caplog: pytest.LogCaptureFixture
) -> None:
    # On an empty graph Neo4j warns that the label does not exist; the driver
    # would log that as a WARNING, which the CLI prints raw on stderr.
    with caplog.at_level("INFO", logger="neo4j"):
        rows = neo._read("MATCH (n:NoSuchLabelHere) RETURN count(n) AS c", {})
    assert rows == [{"c": 0}]
    assert [r.getMessage() for r in caplog.records if "notification" in r.getMessage()] == []


def test_ping_and_parameters_round_trip(neo: Neo4jStore) -> None:
    assert neo.ping()
    rows = neo._read(
        "RETURN $s AS s, $i AS i, $f AS f, $b AS b, $xs AS xs, $m AS m, $n AS n",
        {"s": "ä", "i": 7, "f": 0.5, "b": True, "xs": [1, 2], "m": {"k": 1}, "n": None},
    )
    assert rows == [{"s": "ä", "i": 7, "f": 0.5, "b": True, "xs": [1, 2], "m": {"k": 1}, "n": None}]


def test_batched_write_then_named_read(neo: Neo4jStore, server: LocalNeo4jServer) -> None:
    rows = [{"id": f"i{n:04d}"} for n in range(2_500)]
    batches: list[int] = []
    done = neo.write_batch(_LOAD.name, rows, batch_size=1_000, progress=batches.append, kind="m")
    assert done == 2_500
    assert batches == [1_000, 1_000, 500]
    stats = neo.query("stats")
    assert {"what": "node", "name": "Item", "count": 2_501} in stats
    # Independently, through a driver of its own.
    with neo4j.GraphDatabase.driver(server.status().uri, auth=server.auth()) as driver:
        records, _, _ = driver.execute_query("MATCH (n:Item {kind: 'm'}) RETURN count(n) AS c")
    assert records[0]["c"] == 2_500


def test_read_access_mode_refuses_writes(server: LocalNeo4jServer, neo: Neo4jStore) -> None:
    with (
        neo4j.GraphDatabase.driver(server.status().uri, auth=server.auth()) as driver,
        driver.session(default_access_mode=neo4j.READ_ACCESS) as session,
        pytest.raises(ClientError) as info,
    ):
        session.execute_read(lambda tx: tx.run("CREATE (:Item {id: 'rw'})").consume())
    assert info.value.code == "Neo.ClientError.Statement.AccessMode"
    assert _items(neo) == ["P1"]


@pytest.mark.parametrize("statement", WRITE_FORMS)
def test_adhoc_write_forms_are_refused_and_change_nothing(neo: Neo4jStore, statement: str) -> None:
    before = neo.query("stats")
    with pytest.raises(QueryError):
        neo.run_read_only(statement, timeout_ms=5_000, row_cap=10)
    assert neo.query("stats") == before
    assert _items(neo) == ["P1"]
    names = neo._read("MATCH (n:Item {id: 'P1'}) RETURN n.name AS name, labels(n) AS l", {})
    assert names == [{"name": "Platform", "l": ["Item"]}]
    indexes = neo._read("SHOW INDEXES YIELD name WHERE name STARTS WITH 'evil' RETURN name", {})
    assert indexes == []


def test_explain_reports_write_query_types(neo: Neo4jStore) -> None:
    # The layer the ad-hoc check stands on: Neo4j plans without running.
    with neo._driver.session() as session:
        summary = session.run("EXPLAIN CREATE (:Item {id: 'x'})").consume()
        assert summary.query_type == "w" and summary.plan is not None
        summary = session.run("EXPLAIN MATCH (n) RETURN count(n) AS c").consume()
        assert summary.query_type == "r"
    assert _items(neo) == ["P1"]


def test_adhoc_read_row_cap_and_params(neo: Neo4jStore) -> None:
    rows, truncated = neo.run_read_only(
        "UNWIND range(1, $n) AS i RETURN i", {"n": 25}, timeout_ms=5_000, row_cap=10
    )
    assert rows == [{"i": i} for i in range(1, 11)]
    assert truncated
    rows, truncated = neo.run_read_only("RETURN $x AS x", {"x": 3}, timeout_ms=5_000, row_cap=10)
    assert (rows, truncated) == ([{"x": 3}], False)


def test_transaction_timeout_stops_a_runaway_query(neo: Neo4jStore) -> None:
    started = time.monotonic()
    with pytest.raises(QueryError, match=r"(?i)timed out|terminated"):
        neo.run_read_only(
            "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 3 RETURN count(*) AS n",
            timeout_ms=1_000,
            row_cap=10,
        )
    elapsed = time.monotonic() - started
    assert elapsed < 10, f"the 1 s timeout let the query run {elapsed:.1f} s"


def test_uniqueness_constraint_refuses_a_duplicate_id(neo: Neo4jStore) -> None:
    with pytest.raises(QueryError, match=r"(?i)already exists|constraint"):
        neo._write("CREATE (:Item {id: 'P1', name: 'again'})", {})
    assert _items(neo) == ["P1"]


def test_failed_write_transaction_rolls_back(neo: Neo4jStore) -> None:
    # The second row breaks the id constraint: the first, written in the same
    # transaction, must not stay.
    with pytest.raises(QueryError):
        neo.write_batch(_LOAD.name, [{"id": "new1"}, {"id": "P1"}], kind="m")
    assert _items(neo) == ["P1"]


def test_refused_statement_is_a_query_error(neo: Neo4jStore) -> None:
    with pytest.raises(QueryError, match="refused the statement"):
        neo._read("MATCH (n) RETURN nope", {})


def test_wrong_password_is_store_unavailable(server: LocalNeo4jServer) -> None:
    store = Neo4jStore(server.status().uri, ("neo4j", "not-the-password"), max_retry_time=0.5)
    try:
        with pytest.raises(StoreUnavailableError, match="refused the credentials"):
            store._read("RETURN 1 AS x", {})
    finally:
        store.close()


def test_unreachable_server_is_store_unavailable() -> None:
    store = Neo4jStore(
        f"bolt://127.0.0.1:{_free_port()}",
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
