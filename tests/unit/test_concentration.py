"""Concentration: HHI by supplier and country, concern and allied shares, production."""

from __future__ import annotations

from typing import Any

import pytest

from graphmodel.analysis.concentration import hhi, item_concentration
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


def tables(**extra: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    t: dict[str, list[dict[str, Any]]] = {
        "countries": [
            {"code": "CN", "concern": "adversary"},
            {"code": "VN", "concern": "watch"},
            {"code": "CA", "groups": ["NATO", "NTIB"]},
            {"code": "JP", "groups": ["SOSA", "RDP_MOU"]},
        ],
        "items": [{"id": "W", "name": "Tungsten", "kind": "material"}],
        "organisations": [
            {"id": "A", "name": "A", "country": "CN"},
            {"id": "B", "name": "B", "country": "CA"},
            {"id": "C", "name": "C", "country": "CA"},
        ],
        "facilities": [{"id": "FJ", "name": "FJ", "operator": "B", "country": "JP"}],
    }
    t.update(extra)
    return t


def test_hhi_scale() -> None:
    assert hhi([1.0]) == 10_000
    assert hhi([0.25] * 4) == 2_500
    assert hhi([]) == 0


def test_shares_given_supplier_and_country() -> None:
    G = graph_from_tables(
        tables(
            sources=[
                {"item": "W", "supplier": "A", "share": 0.5},
                {"item": "W", "supplier": "B", "share": 0.3, "facility": "FJ"},
                {"item": "W", "supplier": "C", "share": 0.2},
                {"item": "W", "supplier": "A", "share": 0.4, "facility": "FJ", "qualified": False},
            ]
        )
    )
    c = item_concentration(G, "W")
    assert c["sources"] == 3
    assert c["equal_shares"] is False
    assert c["supplier_hhi"] == pytest.approx(2500 + 900 + 400)
    # B produces at its Japanese facility: country shares CN .5, JP .3, CA .2.
    assert c["country_shares"] == {"CA": 0.2, "CN": 0.5, "JP": 0.3}
    assert c["country_hhi"] == pytest.approx(2500 + 900 + 400)
    assert c["concern_share"] == 0.5
    assert c["allied_share"] == {"NATO": 0.2, "SOSA": 0.3, "NTIB": 0.2, "RDP_MOU": 0.3, "any": 0.5}


def test_missing_shares_fall_back_to_equal_and_say_so() -> None:
    G = graph_from_tables(
        tables(
            sources=[
                {"item": "W", "supplier": "A", "share": 0.9},
                {"item": "W", "supplier": "B"},
            ]
        )
    )
    c = item_concentration(G, "W")
    assert c["equal_shares"] is True
    assert c["supplier_hhi"] == 5000
    assert c["concern_share"] == 0.5


def test_shares_are_normalised() -> None:
    G = graph_from_tables(
        tables(
            sources=[
                {"item": "W", "supplier": "A", "share": 0.2},
                {"item": "W", "supplier": "B", "share": 0.2},
            ]
        )
    )
    assert item_concentration(G, "W")["supplier_hhi"] == 5000


def test_policy_countries_of_concern_and_watch() -> None:
    G = graph_from_tables(
        tables(
            countries=[{"code": "VN", "concern": "watch"}, {"code": "CA"}],
            organisations=[
                {"id": "A", "name": "A", "country": "VN"},
                {"id": "B", "name": "B", "country": "CA"},
            ],
            facilities=[],
            sources=[{"item": "W", "supplier": "A"}, {"item": "W", "supplier": "B"}],
        )
    )
    assert item_concentration(G, "W")["watch_share"] == 0.5
    assert item_concentration(G, "W", countries_of_concern={"CA"})["concern_share"] == 0.5


def test_production_shares_latest_year_per_stage() -> None:
    G = graph_from_tables(
        tables(
            production=[
                {"material": "W", "country": "CN", "share": 0.80, "year": 2023},
                {"material": "W", "country": "CN", "share": 0.83, "year": 2024},
                {"material": "W", "country": "VN", "share": 0.04, "year": 2024},
                {"material": "W", "country": "CA", "share": 0.5, "stage": "refined", "year": 2024},
            ]
        )
    )
    c = item_concentration(G, "W")
    assert c["supplier_hhi"] is None and c["sources"] == 0
    mine = c["production"]["mine"]
    assert mine["year"] == 2024
    assert mine["country_hhi"] == pytest.approx(83**2 + 4**2)
    assert mine["covered_share"] == 0.87
    assert mine["concern_share"] == 0.83
    assert mine["watch_share"] == 0.04
    assert c["production"]["refined"]["allied_share"]["NATO"] == 0.5
