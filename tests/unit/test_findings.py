"""Findings with names: named references, data gaps, reason sentences, flat rows."""

from __future__ import annotations

from functools import cache
from typing import Any

import networkx as nx
import pytest

from graphmodel.analysis.findings import TABLES, flat_row, named_reasons, platform_findings
from graphmodel.analysis.naming import Namer, name_ids
from graphmodel.analysis.report import analyze
from graphmodel.bundle import demo_bundle_path, read_bundle, reference_bundle_path
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


@cache
def demo() -> tuple[nx.MultiDiGraph, dict[str, Any]]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for path in (reference_bundle_path(), demo_bundle_path()):
        for name, rows in read_bundle(path).tables.items():
            tables.setdefault(name, []).extend(rows)
    G = graph_from_tables(tables)
    return G, analyze(G)


def test_every_table_is_there_and_every_reference_is_named() -> None:
    G, result = demo()
    found = platform_findings(G, result, "p-155-round")
    assert tuple(found) == TABLES

    def refs(value: Any) -> list[dict[str, Any]]:
        if isinstance(value, dict):
            if set(value) == {"id", "name", "kind"}:
                return [value]
            return [r for v in value.values() for r in refs(v)]
        if isinstance(value, list):
            return [r for v in value for r in refs(v)]
        return []

    all_refs = refs(found)
    assert len(all_refs) > 50
    # Every id the findings mention is a node of the graph, named and kinded.
    assert all(r["kind"] is not None and r["name"] for r in all_refs), [
        r for r in all_refs if not r["name"]
    ][:3]


def test_spof_rows_carry_names_and_evidence_paths() -> None:
    G, result = demo()
    rows = platform_findings(G, result, "p-155-round")["spof"]
    by_node = {r["nodes"][0]["id"]: r for r in rows if r["order"] == 1}
    kessler = by_node["f-kessler-aap"]
    assert kessler["nodes"][0]["name"] == G.nodes["f-kessler-aap"]["name"]
    assert [n["id"] for n in kessler["path"]][-1] == "c-nitrocellulose"
    assert kessler["item"]["name"] == G.nodes["c-nitrocellulose"]["name"]
    pairs = [r for r in rows if r["order"] == 2]
    assert pairs and all(len(r["nodes"]) == 2 for r in pairs)


def test_data_gaps_say_what_is_missing() -> None:
    G, result = demo()
    gaps = platform_findings(G, result, "p-thermal-sight")["data_gaps"]
    assert [g["item"]["id"] for g in gaps] == ["c-eyecup-seal"]
    gap = gaps[0]
    assert gap["missing"] == "source"
    assert G.nodes["c-eyecup-seal"]["name"] in gap["detail"]
    assert "sources table" in gap["detail"]


def test_reasons_are_structured_with_named_sentences() -> None:
    G, result = demo()
    reasons = named_reasons(result["nodes"]["o-mb-sg"]["reasons"], Namer.from_graph(G))
    ofac = next(r for r in reasons if r["kind"] == "ofac_50")
    assert ofac["root"]["name"] == G.nodes["o-mb-cn"]["name"]
    assert ofac["owners"] == [
        {"node": {"id": "o-mb-cn", "name": G.nodes["o-mb-cn"]["name"], "kind": "organisation"},
         "percentage": 70.0}
    ]  # fmt: skip
    assert f"{G.nodes['o-mb-sg']['name']} (o-mb-sg)" in ofac["text"]
    designation = next(
        r
        for r in named_reasons(result["nodes"]["o-mb-cn"]["reasons"], Namer.from_graph(G))
        if r["kind"] == "designation"
    )
    assert designation["list"] == {"id": "US-DOD-1260H", "name": "US-DOD-1260H", "kind": "list"}
    assert designation["path"][1]["kind"] == "list"


def test_unknown_ids_keep_their_id() -> None:
    G, _ = demo()
    named = name_ids({"path": ["nope"]}, Namer.from_graph(G))
    assert named == {"path": [{"id": "nope", "name": None, "kind": None}]}


def test_flat_rows_are_cells() -> None:
    G, result = demo()
    for table in platform_findings(G, result, "p-ad-radar").values():
        for row in table:
            cells = flat_row(row)
            assert all(v is None or isinstance(v, str | int | float) for v in cells.values())


