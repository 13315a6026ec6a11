"""Arrangement what-ifs on a hand-worked network, and the presets."""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.nxgraph import graph_from_tables
from graphmodel.planning.apply import apply_plan
from graphmodel.planning.arrangements import arrangement_whatif, load_arrangement_presets
from graphmodel.planning.model import ArrangementLever, PlanSpec

pytestmark = pytest.mark.unit


def network() -> Any:
    """P (1/day) needs Ga and Ge. Ga: Red (CN, 1/day) and Isle (TW, 3/day), both
    qualified. Ge: Red (CN, qualified) and a candidate Lake (MX, 2/day). P made by
    Prime (US, SOSA)."""
    return graph_from_tables(
        {
            "countries": [
                {"code": "CN", "concern": "adversary"},
                {"code": "TW"},
                {"code": "MX"},
                {"code": "JP"},
                {"code": "US", "groups": ["NATO", "SOSA"]},
            ],
            "items": [
                {"id": "P", "name": "Radar", "kind": "platform", "demand_per_day": 1.0},
                {"id": "Ga", "name": "Gallium", "kind": "material"},
                {"id": "Ge", "name": "Germanium", "kind": "material"},
            ],
            "organisations": [
                {"id": "Red", "name": "Red Co", "country": "CN"},
                {"id": "Isle", "name": "Isle Co", "country": "TW"},
                {"id": "Lake", "name": "Lake Co", "country": "MX"},
                {"id": "Prime", "name": "Prime Co", "country": "US"},
            ],
            "bom": [{"parent": "P", "child": "Ga"}, {"parent": "P", "child": "Ge"}],
            "sources": [
                {"item": "P", "supplier": "Prime", "capacity": 10.0, "recovery_days": 10},
                {"item": "Ga", "supplier": "Red", "capacity": 1.0, "recovery_days": 10},
                {"item": "Ga", "supplier": "Isle", "capacity": 3.0, "recovery_days": 10},
                {"item": "Ge", "supplier": "Red", "capacity": 1.0, "recovery_days": 10},
                {
                    "item": "Ge",
                    "supplier": "Lake",
                    "capacity": 2.0,
                    "qualified": False,
                    "recovery_days": 50,
                },
            ],
        }
    )


def test_the_presets_cite_the_brief_and_change_exactly_their_country() -> None:
    presets = load_arrangement_presets()
    assert sorted(presets) == ["sosa-jp", "sosa-mx", "sosa-tw"]
    G = network()
    groups = {c: list(G.nodes[c]["groups"]) for c in ("CN", "TW", "MX", "JP", "US")}
    for name, lv in presets.items():
        assert "Atlantic Council" in lv.source and "Japan, Taiwan and Mexico" in lv.source
        assert "http" not in lv.source and "/work" not in lv.source
        H = apply_plan(G, PlanSpec(name="p", levers=[lv]))
        after = {c: list(H.nodes[c]["groups"]) for c in groups}
        changed = {c for c in groups if after[c] != groups[c]}
        assert changed == {lv.country}, name
        assert after[lv.country] == ["SOSA"]
        r = arrangement_whatif(G, [lv])
        assert r["countries_changed"] == [lv.country]


def test_a_country_already_in_the_group_is_no_change() -> None:
    G = network()
    G.nodes["JP"]["groups"] = ["SOSA", "RDP_MOU"]
    r = arrangement_whatif(G, [load_arrangement_presets()["sosa-jp"]])
    assert r["countries_changed"] == []
    assert r["countries"][0]["groups_after"] == ["RDP_MOU", "SOSA"]


def test_taiwan_in_sosa_raises_allied_coverage_exactly() -> None:
    G = network()
    r = arrangement_whatif(G, [load_arrangement_presets()["sosa-tw"]])
    (p,) = r["platforms"]
    cov = p["allied_coverage"]
    # Items with qualified sources: P (US), Ga (CN, TW), Ge (CN). Allied before: P only.
    assert cov["before"]["items_allied_covered"] == 1 and cov["after"]["items_allied_covered"] == 2
    assert cov["before"]["allied_item_share"] == pytest.approx(1 / 3, rel=1e-5)
    assert cov["after"]["allied_item_share"] == pytest.approx(2 / 3, rel=1e-5)
    # Capacity: 10 (US) of 15 before; 13 of 15 after.
    assert cov["before"]["allied_capacity_share"] == pytest.approx(10 / 15)
    assert cov["after"]["allied_capacity_share"] == pytest.approx(13 / 15)
    # Ge's only qualified source is Red: not adversary-free either way.
    assert p["adversary_free"]["before"]["feasible"] is False
    assert p["adversary_free"]["after"]["feasible"] is False
    assert p["feasibility_changed"] is False


def test_mexico_in_sosa_opens_an_adversary_free_path() -> None:
    G = network()
    r = arrangement_whatif(G, [load_arrangement_presets()["sosa-mx"]])
    (p,) = r["platforms"]
    af = p["adversary_free"]
    # Lake (MX) is a candidate for Ge: allied once MX is in SOSA, so qualifying the allied
    # candidates makes the radar adversary-free.
    assert af["before"]["feasible_with_allied_candidates"] is False
    assert af["after"]["feasible_with_allied_candidates"] is True
    assert af["after"]["allied_candidates"] == [
        {"item": "Ge", "organisation": "Lake", "country": "MX"}
    ]
    assert p["feasibility_changed"] is True


def test_removing_a_country_and_a_user_group() -> None:
    G = network()
    r = arrangement_whatif(
        G,
        [
            ArrangementLever(country="US", group="SOSA", action="remove"),
            ArrangementLever(country="TW", group="PACIFIC-PARTNERS"),
        ],
    )
    by = {c["country"]: c for c in r["countries"]}
    assert by["US"]["groups_after"] == ["NATO"]
    assert by["TW"]["groups_after"] == ["PACIFIC-PARTNERS"]
    # A user-defined group counts as allied for coverage.
    (p,) = r["platforms"]
    assert p["allied_coverage"]["after"]["items_allied_covered"] == 2


def test_secure_partners_leave_the_stress_ranking() -> None:
    G = network()
    r = arrangement_whatif(G, [load_arrangement_presets()["sosa-tw"]], secure_groups=["SOSA"])
    sr = r["stress_ranking"]
    before = [x["node"] for x in sr["before"]]
    after = [x["node"] for x in sr["after"]]
    # US and Prime are SOSA (secure) from the start; TW and Isle leave with TW's accession.
    assert "Prime" not in before and "US" not in before
    assert {"TW", "Isle"} <= set(before)
    assert sr["left_ranking"] == ["Isle", "TW"]
    assert not {"TW", "Isle"} & set(after)
    assert sr["joined_ranking"] == []
