"""Unit tests of the pieces that need no store: keys, problems, the dependency index."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.depindex import DependencyIndex
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


def test_index_tiers_skip_unqualified_sources() -> None:
    nodes = [
        {"id": "P", "label": "Item", "kind": "platform"},
        {"id": "M", "label": "Item", "kind": "material"},
        {"id": "A", "label": "Organisation", "country": "FR"},
        {"id": "B", "label": "Organisation"},
        {"id": "FR", "label": "Country"},
    ]
    edges = [
        {"source": "P", "type": "NEEDS", "target": "M"},
        {"source": "M", "type": "SOURCED_FROM", "target": "A", "qualified": True},
        {"source": "M", "type": "SOURCED_FROM", "target": "B", "qualified": False},
        {"source": "A", "type": "REGISTERED_IN", "target": "FR"},
    ]
    ix = DependencyIndex(nodes, edges)
    assert ix.tiers("P").tiers == {"P": 0, "M": 1, "A": 1, "FR": 1}
    assert [e.node.id for e in ix.tiers("P").select(label="Organisation")] == ["A"]
    assert [n.id for n, _ in ix.where_used("FR")] == ["A", "M", "P"]
