"""Analysis results served from the last run, persisted across restarts."""

from __future__ import annotations

import importlib.util

import pytest

from api.state import AnalysisResults, latest_analysis_path, save_latest_analysis
from tests.api.api_support import ApiEnv, analysis_result

pytestmark = pytest.mark.e2e


def test_before_any_run(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    assert api_env.client.get("/v1/analysis", headers=h).json()["available"] is False
    r = api_env.client.get("/v1/platforms/P1/spof", headers=h)
    assert r.status_code == 404
    assert r.json()["type"] == "urn:supplynet:problem:not-available"


def test_serves_saved_result(api_env: ApiEnv) -> None:
    save_latest_analysis(
        api_env.settings.data_dir, analysis_result(), started_at="2026-01-01T00:00:00Z"
    )
    h = api_env.auth("viewer")
    c = api_env.client
    try:
        status = c.get("/v1/analysis", headers=h).json()
        assert status["available"] is True and status["platforms"] == ["P1"]
        spof = c.get("/v1/platforms/P1/spof", headers=h).json()
        assert spof["order1"]["organisations"] == ["O1", "O3"]
        assert spof["order2"] == [["O2", "O3"]]
        assert spof["evidence"]["O3"][-1] == "O3"
        sole = c.get("/v1/platforms/P1/sole-source", headers=h).json()
        assert "M1" in sole["sole_source_items"]
        free = c.get("/v1/platforms/P1/adversary-free", headers=h).json()
        assert free["feasible"] is False and free["blocking_items"] == ["M1"]
        conc = c.get("/v1/platforms/P1/concentration", headers=h).json()
        assert conc["concentration"] == {"M1": {"CN": 1.0}}
        links = c.get("/v1/adversary-links", headers=h).json()
        assert [x["id"] for x in links["items"]] == ["O3"]
        assert links["items"][0]["reasons"][0]["path"] == ["O3", "CN"]
        one = c.get("/v1/adversary-links/O2", headers=h).json()
        assert one["adversary_linked"] is False
        assert c.get("/v1/platforms/NOPE/spof", headers=h).status_code == 404
        # A fresh reader (a restarted server) serves the same file.
        assert AnalysisResults(api_env.settings.data_dir).adversary_linked() == {"O3"}
    finally:
        latest_analysis_path(api_env.settings.data_dir).unlink()


def test_rerun_needs_editor(api_env: ApiEnv) -> None:
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("analyst"))
    assert r.status_code == 403


@pytest.mark.skipif(
    importlib.util.find_spec("graphmodel.analysis.loader") is None,
    reason="graphmodel.analysis.loader has not landed yet",
)
def test_rerun_refreshes_and_audits(api_env: ApiEnv) -> None:
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("editor"))
    try:
        assert r.status_code == 200, r.text
        assert r.json()["available"] is True
        assert "P1" in r.json()["platforms"]
        assert latest_analysis_path(api_env.settings.data_dir).exists()
        audit = api_env.client.get(
            "/v1/audit", params={"action": "analysis.run"}, headers=api_env.auth("admin")
        ).json()
        assert audit["items"][0]["outcome"] == "ok"
    finally:
        latest_analysis_path(api_env.settings.data_dir).unlink(missing_ok=True)
