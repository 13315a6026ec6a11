"""Role boundaries: 401 without a valid key, 403 for a role too low."""

from __future__ import annotations

import re

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def _operations(env: ApiEnv) -> list[tuple[str, str]]:
    spec = env.client.get("/v1/openapi.json", headers=env.auth("viewer")).json()
    ops = []
    for path, item in spec["paths"].items():
        for method in item:
            concrete = re.sub(r"\{[^}]+\}", "x", path)
            ops.append((method.upper(), concrete))
    return ops


def test_only_health_answers_without_a_key(api_env: ApiEnv) -> None:
    c = api_env.client
    assert c.get("/v1/health").status_code == 200
    ops = _operations(api_env)
    assert len(ops) > 25
    for method, path in ops:
        if path == "/v1/health":
            continue
        r = c.request(method, path)
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.headers["content-type"] == "application/problem+json"
        assert r.headers["www-authenticate"] == "Bearer"
    # The OpenAPI document describes the API and holds no data: public.
    assert c.get("/v1/openapi.json").status_code == 200


def test_unknown_and_revoked_keys_get_the_same_answer(api_env: ApiEnv) -> None:
    state = api_env.state
    key_id, secret = state.keys.create("viewer", "to revoke")
    c = api_env.client
    ok = c.get("/v1/items", headers={"Authorization": f"Bearer {secret}"})
    assert ok.status_code == 200
    state.keys.revoke(key_id)
    revoked = c.get("/v1/items", headers={"Authorization": f"Bearer {secret}"})
    unknown = c.get("/v1/items", headers={"Authorization": "Bearer sn_nosuchkey"})
    not_bearer = c.get("/v1/items", headers={"Authorization": f"Basic {secret}"})
    assert revoked.status_code == unknown.status_code == not_bearer.status_code == 401
    assert revoked.json() == unknown.json()


@pytest.mark.parametrize(
    ("role", "method", "path", "allowed"),
    [
        ("viewer", "GET", "/v1/items", True),
        ("viewer", "POST", "/v1/cypher/adhoc", False),
        ("viewer", "POST", "/v1/cypher/queries/api_items_count/run", False),
        ("analyst", "POST", "/v1/cypher/adhoc", True),
        ("analyst", "POST", "/v1/imports", False),
        ("analyst", "POST", "/v1/analysis/runs", False),
        ("editor", "POST", "/v1/imports", True),
        ("editor", "GET", "/v1/keys", False),
        ("editor", "GET", "/v1/audit", False),
        ("editor", "POST", "/v1/keys", False),
        ("admin", "GET", "/v1/keys", True),
        ("admin", "GET", "/v1/audit", True),
        ("viewer", "GET", "/v1/platforms/P1/graph.html", True),
        ("viewer", "GET", "/v1/scenarios/presets", True),
        ("viewer", "POST", "/v1/scenarios", False),
        ("analyst", "POST", "/v1/scenarios", True),
        ("viewer", "GET", "/v1/platforms/P1/stress-test", False),
        ("analyst", "GET", "/v1/platforms/P1/stress-test", True),
        ("analyst", "PUT", "/v1/scenarios/saved/auth-test", False),
        ("editor", "PUT", "/v1/scenarios/saved/auth-test", True),
        ("analyst", "DELETE", "/v1/scenarios/saved/auth-test", False),
        ("editor", "DELETE", "/v1/scenarios/saved/auth-test", True),
    ],
)
def test_role_boundary(api_env: ApiEnv, role: str, method: str, path: str, allowed: bool) -> None:
    body = {"statement": "RETURN 1 AS one", "params": {}} if "cypher" in path else None
    if path.endswith("/run"):
        body = {"params": {"prefix": None, "kind": None}}
    if "/scenarios" in path and method in ("POST", "PUT"):
        body = {"organisations": ["O3"]}
    r = api_env.client.request(method, path, headers=api_env.auth(role), json=body)
    if allowed:
        assert r.status_code not in (401, 403), r.text
    else:
        assert r.status_code == 403, r.text
        assert r.json()["type"] == "urn:supplynet:problem:forbidden"
