"""Concentration of supply per item: suppliers, countries, concern and allied shares.

Per item, over its **qualified** sources:

- ``supplier_hhi``: Herfindahl-Hirschman index of supply shares by
  organisation, on the 0..10,000 scale (``sum((100 * share) ** 2)``).
  Source ``share`` values are normalised to sum to 1; when any is missing (or
  they sum to 0) every source gets an equal share and ``equal_shares`` says so.
- ``country_hhi``: the same shares grouped by source country (the facility's
  where the source names one, else the organisation's); sources of unknown
  country are grouped under ``unknown_country_share`` and left out of the
  index.
- ``concern_share``: the share from countries of concern (the policy's list,
  plus countries whose ``concern`` is ``adversary``); ``watch_share`` for
  ``concern == "watch"``.
- ``allied_share``: the share from members of each allied group
  (:data:`graphmodel.schema.ALLIED_GROUPS`) and from any of them (``any``).
- ``adversary_owned_share``: the share from sources whose organisation or facility is
  adversary-owned or -controlled by the adversary analysis's ownership reasons
  (:data:`graphmodel.analysis.adversary.OWNERSHIP_KINDS`), wherever it sits: location
  alone (``concern_share``) misses a Canadian subsidiary of an adversary owner.
  ``adversary_owned_sources`` lists those organisations; ``adversary_linked_share``
  is the share from sources linked for any reason. Present when the caller passes
  the linked sets (the analysis report does).

For materials with ``PRODUCED_IN`` edges, ``production`` gives, per stage, the
same country figures from world production shares of the latest year. Those
shares need not sum to 1 (the rest of the world is not listed), so the index
is a lower bound (``covered_share`` says how much is listed) and shares are not
renormalised.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import networkx as nx

from graphmodel.nxgraph import source_country
from graphmodel.schema import ALLIED_GROUPS

__all__ = ["CountryFacts", "country_facts", "hhi", "item_concentration"]

#: country code -> (groups, concern level)
CountryFacts = Mapping[str, tuple[frozenset[str], str]]


def hhi(shares: Iterable[float]) -> float:
    """Herfindahl-Hirschman index of fractional shares on the 0..10,000 scale.

    Examples
    --------
    >>> hhi([1.0]), hhi([0.5, 0.5]), round(hhi([0.6, 0.3, 0.1]), 6)
    (10000.0, 5000.0, 4600.0)
    """
    return float(sum((100.0 * s) ** 2 for s in shares))


def country_facts(G: nx.MultiDiGraph) -> dict[str, tuple[frozenset[str], str]]:
    """Groups and concern level of every country node of ``G``."""
    return {
        n: (frozenset(d.get("groups") or ()), str(d.get("concern") or "none"))
        for n, d in G.nodes(data=True)
        if d.get("label") == "Country"
    }


def _country_figures(
    by_country: Mapping[str | None, float], facts: CountryFacts, concern: Collection[str]
) -> dict[str, Any]:
    known = {c: s for c, s in by_country.items() if c is not None}
    allied = {g: 0.0 for g in ALLIED_GROUPS}
    any_allied = concern_share = watch_share = 0.0
    for c, s in known.items():
        groups, level = facts.get(c, (frozenset(), "none"))
        hit = False
        for g in ALLIED_GROUPS:
            if g in groups:
                allied[g] += s
                hit = True
        if hit:
            any_allied += s
        if c in concern or level == "adversary":
            concern_share += s
        elif level == "watch":
            watch_share += s
    return {
        "country_hhi": round(hhi(known.values()), 6),
        "country_shares": {c: round(s, 6) for c, s in sorted(known.items())},
        "unknown_country_share": round(by_country.get(None, 0.0), 6),
        "concern_share": round(concern_share, 6),
        "watch_share": round(watch_share, 6),
        "allied_share": {g: round(v, 6) for g, v in allied.items()} | {"any": round(any_allied, 6)},
    }


def item_concentration(
    G: nx.MultiDiGraph,
    item: str,
    *,
    countries_of_concern: Collection[str] = frozenset(),
    facts: CountryFacts | None = None,
    adversary_owned: Collection[str] | None = None,
    adversary_linked: Collection[str] | None = None,
) -> dict[str, Any]:
    """Supplier and country concentration of ``item`` (see the module docstring).

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "countries": [{"code": "CN", "concern": "adversary"},
    ...                   {"code": "CA", "groups": ["NATO", "NTIB"]}],
    ...     "items": [{"id": "W", "name": "Tungsten", "kind": "material"}],
    ...     "organisations": [{"id": "A", "name": "A", "country": "CN"},
    ...                       {"id": "B", "name": "B", "country": "CA"}],
    ...     "sources": [{"item": "W", "supplier": "A", "share": 0.75},
    ...                 {"item": "W", "supplier": "B", "share": 0.25}],
    ...     "production": [{"material": "W", "country": "CN", "share": 0.83, "year": 2024}]})
    >>> c = item_concentration(G, "W")
    >>> c["supplier_hhi"], c["equal_shares"], c["concern_share"], c["allied_share"]["NATO"]
    (6250.0, False, 0.75, 0.25)
    >>> c["production"]["mine"]["country_hhi"], c["production"]["mine"]["covered_share"]
    (6889.0, 0.83)
    >>> o = item_concentration(G, "W", adversary_owned={"B"}, adversary_linked={"A", "B"})
    >>> o["concern_share"], o["adversary_owned_share"], o["adversary_owned_sources"]
    (0.75, 0.25, ['B'])
    >>> o["adversary_linked_share"]
    1.0
    """
    facts = country_facts(G) if facts is None else facts
    sources: list[tuple[str, str | None, float | None]] = []
    facilities: list[str | None] = []
    production: dict[str, dict[Any, dict[str | None, float]]] = {}
    for _, v, d in G.out_edges(item, data=True):
        t = d.get("type")
        if t == "SOURCED_FROM" and d.get("qualified", True):
            share = d.get("share")
            sources.append((v, source_country(G, v, d.get("facility")), share))
            facilities.append(d.get("facility"))
        elif t == "PRODUCED_IN":
            stage = str(d.get("stage") or "mine")
            year = d.get("year") or 0
            per_year = production.setdefault(stage, {}).setdefault(year, {})
            per_year[v] = per_year.get(v, 0.0) + float(d.get("share") or 0.0)
    out: dict[str, Any] = {"sources": len(sources)}
    if sources:
        raw = [s for _, _, s in sources]
        total = sum(float(s) for s in raw if s is not None)
        equal = any(s is None for s in raw) or total <= 0
        shares = [1.0 / len(sources) if equal else float(s or 0.0) / total for s in raw]
        by_org: dict[str, float] = {}
        by_country: dict[str | None, float] = {}
        for (org, country, _), s in zip(sources, shares, strict=True):
            by_org[org] = by_org.get(org, 0.0) + s
            by_country[country] = by_country.get(country, 0.0) + s
        out["supplier_hhi"] = round(hhi(by_org.values()), 6)
        out["equal_shares"] = equal
        out.update(_country_figures(by_country, facts, countries_of_concern))
        if adversary_owned is not None:
            owned = [
                (org, s)
                for (org, _, _), fac, s in zip(sources, facilities, shares, strict=True)
                if org in adversary_owned or (fac is not None and fac in adversary_owned)
            ]
            out["adversary_owned_share"] = round(sum(s for _, s in owned), 6)
            out["adversary_owned_sources"] = sorted({org for org, _ in owned})
        if adversary_linked is not None:
            out["adversary_linked_share"] = round(
                sum(
                    s
                    for (org, _, _), fac, s in zip(sources, facilities, shares, strict=True)
                    if org in adversary_linked or (fac is not None and fac in adversary_linked)
                ),
                6,
            )
    else:
        out["supplier_hhi"] = None
        out["equal_shares"] = False
    if production:
        stages: dict[str, Any] = {}
        for stage, years in sorted(production.items()):
            year = max(years)
            fig = _country_figures(years[year], facts, countries_of_concern)
            fig["year"] = year or None
            fig["covered_share"] = round(sum(years[year].values()), 6)
            stages[stage] = fig
        out["production"] = stages
    return out
