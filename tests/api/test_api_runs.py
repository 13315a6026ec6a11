"""/v1/runs and /v1/runs/{a}/diff/{b}: two analysis runs with a change between them."""

from __future__ import annotations

import json

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def _run(api_env: ApiEnv) -> None:
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("editor"))
    assert r.status_code == 200, r.text


def test_diff_between_runs_and_since_the_previous(api_env: ApiEnv) -> None:
    _run(api_env)
    # A new single-source item under an existing platform, by the ordinary import path.
    platforms = api_env.client.get("/v1/platforms", headers=api_env.auth("viewer")).json()
    pid = platforms["items"][0]["id"]
    bundle = {
        "format": "supplynet-bundle/1",
        "items": [{"id": "c-new-part", "name": "New part", "kind": "component"}],
        "organisations": [{"id": "o-new-maker", "name": "New Maker", "country": "FR"}],
        "bom": [{"parent": pid, "child": "c-new-part", "quantity": 1}],
        "sources": [{"item": "c-new-part", "supplier": "o-new-maker"}],
    }
    r = api_env.client.post(
        "/v1/imports",
        content=json.dumps(bundle),
        headers={**api_env.auth("editor"), "Content-Type": "application/json"},
    )
    assert r.status_code == 200, r.text
    # The completed import is itself a snapshot, compared with the analysis run before it.
    snapshot = r.json()["snapshot"]
    assert snapshot["summary"]["new_sole_sources"] >= 1
    runs = api_env.client.get("/v1/runs", headers=api_env.auth("viewer")).json()["items"]
    assert len(runs) >= 2
    a, b = runs[-2]["id"], runs[-1]["id"]
    assert (snapshot["previous"], snapshot["id"]) == (a, b)
    assert runs[-1]["kind"] == "load" and runs[-2]["kind"] == "analysis"
    assert runs[-1]["bundle_digest"].startswith("sha256:") and runs[-1]["generation"]
    r = api_env.client.get(f"/v1/runs/{a}/diff/{b}", headers=api_env.auth("viewer"))
    assert r.status_code == 200, r.text
    p = r.json()["platforms"][pid]
    assert "c-new-part" in p["sole_sources"]["new"]
    assert "o-new-maker" in [c["id"] for c in p["spof"]["new"]]
    assert r.json()["runs"]["to"]["source"] == "upload.json"
    latest = api_env.client.get("/v1/runs/latest/diff", headers=api_env.auth("viewer")).json()
    assert (latest["from"], latest["to"]) == (a, b)
    missing = api_env.client.get(f"/v1/runs/{a}/diff/r0-nope", headers=api_env.auth("viewer"))
    assert missing.status_code == 404


def test_home_page_shows_changes_since_the_previous_run(api_env: ApiEnv) -> None:
    page = api_env.client.get("/").text
    assert "Changes since the previous run" in page and "/v1/runs/latest/diff" in page
