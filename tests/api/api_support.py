"""Helpers for the API tests: the app environment and a small fictional network.

The network is written straight into a test store.

Written through the store's write path with parameters, so API tests do not
depend on the bundle loader. Expected tiers of platform ``P1``::

    tier 0: P1
    tier 1: A1, its source O1 (Alpha Fabrication) at F1, and FR
    tier 2: C1, C2, their source O2 (Beta Components), and DE
    tier 3: M1, its source O3 (Gamma Metals), and CN

O2 is also an *unqualified* source of M1, which does not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from api.state import AppState
from graphmodel.settings import Settings
from graphmodel.store.base import GraphStore

COUNTRIES = [
    {"id": "FR", "code": "FR", "name": "France", "groups": ["NATO"], "concern": "none"},
    {"id": "DE", "code": "DE", "name": "Germany", "groups": ["NATO"], "concern": "none"},
    {"id": "CN", "code": "CN", "name": "China", "groups": [], "concern": "adversary"},
]
ORGS = [
    {"id": "O1", "name": "Alpha Fabrication", "kind": "company", "country": "FR"},
    {"id": "O2", "name": "Beta Components", "kind": "company", "country": "DE"},
    {"id": "O3", "name": "Gamma Metals", "kind": "company", "country": "CN"},
]
FACILITIES = [{"id": "F1", "name": "Alpha Plant", "operator": "O1", "country": "FR"}]
ITEMS = [
    {"id": "P1", "name": "Demo Launcher", "kind": "platform"},
    {"id": "P2", "name": "Spare Platform", "kind": "platform"},
    {"id": "A1", "name": "Launch Assembly", "kind": "assembly"},
    {"id": "C1", "name": "Control Board", "kind": "component"},
    {"id": "C2", "name": "Casing", "kind": "component"},
    {"id": "M1", "name": "Metal One", "kind": "material"},
]
BOM = [("P1", "A1"), ("A1", "C1"), ("A1", "C2"), ("C1", "M1"), ("C2", "M1"), ("P2", "C2")]
SOURCES = [
    ("A1", "O1", "F1", True),
    ("C1", "O2", None, True),
    ("C2", "O2", None, True),
    ("M1", "O3", None, True),
    ("M1", "O2", None, False),
]

EXPECTED_TIERS = {
    "A1": 1, "O1": 1, "F1": 1, "FR": 1,
    "C1": 2, "C2": 2, "O2": 2, "DE": 2,
    "M1": 3, "O3": 3, "CN": 3,
}  # fmt: skip


def _w(store: GraphStore, text: str, **params: Any) -> None:
    store._write(text, params)


def write_test_graph(store: GraphStore) -> None:
    """Create the network described in the module docstring."""
    write_network(store, COUNTRIES, ORGS, FACILITIES, ITEMS, BOM, SOURCES)


def write_network(
    store: GraphStore,
    countries: list[dict[str, Any]],
    orgs: list[dict[str, Any]],
    facilities: list[dict[str, Any]],
    items: list[dict[str, Any]],
    bom: list[tuple[str, str]],
    sources: list[tuple[str, str, str | None, bool]],
) -> None:
    """Write a network of these rows the way a load does (sources with their facility
    as a property and a ``MADE_AT`` beside them, countries linked by code)."""
    _w(store, "UNWIND $rows AS r CREATE (c:Country) SET c = r", rows=countries)
    _w(store, "UNWIND $rows AS r CREATE (o:Organisation) SET o = r", rows=orgs)
    _w(store, "UNWIND $rows AS r CREATE (f:Facility) SET f = r", rows=facilities)
    _w(store, "UNWIND $rows AS r CREATE (i:Item) SET i = r", rows=items)
    _w(
        store,
        "UNWIND $rows AS r MATCH (a:Item {id: r[0]}), (b:Item {id: r[1]}) "
        "CREATE (a)-[:NEEDS {quantity: 1.0}]->(b)",
        rows=[list(b) for b in bom],
    )
    _w(
        store,
        "UNWIND $rows AS r MATCH (i:Item {id: r[0]}), (o:Organisation {id: r[1]}) "
        "CREATE (i)-[:SOURCED_FROM {facility: r[2], qualified: r[3]}]->(o)",
        rows=[list(s) for s in sources],
    )
    _w(
        store,
        "UNWIND $rows AS r MATCH (i:Item {id: r[0]}), (f:Facility {id: r[2]}) "
        "CREATE (i)-[:MADE_AT {supplier: r[1]}]->(f)",
        rows=[list(s) for s in sources if s[2]],
    )
    _w(
        store,
        "MATCH (o:Organisation), (c:Country) WHERE o.country = c.id "
        "CREATE (o)-[:REGISTERED_IN]->(c)",
    )
    _w(
        store,
        "MATCH (f:Facility), (c:Country) WHERE f.country = c.id CREATE (f)-[:LOCATED_IN]->(c)",
    )
    _w(
        store,
        "MATCH (f:Facility), (o:Organisation) WHERE f.operator = o.id "
        "CREATE (f)-[:OPERATED_BY]->(o)",
    )


def analysis_result() -> dict[str, Any]:
    """A hand-made result in the analysis output contract, for serving tests."""
    return {
        "platforms": {
            "P1": {
                "tiers": dict(EXPECTED_TIERS),
                "spof": {
                    "order1": {
                        "organisations": ["O1", "O3"],
                        "facilities": ["F1"],
                        "countries": ["CN"],
                        "items": ["A1"],
                    },
                    "order2": [["O2", "O3"]],
                    "evidence": {"O3": ["P1", "A1", "C1", "M1", "O3"]},
                },
                "sole_source_items": ["A1", "C1", "C2", "M1"],
                "data_gaps": [],
                "adversary_free": {"feasible": False, "blocking_items": ["M1"]},
                "concentration": {
                    "M1": {
                        "sources": 1,
                        "country_hhi": 10000.0,
                        "country_shares": {"CN": 1.0},
                        "concern_share": 1.0,
                    }
                },
            }
        },
        "nodes": {
            "O3": {
                "adversary_linked": True,
                "reasons": [
                    {
                        "kind": "registration",
                        "regime": "country of concern",
                        "detail": "O3 is registered in CN, a country of concern.",
                        "country": "CN",
                        "path": ["O3", "CN"],
                    }
                ],
            },
            "O1": {"adversary_linked": False, "reasons": []},
        },
    }


@dataclass
class ApiEnv:
    settings: Settings
    client: TestClient
    keys: dict[str, str]

    @property
    def state(self) -> AppState:
        state: AppState = self.client.app.state.supplynet  # type: ignore[attr-defined]
        return state

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


def wait_adhoc_idle(env: ApiEnv, limit_s: float = 120.0) -> None:
    """Until every timed-out ad-hoc statement is finished by its engine (slots all free)."""
    import time

    deadline = time.monotonic() + limit_s
    while env.state.adhoc.running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert env.state.adhoc.running() == 0
