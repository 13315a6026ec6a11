"""Entity-resolution scoring on the labelled set and on the hard cases by name."""

from __future__ import annotations

import pytest

from benchmarks.matching_benchmark import evaluate, read_pairs, record
from graphmodel.matching import DEFAULT_THRESHOLD, candidates, score_pair

pytestmark = pytest.mark.unit


def test_labelled_set_precision_and_recall_at_the_default_threshold() -> None:
    rows = read_pairs()
    assert len(rows) >= 200
    assert sum(r["same"] == "0" for r in rows) >= 80  # hard negatives, not a token few
    proposed = set()
    for r in rows:
        left, right = record(r, "left"), record(r, "right")
        s = score_pair(left, right, related=r["related"] == "1")
        if s.score >= DEFAULT_THRESHOLD:
            proposed.add((left["id"], right["id"]))
    a = evaluate(rows, proposed)["all"]
    precision = a["tp"] / (a["tp"] + a["fp"])
    recall = a["tp"] / (a["tp"] + a["fn"])
    assert precision >= 0.98, a
    assert recall >= 0.9, a


def test_identifiers_decide_and_conflicting_leis_refuse() -> None:
    a = {"id": "a", "name": "Volkov Avionics JSC", "identifiers": ["ogrnCode:1027700000019"]}
    b = {"id": "b", "name": "АО Волков Авионика", "identifiers": ["ogrnCode:1027700000019"]}
    assert score_pair(a, b).score == 1.0
    same_name = {"id": "c", "name": "Aurora Holding AG", "country": "CH"}
    x = score_pair(
        {**same_name, "lei": "5299000AURORAHLD0070"},
        {**same_name, "id": "d", "lei": "5299000NORDLICHT0030"},
    )
    assert x.score <= 0.3 and x.features["conflict"] == "different LEIs"


def test_hard_negatives_stay_below_the_threshold() -> None:
    base = {"id": "a", "name": "Brightwater Systems Ltd", "country": "GB"}
    assert score_pair(base, {**base, "id": "b", "country": "IE"}).score < DEFAULT_THRESHOLD
    parent = {"id": "p", "name": "Brightwater Systems Ltd", "country": "GB"}
    assert score_pair(base, parent, related=True).score <= 0.3
    numbered = score_pair(
        {"id": "n2", "name": "Kestrel Holding 2 Ltd", "country": "GB"},
        {"id": "n3", "name": "Kestrel Holding 3 Ltd", "country": "GB"},
    )
    assert numbered.score < DEFAULT_THRESHOLD and numbered.features["numbers"] == "different"


def test_transliterations_match() -> None:
    ru = score_pair(
        {"id": "a", "name": "Sokol Radar JSC", "country": "RU"},
        {"id": "b", "name": "АО Сокол Радар", "country": "RU"},
    )
    zh = score_pair(
        {"id": "a", "name": "Tianlu Guangdian Co., Ltd.", "country": "CN"},
        {"id": "b", "name": "天路光电有限公司", "country": "CN"},
    )
    assert ru.score >= DEFAULT_THRESHOLD and zh.score >= DEFAULT_THRESHOLD


def test_blocking_finds_the_pairs_the_scorer_would() -> None:
    rows = read_pairs()
    left = [record(r, "left") for r in rows]
    right = [record(r, "right") for r in rows]
    found = {(c.left, c.right) for c in candidates(left, right, floor=DEFAULT_THRESHOLD)}
    for r in rows:
        s = score_pair(record(r, "left"), record(r, "right"))
        if s.score >= DEFAULT_THRESHOLD:
            assert (f"l{r['id']}", f"r{r['id']}") in found, r
