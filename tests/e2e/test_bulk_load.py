"""GRAPH.BULK loads (embedded FalkorDB only): the same graph as batched UNWIND, value for value.

The bulk path (graphmodel.store.falkordb_bulk) replaces the ``*_create``
statements of a load in a staged graph; these tests load the same bundles
with it and without it (``bulk=False``: the UNWIND statements) and compare
every exported table and every property type.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from graphmodel.bundle import demo_bundle_path, read_bundle, write_bundle
from graphmodel.cypher import get_query
from graphmodel.export import export_tables
from graphmodel.generate import generate_tables
from graphmodel.load import load_bundle, node_columns, relationship_columns
from graphmodel.store.falkordb_bulk import NotBulkable, bulk_shape, encode_value
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e

_NODE_TABLES = ("countries", "organisations", "facilities", "items", "stockpiles")
_REL_TABLES = (
    "bom",
    "sources",
    "ownership",
    "designations",
    "substitutes",
    "production",
    "matches",
)


def _typed(tables: dict[str, list[dict[str, Any]]], digits: int = 17) -> dict[str, list[str]]:
    """Rows as text that keeps each value's type (1 and 1.0 and '1' differ); floats to
    ``digits`` significant digits."""

    def cell(v: Any) -> Any:
        return float(f"{v:.{digits}g}") if isinstance(v, float) else v

    return {
        name: sorted(
            repr(sorted((k, type(v).__name__, cell(v)) for k, v in r.items())) for r in rows
        )
        for name, rows in tables.items()
    }


def _pair(store_dir: Path, name: str) -> tuple[FalkorDBStore, FalkorDBStore]:
    return (
        FalkorDBStore(store_dir, f"bulk_{name}", bulk=True),
        FalkorDBStore(store_dir, f"unwind_{name}", bulk=False),
    )


def _awkward_bundle(tmp_path: Path) -> Path:
    """A generated network with values that are easy to get wrong in a binary format."""
    tables = generate_tables(3000, seed=7)
    orgs = tables["organisations"]
    orgs[0]["name"] = 'Quote " and back\\slash'
    orgs[1]["name"] = "Tab\tand\nnewline, Żółć ✓ 🚢"
    orgs[2]["aliases"] = ["A", "", "Ünïcode"]
    orgs[3]["aliases"] = []
    items = tables["items"]
    items[0]["demand_per_day"] = 0.1
    items[1]["demand_per_day"] = 1e-300
    items[2]["priority"] = 0
    items[3]["priority"] = 2.0**62
    items[4]["name"] = "123"  # a string that looks like a number stays a string
    src = tables["sources"]
    src[0]["qualified"] = False
    src[1]["share"] = 0.30000000000000004
    folder = tmp_path / "awkward"
    write_bundle(tables, folder)
    return folder


def test_every_create_statement_of_a_load_has_a_bulk_form() -> None:
    """The loader's fast statements are the plain forms GRAPH.BULK can replace, with the
    property names and columns the loader fills (so the bulk writes the same properties)."""
    for name in _NODE_TABLES:
        text = get_query(f"load_{name}_create", "falkordb").statements[0]
        shape = bulk_shape(text)
        assert shape is not None and shape.kind == "node", name
        cols = node_columns(name)
        assert tuple(cols[c] for c in shape.columns) == shape.properties, name
    for name in _REL_TABLES:
        text = get_query(f"load_{name}_create", "falkordb").statements[0]
        shape = bulk_shape(text)
        assert shape is not None and shape.kind == "edge", name
        cols = relationship_columns(name)
        assert tuple(cols[c] for c in shape.columns) == shape.properties, name
    for name in ("load_registered_in", "load_operated_by", "load_located_in"):
        shape = bulk_shape(get_query(name, "falkordb").statements[0])
        assert shape is not None and shape.properties == (), name
    # MERGE and computed values are never bulk: they do more than create.
    assert bulk_shape(get_query("load_items_merge", "falkordb").statements[0]) is None
    assert bulk_shape("UNWIND $rows AS r\nCREATE (:Item {id: r[0], n: toUpper(r[1])})") is None


def test_values_the_format_cannot_carry_are_refused() -> None:
    for value in ("a\x00b", 2**63, {"a": 1}):
        with pytest.raises(NotBulkable):
            encode_value(value)
    assert re.fullmatch(rb"\x05\x02\x00{7}\x04.{8}\x03x\x00", encode_value([1, "x"]), re.S)


@pytest.mark.parametrize("reference", [False, True])
def test_bulk_and_unwind_loads_give_the_same_graph(
    store_dir: Path, tmp_path: Path, reference: bool
) -> None:
    bundle = read_bundle(_awkward_bundle(tmp_path))
    bulk, unwind = _pair(store_dir, f"same_{reference}")
    try:
        for s in (bulk, unwind):
            load_bundle(s, bundle, replace=True, reference=reference)
        got, want = export_tables(bulk), export_tables(unwind)
        assert got["organisations"] and got["bom"] and got["sources"]
        assert _typed(got) == _typed(want)
        assert bulk.query("stats") == unwind.query("stats")
        # And it is the bundle, type for type. FalkorDB's replies print a double with 15
        # significant digits, so an export reads 2**62 back as 4.61168601842739e+18 from
        # either load path; what is stored is exact (checked in the engine below).
        ids = {r["id"] for r in bundle.tables["items"]}
        for name in ("organisations", "items", "sources", "bom"):
            # With the reference data loaded too, the store also holds its items.
            rows = [r for r in got[name] if name != "items" or r["id"] in ids]
            assert _typed({name: rows}, 15) == _typed({name: bundle.tables[name]}, 15), name
        for value in (0.1, 1e-300, 2.0**62):
            hits = bulk._read(
                "MATCH (i:Item) WHERE i.demand_per_day = $v OR i.priority = $v "
                "RETURN count(i) AS n",
                {"v": value},
            )
            assert hits == [{"n": 1}], value
        share = bulk._read(
            "MATCH ()-[r:SOURCED_FROM]->() WHERE r.share = $v RETURN count(r) AS n",
            {"v": 0.30000000000000004},
        )
        assert share == [{"n": 1}]
        names = {r["id"]: r["name"] for r in got["organisations"]}
        assert names["g-org-1"] == 'Quote " and back\\slash'
        # The ids of what the bulk created are indexed and unique-constrained.
        org = bulk.query("api_organisation_get", {"id": "g-org-2"})
        assert org and org[0]["node"]["name"].startswith("Tab\tand\nnewline")
        with pytest.raises(Exception, match=r"(?i)constraint|unique|violat"):
            bulk._write("CREATE (:Organisation {id: 'g-org-1'})", {})
    finally:
        for s in (bulk, unwind):
            s.drop()
            s.close()


def test_many_small_tokens_give_the_same_graph(
    store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tokens are kept small (GRAPH.BULK holds the server's main thread while it runs);
    a load split over hundreds of them is still exact."""
    import graphmodel.store.falkordb_bulk as fb

    calls: list[int] = []
    monkeypatch.setattr(fb, "TOKEN_BYTES", 2048)
    real = FalkorDBStore._bulk_command

    def counted(self: FalkorDBStore, token: bytes, params: dict[str, Any]) -> Any:
        calls.append(len(token))
        return real(self, token, params)

    monkeypatch.setattr(FalkorDBStore, "_bulk_command", counted)
    bundle = read_bundle(_awkward_bundle(tmp_path))
    bulk, unwind = _pair(store_dir, "small_tokens")
    try:
        for s in (bulk, unwind):
            load_bundle(s, bundle, replace=True, reference=False)
        assert len(calls) > 100 and max(calls) < 2048 + 4096
        assert _typed(export_tables(bulk)) == _typed(export_tables(unwind))
        assert bulk.query("stats") == unwind.query("stats")
    finally:
        for s in (bulk, unwind):
            s.drop()
            s.close()


def test_a_merge_load_into_a_graph_with_deleted_nodes_falls_back_and_matches(
    store_dir: Path, tmp_path: Path
) -> None:
    """Free internal ids (a deleted node) make the engine's ids unpredictable: the load
    then uses UNWIND, with the same result."""
    demo = read_bundle(demo_bundle_path())
    extra = read_bundle(_awkward_bundle(tmp_path))
    bulk, unwind = _pair(store_dir, "merge")
    try:
        for s in (bulk, unwind):
            load_bundle(s, demo, replace=True, reference=True)
            s.query(
                "scenario_save",
                {"id": "s1", "name": "n", "spec_json": "{}", "now": "2026-01-01T00:00:00+00:00"},
            )
            # A node really deleted (supplynet itself never deletes one: docs/stores.md).
            s._write("MATCH (n:Scenario {id: 's1'}) DELETE n", {})
            load_bundle(s, extra)
        assert _typed(export_tables(bulk)) == _typed(export_tables(unwind))
    finally:
        for s in (bulk, unwind):
            s.drop()
            s.close()