def test_concentration_counts_adversary_owned_supply_beside_location() -> None:
    G, result = demo()
    radome = result["platforms"]["p-ad-radar"]["concentration"]["c-radome"]
    # Nothing comes from a country of concern, yet 28% comes from suppliers that
    # adversary owners hold through look-through chains (in CA and BG).
    assert radome["concern_share"] == 0.0
    assert radome["adversary_owned_share"] == pytest.approx(0.28)
    assert radome["adversary_owned_sources"] == ["o-cyc-c", "o-lt-ca3"]
    assert {G.nodes[o]["country"] for o in radome["adversary_owned_sources"]} == {"BG", "CA"}
    row = next(
        r
        for r in platform_findings(G, result, "p-ad-radar")["concentration"]
        if r["item"]["id"] == "c-radome"
    )
    assert row["concern_share"] == 0.0 and row["adversary_owned_share"] == pytest.approx(0.28)
    assert [o["id"] for o in row["owned_by"]] == ["o-cyc-c", "o-lt-ca3"]


def test_export_findings_writes_tables_and_briefs(tmp_path: Any) -> None:
    import csv

    from openpyxl import load_workbook

    from graphmodel.analysis.export_findings import write_findings

    G, result = demo()
    counts = write_findings(G, result, tmp_path)
    assert set(counts) == set(TABLES) and counts["spof"] > 0
    for p in result["platforms"]:
        assert (tmp_path / f"brief-{p}.md").exists() and (tmp_path / f"brief-{p}.html").exists()
    brief = (tmp_path / "brief-p-ad-radar.md").read_text(encoding="utf-8")
    assert brief.startswith("# Brief: Demo air-defence radar (p-ad-radar)")
    assert "Gallium (mat-gallium): only via Redvale Gallium Refining Co. (o-ga-cn1)" in brief
    assert "28% from adversary-owned suppliers" in brief
    html = (tmp_path / "brief-p-ad-radar.html").read_text(encoding="utf-8")
    assert "http://" not in html and "https://" not in html
    with (tmp_path / "spof.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == counts["spof"] and rows[0]["platform_id"] in result["platforms"]
    wb = load_workbook(tmp_path / "findings.xlsx")
    assert wb.sheetnames == list(TABLES)
    assert wb["spof"].max_row == counts["spof"] + 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_ownership_goes_up_to_ultimate_owners_and_down_to_subsidiaries() -> None:
    from graphmodel.analysis.findings import ownership_structure
    from graphmodel.viz import ownership_view, page_data

    G, result = demo()
    namer = Namer.from_graph(G)
    down = ownership_structure(G, result, "o-mb-cn", namer)
    subs = {s["node"]["id"]: s for s in down["subsidiaries"]}
    assert subs["o-mb-sg"]["stake"] == pytest.approx(0.7)
    assert subs["o-mb-sg"]["adversary_linked"] is True
    up = ownership_structure(G, result, "o-mb-sg", namer)
    assert [o["node"]["id"] for o in up["owners"]] == ["o-mb-cn"]
    assert up["ultimate_owners"] == [namer.ref("o-mb-cn")]
    assert up["owners"][0]["stake"] == pytest.approx(0.7)
    assert {(e["owner"]["id"], e["owned"]["id"]) for e in up["edges"]} == {("o-mb-cn", "o-mb-sg")}
    # The ownership view draws the subsidiaries below the organisation.
    data = page_data(ownership_view(G, result, "o-mb-cn"))
    levels = {n["id"]: n["level"] for n in data["nodes"]}
    assert levels["o-mb-sg"] > levels["o-mb-cn"]


@pytest.mark.parametrize("limit", [0, 1, 3])
def test_a_limit_gives_the_head_of_every_table(limit: int) -> None:
    G, result = demo()
    for platform in sorted(result["platforms"]):
        whole = platform_findings(G, result, platform)
        head = platform_findings(G, result, platform, limit=limit)
        for table in TABLES:
            assert head[table] == whole[table][:limit], (platform, table)
    # The demo has platforms with more rows than the limit in some table.
    assert any(len(t) > 3 for t in platform_findings(G, result, "p-ad-radar").values())
