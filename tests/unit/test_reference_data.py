"""The reference data shipped in graphmodel/data/reference/ matches facts.md."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from graphmodel.schema import LABELS, RELATIONSHIPS, TABLES, ItemKind

pytestmark = pytest.mark.unit

REFERENCE = Path(__file__).resolve().parents[2] / "graphmodel" / "data" / "reference"


def _codes(text: str) -> set[str]:
    return set(text.split())


# The member lists exactly as the public sources give them (CRS IF11894, DFARS
# 252.225-7002, 10 U.S.C. 4801 and 4872, NATO's member list).
NATO = _codes(
    "AL BE BG CA HR CZ DK EE FI FR DE GR HU IS IT LV LT LU ME NL MK NO PL PT RO SK SI ES "
    "SE TR GB US"
)
SOSA = _codes("AU CA DK EE FI IN IL IT JP LV LT NL NO KR SG ES SE GB")
RDP_MOU = _codes(
    "AU AT BE CA CZ DK EG EE FI FR DE GR IL IT JP LV LT LU NL NO PL PT SI ES SE CH TR GB"
)
NTIB = {"US", "CA", "GB", "AU", "NZ"}
EU = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
ADVERSARY = {"CN", "RU", "IR", "KP"}
NATO_CRM = {
    "mat-aluminium",
    "mat-beryllium",
    "mat-cobalt",
    "mat-gallium",
    "mat-germanium",
    "mat-graphite",
    "mat-lithium",
    "mat-manganese",
    "mat-platinum",
    "mat-rare-earths",
    "mat-titanium",
    "mat-tungsten",
}


def _read(name: str) -> list[dict[str, str]]:
    with (REFERENCE / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _members(group: str) -> set[str]:
    return {r["code"] for r in _read("countries") if group in r["groups"].split(";")}


def test_countries_are_all_249_iso_codes_once() -> None:
    rows = _read("countries")
    codes = [r["code"] for r in rows]
    assert len(codes) == 249
    assert len(set(codes)) == 249
    assert all(len(c) == 2 and c.isascii() and c.isupper() for c in codes)
    assert all(r["name"] for r in rows)
    assert {"US", "CN", "GB", "KP", "TW", "XK"} & set(codes) == {"US", "CN", "GB", "KP", "TW"}


@pytest.mark.parametrize(
    ("group", "expected"),
    [("NATO", NATO), ("SOSA", SOSA), ("RDP_MOU", RDP_MOU), ("NTIB", NTIB), ("EU", EU)],
)
def test_group_membership_matches_facts(group: str, expected: set[str]) -> None:
    assert _members(group) == expected


def test_group_sizes() -> None:
    sizes = {g: len(_members(g)) for g in ("NATO", "SOSA", "RDP_MOU", "NTIB", "EU")}
    assert sizes == {"NATO": 32, "SOSA": 18, "RDP_MOU": 28, "NTIB": 5, "EU": 27}


def test_only_known_groups_are_used() -> None:
    groups = {g for r in _read("countries") for g in r["groups"].split(";") if g}
    assert groups == {"NATO", "SOSA", "RDP_MOU", "NTIB", "EU"}


def test_exactly_the_four_covered_nations_are_adversaries() -> None:
    rows = _read("countries")
    assert {r["code"] for r in rows if r["concern"] == "adversary"} == ADVERSARY
    assert {r["concern"] for r in rows} == {"adversary", "none"}
    for r in rows:
        if r["code"] in ADVERSARY:
            assert "10 U.S.C. 4872" in r["source"]


def test_country_source_cites_every_group_used() -> None:
    citation = {
        "NATO": "nato.int",
        "EU": "european-union.europa.eu",
        "NTIB": "10 U.S.C. 4801",
        "SOSA": "CRS IF11894",
        "RDP_MOU": "DFARS 252.225-7002",
    }
    for r in _read("countries"):
        for g in filter(None, r["groups"].split(";")):
            assert citation[g] in r["source"], (r["code"], g)


def test_sosa_row_says_later_additions_are_unconfirmed() -> None:
    for r in _read("countries"):
        if "SOSA" in r["groups"].split(";"):
            assert "unconfirmed" in r["source"]


def test_items_are_the_nato_list_plus_antimony() -> None:
    rows = _read("items")
    assert {r["id"] for r in rows} == NATO_CRM | {"mat-antimony"}
    assert all(r["kind"] == ItemKind.MATERIAL for r in rows)
    assert {r["id"] for r in rows if r["nato_crm"] == "true"} == NATO_CRM
    assert [r["nato_crm"] for r in rows if r["id"] == "mat-antimony"] == ["false"]
    assert all(r["nato_crm"] in ("true", "false") for r in rows)


@pytest.mark.parametrize("name", ["countries", "items", "production"])
def test_every_reference_row_has_a_source(name: str) -> None:
    rows = _read(name)
    assert rows
    assert all(r["source"].strip() for r in rows)


@pytest.mark.parametrize("name", ["countries", "items", "production"])
def test_reference_files_have_the_schema_columns(name: str) -> None:
    table = next(t for t in TABLES if t.name == name)
    header = set(_read(name)[0])
    required = {c.name for c in table.columns if c.required}
    assert required <= header
    assert "source" in header


def test_production_shares_per_material_stage_year_at_most_one() -> None:
    totals: dict[tuple[str, str, str], float] = defaultdict(float)
    for r in _read("production"):
        share = float(r["share"])
        assert 0.0 < share <= 1.0
        totals[(r["material"], r["stage"], r["year"])] += share
    # 1e-9 absorbs float summation noise only; the stored shares sum to <= 1.
    over = {k: v for k, v in totals.items() if v > 1.0 + 1e-9}
    assert not over


def test_production_covers_every_reference_material_and_resolves() -> None:
    rows = _read("production")
    items = {r["id"] for r in _read("items")}
    codes = {r["code"] for r in _read("countries")}
    assert {r["material"] for r in rows} == items
    assert {r["country"] for r in rows} <= codes
    keys = [(r["material"], r["country"], r["stage"], r["year"]) for r in rows]
    assert len(keys) == len(set(keys))


def test_production_years_and_special_cases() -> None:
    rows = _read("production")
    by = {(r["material"], r["country"]): r for r in rows}
    assert {r["year"] for r in rows if r["material"] != "mat-germanium"} == {"2024"}
    ge = [r for r in rows if r["material"] == "mat-germanium"]
    assert {r["year"] for r in ge} == {"2022"}
    assert all(r["stage"] == "refined" and "2024-1057" in r["source"] for r in ge)
    assert float(by[("mat-gallium", "CN")]["share"]) == pytest.approx(0.99)
    # The range given for RU, JP, KR is turned into a representative share and said so.
    for c in ("RU", "JP", "KR"):
        row = by[("mat-gallium", c)]
        assert "representative" in row["source"]
        assert 0.0 < float(row["share"]) < 0.01
    assert float(by[("mat-tungsten", "CN")]["share"]) == pytest.approx(0.83)
    assert float(by[("mat-cobalt", "CD")]["share"]) == pytest.approx(0.76)
    assert all("USGS" in r["source"] for r in rows)


def test_readme_lists_every_reference_file() -> None:
    text = (REFERENCE / "README.md").read_text(encoding="utf-8")
    for name in ("countries.csv", "items.csv", "production.csv"):
        assert name in text


# --------------------------------------------------------------------------
# docs/model.md describes graphmodel/schema.py


def _model_doc() -> str:
    return (REFERENCE.parents[2] / "docs" / "model.md").read_text(encoding="utf-8")


def test_model_doc_names_every_label_and_relationship() -> None:
    text = _model_doc()
    for label in LABELS:
        assert f"`{label}`" in text, label
    for rel in RELATIONSHIPS:
        assert f"`{rel.type}`" in text, rel.type
        for prop in rel.properties:
            assert f"`{prop}`" in text, (rel.type, prop)


def test_model_doc_names_every_table_and_column() -> None:
    text = _model_doc()
    for table in TABLES:
        assert f"`{table.filename}`" in text, table.name
        section = text.split(f"### `{table.filename}`", 1)[1].split("###", 1)[0]
        for col in table.columns:
            assert f"| `{col.name}` |" in section, (table.name, col.name)


def test_model_doc_has_a_mermaid_diagram_of_every_relationship() -> None:
    text = _model_doc()
    diagram = text.split("```mermaid", 1)[1].split("```", 1)[0]
    for rel in RELATIONSHIPS:
        assert rel.type in diagram, rel.type
    assert "analysis_" in text
