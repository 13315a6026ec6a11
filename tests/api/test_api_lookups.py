"""Look-ups and search against the real embedded store."""

from __future__ import annotations

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def test_item_search_by_prefix_is_case_insensitive_and_paginated(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    r = api_env.client.get("/v1/items", params={"prefix": "c", "limit": 1}, headers=h).json()
    assert r["total"] == 2
    assert [i["id"] for i in r["items"]] == ["C1"]
    r2 = api_env.client.get(
        "/v1/items", params={"prefix": "C", "limit": 1, "offset": 1}, headers=h
    ).json()
    assert [i["id"] for i in r2["items"]] == ["C2"]
    by_name = api_env.client.get("/v1/items", params={"prefix": "metal"}, headers=h).json()
    assert [i["id"] for i in by_name["items"]] == ["M1"]


def test_filters_by_kind_and_country(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    c = api_env.client
    platforms = c.get("/v1/items", params={"kind": "platform"}, headers=h).json()
    assert {i["id"] for i in platforms["items"]} == {"P1", "P2"}
    german = c.get("/v1/organisations", params={"country": "DE"}, headers=h).json()
    assert [o["id"] for o in german["items"]] == ["O2"]
    fr_sites = c.get("/v1/facilities", params={"country": "FR"}, headers=h).json()
    assert [f["id"] for f in fr_sites["items"]] == ["F1"]
    nato = c.get("/v1/countries", params={"group": "NATO"}, headers=h).json()
    assert {x["id"] for x in nato["items"]} == {"DE", "FR"}
    adversary = c.get("/v1/countries", params={"concern": "adversary"}, headers=h).json()
    assert [x["id"] for x in adversary["items"]] == ["CN"]


def test_get_by_id_and_not_found_problem(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    org = api_env.client.get("/v1/organisations/O1", headers=h).json()
    assert org["name"] == "Alpha Fabrication" and org["country"] == "FR"
    missing = api_env.client.get("/v1/items/NOPE", headers=h)
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert missing.json()["type"] == "urn:supplynet:problem:not-found"
    assert "NOPE" in missing.json()["detail"]


def test_invalid_query_parameter_is_a_problem_with_location(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/items", params={"limit": 0}, headers=api_env.auth("viewer"))
    assert r.status_code == 422
    body = r.json()
    assert body["problems"][0]["file"] == "query"
    assert body["problems"][0]["column"] == "limit"


def test_unknown_query_parameter_is_refused(api_env: ApiEnv) -> None:
    h = api_env.auth("viewer")
    r = api_env.client.get("/v1/items", params={"prefx": "Ti", "limit": 5}, headers=h)
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert [(p["file"], p["column"]) for p in problems] == [("query", "prefx")]
    assert "limit" in problems[0]["message"] and "prefix" in problems[0]["message"]
    # Declared parameters, including those of shared dependencies, still pass.
    ok = api_env.client.get("/v1/items", params={"prefix": "Ti", "limit": 5}, headers=h)
    assert ok.status_code == 200
    assert api_env.client.get("/v1/health", params={"verbose": 1}).status_code == 422
