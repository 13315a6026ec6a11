"""Plans through the API (both stores): stockpile sizing, comparison, recommendations,
briefs, arrangement what-ifs, saved plans, 422s, roles and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from graphmodel.workspace import Workspace
from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e

#: Volumes on the API test network (tests/api/api_support.py). M1 is needed 2.5/day
#: (P1 1/day through C1 and C2, P2 0.5/day through C2); O3 (CN) makes 3/day; the
#: candidate O2 (DE) would make 3/day after 60 days.
CAPACITIES = [
    ["A1", "O1", 5.0, 10.0],
    ["C1", "O2", 5.0, 10.0],
    ["C2", "O2", 5.0, 10.0],
    ["M1", "O3", 3.0, 10.0],
    ["M1", "O2", 3.0, 60.0],
]
LOSE_O3 = {"name": "o3-gone", "organisations": ["O3"], "open_ended": True}


@pytest.fixture(scope="module")
def env(api_env: ApiEnv) -> Iterator[ApiEnv]:
    store = api_env.state.store
    store._write(
        "UNWIND $rows AS r MATCH (i:Item {id: r[0]}) SET i.demand_per_day = r[1]",
        {"rows": [["P1", 1.0], ["P2", 0.5]]},
    )
    store._write(
        "UNWIND $rows AS r MATCH (:Item {id: r[0]})-[s:SOURCED_FROM]->(:Organisation {id: r[1]}) "
        "SET s.capacity = r[2], s.recovery_days = r[3]",
        {"rows": CAPACITIES},
    )
    Workspace(api_env.settings.data_dir).mark_changed()
    yield api_env


def _post(env: ApiEnv, path: str, body: dict[str, Any], role: str = "analyst") -> Any:
    return env.client.post(f"/v1{path}", json=body, headers=env.auth(role))


def test_stockpile_sizing_for_a_scenario_and_the_stress_test(env: ApiEnv) -> None:
    r = _post(
        env,
        "/plans/stockpiles",
        {"scenario": LOSE_O3, "horizon_days": 30, "unit_costs": {"M1": 1, "P1": 100, "P2": 100}},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    # 2.5 M1 a day for 30 days, cheaper than 45 platforms.
    assert body["stock_units"] == pytest.approx({"M1": 75.0})
    assert body["items"][0]["name"] == "Metal One" and body["total"]["cost"] == 75.0
    r = _post(env, "/plans/stockpiles", {"horizon_days": 30, "unit_costs": {"M1": 1}})
    assert r.status_code == 200, r.text
    stress = r.json()
    assert stress["scenarios"] > 1 and stress["stock_units"]["M1"] == pytest.approx(75.0)
    assert _post(env, "/plans/stockpiles", {"horizon_days": 30}, role="viewer").status_code == 403


def test_save_compare_brief_and_delete(env: ApiEnv) -> None:
    h = env.auth("editor")
    lic = {
        "levers": [
            {
                "kind": "licence",
                "item": "M1",
                "organisation": "O2",
                "qualification_days": 60,
                "cost": 10,
            }
        ]
    }
    r = env.client.put("/v1/plans/second-source", json={"name": "x", **lic}, headers=h)
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "second-source"
    listed = env.client.get("/v1/plans", headers=env.auth("viewer")).json()
    assert [p["name"] for p in listed] == ["second-source"]
    stock = {
        "name": "m1-stock",
        "unit_costs": {"M1": 1},
        "levers": [{"kind": "stockpile", "item": "M1", "quantity": 150}],
    }
    r = _post(env, "/plans/compare", {"scenario": LOSE_O3, "plans": ["second-source", stock]})
    assert r.status_code == 200, r.text
    by = {p["plan"]: p for p in r.json()["plans"]}
    # Without the licence the loss never ends (365 days of 2.5/day... weighted 1+0.5 a day);
    # with it the platforms recover after 60 days.
    assert by["second-source"]["time_to_recover_days"] == [None, 60.0]
    assert by["m1-stock"]["cost"] == 150.0
    assert by["m1-stock"]["time_to_survive_days"][1] == pytest.approx(60.0)
    r = _post(env, "/plans/second-source/brief", {"scenario": LOSE_O3, "format": "html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<table>" in r.text and "second-source" in r.text
    r = _post(env, "/plans/second-source/brief", {"scenario": LOSE_O3, "against_plans": [stock]})
    assert r.headers["content-type"].startswith("text/markdown") and "m1-stock" in r.text
    assert env.client.delete("/v1/plans/second-source", headers=h).status_code == 204
    assert env.client.delete("/v1/plans/second-source", headers=h).status_code == 404
    audit = env.client.get(
        "/v1/audit", params={"action": "plan.save"}, headers=env.auth("admin")
    ).json()
    assert ("second-source", "ok") in [(e["target"], e["outcome"]) for e in audit["items"]]


def test_a_plan_naming_unknown_ids_is_refused(env: ApiEnv) -> None:
    bad = {"levers": [{"kind": "stockpile", "item": "NOPE", "quantity": 1}]}
    r = env.client.put("/v1/plans/bad", json={"name": "bad", **bad}, headers=env.auth("editor"))
    assert r.status_code == 422
    assert "'NOPE' is not an item" in r.text
    r = env.client.put("/v1/plans/bad", json={"name": "bad", **bad}, headers=env.auth("analyst"))
    assert r.status_code == 403
    assert env.client.get("/v1/plans/bad", headers=env.auth("viewer")).status_code == 404


def test_recommend_names_the_cheapest_plan_with_evidence(env: ApiEnv) -> None:
    r = _post(
        env,
        "/plans/recommend",
        {"scenario": LOSE_O3, "horizon_days": 30, "unit_costs": {"M1": 1, "P1": 50, "P2": 50}},
    )
    assert r.status_code == 200, r.text
    platforms = {p["platform"]: p for p in r.json()["platforms"]}
    assert set(platforms) == {"P1", "P2"}
    p1 = platforms["P1"]
    assert p1["cheapest"] == "stockpile-P1"
    opt = next(o for o in p1["options"] if o["plan"] == "stockpile-P1")
    assert opt["out_of_risk"] and opt["evidence"][0]["name"] == "Metal One"
    assert _post(env, "/plans/recommend", {"horizon_days": 30}).status_code == 400


def test_arrangement_presets_and_what_if(env: ApiEnv) -> None:
    r = env.client.get("/v1/plans/arrangements/presets", headers=env.auth("viewer"))
    assert r.status_code == 200
    assert [p["name"] for p in r.json()] == ["sosa-jp", "sosa-mx", "sosa-tw"]
    r = _post(
        env,
        "/plans/arrangements",
        {"changes": [{"country": "CN", "group": "SOSA"}], "secure_groups": ["SOSA"]},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["countries_changed"] == ["CN"]
    p1 = next(p for p in body["platforms"] if p["platform"] == "P1")
    # Every item of P1 then has an allied qualified source (FR, DE, and now CN).
    assert p1["allied_coverage"]["after"]["allied_item_share"] == 1.0
    assert "O3" in body["stress_ranking"]["left_ranking"]
    r = _post(env, "/plans/arrangements", {"presets": ["sosa-xx"]})
    assert r.status_code == 404
