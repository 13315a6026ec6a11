"""Demand, capacity and stock for generated networks, so the volume model has data.

:func:`add_volumes` sets each platform's ``demand_per_day`` and ``priority``, every
qualified source's ``capacity`` (units per day: the item's requirement, exploded
down the bill of materials from the demand, times the source's share of the item's
qualified shares, times a headroom drawn from 1.1 to 1.6) and ``stock`` (0 to 30
days of its share), and every unqualified source's capacity (half the requirement).
The undisrupted network therefore meets all demand, with its weakest item 10%
above it.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

__all__ = ["add_volumes"]


def add_volumes(tables: Mapping[str, list[dict[str, Any]]], seed: int = 0) -> None:
    """Set demand, priority, capacity and stock in ``tables`` in place (module docstring).

    Examples
    --------
    >>> t = {"items": [{"id": "P", "kind": "platform"}, {"id": "M", "kind": "material"}],
    ...      "bom": [{"parent": "P", "child": "M", "quantity": 2.0}],
    ...      "sources": [{"item": "P", "supplier": "a"}, {"item": "M", "supplier": "b"}]}
    >>> add_volumes(t)
    >>> rate = t["items"][0]["demand_per_day"]
    >>> t["sources"][1]["capacity"] > 2 * rate
    True
    """
    rng = random.Random(seed)
    items = tables.get("items", [])
    kids: dict[str, list[tuple[str, float]]] = {}
    for r in tables.get("bom", []):
        kids.setdefault(r["parent"], []).append((r["child"], float(r.get("quantity") or 1.0)))
    req: dict[str, float] = {}
    order: list[str] = []
    rates: dict[str, float] = {}
    for it in items:
        if it.get("kind") == "platform":
            rate = rng.choice((0.5, 1.0, 2.0, 5.0, 10.0))
            it["demand_per_day"] = rate
            it["priority"] = rng.choice((1.0, 2.0, 5.0, 10.0))
            rates[it["id"]] = rate
    # Requirement by a topological walk (the generated BOM is a DAG).
    indeg: dict[str, int] = {}
    for p, cs in kids.items():
        indeg.setdefault(p, 0)
        for c, _ in cs:
            indeg[c] = indeg.get(c, 0) + 1
    stack = [i["id"] for i in items if indeg.get(i["id"], 0) == 0]
    while stack:
        u = stack.pop()
        order.append(u)
        for c, _ in kids.get(u, ()):
            indeg[c] -= 1
            if indeg[c] == 0:
                stack.append(c)
    for u in order:
        req[u] = req.get(u, 0.0) + rates.get(u, 0.0)
        for c, q in kids.get(u, ()):
            req[c] = req.get(c, 0.0) + req[u] * q
    by_item: dict[str, list[dict[str, Any]]] = {}
    for s in tables.get("sources", []):
        by_item.setdefault(s["item"], []).append(s)
    for item, rows in by_item.items():
        need = req.get(item, 0.0) or 1.0
        qualified = [s for s in rows if s.get("qualified", True)]
        shares = [float(s.get("share") or 0.0) for s in qualified]
        total = sum(shares)
        headroom = rng.uniform(1.1, 1.6)
        for s, share in zip(qualified, shares, strict=True):
            part = share / total if total > 0 else 1.0 / len(qualified)
            s["capacity"] = round(need * part * headroom, 6)
            s["stock"] = round(need * part * rng.uniform(0.0, 30.0), 6)
        for s in rows:
            if not s.get("qualified", True):
                s["capacity"] = round(need * 0.5, 6)
