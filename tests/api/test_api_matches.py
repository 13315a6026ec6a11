"""/v1/matches, /v1/matches/decisions and the review page, under the API's auth."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def _load(api_env: ApiEnv) -> None:
    for kind, name in (("gleif", "gleif-lei.xml"), ("suppliers", "suppliers.csv")):
        r = api_env.client.post(
            f"/v1/imports/{kind}",
            params={"filename": name},
            content=(FIXTURES / name).read_bytes(),
            headers=api_env.auth("editor"),
        )
        assert r.status_code == 200, r.text


def test_candidates_decide_and_see_the_decision(api_env: ApiEnv) -> None:
    _load(api_env)
    r = api_env.client.get("/v1/matches", headers=api_env.auth("viewer"))
    assert r.status_code == 200, r.text
    pairs = {(c["left"]["id"], c["right"]["id"]): c for c in r.json()["candidates"]}
    bright = pairs[("V-1002", "lei:5299000BRIGHTWAT0044")]
    assert bright["proposed"] and bright["score"] == 1.0
    body = {"left": "V-1002", "right": "lei:5299000BRIGHTWAT0044", "decision": "same"}
    assert (
        api_env.client.post(
            "/v1/matches/decisions", json=body, headers=api_env.auth("viewer")
        ).status_code
        == 403
    )
    r = api_env.client.post("/v1/matches/decisions", json=body, headers=api_env.auth("editor"))
    assert r.status_code == 200, r.text
    r = api_env.client.get(
        "/v1/matches", params={"undecided": "true"}, headers=api_env.auth("viewer")
    )
    assert ("V-1002", "lei:5299000BRIGHTWAT0044") not in {
        (c["left"]["id"], c["right"]["id"]) for c in r.json()["candidates"]
    }
    bad = {**body, "right": "nobody"}
    r = api_env.client.post("/v1/matches/decisions", json=bad, headers=api_env.auth("editor"))
    assert r.status_code == 404
    assert api_env.client.get("/v1/matches").status_code == 401


def test_review_page_is_a_self_contained_shell(api_env: ApiEnv) -> None:
    r = api_env.client.get("/review")
    assert r.status_code == 200
    assert r.headers["content-security-policy"].startswith("default-src 'none'")
    assert "connect-src 'self'" in r.headers["content-security-policy"]
    assert "/v1/matches/decisions" in r.text and "http://" not in r.text.replace(
        "http://www.w3.org", ""
    )
