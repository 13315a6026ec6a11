"""The NetworkX form of the supply graph, built from bundle-shaped rows.

The same rows come from a validated bundle or from the store's ``export_*``
statements, so the analysis never depends on which store holds the data.

Contract (every analysis, visualisation and scenario function relies on it):

- ``G`` is a :class:`networkx.MultiDiGraph`; nodes are keyed by their id
  (countries by ISO code) and carry ``label`` (``Country``, ``Organisation``,
  ``Facility`` or ``Item``) plus their stored properties. Organisations carry
  ``designations`` (a list of ``{"list", "listed_on", "reason"}``); items
  carry ``stockpiles`` (a list of ``{"holder", "quantity",
  "consumption_per_day", "days_of_supply"}``).
- Edges carry ``type`` and point upstream (towards what is depended on):

  ============== ===================== ================================== =====================
  type           direction             key                                attributes
  ============== ===================== ================================== =====================
  NEEDS          parent -> child       ``"NEEDS"``                        quantity, sites
                                                                          (all-of)
  SOURCED_FROM   item -> organisation  ``"SOURCED_FROM:<facility or ''>"`` facility, share,
                                                                          qualified,
                                                                          recovery_days,
                                                                          capacity, stock,
                                                                          qualified_for
                                                                          (any-of)
  MADE_AT        item -> facility      ``"MADE_AT:<supplier>"``           supplier
  OPERATED_BY    facility -> org       ``"OPERATED_BY"``
  LOCATED_IN     facility -> country   ``"LOCATED_IN"``
  REGISTERED_IN  org -> country        ``"REGISTERED_IN"``
  OWNS           owner -> owned        ``"OWNS:<kind>"``                  percentage, kind
  SUBSTITUTED_BY item -> substitute    ``"SUBSTITUTED_BY"``               qualified
  PRODUCED_IN    material -> country   ``"PRODUCED_IN:<stage>:<year>"``   share, stage, year,
                                                                          source
  ============== ===================== ================================== =====================

Examples
--------
>>> G = graph_from_tables({
...     "items": [{"id": "P", "name": "Platform", "kind": "platform"},
...               {"id": "M", "name": "Metal", "kind": "material"}],
...     "organisations": [{"id": "O", "name": "Org", "country": "FR"}],
...     "countries": [{"code": "FR", "name": "France", "groups": ["NATO"]}],
...     "bom": [{"parent": "P", "child": "M", "quantity": 2.0}],
...     "sources": [{"item": "M", "supplier": "O", "qualified": True}],
... })
>>> sorted(G.nodes)
['FR', 'M', 'O', 'P']
>>> sorted((u, v, d["type"]) for u, v, d in G.edges(data=True))
[('M', 'O', 'SOURCED_FROM'), ('O', 'FR', 'REGISTERED_IN'), ('P', 'M', 'NEEDS')]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import networkx as nx

from graphmodel.gcpause import paused_gc

__all__ = ["graph_from_tables", "pick_source_country", "qualified_sources", "source_country"]

T = TypeVar("T")


def pick_source_country(facility_country: T, organisation_country: T, missing: T) -> T:
    """The source-country rule, the one place it is written: a source is exposed to its
    facility's country where it names a facility with a country, else to its
    organisation's (``missing`` marks "no country" in the caller's representation).

    Examples
    --------
    >>> pick_source_country("CN", "FR", None), pick_source_country(None, "FR", None)
    ('CN', 'FR')
    """
    return facility_country if facility_country != missing else organisation_country


Rows = Iterable[Mapping[str, Any]]


def _clean(row: Mapping[str, Any], drop: Iterable[str] = ()) -> dict[str, Any]:
    skip = set(drop)
    return {k: v for k, v in row.items() if k not in skip and v is not None and v != ""}


def _ensure_country(G: nx.MultiDiGraph, code: str | None) -> None:
    if code and code not in G:
        G.add_node(code, label="Country", id=code, code=code, name=code, groups=[], concern="none")


@paused_gc()
def graph_from_tables(tables: Mapping[str, Rows]) -> nx.MultiDiGraph:
    """Build the supply graph from bundle-shaped tables (see the module docstring)."""
    G = nx.MultiDiGraph()
    for r in tables.get("countries", ()):
        code = r["code"]
        attrs = _clean(r, ("id",))
        attrs.setdefault("groups", [])
        attrs.setdefault("concern", "none")
        G.add_node(code, label="Country", id=code, **attrs)
    for r in tables.get("organisations", ()):
        attrs = _clean(r, ("id",))
        attrs.setdefault("kind", "company")
        G.add_node(r["id"], label="Organisation", id=r["id"], designations=[], **attrs)
        if r.get("country"):
            _ensure_country(G, r["country"])
            G.add_edge(r["id"], r["country"], key="REGISTERED_IN", type="REGISTERED_IN")
    for r in tables.get("facilities", ()):
        G.add_node(r["id"], label="Facility", id=r["id"], **_clean(r, ("id",)))
        if r.get("operator"):
            G.add_edge(r["id"], r["operator"], key="OPERATED_BY", type="OPERATED_BY")
        if r.get("country"):
            _ensure_country(G, r["country"])
            G.add_edge(r["id"], r["country"], key="LOCATED_IN", type="LOCATED_IN")
    for r in tables.get("items", ()):
        G.add_node(r["id"], label="Item", id=r["id"], stockpiles=[], **_clean(r, ("id",)))
    for r in tables.get("bom", ()):
        G.add_edge(
            r["parent"],
            r["child"],
            key="NEEDS",
            type="NEEDS",
            quantity=r.get("quantity", 1.0),
            # The parent's sites this line is scoped to (site-specific recipes); [] = all.
            sites=list(r.get("sites") or ()),
        )
    for r in tables.get("sources", ()):
        fac = r.get("facility") or None
        attrs = _clean(r, ("item", "supplier", "facility"))
        attrs["qualified"] = bool(r.get("qualified", True))
        if not attrs.get("qualified_for"):
            attrs.pop("qualified_for", None)  # [] (every buyer) reads the same as absent
        G.add_edge(
            r["item"],
            r["supplier"],
            key=f"SOURCED_FROM:{fac or ''}",
            type="SOURCED_FROM",
            facility=fac,
            **attrs,
        )
        if fac:
            G.add_edge(
                r["item"],
                fac,
                key=f"MADE_AT:{r['supplier']}",
                type="MADE_AT",
                supplier=r["supplier"],
            )
    for r in tables.get("ownership", ()):
        kind = r.get("kind") or "equity"
        G.add_edge(
            r["owner"],
            r["owned"],
            key=f"OWNS:{kind}",
            type="OWNS",
            **_clean(r, ("owner", "owned", "percentage", "kind")),
            percentage=float(r["percentage"]),
            kind=kind,
        )
    for r in tables.get("designations", ()):
        G.nodes[r["entity"]].setdefault("designations", []).append(
            _clean(r, ("entity",)) | {"list": r["list"]}
        )
    for r in tables.get("stockpiles", ()):
        G.nodes[r["item"]].setdefault("stockpiles", []).append(_clean(r, ("item",)))
    for r in tables.get("substitutes", ()):
        G.add_edge(
            r["item"],
            r["substitute"],
            key="SUBSTITUTED_BY",
            type="SUBSTITUTED_BY",
            qualified=bool(r.get("qualified", True)),
        )
    for r in tables.get("production", ()):
        _ensure_country(G, r["country"])
        stage = r.get("stage") or "mine"
        G.add_edge(
            r["material"],
            r["country"],
            key=f"PRODUCED_IN:{stage}:{r.get('year') or ''}",
            type="PRODUCED_IN",
            **_clean(r, ("material", "country")) | {"stage": stage},
        )
    return G


def qualified_sources(
    G: nx.MultiDiGraph, item: str
) -> list[tuple[str, str | None, dict[str, Any]]]:
    """The qualified sources of ``item`` as ``(organisation, facility, edge data)``.

    Examples
    --------
    >>> G = graph_from_tables({"items": [{"id": "I", "name": "I", "kind": "material"}],
    ...     "organisations": [{"id": "A", "name": "A"}, {"id": "B", "name": "B"}],
    ...     "sources": [{"item": "I", "supplier": "A"},
    ...                 {"item": "I", "supplier": "B", "qualified": False}]})
    >>> [org for org, fac, d in qualified_sources(G, "I")]
    ['A']
    """
    return [
        (v, d.get("facility"), d)
        for _, v, d in G.out_edges(item, data=True)
        if d["type"] == "SOURCED_FROM" and d.get("qualified", True)
    ]


def source_country(G: nx.MultiDiGraph, organisation: str, facility: str | None) -> str | None:
    """The country a source is exposed to: the facility's where named, else the organisation's."""
    fc = G.nodes[facility].get("country") if facility else None
    c = pick_source_country(fc or None, G.nodes[organisation].get("country") or None, None)
    return str(c) if c else None
