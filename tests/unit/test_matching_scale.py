"""Matching at more than toy size: blocking finishes, scores a small share of all pairs,
and proposes exactly the pairs brute force (every supplier against every record) does."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from graphmodel.generate.registry import registry_and_suppliers
from graphmodel.matching import DEFAULT_THRESHOLD, candidates
from graphmodel.matching.score import score_pair

pytestmark = pytest.mark.unit


def test_a_few_thousand_records_finish_and_find_the_planted_pairs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    right, left, truth = registry_and_suppliers(4000, 1000, seed=3)
    module = importlib.import_module("graphmodel.matching.candidates")
    scored = [0]
    real = module.score_pair

    def counting(*a: Any, **k: Any) -> Any:
        scored[0] += 1
        return real(*a, **k)

    monkeypatch.setattr(module, "score_pair", counting)
    found = candidates(left, right, floor=0.5)
    proposed = {(c.left, c.right) for c in found if c.score >= DEFAULT_THRESHOLD}
    recall = len(proposed & truth) / len(truth)
    assert recall >= 0.85, recall
    # Blocking: a small share of the 4,000,000 pairs brute force would score.
    assert 0 < scored[0] < 0.1 * len(left) * len(right), scored[0]


def test_blocking_proposes_the_same_pairs_as_brute_force() -> None:
    right, left, truth = registry_and_suppliers(600, 120, seed=5)
    blocked = {
        (c.left, c.right)
        for c in candidates(left, right, floor=0.5)
        if c.score >= DEFAULT_THRESHOLD
    }
    brute = {
        (a["id"], b["id"])
        for a in left
        for b in right
        if score_pair(a, b).score >= DEFAULT_THRESHOLD
    }
    assert brute, "the set must hold pairs to propose"
    assert blocked == brute
    assert len(blocked & truth) >= 0.85 * len(truth)
