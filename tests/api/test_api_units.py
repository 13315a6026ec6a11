"""Unit tests of the pieces that need no store: keys and problems."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.keys import KeyRing, Role, hash_secret
from api.problems import problem_response

pytestmark = pytest.mark.unit


def test_keyring_stores_hashes_and_revokes(tmp_path: Path) -> None:
    ring = KeyRing(tmp_path)
    key_id, secret = ring.create("analyst", "n")
    assert secret.startswith("sn_") and len(secret) > 40
    principal = ring.authenticate(secret)
    assert principal is not None and principal.role is Role.ANALYST
    assert ring.authenticate(secret + "x") is None
    assert secret.encode() not in (tmp_path / "api" / "keys.sqlite3").read_bytes()
    assert hash_secret(secret).encode() in (tmp_path / "api" / "keys.sqlite3").read_bytes()
    ring.revoke(key_id)
    assert ring.authenticate(secret) is None


def test_role_order() -> None:
    assert Role.ADMIN.allows(Role.EDITOR) and not Role.ANALYST.allows(Role.EDITOR)


def test_problem_detail_is_capped() -> None:
    r = problem_response(422, "x", "X", "a" * 5000)
    assert len(r.body) < 1000
