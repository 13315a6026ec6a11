"""A small fictional supply network to preview the views and to test them.

Every organisation name here is invented. Run ``python -m graphmodel.viz.sample
OUTDIR`` to write the three demo pages.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import networkx as nx

from graphmodel.nxgraph import graph_from_tables
from graphmodel.viz.platform import dependency_tiers

__all__ = ["sample_analysis", "sample_graph", "write_samples"]

_ITEMS = [
    ("P-FRG", "Sentinel frigate", "platform"),
    ("A-RADAR", "Radar array", "assembly"),
    ("A-PROP", "Propulsion module", "assembly"),
    ("C-TRM", "GaN T/R module", "component"),
    ("C-MAG", "SmCo magnet", "component"),
    ("C-BLADE", "Turbine blade", "component"),
    ("M-GA", "Gallium", "material"),
    ("M-REE", "Rare earth oxides", "material"),
    ("M-CO", "Cobalt", "material"),
    ("M-TI", "Titanium sponge", "material"),
]
_BOM = [
    ("P-FRG", "A-RADAR", 4),
    ("P-FRG", "A-PROP", 2),
    ("A-RADAR", "C-TRM", 1200),
    ("A-PROP", "C-MAG", 24),
    ("A-PROP", "C-BLADE", 180),
    ("C-TRM", "M-GA", 0.002),
    ("C-MAG", "M-REE", 0.4),
    ("C-MAG", "M-CO", 0.5),
    ("C-BLADE", "M-CO", 0.3),
    ("C-BLADE", "M-TI", 1.5),
]
_ORGS = [
    ("O-PRIME", "Northwind Naval Yards", "GB", "company"),
    ("O-RADCO", "Lumenfield Radar Works", "DE", "company"),
    ("O-HELIO", "Heliotrope Semiconductors", "NL", "company"),
    ("O-MAG", "Crescent Bay Magnetics", "CN", "company"),
    ("O-BLADE", "Aerofoil Castings Ltd", "US", "company"),
    ("O-GA1", "Eastern Gallium Refining", "CN", "company"),
    ("O-GA2", "Boreal Minor Metals", "CA", "company"),
    ("O-REE", "Jade Mountain Rare Earths", "CN", "company"),
    ("O-CO1", "Copperbelt Cobalt Mining", "CD", "company"),
    ("O-CO2", "Fjordline Cobalt Refiners", "FI", "company"),
    ("O-TI", "Taiga Sponge Metals", "RU", "company"),
    ("O-HOLD", "Silkway Strategic Holdings", "SG", "company"),
    ("O-GOV", "Eastern State Assets Bureau", "CN", "government"),
    ("O-FUND", "Harbourlight Capital", "SG", "company"),
]
_SOURCES: list[dict[str, Any]] = [
    {"item": "P-FRG", "supplier": "O-PRIME", "share": 1.0},
    {"item": "A-RADAR", "supplier": "O-RADCO", "share": 1.0},
    {"item": "A-PROP", "supplier": "O-PRIME", "share": 1.0},
    {"item": "C-TRM", "supplier": "O-HELIO", "facility": "F-HELIO", "share": 1.0},
    {"item": "C-MAG", "supplier": "O-MAG", "share": 1.0, "recovery_days": 540},
    {"item": "C-BLADE", "supplier": "O-BLADE", "share": 1.0},
    {"item": "M-GA", "supplier": "O-GA1", "facility": "F-GA1", "share": 0.9},
    {"item": "M-GA", "supplier": "O-GA2", "share": 0.1, "qualified": False},
    {"item": "M-REE", "supplier": "O-REE", "share": 1.0},
    {"item": "M-CO", "supplier": "O-CO1", "share": 0.7},
    {"item": "M-CO", "supplier": "O-CO2", "share": 0.3},
    {"item": "M-TI", "supplier": "O-TI", "share": 0.6},
    {"item": "M-TI", "supplier": "O-BLADE", "share": 0.4},
]
_COUNTRIES = [
    ("GB", "United Kingdom", ["NATO", "NTIB", "SOSA"], "none"),
    ("DE", "Germany", ["NATO"], "none"),
    ("NL", "Netherlands", ["NATO", "SOSA"], "none"),
    ("US", "United States", ["NATO", "NTIB"], "none"),
    ("CA", "Canada", ["NATO", "NTIB"], "none"),
    ("FI", "Finland", ["NATO", "SOSA"], "none"),
    ("CN", "China", [], "adversary"),
    ("RU", "Russia", [], "adversary"),
    ("CD", "DR Congo", [], "watch"),
    ("SG", "Singapore", ["SOSA"], "none"),
    ("ID", "Indonesia", [], "none"),
    ("JP", "Japan", ["SOSA"], "none"),
    ("MM", "Myanmar", [], "watch"),
    ("AU", "Australia", ["NTIB", "SOSA"], "none"),
]
_PRODUCTION = [
    ("M-GA", "CN", 0.99, "primary"),
    ("M-GA", "JP", 0.005, "primary"),
    ("M-REE", "CN", 0.69, "mine"),
    ("M-REE", "US", 0.115, "mine"),
    ("M-REE", "MM", 0.08, "mine"),
    ("M-REE", "AU", 0.033, "mine"),
    ("M-CO", "CD", 0.76, "mine"),
    ("M-CO", "ID", 0.10, "mine"),
    ("M-CO", "RU", 0.03, "mine"),
    ("M-TI", "CN", 0.69, "sponge"),
    ("M-TI", "JP", 0.17, "sponge"),
    ("M-TI", "RU", 0.06, "sponge"),
]


def sample_graph() -> nx.MultiDiGraph:
    """The fictional demo network (one frigate, 9 items, 14 organisations).

    Examples
    --------
    >>> G = sample_graph()
    >>> G.nodes["O-CO2"]["name"], G.number_of_nodes() > 30
    ('Fjordline Cobalt Refiners', True)
    """
    return graph_from_tables(
        {
            "countries": [
                {"code": c, "name": n, "groups": g, "concern": k} for c, n, g, k in _COUNTRIES
            ],
            "items": [{"id": i, "name": n, "kind": k} for i, n, k in _ITEMS],
            "organisations": [
                {"id": i, "name": n, "country": c, "kind": k} for i, n, c, k in _ORGS
            ],
            "facilities": [
                {
                    "id": "F-HELIO",
                    "name": "Heliotrope fab 1",
                    "operator": "O-HELIO",
                    "country": "NL",
                },
                {
                    "id": "F-GA1",
                    "name": "Eastern Gallium plant 2",
                    "operator": "O-GA1",
                    "country": "CN",
                },
            ],
            "bom": [{"parent": p, "child": c, "quantity": q} for p, c, q in _BOM],
            "sources": _SOURCES,
            "ownership": [
                {"owner": "O-GOV", "owned": "O-HOLD", "percentage": 100},
                {"owner": "O-HOLD", "owned": "O-CO2", "percentage": 55},
                {"owner": "O-FUND", "owned": "O-CO2", "percentage": 30},
                {"owner": "O-HOLD", "owned": "O-RADCO", "percentage": 12},
            ],
            "designations": [
                {
                    "entity": "O-REE",
                    "list": "US-BIS-ENTITY",
                    "listed_on": "2023-05-02",
                    "reason": "fictional listing for the demo",
                }
            ],
            "stockpiles": [{"item": "M-GA", "holder": "GB", "days_of_supply": 90}],
            "production": [
                {"material": m, "country": c, "share": s, "stage": st, "year": 2024}
                for m, c, s, st in _PRODUCTION
            ],
        }
    )


def _reason(
    kind: str, regime: str, detail: str, path: list[str], pct: float | None = None
) -> dict[str, Any]:
    return {
        "kind": kind,
        "level": None,
        "percentage": pct,
        "path": path,
        "regime": regime,
        "detail": detail,
    }


def sample_analysis(G: nx.MultiDiGraph | None = None) -> dict[str, Any]:
    """A hand-written analysis result for :func:`sample_graph`, in the ``analyze`` contract."""
    G = G if G is not None else sample_graph()
    nodes: dict[str, dict[str, Any]] = {}

    def link(node: str, *reasons: dict[str, Any]) -> None:
        nodes[node] = {"adversary_linked": True, "reasons": list(reasons)}

    for org in ("O-MAG", "O-GA1", "O-REE", "O-GOV"):
        link(org, _reason("registration", "country of concern", "registered in CN", [org, "CN"]))
    link("O-TI", _reason("registration", "country of concern", "registered in RU", ["O-TI", "RU"]))
    nodes["O-REE"]["reasons"].append(
        _reason("designation", "designation", "listed on US-BIS-ENTITY", ["O-REE"])
    )
    link("F-GA1", _reason("location", "country of concern", "located in CN", ["F-GA1", "CN"]))
    link(
        "O-HOLD",
        _reason(
            "ofac_50",
            "OFAC 50%",
            "100% owned by a root adversary owner",
            ["O-GOV", "O-HOLD"],
            100.0,
        ),
    )
    link(
        "O-CO2",
        _reason(
            "lookthrough",
            "look-through",
            "55% effective ownership by Eastern State Assets Bureau",
            ["O-GOV", "O-HOLD", "O-CO2"],
            55.0,
        ),
        _reason(
            "ofac_50",
            "OFAC 50%",
            "55% owned by a blocked entity",
            ["O-GOV", "O-HOLD", "O-CO2"],
            55.0,
        ),
    )
    for c in ("CN", "RU"):
        link(c, _reason("concern", "country of concern", "concern level adversary", [c]))
    evidence = {
        "O-MAG": {
            "path": ["P-FRG", "A-PROP", "C-MAG"],
            "item": "C-MAG",
            "reason": "every qualified source of C-MAG depends on this organisation",
        },
        "O-REE": {
            "path": ["P-FRG", "A-PROP", "C-MAG", "M-REE"],
            "item": "M-REE",
            "reason": "every qualified source of M-REE depends on this organisation",
        },
        "F-GA1": {
            "path": ["P-FRG", "A-RADAR", "C-TRM", "M-GA"],
            "item": "M-GA",
            "reason": "every qualified source of M-GA depends on this facility",
        },
        "CN": {
            "path": ["P-FRG", "A-RADAR", "C-TRM", "M-GA"],
            "item": "M-GA",
            "reason": "every qualified source of M-GA depends on this country",
        },
    }
    return {
        "platforms": {
            "P-FRG": {
                "tiers": dependency_tiers(G, "P-FRG"),
                "spof": {
                    "order1": {
                        "organisations": ["O-MAG", "O-REE"],
                        "facilities": ["F-GA1"],
                        "countries": ["CN"],
                        "items": [],
                    },
                    "order2": [["O-CO1", "O-CO2"]],
                    "order1_evidence": evidence,
                },
                "sole_source_items": ["C-MAG", "C-TRM", "M-GA", "M-REE"],
                "data_gaps": [],
                "adversary_free": {"feasible": False, "blocking_items": ["C-MAG", "M-GA", "M-REE"]},
            }
        },
        "nodes": nodes,
    }


def write_samples(folder: str | Path) -> list[Path]:
    """Write the platform, ownership and material demo pages into ``folder``."""
    from graphmodel.viz.views import material_view, ownership_view, platform_view, write_view

    G = sample_graph()
    analysis = sample_analysis(G)
    out = Path(folder)
    return [
        write_view(platform_view(G, analysis, "P-FRG"), out / "platform-P-FRG.html"),
        write_view(ownership_view(G, analysis, "O-CO2"), out / "ownership-O-CO2.html"),
        write_view(material_view(G, analysis, "M-CO"), out / "material-M-CO.html"),
    ]


if __name__ == "__main__":  # pragma: no cover
    for path in write_samples(sys.argv[1] if len(sys.argv) > 1 else "."):
        print(path)
