"""What-if scenarios through the API: runs, 422s with every problem, saved scenarios,
stress test, role boundaries and the audit trail."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def _audit(env: ApiEnv, action: str) -> list[tuple[str, str]]:
    r = env.client.get("/v1/audit", params={"action": action}, headers=env.auth("admin"))
    return [(e["target"], e["outcome"]) for e in r.json()["items"]]


def _run(env: ApiEnv, spec: dict[str, Any], role: str = "analyst") -> Any:
    return env.client.post("/v1/scenarios", json=spec, headers=env.auth(role))


def _ids(refs: list[dict[str, Any]]) -> list[str]:
    """The ids of ``{id, name, kind}`` references (each must carry all three)."""
    assert all(set(r) == {"id", "name", "kind"} for r in refs), refs
    return [r["id"] for r in refs]


def test_adhoc_scenario_loses_the_platforms_and_explains(api_env: ApiEnv) -> None:
    r = _run(api_env, {"name": "gamma-fire", "organisations": ["O3"], "open_ended": True})
    assert r.status_code == 200, r.text
    body = r.json()
    # M1 has one qualified source, O3 (O2 is unqualified): every platform needing it is lost.
    assert _ids(body["platforms_lost"]) == ["P1", "P2"]
    assert body["platforms_lost"][0] == {"id": "P1", "name": "Demo Launcher", "kind": "item"}
    assert body["summary"]["platforms_lost"] == 2
    lost = {i["item"]["id"]: i for i in body["items_lost"]}
    assert lost["M1"]["root_cause"] is True and lost["A1"]["root_cause"] is False
    assert lost["M1"]["item"]["name"] == "Metal One"
    # The lost source, its facility and country, and the removed set: all named.
    source = lost["M1"]["lost_sources"][0]
    assert source["organisation"] == {"id": "O3", "name": "Gamma Metals", "kind": "organisation"}
    assert source["country"]["kind"] == "country"
    assert _ids(body["removed"]["organisations"]) == ["O3"]
    platform = body["platforms"][0]
    assert platform["platform"]["name"] == "Demo Launcher"
    assert all(r["kind"] == "item" for r in platform["root_causes"])
    # The scenario as run stays as given, so it can be sent back or saved.
    assert body["scenario"]["name"] == "gamma-fire"
    assert body["scenario"]["organisations"] == ["O3"]


def test_export_ban_on_the_material(api_env: ApiEnv) -> None:
    r = _run(api_env, {"countries": [{"code": "CN", "items": ["M1"], "measure": "ban"}]})
    assert r.status_code == 200, r.text
    assert "P1" in _ids(r.json()["platforms_lost"])


def test_every_problem_comes_back_at_once(api_env: ApiEnv) -> None:
    r = _run(
        api_env,
        {
            "organisations": ["NOPE"],
            "facilities": ["O1"],  # an organisation, not a facility
            "countries": [{"code": "CN", "items": ["mat-nope"]}, {"code": "ZZ"}],
        },
    )
    assert r.status_code == 422
    body = r.json()
    assert body["type"] == "urn:supplynet:problem:validation-failed"
    columns = {p["column"] for p in body["problems"]}
    assert columns == {
        "organisations[0]",
        "facilities[0]",
        "countries[0].items[0]",
        "countries[1].code",
    }
    assert all(p["message"] for p in body["problems"])


def test_empty_scenario_is_refused(api_env: ApiEnv) -> None:
    r = _run(api_env, {"name": "nothing"})
    assert r.status_code == 422
    assert "removes nothing" in r.json()["problems"][0]["message"]


def test_malformed_scenario_is_refused_with_locations(api_env: ApiEnv) -> None:
    r = _run(api_env, {"planets": ["Mars"], "countries": ["CHN"], "duration_days": -1})
    assert r.status_code == 422
    columns = {p["column"] for p in r.json()["problems"]}
    assert {"planets", "duration_days"} <= columns
    assert any(c.startswith("countries") for c in columns)


def test_policy_file_paths_are_never_read(api_env: ApiEnv) -> None:
    r = _run(api_env, {"organisations": ["O3"], "adversary_policy": "/etc/passwd"})
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert [p["column"] for p in problems] == ["adversary_policy"]
    # Nothing says whether the file exists: the server never looked.
    assert "exist" not in r.text


def test_adversary_policy_removes_linked_nodes(api_env: ApiEnv) -> None:
    r = _run(api_env, {"adversary_policy": True})
    assert r.status_code == 200, r.text
    assert "P1" in _ids(r.json()["platforms_lost"])


def test_presets_cite_their_sources(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/scenarios/presets", headers=api_env.auth("viewer"))
    assert r.status_code == 200
    presets = {p["name"]: p for p in r.json()}
    assert "cn-2023-gallium-germanium-licensing" in presets
    assert all(p["sources"] for p in presets.values())
    # The presets name reference materials this small test graph lacks: a 422, not a 500.
    spec = presets["cn-2023-gallium-germanium-licensing"]["spec"]
    ran = _run(api_env, spec)
    assert ran.status_code == 422
    assert any("mat-gallium" in p["message"] for p in ran.json()["problems"])


def test_saved_scenario_lifecycle_and_audit(api_env: ApiEnv) -> None:
    c = api_env.client
    spec = {"name": "ignored", "description": "Gamma stops", "organisations": ["O3"]}
    url = "/v1/scenarios/saved/gamma-stops"
    assert c.put(url, json=spec, headers=api_env.auth("analyst")).status_code == 403
    saved = c.put(url, json=spec, headers=api_env.auth("editor"))
    assert saved.status_code == 200, saved.text
    assert saved.json()["name"] == "gamma-stops" and saved.json()["created_at"]
    listed = c.get("/v1/scenarios/saved", headers=api_env.auth("viewer")).json()
    assert [s["name"] for s in listed] == ["gamma-stops"]
    one = c.get(url, headers=api_env.auth("viewer")).json()
    assert one["spec"]["organisations"] == ["O3"] and one["spec"]["name"] == "gamma-stops"
    assert c.post(url + "/run", headers=api_env.auth("viewer")).status_code == 403
    ran = c.post(url + "/run", headers=api_env.auth("analyst"))
    assert ran.status_code == 200 and _ids(ran.json()["platforms_lost"]) == ["P1", "P2"]
    assert c.delete(url, headers=api_env.auth("analyst")).status_code == 403
    assert c.delete(url, headers=api_env.auth("editor")).status_code == 204
    assert c.get(url, headers=api_env.auth("viewer")).status_code == 404
    assert c.delete(url, headers=api_env.auth("editor")).status_code == 404
    assert c.post(url + "/run", headers=api_env.auth("analyst")).status_code == 404
    assert ("gamma-stops", "ok") in _audit(api_env, "scenario.save")
    deletes = _audit(api_env, "scenario.delete")
    assert deletes[:2] == [("gamma-stops", "not-found"), ("gamma-stops", "ok")]


def test_saving_an_invalid_scenario_writes_nothing(api_env: ApiEnv) -> None:
    r = api_env.client.put(
        "/v1/scenarios/saved/broken",
        json={"organisations": ["NOPE"]},
        headers=api_env.auth("editor"),
    )
    assert r.status_code == 422
    assert (
        api_env.client.get("/v1/scenarios/saved/broken", headers=api_env.auth("viewer")).status_code
        == 404
    )
    assert _audit(api_env, "scenario.save")[0] == ("broken", "rejected")


def test_bad_scenario_name_is_422(api_env: ApiEnv) -> None:
    r = api_env.client.put(
        "/v1/scenarios/saved/-bad name",
        json={"organisations": ["O3"]},
        headers=api_env.auth("editor"),
    )
    assert r.status_code == 422


def test_stress_test_ranks_single_node_losses(api_env: ApiEnv) -> None:
    c = api_env.client
    url = "/v1/platforms/P1/stress-test"
    assert c.get(url, headers=api_env.auth("viewer")).status_code == 403
    r = c.get(url, params={"top": 10}, headers=api_env.auth("analyst"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["platform"] == {"id": "P1", "name": "Demo Launcher", "kind": "item"}
    losing = {e["node"]["id"] for e in body["ranking"] if "P1" in _ids(e["platforms_lost"])}
    assert {"O1", "O2", "O3", "F1"} <= losing
    gamma = next(e for e in body["ranking"] if e["node"]["id"] == "O3")
    assert gamma["node"] == {"id": "O3", "name": "Gamma Metals", "kind": "organisation"}
    assert {r["id"] for r in gamma["root_causes"]} and all(
        r["kind"] == "item" and r["name"] for r in gamma["root_causes"]
    )
    assert [e["rank"] for e in body["ranking"]] == list(range(1, len(body["ranking"]) + 1))
    # No demand or capacity in the test graph: the volume form says so.
    assert body["volume"]["computed"] is False
    missing = c.get("/v1/platforms/NOPE/stress-test", headers=api_env.auth("analyst"))
    assert missing.status_code == 404


def test_preset_runs_by_name_with_additions(api_env: ApiEnv) -> None:
    c = api_env.client
    url = "/v1/scenarios/presets/cn-2023-gallium-germanium-licensing"
    assert c.post(url, headers=api_env.auth("viewer")).status_code == 403
    # The small test graph has no gallium: the preset's problems come back as a 422,
    # together with the problem of the added organisation.
    r = c.post(url, json={"organisations": ["NOPE"]}, headers=api_env.auth("analyst"))
    assert r.status_code == 422
    messages = " ".join(p["message"] for p in r.json()["problems"])
    assert "mat-gallium" in messages and "NOPE" in messages
    missing = c.post("/v1/scenarios/presets/no-such", headers=api_env.auth("analyst"))
    assert missing.status_code == 404
    bad = c.post(url, json={"planets": ["Mars"]}, headers=api_env.auth("analyst"))
    assert bad.status_code == 422


def test_scenario_result_has_the_volume_section(api_env: ApiEnv) -> None:
    r = _run(api_env, {"organisations": ["O3"], "duration_days": 30})
    assert r.status_code == 200, r.text
    vol = r.json()["volume"]
    # The test graph states no demand: the volume model says so rather than guessing.
    assert vol["computed"] is False and "demand_per_day" in vol["reason"]
    assert r.json()["summary"]["volume_computed"] is False
