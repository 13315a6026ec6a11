"""The literal form of the volume model's flow constraints (docs/scenarios.md) that the
volume tests build their dense, independent LPs from (scipy's ``linprog``), one Python row
per constraint and every (buyer site, supplier site) arc spelled out.

The sites are the qualified sources, plus a supplier-less site for each item nobody
sources; an arc is ``(bom line, buyer site, supplier site)`` for every site of the line's
parent and every site of its child. A test lays its variables out as it needs: the flow
rows take the offsets of the production (``x``), arc (``y``) and delivered-demand
(``d``) columns.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["DenseNetwork"]


@dataclass(frozen=True)
class DenseNetwork:
    """The sites, arcs and demand of a network's tables, as the dense LPs index them."""

    bom: list[dict[str, Any]]
    sites: list[dict[str, Any]]
    #: ``(bom line, buyer site, supplier site)``
    arcs: list[tuple[int, int, int]]
    #: The items with a demand.
    demand: list[dict[str, Any]]
    #: The sites of the items with a demand.
    demand_sites: list[int]

    @classmethod
    def of(cls, tables: dict[str, Any]) -> DenseNetwork:
        items = {i["id"]: i for i in tables["items"]}
        sites = [dict(s) for s in tables["sources"] if s.get("qualified", True)]
        for i in items:
            if not any(s["item"] == i for s in tables["sources"]):
                sites.append({"item": i, "supplier": None})
        bom = list(tables.get("bom", []))
        arcs = [
            (li, b, a)
            for li, line in enumerate(bom)
            for b, sb in enumerate(sites)
            if sb["item"] == line["parent"]
            for a, sa in enumerate(sites)
            if sa["item"] == line["child"]
        ]
        demand = [i for i in items.values() if i.get("demand_per_day")]
        dsites = [b for b, s in enumerate(sites) if any(s["item"] == d["id"] for d in demand)]
        return cls(bom, sites, arcs, demand, dsites)

    def flow_rows(self, n: int, x: int, y: int, d: int) -> Iterator[tuple[np.ndarray, float]]:
        """``(row, bound)`` of ``row @ v <= bound`` over ``n`` columns, per site: for each
        BOM line of its item, what it makes takes the line's quantity of the child over its
        inbound arcs (``q x - sum y_in <= 0``); and what it ships out, on its arcs and to
        demand, is at most what it makes plus its stock (``sum y_out + d - x <= stock``)."""
        for b, s in enumerate(self.sites):
            for li, line in enumerate(self.bom):
                if line["parent"] == s["item"]:
                    row = np.zeros(n)
                    row[x + b] = line.get("quantity", 1.0)
                    for k, (l2, b2, _) in enumerate(self.arcs):
                        if l2 == li and b2 == b:
                            row[y + k] = -1
                    yield row, 0.0
            row = np.zeros(n)
            for k, (_, _, a) in enumerate(self.arcs):
                if a == b:
                    row[y + k] = 1
            if b in self.demand_sites:
                row[d + self.demand_sites.index(b)] = 1
            row[x + b] = -1
            yield row, s.get("stock") or 0.0

    def delivered_row(self, n: int, d: int, item: dict[str, Any]) -> np.ndarray:
        """``-1`` on the delivered-demand columns (from ``d``) of ``item``'s sites: the
        start of ``item``'s demand row, to which the caller adds its own terms."""
        row = np.zeros(n)
        for j, b in enumerate(self.demand_sites):
            if self.sites[b]["item"] == item["id"]:
                row[d + j] = -1
        return row
