"""Analysis results served from the last run, persisted across restarts."""

from __future__ import annotations

import importlib.util

import pytest

from graphmodel.workspace import LatestAnalysis, Workspace
from tests.api.api_support import ApiEnv, analysis_result

pytestmark = pytest.mark.e2e


def test_before_any_run(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    assert api_env.client.get("/v1/analysis", headers=h).json()["available"] is False
    r = api_env.client.get("/v1/platforms/P1/spof", headers=h)
    assert r.status_code == 404
    assert r.json()["type"] == "urn:supplynet:problem:not-available"


def test_serves_saved_result(api_env: ApiEnv) -> None:
    Workspace(api_env.settings.data_dir).save_analysis(
        analysis_result(), started_at="2026-01-01T00:00:00Z"
    )
    h = api_env.auth("viewer")
    c = api_env.client
    try:
        status = c.get("/v1/analysis", headers=h).json()
        assert status["available"] is True and status["platforms"] == ["P1"]
        spof = c.get("/v1/platforms/P1/spof", headers=h).json()
        # Every id comes with its name and kind.
        assert spof["platform"] == {"id": "P1", "name": "Demo Launcher", "kind": "item"}
        assert spof["order1"]["organisations"] == [
            {"id": "O1", "name": "Alpha Fabrication", "kind": "organisation"},
            {"id": "O3", "name": "Gamma Metals", "kind": "organisation"},
        ]
        assert [[n["name"] for n in pair] for pair in spof["order2"]] == [
            ["Beta Components", "Gamma Metals"]
        ]
        sole = c.get("/v1/platforms/P1/sole-source", headers=h).json()
        by_item = {r["item"]["id"]: r for r in sole["sole_source_items"]}
        assert by_item["M1"]["item"]["name"] == "Metal One"
        assert by_item["M1"]["supplier"] == {
            "id": "O3",
            "name": "Gamma Metals",
            "kind": "organisation",
        }
        assert by_item["M1"]["country"]["name"] == "China"
        free = c.get("/v1/platforms/P1/adversary-free", headers=h).json()
        assert free["feasible"] is False
        assert free["blocking_items"] == [{"id": "M1", "name": "Metal One", "kind": "item"}]
        conc = c.get("/v1/platforms/P1/concentration", headers=h).json()
        assert conc["concentration"]["M1"]["node"]["name"] == "Metal One"
        links = c.get("/v1/adversary-links", headers=h).json()
        assert [x["id"] for x in links["items"]] == ["O3"]
        reason = links["items"][0]["reasons"][0]
        assert [n["name"] for n in reason["path"]] == ["Gamma Metals", "China"]
        # A structured reason, with a sentence that names what it mentions.
        assert isinstance(reason["text"], str) and "Gamma Metals (O3)" in reason["text"]
        # Filters: by reason kind, country and platform.
        q = {"reason": "registration", "country": "CN", "platform": "P1"}
        assert c.get("/v1/adversary-links", params=q, headers=h).json()["total"] == 1
        q = {"reason": "ofac_50"}
        assert c.get("/v1/adversary-links", params=q, headers=h).json()["total"] == 0
        q = {"country": "FR"}
        assert c.get("/v1/adversary-links", params=q, headers=h).json()["total"] == 0
        one = c.get("/v1/adversary-links/O2", headers=h).json()
        assert one["adversary_linked"] is False
        assert c.get("/v1/platforms/NOPE/spof", headers=h).status_code == 404
        # A fresh reader (a restarted server) serves the same file.
        assert LatestAnalysis(Workspace(api_env.settings.data_dir)).adversary_linked() == {"O3"}
    finally:
        Workspace(api_env.settings.data_dir).latest_analysis_path.unlink()


def test_rerun_needs_editor(api_env: ApiEnv) -> None:
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("analyst"))
    assert r.status_code == 403


@pytest.mark.skipif(
    importlib.util.find_spec("graphmodel.store.tables") is None,
    reason="graphmodel.store.tables has not landed yet",
)
def test_rerun_refreshes_and_audits(api_env: ApiEnv) -> None:
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("editor"))
    try:
        assert r.status_code == 200, r.text
        assert r.json()["available"] is True
        assert "P1" in r.json()["platforms"]
        assert Workspace(api_env.settings.data_dir).latest_analysis_path.exists()
        audit = api_env.client.get(
            "/v1/audit", params={"action": "analysis.run"}, headers=api_env.auth("admin")
        ).json()
        assert audit["items"][0]["outcome"] == "ok"
        # Written-back reasons come back as structures, not JSON text inside JSON.
        o3 = api_env.client.get("/v1/organisations/O3", headers=api_env.auth("viewer")).json()
        reasons = o3["properties"]["analysis_reasons"]
        assert isinstance(reasons, list) and reasons[0]["kind"] == "registration"
    finally:
        Workspace(api_env.settings.data_dir).latest_analysis_path.unlink(missing_ok=True)
