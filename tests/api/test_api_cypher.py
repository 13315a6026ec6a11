"""Cypher endpoints: named read queries run, writes never do, the graph stays unchanged."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.api_support import ApiEnv, wait_adhoc_idle

pytestmark = pytest.mark.e2e


def _stats(env: ApiEnv) -> list[dict[str, Any]]:
    rows = env.state.store.query("stats")
    props = env.state.store._read("MATCH (n) RETURN n.id AS id, properties(n) AS p ORDER BY id", {})
    return sorted(rows, key=lambda r: (r["what"], r["name"] or "")) + props


def test_named_queries_are_listed_with_descriptions_and_params(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/cypher/queries", headers=api_env.auth("viewer")).json()
    by_name = {q["name"]: q for q in r}
    assert by_name["api_items_search"]["params"] == ["prefix", "kind", "skip", "limit"]
    assert by_name["api_items_search"]["runnable"] is True
    assert by_name["clear_graph"]["mode"] == "write"
    assert by_name["clear_graph"]["runnable"] is False


def test_run_named_read_query(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/queries/api_items_count/run",
        json={"params": {"kind": "platform"}},
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 200, r.text
    assert r.json()["rows"] == [{"total": 2}]


def test_write_mode_named_query_is_refused_and_writes_nothing(api_env: ApiEnv) -> None:
    before = _stats(api_env)
    r = api_env.client.post(
        "/v1/cypher/queries/clear_graph/run", json={"params": {}}, headers=api_env.auth("admin")
    )
    assert r.status_code == 403
    assert r.json()["type"] == "urn:supplynet:problem:write-refused"
    assert _stats(api_env) == before


def test_undeclared_parameter_is_refused(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/queries/api_items_count/run",
        json={"params": {"nope": 1}},
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 422
    assert r.json()["problems"][0]["column"] == "params.nope"


def test_adhoc_read_with_parameters(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        json={
            "statement": "MATCH (i:Item) WHERE i.kind = $kind RETURN i.id AS id ORDER BY id",
            "params": {"kind": "platform"},
        },
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["columns"] == ["id"] and body["rows"] == [{"id": "P1"}, {"id": "P2"}]
    assert body["truncated"] is False


def test_adhoc_row_cap(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        json={"statement": "UNWIND range(1, 500) AS i RETURN i"},
        headers=api_env.auth("analyst"),
    ).json()
    assert r["row_count"] == api_env.settings.query_row_cap == 50
    assert r["truncated"] is True


@pytest.mark.parametrize(
    "statement",
    [
        "CREATE (:Item {id: 'evil', name: 'x', kind: 'material'})",
        "MERGE (:Item {id: 'evil'})",
        "MATCH (n:Item {id: 'P1'}) SET n.name = 'changed'",
        "MATCH (n:Item {id: 'P1'}) REMOVE n.name",
        "MATCH (n:Item {id: 'M1'}) DETACH DELETE n",
        "MATCH (n) DELETE n",
        "FULLTEXT_INDEX",
        "CREATE INDEX FOR (n:Item) ON (n.nsn)",
        "MATCH (n:Item {id: 'P1'}) WITH n CREATE (n)-[:NEEDS]->(:Item {id: 'evil2'})",
    ],
)
def test_adhoc_cannot_write(api_env: ApiEnv, statement: str) -> None:
    if statement == "FULLTEXT_INDEX":
        # Each store's own way to create a full-text index.
        statement = (
            "CALL db.idx.fulltext.createNodeIndex('Item', 'name')"
            if api_env.settings.store == "embedded"
            else "CREATE FULLTEXT INDEX evil_ft FOR (n:Item) ON EACH [n.name]"
        )
    before = _stats(api_env)
    r = api_env.client.post(
        "/v1/cypher/adhoc", json={"statement": statement}, headers=api_env.auth("admin")
    )
    assert r.status_code == 403, r.text
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "urn:supplynet:problem:write-refused"
    assert _stats(api_env) == before


def test_adhoc_parameter_names_are_checked(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        json={"statement": "RETURN $x AS x", "params": {"x=1 CREATE (n) //": 1}},
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 422
    quoted = api_env.client.post(
        "/v1/cypher/adhoc",
        json={"statement": "RETURN $x AS x", "params": {"x": 'a" RETURN 1 //'}},
        headers=api_env.auth("analyst"),
    )
    assert quoted.json()["rows"] == [{"x": 'a" RETURN 1 //'}]


def test_adhoc_timeout_is_a_clear_problem(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        json={
            # Every row is evaluated (no count-store shortcut), on both stores.
            "statement": "MATCH (a), (b), (c), (d), (e), (f), (g), (h) "
            "WHERE a.id <> b.id OR c.id <> d.id OR e.id <> h.id RETURN count(*) AS n"
        },
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 422
    assert "timed out" in r.json()["detail"].lower()
    # The caller's slot is back once the engine has stopped the statement.
    wait_adhoc_idle(api_env)


def test_library_is_listed_apart_from_internal_statements(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    everything = api_env.client.get("/v1/cypher/queries", headers=h).json()
    groups = [q["group"] for q in everything]
    # The analyst library comes first, then the internal statements.
    assert groups == sorted(groups, key=lambda g: g != "library")
    library = api_env.client.get("/v1/cypher/queries", params={"group": "library"}, headers=h)
    names = {q["name"] for q in library.json()}
    assert {
        "analyst_suppliers_in_country",
        "analyst_paths_to_adversary_owner",
        "analyst_single_qualified_source",
    } <= names
    assert all(q["runnable"] and q["description"] and q["params"] for q in library.json())
    internal = api_env.client.get("/v1/cypher/queries", params={"group": "internal"}, headers=h)
    assert "clear_graph" in {q["name"] for q in internal.json()}
    assert not names & {q["name"] for q in internal.json()}


def test_library_query_runs_with_parameters(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/queries/analyst_suppliers_in_country/run",
        json={"params": {"platform": "P1", "country": "CN"}},
        headers=api_env.auth("analyst"),
    )
    assert r.status_code == 200, r.text
    assert [row["organisation"] for row in r.json()["rows"]] == ["O3"]
    assert r.json()["rows"][0]["items"] == ["M1"]


def _adhoc(env: ApiEnv, statement: str) -> dict[str, Any]:
    r = env.client.post(
        "/v1/cypher/adhoc", json={"statement": statement}, headers=env.auth("analyst")
    )
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def test_adhoc_nodes_relationships_and_paths_have_one_json_form(api_env: ApiEnv) -> None:
    # On both stores: the same form from FalkorDB's and Neo4j's own classes.
    row = _adhoc(api_env, "MATCH (a:Item {id: 'P1'})-[r:NEEDS]->(b) RETURN a, r, b")["rows"][0]
    assert row["a"] == {
        "type": "node",
        "labels": ["Item"],
        "id": "P1",
        "properties": row["a"]["properties"],
    }
    assert row["a"]["properties"]["name"] == "Demo Launcher"
    assert row["r"]["type"] == "relationship" and row["r"]["rel_type"] == "NEEDS"
    # A relationship returned on its own names its endpoints by their ids.
    alone = _adhoc(api_env, "MATCH (:Item {id: 'P1'})-[r:NEEDS]->() RETURN r")["rows"][0]["r"]
    assert (alone["start"], alone["end"]) == ("P1", "A1")
    path = _adhoc(api_env, "MATCH p = (:Item {id: 'P1'})-[:NEEDS*2]->(:Item {id: 'C1'}) RETURN p")[
        "rows"
    ][0]["p"]
    assert path["type"] == "path"
    assert [n["id"] for n in path["nodes"]] == ["P1", "A1", "C1"]
    assert [(r["start"], r["end"]) for r in path["relationships"]] == [("P1", "A1"), ("A1", "C1")]


def test_a_body_not_sent_as_json_gets_a_clear_problem(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        content=b'{"statement": "RETURN 1 AS x"}',
        headers={**api_env.auth("analyst"), "Content-Type": "text/plain"},
    )
    assert r.status_code == 415
    assert r.headers["content-type"] == "application/problem+json"
    assert "Content-Type: application/json" in r.json()["detail"]
    assert "text/plain" in r.json()["detail"]
    # Declared as JSON, the same body runs.
    ok = api_env.client.post(
        "/v1/cypher/adhoc",
        content=b'{"statement": "RETURN 1 AS x"}',
        headers={**api_env.auth("analyst"), "Content-Type": "application/json"},
    )
    assert ok.status_code == 200 and ok.json()["rows"] == [{"x": 1}]
