"""Values come back alike from both engines (graphmodel.store.values), one case each."""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.store.base import GraphStore

pytestmark = pytest.mark.e2e

# (case, statement, parameters, expected row) - the same expectation on both stores.
CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    ("integer", "RETURN 1 + 2 AS v", {}, {"v": 3}),
    ("integer parameter", "RETURN $x AS v", {"x": 2**53 + 1}, {"v": 2**53 + 1}),
    ("float", "RETURN 1.5 * 2 AS v", {}, {"v": 3.0}),
    ("integral float stays float", "RETURN toFloat(2) AS v", {}, {"v": 2.0}),
    ("boolean", "RETURN 1 < 2 AS v", {}, {"v": True}),
    ("null", "RETURN null AS v", {}, {"v": None}),
    ("empty list", "RETURN [] AS v", {}, {"v": []}),
    ("collect of nothing", "MATCH (n:NoSuchLabel) RETURN collect(n.id) AS v", {}, {"v": []}),
    ("missing property", "CREATE (n:Probe {id: 'p'}) RETURN n.nothing AS v", {}, {"v": None}),
    ("map key order", "RETURN {b: 1, a: 2, c: {z: 1, y: 2}} AS v", {},
     {"v": {"a": 2, "b": 1, "c": {"y": 2, "z": 1}}}),
    ("properties map", "CREATE (n:Probe {id: 'q', z: 1, a: 'x'}) RETURN properties(n) AS v", {},
     {"v": {"a": "x", "id": "q", "z": 1}}),
    ("node object", "CREATE (n:Probe {id: 'r', k: [1, 2]}) RETURN n AS v", {},
     {"v": {"id": "r", "k": [1, 2]}}),
    ("nested lists", "RETURN [[1, 'a'], [true, null]] AS v", {}, {"v": [[1, "a"], [True, None]]}),
    ("unicode", "RETURN $s AS v", {"s": "Żółć ✓"}, {"v": "Żółć ✓"}),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_values_are_alike(
    store: GraphStore, case: tuple[str, str, dict[str, Any], dict[str, Any]]
) -> None:
    _, text, params, expected = case
    rows = store._write(text, params)
    assert rows == [expected]
    assert list(rows[0]) == list(expected)
    assert [type(v) for v in rows[0].values()] == [type(v) for v in expected.values()]
