"""Adversary-free feasibility: can a platform be made with no adversary-linked node at all?

Every linked node (organisation, facility, and any country or item the caller
puts in the set) is removed and producibility is rechecked
(:mod:`graphmodel.analysis.producibility`). When that fails, the *blocking
items* are the closure items that are linked themselves or whose every
qualified source passes through a linked node. For each one the report gives
its tier, the bill-of-materials path to it, the linked sources, and the
candidate sources that would unblock it: its other sources (unqualified ones,
since every qualified one is linked) whose organisation, facility and country
are not linked, each marked with the allied groups of its country
(:data:`graphmodel.schema.ALLIED_GROUPS`); qualified substitutes are listed
too.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import networkx as nx

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.producibility import Closure, bom_closure, closure_producible
from graphmodel.nxgraph import source_country
from graphmodel.schema import ALLIED_GROUPS

__all__ = ["adversary_free", "adversary_free_closure", "blocking_items"]


def blocking_items(
    ix: SupplyIndex, cl: Closure, linked: Collection[int], *, data_gaps_unavailable: bool = False
) -> list[int]:
    """Closure items that are linked or have only linked qualified sources, in tier order."""
    ok = ix.available(linked, data_gaps_unavailable)
    qualified = ix.qualified
    # Not available with the linked nodes gone, and not for want of a qualified
    # source in the first place: linked itself, or every qualified source linked.
    return [u for u in cl.order if not ok[u] and (u in linked or qualified[u])]


def _groups(G: nx.MultiDiGraph, country: str | None) -> list[str]:
    if not country or country not in G:
        return []
    groups = G.nodes[country].get("groups") or []
    return [g for g in ALLIED_GROUPS if g in groups]


def _sources(
    G: nx.MultiDiGraph, item: str, linked_ids: Collection[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    linked_sources: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    for _, org, data in G.out_edges(item, data=True):
        if data.get("type") != "SOURCED_FROM":
            continue
        fac = data.get("facility")
        country = source_country(G, org, fac)
        hits = [x for x in (org, fac, country) if x is not None and x in linked_ids]
        entry = {
            "organisation": org,
            "facility": fac,
            "country": country,
            "qualified": bool(data.get("qualified", True)),
        }
        if hits:
            if entry["qualified"]:
                linked_sources.append(entry | {"linked": hits})
        else:
            groups = _groups(G, country)
            candidates.append(entry | {"allied_groups": groups, "allied": bool(groups)})
    key = lambda e: (e["organisation"], e["facility"] or "")  # noqa: E731
    return sorted(linked_sources, key=key), sorted(candidates, key=key)


def adversary_free_closure(
    G: nx.MultiDiGraph,
    ix: SupplyIndex,
    cl: Closure,
    linked: Collection[str],
    *,
    data_gaps_unavailable: bool = False,
    paths: Mapping[int, list[str]] | None = None,
    linked_ix: frozenset[int] | None = None,
    upstream: Collection[int] | None = None,
) -> dict[str, Any]:
    """:func:`adversary_free` on a prebuilt index and closure.

    ``paths`` (id paths of the closure), ``linked_ix`` (the linked indices)
    and ``upstream`` (the platform's organisations, facilities and countries)
    are reused when given, to save recomputing them per platform.
    """
    if linked_ix is None:
        linked_ix = frozenset(ix.indices(linked))
    linked_ids = linked if isinstance(linked, set | frozenset | dict) else set(linked)
    baseline = closure_producible(ix, cl, data_gaps_unavailable=data_gaps_unavailable)
    feasible = baseline and closure_producible(
        ix, cl, linked_ix, data_gaps_unavailable=data_gaps_unavailable
    )
    blocking = (
        []
        if feasible
        else blocking_items(ix, cl, linked_ix, data_gaps_unavailable=data_gaps_unavailable)
    )
    ids = ix.ids
    detail: dict[str, Any] = {}
    if paths is None and blocking:
        paths = cl.lazy_paths(ids)
    for u in blocking:
        item = ids[u]
        linked_sources, candidates = _sources(G, item, linked_ids)
        substitutes = sorted(
            v
            for _, v, d in G.out_edges(item, data=True)
            if d.get("type") == "SUBSTITUTED_BY" and d.get("qualified", True)
        )
        detail[item] = {
            "tier": cl.depth[u],
            "path": paths[u] if paths is not None else [],
            "item_linked": u in linked_ix,
            "linked_sources": linked_sources,
            "candidates": candidates,
            "allied_candidates": [c for c in candidates if c["allied"]],
            "substitutes": substitutes,
        }
    in_tree = {u for u in cl.order if u in linked_ix}
    if upstream is None:
        exposure = ix.exposure
        in_tree.update(x for u in cl.order for x in exposure[u] if x in linked_ix)
    else:
        in_tree.update(x for x in upstream if x in linked_ix)
    return {
        "feasible": feasible,
        "blocking_items": list(detail),
        "baseline_producible": baseline,
        "blocking": detail,
        "linked_in_tree": ix.names(in_tree),
    }


def adversary_free(
    G: nx.MultiDiGraph,
    platform: str,
    linked: Collection[str],
    *,
    data_gaps_unavailable: bool = False,
    index: SupplyIndex | None = None,
) -> dict[str, Any]:
    """Whether ``platform`` can be produced using no node of ``linked`` at all.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph.
    platform : str
        The platform's item id.
    linked : collection of str
        Adversary-linked node ids (the keys of
        :func:`graphmodel.analysis.adversary.adversary_links` with reasons).
    data_gaps_unavailable : bool
        Count items without any source as unavailable.
    index : SupplyIndex, optional
        A prebuilt index of ``G``.

    Returns
    -------
    dict
        ``{"feasible", "blocking_items", "baseline_producible", "blocking":
        {item: {"tier", "path", "item_linked", "linked_sources", "candidates",
        "allied_candidates", "substitutes"}}, "linked_in_tree"}``.
        ``feasible`` is false as well when the platform is not producible even
        with every node available (``baseline_producible`` false).

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "countries": [{"code": "CN", "concern": "adversary"},
    ...                   {"code": "CA", "groups": ["NATO", "NTIB"]}],
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "Ga", "name": "Gallium", "kind": "material"}],
    ...     "organisations": [{"id": "Red", "name": "Red Co", "country": "CN"},
    ...                       {"id": "Maple", "name": "Maple Co", "country": "CA"}],
    ...     "bom": [{"parent": "P", "child": "Ga"}],
    ...     "sources": [{"item": "Ga", "supplier": "Red"},
    ...                 {"item": "Ga", "supplier": "Maple", "qualified": False}]})
    >>> r = adversary_free(G, "P", {"Red"})
    >>> r["feasible"], r["blocking_items"], r["blocking"]["Ga"]["path"]
    (False, ['Ga'], ['P', 'Ga'])
    >>> [(c["organisation"], c["allied_groups"]) for c in r["blocking"]["Ga"]["candidates"]]
    [('Maple', ['NATO', 'NTIB'])]
    >>> adversary_free(G, "P", set())["feasible"]
    True
    """
    ix = index or SupplyIndex.from_graph(G)
    cl = bom_closure(ix, ix.item(platform))
    return adversary_free_closure(G, ix, cl, linked, data_gaps_unavailable=data_gaps_unavailable)
