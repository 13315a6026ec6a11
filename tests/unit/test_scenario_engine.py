"""Scenarios on hand-worked small networks: losses, paths, TTS/TTR, mitigations, errors."""

from __future__ import annotations

import json
from typing import Any

import networkx as nx
import pytest

from graphmodel.errors import SupplynetError, ValidationFailed
from graphmodel.nxgraph import graph_from_tables
from graphmodel.scenarios import ScenarioSpec, parse_scenario, run_scenario, validate_scenario

pytestmark = pytest.mark.unit


def tables(**extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """P needs A and B; A needs M1; B needs M2.

    M1 has one qualified source in CN (recovery 200 days) and two unqualified
    candidates: Maple (CA, allied, 150 days) and Sakura (JP, no recovery_days).
    M2's only source is a CN-registered organisation producing at a KZ facility.
    Stock: M1 20 days held by US (40 at 2 a day) and 100 days held by a CN
    organisation; A 10 days held by FR.
    """
    t: dict[str, list[dict[str, Any]]] = {
        "countries": [
            {"code": "CN", "concern": "adversary"},
            {"code": "CA", "groups": ["NATO", "NTIB"]},
            {"code": "FR", "groups": ["NATO"]},
            {"code": "DE", "groups": ["NATO"]},
            {"code": "JP", "groups": []},
            {"code": "KZ", "groups": []},
            {"code": "US", "groups": ["NATO"]},
        ],
        "organisations": [
            {"id": "OA", "name": "OA", "country": "FR"},
            {"id": "OB", "name": "OB", "country": "DE"},
            {"id": "Red", "name": "Red", "country": "CN"},
            {"id": "Red2", "name": "Red2", "country": "CN"},
            {"id": "Maple", "name": "Maple", "country": "CA"},
            {"id": "Sakura", "name": "Sakura", "country": "JP"},
            {"id": "Hold", "name": "Hold", "country": "CN"},
            {"id": "OP", "name": "OP", "country": "FR"},
        ],
        "facilities": [{"id": "F2", "name": "F2", "operator": "Red2", "country": "KZ"}],
        "items": [
            {"id": "P", "name": "P", "kind": "platform"},
            {"id": "A", "name": "A", "kind": "assembly"},
            {"id": "B", "name": "B", "kind": "assembly"},
            {"id": "M1", "name": "M1", "kind": "material"},
            {"id": "M2", "name": "M2", "kind": "material"},
        ],
        "bom": [
            {"parent": "P", "child": "A"},
            {"parent": "P", "child": "B"},
            {"parent": "A", "child": "M1"},
            {"parent": "B", "child": "M2"},
        ],
        "sources": [
            {"item": "P", "supplier": "OP", "recovery_days": 400},
            {"item": "A", "supplier": "OA", "recovery_days": 30},
            {"item": "B", "supplier": "OB", "recovery_days": 60},
            {"item": "M1", "supplier": "Red", "recovery_days": 200},
            {"item": "M1", "supplier": "Maple", "qualified": False, "recovery_days": 150},
            {"item": "M1", "supplier": "Sakura", "qualified": False},
            {"item": "M2", "supplier": "Red2", "facility": "F2", "recovery_days": 45},
        ],
        "stockpiles": [
            {"item": "M1", "holder": "US", "quantity": 40.0, "consumption_per_day": 2.0},
            {"item": "M1", "holder": "Hold", "days_of_supply": 100.0},
            {"item": "A", "holder": "FR", "days_of_supply": 10.0},
        ],
    }
    for k, v in extra.items():
        t[k] = [*t.get(k, []), *v]
    return t


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return graph_from_tables(tables())


def ban_m1(**kw: Any) -> ScenarioSpec:
    return ScenarioSpec(name="ban", countries=[{"code": "CN", "items": ["M1"]}], **kw)


def platform(r: dict[str, Any], pid: str = "P") -> dict[str, Any]:
    return next(p for p in r["platforms"] if p["platform"] == pid)


def test_export_ban_loses_the_chain_with_tiers_paths_and_cause_chains(G: nx.MultiDiGraph) -> None:
    r = run_scenario(G, ban_m1())
    assert r["platforms_lost"] == ["P"]
    assert [i["item"] for i in r["items_lost"]] == ["M1", "A", "P"]  # root causes first
    p = platform(r)
    assert p["root_causes"] == ["M1"]
    tiers = {t["tier"]: t["items"] for t in p["lost_by_tier"]}
    assert [e["item"] for e in tiers[1]] == ["A"]
    assert tiers[2][0] == {"item": "M1", "path": ["P", "A", "M1"], "cause_chain": ["M1"]}
    assert tiers[0][0]["cause_chain"] == ["P", "A", "M1"]
    m1 = next(i for i in r["items_lost"] if i["item"] == "M1")
    assert m1["root_cause"] and m1["lost_sources"][0]["why"] == ["export ban of CN on M1"]
    assert r["removed"]["export_bans"] == [{"country": "CN", "items": ["M1"], "measure": "loss"}]
    json.dumps(r)  # JSON-able


def test_tts_sums_stock_down_the_chain_and_drops_stock_of_banned_holders(
    G: nx.MultiDiGraph,
) -> None:
    r = run_scenario(G, ban_m1())
    # M1: 40 / 2 = 20 days (the CN holder's 100 days fall under the ban); A: 10 + 20.
    lost = {i["item"]: i for i in r["items_lost"]}
    assert lost["M1"]["time_to_survive_days"] == 20.0
    assert lost["A"]["time_to_survive_days"] == 30.0
    assert platform(r)["time_to_survive_days"] == 30.0


def test_ttr_is_the_quickest_option_and_the_platform_is_at_risk(G: nx.MultiDiGraph) -> None:
    # Restore Red after 200 days vs qualify Maple in 150 (its recovery_days) vs
    # Sakura in qualification_days (365): 150.
    p = platform(run_scenario(G, ban_m1()))
    assert p["time_to_recover_days"] == 150.0
    assert p["at_risk"] and p["days_at_risk"] == 120.0
    assert p["recovery"]["item"] == "M1" and p["recovery"]["kind"] == "qualify"
    assert p["recovery"]["via"] == "Maple"
    assert p["recovery_path"] == ["P", "A", "M1"]
    # Stock to cover: dist(M1) = 0 + 10 + 20 = 30, so 150 - 30 = 120 more days.
    assert p["stock_to_cover"] == [{"item": "M1", "extra_days_of_supply": 120.0}]


def test_duration_and_open_ended_change_how_removed_sources_come_back(
    G: nx.MultiDiGraph,
) -> None:
    assert platform(run_scenario(G, ban_m1(duration_days=100)))["time_to_recover_days"] == 100.0
    assert platform(run_scenario(G, ban_m1(open_ended=True)))["time_to_recover_days"] == 150.0
    cheap = ban_m1(open_ended=True, qualification_days=25)
    # Sakura (no recovery_days) now qualifies in 25 days, within the 30 days of stock.
    p = platform(run_scenario(G, cheap))
    assert p["time_to_recover_days"] == 25.0 and p["recovery"]["via"] == "Sakura"
    assert not p["at_risk"] and p["days_at_risk"] == 0.0


def test_no_recovery_path_is_unbounded() -> None:
    t = tables()
    t["sources"] = [s for s in t["sources"] if s["supplier"] not in ("Maple", "Sakura")]
    p = platform(run_scenario(graph_from_tables(t), ban_m1(open_ended=True)))
    assert p["time_to_recover_days"] is None and p["recovery_unbounded"]
    assert p["at_risk"] and p["days_at_risk"] is None
    assert p["recovery"]["kind"] == "none"
    assert p["stock_to_cover"] == []


def test_a_qualified_substitute_shortens_recovery() -> None:
    t = tables(
        items=[{"id": "M3", "name": "M3", "kind": "material"}],
        sources=[{"item": "M3", "supplier": "OA"}],
        substitutes=[{"item": "M1", "substitute": "M3", "qualified": True}],
    )
    r = run_scenario(graph_from_tables(t), ban_m1())
    p = platform(r)
    assert p["time_to_recover_days"] == 90.0  # substitution_days
    assert p["recovery"]["kind"] == "substitute" and p["recovery"]["via"] == "M3"
    kinds = [o["kind"] for o in r["mitigations"][0]["options"]]
    assert kinds == ["qualify_candidate", "qualify_candidate", "qualified_substitute", "stockpile"]


def test_mitigations_rank_allied_candidates_first_and_explain(G: nx.MultiDiGraph) -> None:
    r = run_scenario(G, ban_m1())
    block = r["mitigations"][0]
    assert block["item"] == "M1" and block["platforms"] == ["P"] and block["root_cause"]
    opts = block["options"]
    assert [(o["kind"], o.get("organisation")) for o in opts] == [
        ("qualify_candidate", "Maple"),
        ("qualify_candidate", "Sakura"),
        ("stockpile", None),
    ]
    assert opts[0]["allied_groups"] == ["NATO", "NTIB"] and opts[0]["rank"] == 1
    assert opts[1]["time_days"] == 365.0 and "qualification_days" in opts[1]["explanation"]
    assert opts[2]["extra_days_of_supply"] == 120.0 and opts[2]["extra_quantity"] == 240.0
    assert not opts[0]["beats_survival"]  # 150 days > 30 days of survival


def test_facility_country_decides_exposure(G: nx.MultiDiGraph) -> None:
    # Red2 is registered in CN but makes M2 at F2 in KZ: removing CN leaves M2.
    r = run_scenario(G, ScenarioSpec(countries=["CN"]))
    assert {i["item"] for i in r["items_lost"]} == {"P", "A", "M1"}
    r = run_scenario(G, ScenarioSpec(countries=["KZ"]))
    assert {i["item"] for i in r["items_lost"]} == {"P", "B", "M2"}
    scoped = ScenarioSpec(countries=[{"code": "CN", "items": ["M2"]}])
    assert run_scenario(G, scoped)["items_lost"] == []


def test_whole_country_takes_its_stock_and_removed_item_restores(G: nx.MultiDiGraph) -> None:
    r = run_scenario(G, ScenarioSpec(countries=["FR"]))
    lost = {i["item"]: i for i in r["items_lost"]}
    assert lost["A"]["stock_days"] == 0.0 and lost["A"]["time_to_survive_days"] == 0.0
    r = run_scenario(G, ScenarioSpec(items=["A"]))
    p = platform(r)
    assert p["time_to_survive_days"] == 10.0 and p["time_to_recover_days"] == 30.0
    assert p["days_at_risk"] == 20.0
    a = next(i for i in r["items_lost"] if i["item"] == "A")
    assert a["reason"] == "A is removed item by the scenario"


def test_adversary_policy_removes_linked_nodes(G: nx.MultiDiGraph) -> None:
    r = run_scenario(G, ScenarioSpec(adversary_policy=True))
    assert {"Red", "Red2", "Hold"} <= set(r["removed"]["adversary_linked"])
    assert set(platform(r)["root_causes"]) == {"M1", "M2"}
    m2 = next(i for i in r["items_lost"] if i["item"] == "M2")
    # F2 is linked through its operator Red2.
    assert m2["lost_sources"][0]["why"] == ["adversary-linked Red2", "adversary-linked F2"]


def test_degraded_items_list_the_remaining_qualified_sources() -> None:
    t = tables(
        organisations=[{"id": "Kiwi", "name": "Kiwi", "country": "DE"}],
        sources=[{"item": "M1", "supplier": "Kiwi"}],
    )
    r = run_scenario(graph_from_tables(t), ban_m1())
    assert r["items_lost"] == []
    (d,) = r["degraded_items"]
    assert d["item"] == "M1" and d["qualified_sources_left"] == 1
    assert d["remaining_sources"][0]["organisation"] == "Kiwi"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ({}, "removes nothing"),
        ({"organisations": ["ghost"]}, "'ghost' is not an organisation"),
        ({"facilities": ["OA"]}, "'OA' is not a facility"),
        ({"items": ["nope"]}, "'nope' is not an item"),
        ({"countries": ["ZZ"]}, "'ZZ' is not a country"),
        ({"countries": [{"code": "CN", "items": ["mat-unobtainium"]}]}, "not a material"),
        ({"countries": [{"code": "CN", "items": []}]}, "bans nothing"),
        ({"countries": ["CN"], "open_ended": True, "duration_days": 5}, "both open-ended"),
        ({"adversary_policy": "/no/such/policy.toml"}, "does not exist"),
    ],
)
def test_bad_scenarios_are_clear_errors(
    G: nx.MultiDiGraph, spec: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(ValidationFailed) as exc:
        run_scenario(G, parse_scenario(spec))
    assert exc.value.status == 422
    assert len(exc.value.problems) == 1
    assert fragment in exc.value.message


def test_every_problem_is_reported_once() -> None:
    G = graph_from_tables(tables())
    spec = ScenarioSpec(organisations=["x", "y"], items=["z"])
    with pytest.raises(ValidationFailed) as exc:
        validate_scenario(G, spec)
    assert [p.column for p in exc.value.problems] == [
        "items[0]",
        "organisations[0]",
        "organisations[1]",
    ]


@pytest.mark.parametrize(
    ("data", "column"),
    [
        ({"planets": ["Mars"]}, "planets"),
        ({"countries": [{"code": "CHN"}]}, "countries[0].code"),
        ({"countries": ["CN"], "duration_days": -1}, "duration_days"),
        ({"name": ""}, "name"),
    ],
)
def test_malformed_specs_name_the_field(data: dict[str, Any], column: str) -> None:
    with pytest.raises(SupplynetError) as exc:
        parse_scenario(data)
    assert isinstance(exc.value, ValidationFailed)
    assert exc.value.problems[0].column == column
    assert exc.value.message.endswith(".")


def test_item_limit_cuts_the_lists_but_not_the_counts(G: nx.MultiDiGraph) -> None:
    r = run_scenario(G, ban_m1(), item_limit=1)
    assert [i["item"] for i in r["items_lost"]] == ["M1"] and r["items_lost_truncated"]
    assert r["summary"]["items_lost"] == 3
    p = platform(r)
    assert p["items_lost"] == 3 and p["lost_by_tier_truncated"]
    assert [t["tier"] for t in p["lost_by_tier"]] == [0]
    assert not run_scenario(G, ban_m1())["items_lost_truncated"]
