"""Per-item facts the timing and mitigation steps need beyond :class:`SupplyIndex`:
every source (qualified or not) with its ``recovery_days``, stockpiles and
substitutes. Read lazily from the graph and cached, since a scenario only ever
looks at the few items it loses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graphmodel.analysis.index import COUNTRY, NO_NODE, SupplyIndex
from graphmodel.schema import ALLIED_GROUPS

__all__ = ["Facts", "Source", "Stock", "stock_days"]


@dataclass(frozen=True)
class Source:
    """One source of an item, as indices (``facility`` may be ``NO_NODE``)."""

    organisation: int
    facility: int
    country: int
    qualified: bool
    recovery_days: float | None
    share: float | None
    #: Units per day the site can produce (None: not stated, read as unlimited).
    capacity: float | None = None
    #: Units of the item held at the site (inventory of its output).
    stock: float = 0.0
    #: Buyers the source may serve (parent items or their sites' ids); () = every buyer.
    qualified_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class Stock:
    """One stockpile of an item: its holder and the days of supply it gives."""

    holder: str
    holder_index: int
    holder_country: int
    days: float
    consumption_per_day: float | None
    #: Units held: ``quantity``, else ``days_of_supply x consumption_per_day``, else None.
    quantity: float | None = None


def stock_days(row: dict[str, Any]) -> float:
    """Days of supply of one stockpile row: stated ``days_of_supply``, else
    ``quantity / consumption_per_day``, else 0.

    Examples
    --------
    >>> stock_days({"days_of_supply": 60}), stock_days({"quantity": 4, "consumption_per_day": 0.5})
    (60.0, 8.0)
    >>> stock_days({"quantity": 4})
    0.0
    """
    if row.get("days_of_supply") is not None:
        return float(row["days_of_supply"])
    qty, rate = row.get("quantity"), row.get("consumption_per_day")
    if qty is not None and rate:
        return float(qty) / float(rate)
    return 0.0


class Facts:
    """Lazy, cached per-item facts of one graph and its index."""

    def __init__(self, G: nx.MultiDiGraph, ix: SupplyIndex) -> None:
        self.G = G
        self.ix = ix
        self._sources: dict[int, list[Source]] = {}
        self._stocks: dict[int, list[Stock]] = {}
        self._subs: dict[int, list[tuple[int, bool]]] = {}
        #: Substitutes already read, by item (a fast path for hot loops).
        self.cached_substitutes = self._subs

    def sources(self, i: int) -> list[Source]:
        """Every source of item ``i``, qualified or not."""
        got = self._sources.get(i)
        if got is not None:
            return got
        ix = self.ix
        pos = ix.pos
        out: list[Source] = []
        for _, org, data in self.G.out_edges(ix.ids[i], data=True):
            if data.get("type") != "SOURCED_FROM":
                continue
            o = pos[org]
            fac = data.get("facility")
            f = pos.get(fac, NO_NODE)
            rd, share = data.get("recovery_days"), data.get("share")
            cap, stock = data.get("capacity"), data.get("stock")
            out.append(
                Source(
                    o,
                    f,
                    ix.source_country(o, f),
                    bool(data.get("qualified", True)),
                    float(rd) if rd is not None else None,
                    float(share) if share is not None else None,
                    float(cap) if cap is not None else None,
                    float(stock) if stock is not None else 0.0,
                    tuple(data.get("qualified_for") or ()),
                )
            )
        out.sort(key=lambda s: (ix.ids[s.organisation], s.facility))
        self._sources[i] = out
        return out

    def stocks(self, i: int) -> list[Stock]:
        """The stockpiles of item ``i`` with their days of supply."""
        got = self._stocks.get(i)
        if got is not None:
            return got
        ix = self.ix
        out: list[Stock] = []
        for row in self.G.nodes[ix.ids[i]].get("stockpiles") or ():
            holder = str(row.get("holder", ""))
            h = ix.pos.get(holder, NO_NODE)
            country = NO_NODE if h == NO_NODE else h if ix.kind[h] == COUNTRY else ix.home[h]
            rate = row.get("consumption_per_day")
            qty = row.get("quantity")
            if qty is None and rate and row.get("days_of_supply") is not None:
                qty = float(row["days_of_supply"]) * float(rate)
            out.append(
                Stock(
                    holder,
                    h,
                    country,
                    stock_days(row),
                    float(rate) if rate else None,
                    float(qty) if qty is not None else None,
                )
            )
        self._stocks[i] = out
        return out

    def substitutes(self, i: int) -> list[tuple[int, bool]]:
        """Substitutes of item ``i`` as ``(index, qualified)``."""
        got = self._subs.get(i)
        if got is not None:
            return got
        ix = self.ix
        out = sorted(
            (ix.pos[v], bool(d.get("qualified", True)))
            for _, v, d in self.G.out_edges(ix.ids[i], data=True)
            if d.get("type") == "SUBSTITUTED_BY" and v in ix.pos
        )
        self._subs[i] = out
        return out

    def allied_groups(self, country: int) -> list[str]:
        """The allied groups (:data:`graphmodel.schema.ALLIED_GROUPS`) of a country index."""
        if country == NO_NODE:
            return []
        groups = self.G.nodes[self.ix.ids[country]].get("groups") or []
        return [g for g in ALLIED_GROUPS if g in groups]
