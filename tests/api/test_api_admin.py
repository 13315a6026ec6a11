"""Keys through the API, and the audit log of every key change."""

from __future__ import annotations

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def test_create_use_revoke_and_audit(api_env: ApiEnv) -> None:
    c = api_env.client
    admin = api_env.auth("admin")
    created = c.post("/v1/keys", json={"role": "viewer", "note": "dashboard"}, headers=admin)
    assert created.status_code == 201
    key = created.json()
    assert key["secret"].startswith("sn_") and key["role"] == "viewer"
    listed = c.get("/v1/keys", headers=admin).json()
    assert key["id"] in {k["id"] for k in listed}
    assert all("secret" not in k and "hash" not in k for k in listed)
    bearer = {"Authorization": f"Bearer {key['secret']}"}
    assert c.get("/v1/items", headers=bearer).status_code == 200
    revoked = c.delete(f"/v1/keys/{key['id']}", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert c.get("/v1/items", headers=bearer).status_code == 401
    assert c.delete("/v1/keys/k_nosuchkey", headers=admin).status_code == 404
    audit = c.get("/v1/audit", headers=admin).json()
    actions = [(e["action"], e["target"], e["outcome"]) for e in audit["items"]]
    assert ("key.create", key["id"], "ok") in actions
    assert ("key.revoke", key["id"], "ok") in actions
    assert ("key.revoke", "k_nosuchkey", "not-found") in actions
    mine = next(
        e for e in audit["items"] if e["action"] == "key.create" and e["target"] == key["id"]
    )
    assert mine["actor"].startswith("k_") and mine["at"].endswith("Z")


def test_secrets_are_stored_hashed(api_env: ApiEnv) -> None:
    raw = (api_env.settings.data_dir / "api" / "keys.sqlite3").read_bytes()
    for secret in api_env.keys.values():
        assert secret.encode() not in raw
