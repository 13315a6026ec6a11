"""Analysis as of a date: ownership periods, listing dates and reviewed matches, on the store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graphmodel.analysis.report import run_analysis
from graphmodel.bundle import Bundle
from graphmodel.load import load_bundle
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e

POLICY = """
[designations]
lists = ["US-OFAC-SDN"]
[ofac]
seed_lists = ["US-OFAC-SDN"]
"""

PROV = {"dataset": "opensanctions/test", "source_file": "t.ftm.json", "retrieved_on": "2026-01-01"}


def _tables() -> dict[str, list[dict[str, Any]]]:
    # X (designated from 2020) holds 30% of T throughout; Y holds 25% of T until mid-2022,
    # and Y is X's wholly from mid-2021. So blocked owners hold 55% of T only between
    # 2021-06-01 and 2022-06-30: the OFAC 50% rule blocks T only then.
    orgs = [
        {"id": i, "name": f"{i} Ltd", "country": "FR", **PROV, "record_id": i}
        for i in ("X", "Y", "T", "S")
    ]
    return {
        "items": [
            {"id": "P", "name": "Platform", "kind": "platform"},
            {"id": "C", "name": "Part", "kind": "component"},
        ],
        "bom": [{"parent": "P", "child": "C", "quantity": 1.0}],
        "organisations": orgs,
        "sources": [{"item": "C", "supplier": "T", "qualified": True}],
        "ownership": [
            {
                "owner": "X",
                "owned": "T",
                "percentage": 30.0,
                "kind": "equity",
                "valid_from": "2019-01-01",
                **PROV,
                "record_id": "own-xt",
            },
            {
                "owner": "Y",
                "owned": "T",
                "percentage": 25.0,
                "kind": "equity",
                "valid_from": "2020-01-01",
                "valid_to": "2022-06-30",
                **PROV,
                "record_id": "own-yt",
            },
            {
                "owner": "X",
                "owned": "Y",
                "percentage": 100.0,
                "kind": "equity",
                "valid_from": "2021-06-01",
                **PROV,
                "record_id": "own-xy",
            },
        ],
        "designations": [
            {
                "entity": "X",
                "list": "US-OFAC-SDN",
                "listed_on": "2020-01-01",
                **PROV,
                "record_id": "san-x",
            },
        ],
    }


def _reasons(result: dict[str, Any], node: str, kind: str) -> list[dict[str, Any]]:
    return [r for r in result["nodes"].get(node, {}).get("reasons", []) if r["kind"] == kind]


@pytest.mark.parametrize("platform", [None, "P"])
def test_ofac_50_holds_only_between_two_dates(
    store: FalkorDBStore, tmp_path: Path, platform: str | None
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    load_bundle(store, Bundle(_tables()))
    expected = {
        "2021-05-31": False,  # Y not yet X's
        "2021-06-01": True,
        "2022-06-30": True,  # last day of Y's holding (inclusive)
        "2022-07-01": False,
        "2026-12-01": False,
    }
    for day, blocked in expected.items():
        result = run_analysis(store, platform=platform, policy_path=policy, as_of=day)
        assert result["as_of"] == day
        ofac = _reasons(result, "T", "ofac_50")
        assert bool(ofac) is blocked, day
        if blocked:
            assert ofac[0]["percentage"] == 55.0
            assert sorted(map(tuple, ofac[0]["paths"])) == [("X", "T"), ("X", "Y", "T")]
            facts = {s["fact"]: s for s in ofac[0]["sources"]}
            assert facts["Y owns T"]["record_id"] == "own-yt"
            assert facts["Y owns T"]["valid_to"] == "2022-06-30"
            assert facts["X owns Y"]["dataset"] == "opensanctions/test"
    before_listing = run_analysis(store, platform=platform, policy_path=policy, as_of="2019-12-31")
    assert not _reasons(before_listing, "X", "designation")
    listed = run_analysis(store, platform=platform, policy_path=policy, as_of="2021-06-01")
    designation = _reasons(listed, "X", "designation")[0]
    assert designation["sources"][0]["record_id"] == "san-x"
    assert designation["sources"][0]["listed_on"] == "2020-01-01"


def test_delisting_and_confirmed_match_reach_the_supplier(
    store: FalkorDBStore, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY, encoding="utf-8")
    t = _tables()
    # S is the user's supplier; R is a registry record of the same company, designated
    # from 2022-03-01 until its delisting on 2024-01-15.
    t["organisations"].append({"id": "R", "name": "S Limited", "country": "FR", **PROV})
    t["sources"].append({"item": "C", "supplier": "S", "qualified": True})
    t["designations"].append(
        {
            "entity": "R",
            "list": "US-OFAC-SDN",
            "listed_on": "2022-03-01",
            "delisted_on": "2024-01-15",
            **PROV,
            "record_id": "san-r",
        }
    )
    t["matches"] = [{"left": "S", "right": "R", "decision": "unsure", "score": 0.91}]
    load_bundle(store, Bundle(t))
    unsure = run_analysis(store, platform="P", policy_path=policy, as_of="2023-01-01")
    assert not _reasons(unsure, "S", "designation")  # nothing links without a decision
    load_bundle(
        store,
        Bundle({"matches": [{"left": "S", "right": "R", "decision": "same", "score": 0.91}]}),
    )
    same = run_analysis(store, platform="P", policy_path=policy, as_of="2023-01-01")
    reason = _reasons(same, "S", "designation")[0]
    assert "through the record R" in reason["detail"]
    assert reason["sources"][0]["via_same_as"] == "R"
    assert reason["sources"][0]["record_id"] == "san-r"
    delisted = run_analysis(store, platform="P", policy_path=policy, as_of="2024-01-15")
    assert not _reasons(delisted, "S", "designation")
