"""Tiered dependencies, trees, paths and where-used against the real store."""

from __future__ import annotations

import pytest

from graphmodel.workspace import Workspace
from tests.api.api_support import EXPECTED_TIERS, ApiEnv, analysis_result

pytestmark = pytest.mark.e2e


def _deps(env: ApiEnv, **params: object) -> dict[str, object]:
    r = env.client.get("/v1/platforms/P1/dependencies", params=params, headers=env.auth("viewer"))
    assert r.status_code == 200, r.text
    body: dict[str, object] = r.json()
    return body


def test_tiers_match_the_analysis_definition(api_env: ApiEnv) -> None:
    body = _deps(api_env)
    got = {d["id"]: d["tier"] for d in body["items"]}  # type: ignore[index, union-attr]
    assert got == EXPECTED_TIERS
    assert body["max_tier_present"] == 3
    tiers = [d["tier"] for d in body["items"]]  # type: ignore[index, union-attr]
    assert tiers == sorted(tiers)


def test_dependency_filters(api_env: ApiEnv) -> None:
    shallow = _deps(api_env, max_tier=1)
    assert {d["id"] for d in shallow["items"]} == {"A1", "O1", "F1", "FR"}  # type: ignore[index, union-attr]
    orgs = _deps(api_env, kind="organisation")
    assert [d["id"] for d in orgs["items"]] == ["O1", "O2", "O3"]  # type: ignore[index, union-attr]
    german = _deps(api_env, country="DE")
    assert {d["id"] for d in german["items"]} == {"O2", "DE"}  # type: ignore[index, union-attr]
    page = _deps(api_env, limit=2, offset=2)
    assert page["total"] == len(EXPECTED_TIERS) and len(page["items"]) == 2  # type: ignore[arg-type]


def test_adversary_filter_uses_the_last_analysis(api_env: ApiEnv) -> None:
    before = _deps(api_env)
    assert all(d["adversary_linked"] is None for d in before["items"])  # type: ignore[index, union-attr]
    Workspace(api_env.settings.data_dir).save_analysis(analysis_result(), started_at="t")
    try:
        linked = _deps(api_env, adversary_linked=True)
        assert [d["id"] for d in linked["items"]] == ["O3"]  # type: ignore[index, union-attr]
    finally:
        Workspace(api_env.settings.data_dir).latest_analysis_path.unlink()


def test_tree_expands_each_node_once(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/platforms/P1/tree", headers=api_env.auth("viewer")).json()
    root = r["root"]
    assert root["id"] == "P1" and root["tier"] == 0
    assert [c["id"] for c in root["children"]] == ["A1"]
    seen: list[str] = []

    def walk(n: dict[str, object]) -> None:
        if not n["repeated"]:
            seen.append(str(n["id"]))
        for ch in n["children"]:  # type: ignore[attr-defined]
            walk(ch)

    walk(root)
    assert len(seen) == len(set(seen)) == len(EXPECTED_TIERS) + 1
    limited = api_env.client.get(
        "/v1/platforms/P1/tree", params={"max_tier": 1}, headers=api_env.auth("viewer")
    ).json()
    a1 = limited["root"]["children"][0]
    assert {c["id"] for c in a1["children"]} == {"O1", "F1"}


def test_paths_between_platform_and_node(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/platforms/P1/paths/O3", headers=api_env.auth("viewer")).json()
    ids = sorted([n["id"] for n in p["nodes"]] for p in r["paths"])
    assert ids == [["P1", "A1", "C1", "M1", "O3"], ["P1", "A1", "C2", "M1", "O3"]]
    assert r["paths"][0]["relationships"] == ["NEEDS", "NEEDS", "NEEDS", "SOURCED_FROM"]
    none = api_env.client.get("/v1/platforms/P2/paths/O1", headers=api_env.auth("viewer")).json()
    assert none["paths"] == []


def test_where_used(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/nodes/M1/where-used", headers=api_env.auth("viewer")).json()
    assert [p["id"] for p in r["platforms"]] == ["P1", "P2"]
    assert r["platforms"][0]["name"] == "Demo Launcher"
    assert {i["id"]: i["distance"] for i in r["items"]} == {
        "C1": 1, "C2": 1, "A1": 2, "P2": 2, "P1": 3,
    }  # fmt: skip
    country = api_env.client.get(
        "/v1/nodes/CN/where-used", params={"kind": "item"}, headers=api_env.auth("viewer")
    ).json()
    assert "M1" in {i["id"] for i in country["items"]}
    missing = api_env.client.get("/v1/nodes/ZZZ/where-used", headers=api_env.auth("viewer"))
    assert missing.status_code == 404


def test_index_follows_graph_changes(api_env: ApiEnv) -> None:
    store = api_env.state.store
    store._write("CREATE (:Item {id: 'P9', name: 'Late Platform', kind: 'platform'})", {})
    try:
        api_env.state.snapshots.invalidate()
        r = api_env.client.get("/v1/platforms", headers=api_env.auth("viewer")).json()
        assert "P9" in {p["id"] for p in r["items"]}
    finally:
        store._write("MATCH (n:Item {id: 'P9'}) DELETE n", {})
        api_env.state.snapshots.invalidate()


def test_tier_pages_follow_graph_and_analysis_changes(api_env: ApiEnv) -> None:
    c = api_env.client
    h = api_env.auth("viewer")
    url = "/v1/platforms/P1/dependencies?limit=100"
    before = c.get(url, headers=h).json()
    assert c.get(url, headers=h).json() == before  # the same snapshot
    assert all(d["adversary_linked"] is None for d in before["items"])
    Workspace(api_env.settings.data_dir).save_analysis(analysis_result(), started_at="t")
    try:
        flagged = {d["id"] for d in c.get(url, headers=h).json()["items"] if d["adversary_linked"]}
        assert flagged == {"O3"}
    finally:
        Workspace(api_env.settings.data_dir).latest_analysis_path.unlink()
    store = api_env.state.store
    store._write(
        "MATCH (a:Item {id: 'A1'}) CREATE (a)-[:NEEDS {quantity: 1.0}]->"
        "(:Item {id: 'M9', name: 'Late Metal', kind: 'material'})",
        {},
    )
    try:
        api_env.state.snapshots.invalidate()
        after = c.get(url, headers=h).json()
        assert after["total"] == before["total"] + 1
        assert {"id": "M9", "tier": 2}.items() <= next(
            d for d in after["items"] if d["id"] == "M9"
        ).items()
    finally:
        store._write("MATCH (n:Item {id: 'M9'}) DETACH DELETE n", {})
        api_env.state.snapshots.invalidate()
