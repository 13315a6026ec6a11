"""Loading bundles into the real embedded store: graph shape, idempotence, replace, refusal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphmodel.bundle import Bundle, demo_bundle_path, read_bundle
from graphmodel.errors import ValidationFailed
from graphmodel.export import export_tables
from graphmodel.load import known_ids, load_bundle, load_reference
from graphmodel.store.base import GraphStore

pytestmark = pytest.mark.e2e


def small() -> Bundle:
    return Bundle(
        {
            "countries": [{"code": "FR", "name": "France", "groups": ["NATO"], "concern": "none"}],
            "organisations": [
                {"id": "o1", "name": "Alpha", "kind": "company", "country": "FR", "web": "a.ex"},
                {"id": "o2", "name": "Beta", "kind": "company", "country": "DE"},
            ],
            "facilities": [{"id": "f1", "name": "Plant", "operator": "o1", "country": "FR"}],
            "items": [
                {"id": "p1", "name": "Platform", "kind": "platform"},
                {"id": "m1", "name": "Metal", "kind": "material"},
            ],
            "bom": [{"parent": "p1", "child": "m1", "quantity": 2.0}],
            "sources": [
                {"item": "m1", "supplier": "o1", "facility": "f1", "share": 0.5, "qualified": True},
                {"item": "m1", "supplier": "o2", "qualified": False},
            ],
            "ownership": [
                {"owner": "o2", "owned": "o1", "percentage": 30.0, "kind": "equity"},
                {"owner": "o2", "owned": "o1", "percentage": 60.0, "kind": "voting"},
            ],
            "designations": [{"entity": "o2", "list": "US-BIS-ENTITY", "reason": "test"}],
            "stockpiles": [
                {"item": "m1", "holder": "o1", "quantity": 5.0},
                {"item": "m1", "holder": "FR", "quantity": 50.0},
            ],
            "substitutes": [{"item": "m1", "substitute": "p1", "qualified": False}],
            "production": [
                {"material": "m1", "country": "CN", "share": 0.7, "stage": "mine", "year": 2024},
                {"material": "m1", "country": "CN", "share": 0.6, "stage": "mine"},
            ],
        },
        source="small",
    )


def counts(store: GraphStore) -> dict[tuple[str, str], int]:
    return {(r["what"], r["name"]): r["count"] for r in store.query("stats")}


def probe(store: GraphStore, text: str) -> list[dict[str, Any]]:
    rows, _ = store.run_read_only(text, timeout_ms=5000, row_cap=10_000)
    return rows


def test_graph_shape(store: GraphStore) -> None:
    report = load_bundle(store, small())
    c = counts(store)
    # FR from the bundle; DE and CN come from the reference countries.
    assert c[("node", "Country")] == 3
    assert c[("node", "SanctionsList")] == 1 and c[("node", "Stockpile")] == 2
    expected = {
        "REGISTERED_IN": 2,
        "OPERATED_BY": 1,
        "LOCATED_IN": 1,
        "NEEDS": 1,
        "SOURCED_FROM": 2,
        "MADE_AT": 1,
        "OWNS": 2,
        "LISTED_ON": 1,
        "STOCK_OF": 2,
        "HELD_BY": 2,
        "SUBSTITUTED_BY": 1,
        "PRODUCED_IN": 2,
    }
    assert {k[1]: v for k, v in c.items() if k[0] == "relationship"} == expected
    assert report.relationships == sum(expected.values())
    assert report.nodes == 3 + 2 + 1 + 2 + 2 + 1
    de = probe(store, "MATCH (c:Country {id: 'DE'}) RETURN c.code AS code, c.name AS name")
    assert de == [{"code": "DE", "name": "Germany"}]
    src = probe(
        store,
        "MATCH (:Item {id: 'm1'})-[s:SOURCED_FROM]->(o:Organisation) "
        "RETURN o.id AS o, s.facility AS f ORDER BY o",
    )
    assert src == [{"o": "o1", "f": "f1"}, {"o": "o2", "f": ""}]
    made = probe(
        store,
        "MATCH (:Item {id: 'm1'})-[m:MADE_AT]->(f:Facility) RETURN f.id AS f, m.supplier AS s",
    )
    assert made == [{"f": "f1", "s": "o1"}]
    held = probe(
        store,
        "MATCH (s:Stockpile)-[:HELD_BY]->(h) RETURN s.id AS s, labels(h)[0] AS label ORDER BY s",
    )
    assert held == [{"s": "m1|FR", "label": "Country"}, {"s": "m1|o1", "label": "Organisation"}]
    groups = probe(store, "MATCH (c:Country {id: 'FR'}) RETURN c.groups AS g")
    assert groups == [{"g": ["NATO"]}]
    web = probe(store, "MATCH (o:Organisation {id: 'o1'}) RETURN o.web AS web")
    assert web == [{"web": "a.ex"}]


def test_load_twice_is_idempotent_and_keeps_analysis_properties(store: GraphStore) -> None:
    load_bundle(store, small())
    store._write("MATCH (i:Item {id: 'm1'}) SET i.analysis_score = 0.9", {})
    first_counts, first_tables = counts(store), export_tables(store)
    report = load_bundle(store, small())
    assert counts(store) == first_counts
    assert export_tables(store) == first_tables
    assert report.nodes > 0 and report.relationships > 0
    score = probe(store, "MATCH (i:Item {id: 'm1'}) RETURN i.analysis_score AS s")
    assert score == [{"s": 0.9}]


def test_reload_replaces_bundle_properties_and_moves_edges(store: GraphStore) -> None:
    load_bundle(store, small())
    changed = small()
    changed.tables["organisations"][0] = {
        "id": "o1",
        "name": "Alpha 2",
        "kind": "company",
        "country": "DE",
    }
    changed.tables["bom"][0]["quantity"] = 3.0
    changed.tables["sources"][0].pop("share")
    load_bundle(store, changed)
    o1 = probe(
        store,
        "MATCH (o:Organisation {id: 'o1'})-[:REGISTERED_IN]->(c:Country) "
        "RETURN o.name AS name, o.web AS web, c.id AS c",
    )
    assert o1 == [{"name": "Alpha 2", "web": None, "c": "DE"}]
    tables = export_tables(store)
    assert tables["bom"][0]["quantity"] == 3.0
    assert "share" not in next(s for s in tables["sources"] if s["supplier"] == "o1")
    assert counts(store)[("relationship", "REGISTERED_IN")] == 2


def test_replace_clears_the_graph_first(store: GraphStore) -> None:
    load_bundle(store, small())
    other = Bundle({"items": [{"id": "solo", "name": "Solo", "kind": "material"}]})
    report = load_bundle(store, other, replace=True)
    assert report.replaced
    assert counts(store) == {("node", "Item"): 1}


def test_invalid_bundle_writes_nothing(store: GraphStore) -> None:
    bad = small()
    bad.tables["bom"].append({"parent": "p1", "child": "ghost", "quantity": 1.0})
    bad.tables["stockpiles"].append({"item": "m1", "holder": "nobody"})
    with pytest.raises(ValidationFailed) as exc:
        load_bundle(store, bad)
    assert {p.column for p in exc.value.problems} == {"child", "holder"}
    assert counts(store) == {}
    with pytest.raises(ValidationFailed):
        load_bundle(store, bad, replace=True)
    assert counts(store) == {}


def test_references_resolve_against_the_store(store: GraphStore) -> None:
    load_bundle(store, small())
    addition = Bundle(
        {
            "items": [{"id": "c9", "name": "Part", "kind": "component"}],
            "bom": [{"parent": "p1", "child": "c9", "quantity": 1.0}],
            "sources": [{"item": "c9", "supplier": "o2", "qualified": True}],
        }
    )
    load_bundle(store, addition)
    assert counts(store)[("relationship", "NEEDS")] == 2
    ids = known_ids(store)
    assert {"p1", "m1", "c9"} == ids["items"] and "FR" in ids["countries"]
    clash = Bundle({"items": [{"id": "o1", "name": "Clash", "kind": "material"}]})
    with pytest.raises(ValidationFailed, match="already used by organisations"):
        load_bundle(store, clash)


def test_demo_with_reference_and_progress(store: GraphStore) -> None:
    ref = load_reference(store)
    assert ref.nodes > 250
    seen: list[tuple[str, int, int]] = []
    report = load_bundle(
        store,
        read_bundle(demo_bundle_path()),
        progress=lambda step, done, total: seen.append((step, done, total)),
    )
    assert report.tables["organisations"] == 303 or report.tables["organisations"] > 0
    assert seen and all(0 < done <= total for _, done, total in seen)
    assert ("items", report.tables["items"], report.tables["items"]) in seen
    # The reference does not override the user's rows on a second run.
    again = load_reference(store)
    assert again.nodes == 0


def test_bundle_from_disk_loads(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "items.csv").write_text("id,name,kind,cas\nx,X,material,7440-55-3\n")
    load_bundle(store, read_bundle(folder))
    assert export_tables(store)["items"] == [
        {"id": "x", "name": "X", "kind": "material", "cas": "7440-55-3"}
    ]
