"""Importers end to end: file -> importer -> bundle -> real store -> export, and the CLI."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from graphmodel.bundle import read_bundle
from graphmodel.errors import ValidationFailed
from graphmodel.export import export_tables
from graphmodel.importers import Source, run_import, write_import
from graphmodel.load import load_bundle, load_reference
from graphmodel.store.falkordb_store import FalkorDBStore
from tests.e2e.cli_support import run_cli as _cli

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"

CASES: dict[str, list[str]] = {
    "gleif": [
        "gleif-lei.csv",
        "gleif-lei.xml",
        "gleif-rr.csv",
        "gleif-rr.xml",
        "gleif-repex.csv",
    ],
    "ftm": ["opensanctions.ftm.json"],
    "cyclonedx": ["radar-1.6.cdx.json", "radar-1.5.cdx.xml"],
    "suppliers": ["suppliers.csv"],
}

_KEYS = {
    "organisations": ("id",),
    "items": ("id",),
    "ownership": ("owner", "owned", "kind"),
    "designations": ("entity", "list"),
    "bom": ("parent", "child"),
    "sources": ("item", "supplier"),
}


def _import(kind: str) -> Any:
    return run_import(
        kind, [Source.from_path(FIXTURES / f) for f in CASES[kind]], retrieved_on="2026-02-01"
    )


def _by_key(table: str, rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    return {tuple(r.get(k) for k in _KEYS[table]): r for r in rows}


def _normal(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v not in (None, "", [])}


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("kind", sorted(CASES))
def test_import_bundle_store_export_round_trips(
    kind: str, fmt: str, store: FalkorDBStore, tmp_path: Path
) -> None:
    result = _import(kind)
    target = tmp_path / ("bundle.json" if fmt == "json" else "bundle")
    write_import(result, target, fmt="json" if fmt == "json" else "csv")
    bundle = read_bundle(target, require_items=False)
    load_reference(store)
    load_bundle(store, bundle)
    exported = export_tables(store)
    for table, rows in result.tables.items():
        want = _by_key(table, [_normal(r) for r in rows])
        got = _by_key(table, [_normal(r) for r in exported[table]])
        assert set(want) <= set(got), (table, set(want) - set(got))
        for key, row in want.items():
            assert {k: got[key].get(k) for k in row} == row, (table, key)
    # Loading the same import again changes nothing (idempotent, duplicates merged).
    load_bundle(store, read_bundle(target, require_items=False))
    again = export_tables(store)
    assert {t: len(r) for t, r in again.items()} == {t: len(r) for t, r in exported.items()}


def test_gleif_keeps_periods_exceptions_names_and_newest_duplicate() -> None:
    t = _import("gleif").tables
    orgs = {r["id"]: r for r in t["organisations"]}
    nord = orgs["lei:5299000NORDLICHT0030"]
    assert nord["status"] == "ACTIVE"  # the 2025 record, not the older INACTIVE duplicate
    assert "Nordlicht Feinwerktechnik GmbH" in nord["aliases"]
    assert "NORDLICHT PRAEZISION GMBH" in nord["aliases"]
    assert nord["dataset"] == "gleif-lei" and nord["record_id"] == "5299000NORDLICHT0030"
    tian = orgs["lei:300300TIANLUOPTO0015"]
    assert tian["name"] == "天路光电有限公司"
    assert "TIANLU GUANGDIAN YOUXIAN GONGSI" in tian["aliases"]
    assert "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT:LEGAL_OBSTACLES" in tian["parent_exceptions"]
    assert orgs["lei:5299000AURORAHLD0070"]["parent_exceptions"] == [
        "DIRECT_ACCOUNTING_CONSOLIDATION_PARENT:NATURAL_PERSONS",
        "ULTIMATE_ACCOUNTING_CONSOLIDATION_PARENT:NATURAL_PERSONS",
    ]
    own = _by_key("ownership", t["ownership"])
    ended = own[("lei:300300TIANLUOPTO0015", "lei:213800HEXAPODDYN0009", "control")]
    assert (ended["valid_from"], ended["valid_to"], ended["status"], ended["percentage"]) == (
        "2018-02-01",
        "2021-06-30",
        "INACTIVE",
        70.0,
    )
    # INACTIVE without an end date: ended by the record's last update.
    sable = own[("lei:5299000AURORAHLD0070", "lei:549300SABLERIDGE0096", "control")]
    assert sable["valid_to"] == "2023-03-01"
    # Direct and ultimate parent the same: one edge, the direct record's.
    direct = own[("lei:5299000AURORAHLD0070", "lei:5299000NORDLICHT0030", "control")]
    assert direct["record_id"].endswith("IS_DIRECTLY_CONSOLIDATED_BY")
    assert direct["valid_from"] == "2015-06-01"  # the RELATIONSHIP_PERIOD, not the accounting one
    # Branches are not ownership.
    assert not any(
        r["owned"] == "lei:5299000BRIGHTWAT0044" and r["kind"] != "control" for r in t["ownership"]
    )
    assert len(t["ownership"]) == 4


def test_ftm_entities_sanctions_and_ownership() -> None:
    result = _import("ftm")
    t = result.tables
    orgs = {r["id"]: r for r in t["organisations"]}
    volkov = orgs["ftm:os-volkov-avionics"]
    assert volkov["country"] == "RU"
    assert "АО Волков Авионика" in volkov["aliases"]
    assert {"ogrnCode:1027700000019", "innCode:7700000016"} <= set(volkov["identifiers"])
    assert volkov["address"].startswith("ul. Aviatsionnaya 7")
    assert "Ivan Petrovsky (General Director" in volkov["directors"]
    kestrel = orgs["ftm:os-kestrel-trading"]
    assert kestrel["cage"] == "SZ123" and "Kestrel General Trading" in kestrel["aliases"]
    assert "lei" not in kestrel  # an invalid LEI is not kept
    assert orgs["ftm:os-petrovsky"]["kind"] == "person"
    assert orgs["ftm:os-ministry"]["kind"] == "government"
    des = _by_key("designations", t["designations"])
    sdn = des[("ftm:os-volkov-avionics", "US-OFAC-SDN")]
    assert (sdn["listed_on"], sdn["authority"], sdn["program"]) == (
        "2022-03-01",
        "Office of Foreign Assets Control",
        "RUSSIA-EO14024",
    )
    assert sdn["dataset"] == "opensanctions/us_ofac_sdn"
    eu = des[("ftm:os-petrovsky", "EU-FSF")]
    assert (eu["listed_on"], eu["delisted_on"]) == ("2022-04-08", "2024-01-15")
    own = _by_key("ownership", t["ownership"])
    stake = own[("ftm:os-volkov-avionics", "ftm:os-kestrel-trading", "equity")]
    assert (stake["percentage"], stake["valid_from"], stake["valid_to"]) == (
        60.0,
        "2021-01-01",
        "2023-06-30",
    )
    unknown = own[("ftm:os-ministry", "ftm:os-volkov-avionics", "equity")]
    assert unknown["percentage"] == 0.0 and "percentage not given" in unknown["status"]
    # Only a Sanction designates: Kestrel is owned by a designated company, not designated.
    assert ("ftm:os-kestrel-trading", "US-OFAC-SDN") not in des
    # An edge naming an entity outside the file: skipped, a warning with its line.
    skipped = [w for w in result.warnings if "own-missing" in w.message]
    assert skipped and skipped[0].file == "opensanctions.ftm.json" and skipped[0].line
    assert any("Vessel" in n for n in result.notes)


def test_cyclonedx_items_tree_parts_and_candidate_sources() -> None:
    t = _import("cyclonedx").tables
    items = {r["id"]: r for r in t["items"]}
    assert items["cdx:harrier-radar"]["kind"] == "platform"
    assert items["cdx:antenna-array"]["kind"] == "assembly"
    assert items["cdx:tr-module"]["part_number"] == "KM-TR-12"
    assert items["cdx:hydrophone"]["part_number"] == "FW-HS-9"  # 1.5 XML, property mpn
    assert items["cdx:signal-fw"]["component_type"] == "firmware"
    assert "cdx:cooling-unit-1" in items  # no bom-ref: an id from name and version
    bom = {(r["parent"], r["child"]) for r in t["bom"]}
    assert {("cdx:antenna-array", "cdx:tr-module"), ("cdx:hydrophone", "cdx:piezo")} <= bom
    assert all(s["qualified"] is False for s in t["sources"])
    orgs = {r["id"]: r for r in t["organisations"]}
    assert orgs["cdx-org:fjordwave-antennas-as"]["country"] == "NO"


def test_supplier_list_loose_columns_countries_and_duplicates() -> None:
    t = _import("suppliers").tables
    orgs = {r["id"]: r for r in t["organisations"]}
    assert orgs["V-1001"]["country"] == "DE" and orgs["V-1001"]["cage"] == "D1234"
    assert orgs["V-1002"]["country"] == "GB"  # "UK"
    assert orgs["V-1003"]["country"] == "AE"  # "United Arab Emirates"
    assert orgs["V-1004"]["identifiers"] == ["duns:123456789"]
    assert "sup:sable-ridge-foundry-us" in orgs  # no id: one from name and country
    supplied = {(s["item"], s["supplier"]) for s in t["sources"]}
    assert {("part:t-r-module", "V-1001"), ("part:antenna-array", "V-1001")} <= supplied
    assert ("part:cooling-unit", "V-1001") in supplied  # from the duplicate row


#: A valid LEI (ISO 7064 check digits) that no fixture holds.
_OUTSIDE = "5299000OUTSIDEPA0050"
#: (child, parent): an unknown child, an unknown parent, a parent the fixtures hold.
_RR_OUTSIDE = [
    ("5299000UNKNOWNCO0002", "549300SABLERIDGE0096"),
    ("5299000NORDLICHT0030", _OUTSIDE),
    ("5299000AURORAHLD0070", "549300SABLERIDGE0096"),
]


def _rr_text(pairs: list[tuple[str, str]]) -> str:
    header = (FIXTURES / "gleif-rr.csv").read_text(encoding="utf-8").splitlines()[0]
    rows = [
        f'"{child}","LEI","{parent}","LEI","IS_DIRECTLY_CONSOLIDATED_BY","ACTIVE"' + ',""' * 19
        for child, parent in pairs
    ]
    return "\n".join([header, *rows]) + "\n"


def test_gleif_relationships_outside_the_files_warn_and_keep_the_import(
    store: FalkorDBStore, tmp_path: Path
) -> None:
    """A parent outside the files is a stub with its LEI and provenance; a child outside
    the files is skipped; each is a warning with file and line; the import loads."""
    rr = tmp_path / "rr-outside.csv"
    rr.write_text(_rr_text(_RR_OUTSIDE), encoding="utf-8")
    sources = [Source.from_path(FIXTURES / "gleif-lei.csv"), Source.from_path(rr)]
    result = run_import("gleif", sources, retrieved_on="2026-02-01")
    where = [(w.file, w.line, w.column) for w in result.warnings]
    assert where == [
        ("rr-outside.csv", 2, "Relationship.StartNode.NodeID"),
        ("rr-outside.csv", 3, "Relationship.EndNode.NodeID"),
    ]
    assert "5299000UNKNOWNCO0002" in result.warnings[0].message
    assert _OUTSIDE in result.warnings[1].message
    orgs = {o["id"]: o for o in result.tables["organisations"]}
    stub = orgs[f"lei:{_OUTSIDE}"]
    assert stub["lei"] == _OUTSIDE and stub["status"] == "NOT_IN_IMPORT"
    assert stub["dataset"] == "gleif-rr" and stub["source_file"] == "rr-outside.csv"
    assert stub["record_id"].startswith("5299000NORDLICHT0030>" + _OUTSIDE)
    assert any("external parent" in n for n in result.notes)
    # Into the store (both engines): the stub owns its child; the skipped edge is absent.
    write_import(result, tmp_path / "b")
    load_reference(store)
    load_bundle(store, read_bundle(tmp_path / "b", require_items=False))
    exported = export_tables(store)
    owned = {(o["owner"], o["owned"]) for o in exported["ownership"]}
    assert (f"lei:{_OUTSIDE}", "lei:5299000NORDLICHT0030") in owned
    assert not any("UNKNOWNCO" in a or "UNKNOWNCO" in b for a, b in owned)
    stored = {o["id"]: o for o in exported["organisations"]}[f"lei:{_OUTSIDE}"]
    assert stored["status"] == "NOT_IN_IMPORT" and stored["lei"] == _OUTSIDE
    # With the parent already in the graph, no stub is made.
    known = {f"lei:{_OUTSIDE}", "lei:5299000NORDLICHT0030"}
    again = run_import("gleif", [Source.from_path(rr)], known=known)
    assert not again.tables.get("organisations")
    kept = {(o["owner"], o["owned"]) for o in again.tables["ownership"]}
    assert kept == {(f"lei:{_OUTSIDE}", "lei:5299000NORDLICHT0030")}


def test_bad_files_give_every_problem_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad-lei.csv"
    bad.write_text(
        '"LEI","Entity.LegalName","Entity.LegalAddress.Country"\n'
        '"5299000NORDLICHT0031","Broken One","DE"\n'
        '"5299000AURORAHLD0070","","CH"\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as exc:
        run_import("gleif", [Source.from_path(bad)])
    where = [(p.file, p.line, p.column) for p in exc.value.problems]
    assert where == [("bad-lei.csv", 2, "LEI"), ("bad-lei.csv", 3, "Entity.LegalName")]
    sup = tmp_path / "sup.csv"
    sup.write_text("name,country,lei\n,DE,\nAcme,Atlantis,\nBeta,FR,NOTALEI\n", encoding="utf-8")
    with pytest.raises(ValidationFailed) as exc:
        run_import("suppliers", [Source.from_path(sup)])
    assert [(p.line, p.column) for p in exc.value.problems] == [
        (2, "name"),
        (3, "country"),
        (4, "lei"),
    ]
    ftm = tmp_path / "x.ftm.json"
    ftm.write_text('{"id": "a", "schema": "Company"}\nnot json\n{"id": "b", "schema": "Nope"}\n')
    with pytest.raises(ValidationFailed) as exc:
        run_import("ftm", [Source.from_path(ftm)])
    assert [p.line for p in exc.value.problems] == [1, 2, 3]


# ---------------------------------------------------------------------- CLI


def test_cli_import_loads_directly_or_writes_a_bundle(store_dir: Path, tmp_path: Path) -> None:
    graph = f"t_cli_{uuid.uuid4().hex[:10]}"
    env = {
        **os.environ,
        "SUPPLYNET_DATA_DIR": str(store_dir),
        "SUPPLYNET_GRAPH": graph,
        "COLUMNS": "200",
    }
    env.pop("SUPPLYNET_DEBUG", None)
    files = [str(FIXTURES / f) for f in CASES["gleif"]]
    out = tmp_path / "gleif-bundle"
    r = _cli(env, "import", "gleif", *files, "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "organisations.csv").exists() and (out / "ownership.csv").exists()
    r = _cli(env, "import", "gleif", *files)
    assert r.returncode == 0, r.stderr
    assert "6 organisations, 4 ownership" in r.stdout
    s = FalkorDBStore(store_dir, graph=graph)
    try:
        ids = {r["id"] for r in export_tables(s)["organisations"]}
        assert "lei:5299000NORDLICHT0030" in ids
        # A bad file: one message with file and line, exit 1, nothing written.
        bad = tmp_path / "bad.csv"
        bad.write_text('"LEI","Entity.LegalName"\n"X","Y"\n', encoding="utf-8")
        before = export_tables(s)
        r = _cli(env, "import", "gleif", str(bad))
        assert r.returncode == 1
        assert "bad.csv, line 2, column LEI" in r.stderr and "Traceback" not in r.stderr
        assert export_tables(s) == before
        # RR alone: a child the graph lacks is skipped (with its line), a parent the graph
        # lacks becomes a stub, a parent the graph holds (from the first import) is used.
        rr = tmp_path / "rr.csv"
        rr.write_text(_rr_text(_RR_OUTSIDE), encoding="utf-8")
        r = _cli(env, "import", "gleif", str(rr))
        assert r.returncode == 0, r.stderr
        assert "rr.csv, line 2, column Relationship.StartNode.NodeID" in r.stderr
        assert "rr.csv, line 3, column Relationship.EndNode.NodeID" in r.stderr
        after = export_tables(s)
        orgs = {o["id"]: o for o in after["organisations"]}
        assert orgs[f"lei:{_OUTSIDE}"]["status"] == "NOT_IN_IMPORT"
        assert "lei:5299000UNKNOWNCO0002" not in orgs
        # The real record of the known parent is untouched by the incremental import.
        assert (
            orgs["lei:549300SABLERIDGE0096"]
            == {o["id"]: o for o in before["organisations"]}["lei:549300SABLERIDGE0096"]
        )
        owned = {(o["owner"], o["owned"]) for o in after["ownership"]}
        assert (f"lei:{_OUTSIDE}", "lei:5299000NORDLICHT0030") in owned
        assert ("lei:549300SABLERIDGE0096", "lei:5299000AURORAHLD0070") in owned
    finally:
        s.drop()
        s.close()


def test_import_notes_are_json_serialisable() -> None:
    # The API returns them as they are.
    assert json.dumps(_import("ftm").notes)


def test_cli_analyze_as_of_match_and_diff(store_dir: Path) -> None:
    graph = f"t_cli_{uuid.uuid4().hex[:10]}"
    # The session's store server, its own graph.
    env = {
        **os.environ,
        "SUPPLYNET_DATA_DIR": str(store_dir),
        "SUPPLYNET_GRAPH": graph,
        "COLUMNS": "200",
    }
    env.pop("SUPPLYNET_DEBUG", None)
    s = FalkorDBStore(store_dir, graph=graph)
    try:
        for kind, files in (
            ("cyclonedx", ["radar-1.6.cdx.json"]),
            ("gleif", ["gleif-lei.xml"]),
            ("suppliers", ["suppliers.csv"]),
        ):
            r = _cli(env, "import", kind, *[str(FIXTURES / f) for f in files])
            assert r.returncode == 0, r.stderr
        r = _cli(env, "analyze", "--as-of", "2022-01-01", "--json")
        assert r.returncode == 0, r.stderr
        assert json.loads(r.stdout)["as_of"] == "2022-01-01"
        assert _cli(env, "analyze", "--as-of", "not-a-date").returncode == 1
        r = _cli(env, "match", "--json")
        assert r.returncode == 0, r.stderr
        pairs = {(c["left"]["id"], c["right"]["id"]) for c in json.loads(r.stdout)["candidates"]}
        assert ("V-1002", "lei:5299000BRIGHTWAT0044") in pairs
        r = _cli(env, "match", "decide", "V-1002", "lei:5299000BRIGHTWAT0044", "same")
        assert r.returncode == 0, r.stderr
        r = _cli(env, "analyze", "--json")
        assert r.returncode == 0, r.stderr
        r = _cli(env, "diff", "--json")
        assert r.returncode == 0, r.stderr
        doc = json.loads(r.stdout)
        assert doc["from"] < doc["to"] and "platforms" in doc
        assert "r" in _cli(env, "runs").stdout
        assert ("V-1002", "lei:5299000BRIGHTWAT0044", "same") in {
            (m["left"], m["right"], m["decision"]) for m in export_tables(s)["matches"]
        }
    finally:
        s.drop()
        s.close()
