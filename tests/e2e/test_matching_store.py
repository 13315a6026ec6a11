"""Matching in the store: candidates, decisions that survive reloads and exports, and linking."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphmodel.analysis.report import run_analysis
from graphmodel.bundle import Bundle
from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.export import export_tables
from graphmodel.importers import Source, run_import
from graphmodel.load import load_bundle, load_reference
from graphmodel.matching import decide, find_matches
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"
POLICY = '[designations]\nlists = ["US-OFAC-SDN"]\n[ofac]\nseed_lists = ["US-OFAC-SDN"]\n'


def _load_sources(store: FalkorDBStore) -> None:
    load_reference(store)
    for kind, files in (
        ("gleif", ["gleif-lei.csv", "gleif-lei.xml", "gleif-rr.csv"]),
        ("ftm", ["opensanctions.ftm.json"]),
        ("suppliers", ["suppliers.csv"]),
    ):
        result = run_import(kind, [Source.from_path(FIXTURES / f) for f in files])
        load_bundle(store, Bundle(result.tables))
    # A platform that needs what the supplier list says V-1003 supplies.
    load_bundle(
        store,
        Bundle(
            {
                "items": [{"id": "p-radar", "name": "Radar", "kind": "platform"}],
                "bom": [{"parent": "p-radar", "child": "part:gan-mmic", "quantity": 1.0}],
            }
        ),
    )


def _pairs(result: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(c["left"]["id"], c["right"]["id"]): c for c in result["candidates"]}


def test_candidates_then_a_decision_links_the_supplier(
    store: FalkorDBStore, tmp_path: Path
) -> None:
    _load_sources(store)
    pairs = _pairs(find_matches(store))
    bright = pairs[("V-1002", "lei:5299000BRIGHTWAT0044")]
    assert bright["proposed"] and bright["features"]["identifier"].startswith("lei:")
    nord = pairs[("V-1001", "lei:5299000NORDLICHT0030")]
    assert nord["proposed"] and nord["features"]["country"] == "same"
    kestrel = pairs[("V-1003", "ftm:os-kestrel-trading")]
    assert kestrel["proposed"] and kestrel["decision"] is None
    assert kestrel["right"]["dataset"] == "opensanctions/ae_companies"
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    # No decision, no link: the supplier is clean on a day the registry record is blocked.
    before = run_analysis(store, platform="p-radar", policy_path=policy, as_of="2022-06-01")
    assert not before["nodes"].get("V-1003", {}).get("adversary_linked")
    row = decide(store, "V-1003", "ftm:os-kestrel-trading", "same", decided_by="test")
    assert row["decision"] == "same"
    after = run_analysis(store, platform="p-radar", policy_path=policy, as_of="2022-06-01")
    reasons = after["nodes"]["V-1003"]["reasons"]
    ofac = next(r for r in reasons if r["kind"] == "ofac_50")
    assert ofac["path"] == ["ftm:os-volkov-avionics", "V-1003"]
    assert ofac["sources"][0]["via_same_as"] == "ftm:os-kestrel-trading"
    assert ofac["sources"][0]["record_id"] == "own-volkov-kestrel"
    volkov = after["nodes"]["ftm:os-volkov-avionics"]["reasons"]
    registration = next(r for r in volkov if r["kind"] == "registration")
    assert registration["sources"][0]["dataset"] == "opensanctions/us_ofac_sdn"
    assert registration["sources"][0]["source_file"] == "opensanctions.ftm.json"
    # The stake ended on 2023-06-30: today the supplier is not blocked.
    today = run_analysis(store, platform="p-radar", policy_path=policy)
    assert not [
        r for r in today["nodes"].get("V-1003", {}).get("reasons", []) if r["kind"] == "ofac_50"
    ]


def test_decisions_survive_export_and_a_replacing_reload(store: FalkorDBStore) -> None:
    _load_sources(store)
    decide(store, "V-1004", "lei:213800HEXAPODDYN0009", "same")
    decide(store, "V-1003", "ftm:os-kestrel-trading", "not_same")
    exported = export_tables(store)
    assert {(m["left"], m["right"], m["decision"]) for m in exported["matches"]} == {
        ("V-1004", "lei:213800HEXAPODDYN0009", "same"),
        ("V-1003", "ftm:os-kestrel-trading", "not_same"),
    }
    store.clear()  # what load --replace does
    store.ensure_schema()
    _load_sources(store)
    again = {(m["left"], m["right"], m["decision"]) for m in export_tables(store)["matches"]}
    assert ("V-1004", "lei:213800HEXAPODDYN0009", "same") in again
    assert ("V-1003", "ftm:os-kestrel-trading", "not_same") in again
    pairs = _pairs(find_matches(store))
    assert pairs[("V-1003", "ftm:os-kestrel-trading")]["decision"] == "not_same"
    undecided = _pairs(find_matches(store, include_decided=False))
    assert ("V-1003", "ftm:os-kestrel-trading") not in undecided


def test_decide_refuses_bad_input(store: FalkorDBStore) -> None:
    _load_sources(store)
    with pytest.raises(SupplynetError):
        decide(store, "V-1001", "lei:5299000NORDLICHT0030", "maybe")
    with pytest.raises(NotFoundError):
        decide(store, "V-1001", "nobody", "same")
    with pytest.raises(SupplynetError):
        decide(store, "V-1001", "V-1001", "same")
