"""The dependency network of one platform, laid out by tier."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.tiers import tiers as analysis_tiers
from graphmodel.viz.evidence import (
    adversary_reasons,
    capped,
    country_of,
    display,
    is_adversary,
    kind_of,
    name_of,
    path_text,
    percent,
    platform_result,
    require_node,
    watch_country,
)
from graphmodel.viz.scene import Scene, ViewEdge, ViewNode

__all__ = ["dependency_tiers", "platform_scene"]


def dependency_tiers(
    G: nx.MultiDiGraph, platform: str, *, index: SupplyIndex | None = None
) -> dict[str, int]:
    """Tier of every node the platform depends on, countries included.

    The analysis's definition (:func:`graphmodel.analysis.tiers.tiers`), the
    one the API and the CLI answer with: only qualified sources count, and a
    country takes the lowest tier of the organisations and facilities exposing it.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "A", "name": "A", "kind": "assembly"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": "O", "name": "O", "country": "FR"},
    ...                       {"id": "U", "name": "U", "country": "CN"}],
    ...     "bom": [{"parent": "P", "child": "A"}, {"parent": "A", "child": "M"}],
    ...     "sources": [{"item": "M", "supplier": "O"},
    ...                 {"item": "M", "supplier": "U", "qualified": False}]})
    >>> dependency_tiers(G, "P")
    {'P': 0, 'A': 1, 'M': 2, 'O': 2, 'FR': 2}
    """
    t = analysis_tiers(G, platform, index=index)
    return {**t["tiers"], **t["country_tiers"]}


def _edges_of(G: nx.MultiDiGraph, nodes: set[str]) -> list[tuple[str, str, dict[str, Any]]]:
    wanted = {"NEEDS", "SOURCED_FROM", "MADE_AT", "OPERATED_BY", "LOCATED_IN", "REGISTERED_IN"}
    edges = [
        (u, v, d)
        for u in sorted(nodes)
        for _, v, d in G.out_edges(u, data=True)
        if v in nodes and d["type"] in wanted
    ]
    return sorted(edges, key=lambda e: (e[0], e[1], e[2]["type"], str(e[2].get("facility"))))


def _view_edge(G: nx.MultiDiGraph, u: str, v: str, d: Mapping[str, Any]) -> ViewEdge:
    typ = d["type"]
    if typ == "NEEDS":
        q = d.get("quantity", 1.0)
        return ViewEdge(
            u,
            v,
            typ,
            label=f"×{float(q):g}",
            width=2.0,
            tooltip=f"{name_of(G, u)} needs {float(q):g} × {name_of(G, v)}",
        )
    if typ == "SOURCED_FROM":
        qualified = bool(d.get("qualified", True))
        parts = [f"share {percent(d['share'])}"] if d.get("share") is not None else []
        if not qualified:
            parts.append("unqualified")
        via = f" at {display(G, d['facility'])}" if d.get("facility") else ""
        return ViewEdge(
            u,
            v,
            typ,
            label=", ".join(parts),
            dashed=not qualified,
            width=1.5,
            tooltip=f"{name_of(G, u)} sourced from {name_of(G, v)}{via}"
            + (f" ({', '.join(parts)})" if parts else ""),
        )
    return ViewEdge(
        u,
        v,
        typ,
        tooltip=f"{typ.replace('_', ' ').lower()}",
        width=0.8,
        dashed=typ in ("LOCATED_IN", "REGISTERED_IN"),
    )


def _source_lines(G: nx.MultiDiGraph, org: str, items: set[str]) -> list[str]:
    lines = []
    for item, _, d in sorted(G.in_edges(org, data=True), key=lambda e: e[0]):
        if d["type"] != "SOURCED_FROM" or item not in items:
            continue
        parts = [
            f"share {percent(d.get('share'))}" if d.get("share") is not None else "share unknown"
        ]
        parts.append("qualified" if d.get("qualified", True) else "not qualified")
        if d.get("recovery_days") is not None:
            parts.append(f"recovery {float(d['recovery_days']):g} days")
        if d.get("capacity") is not None:
            parts.append(f"capacity {float(d['capacity']):g}")
        if d.get("facility"):
            parts.append(f"at {display(G, d['facility'])}")
        lines.append(f"Supplies {display(G, item)}: {', '.join(parts)}")
    return lines


def _item_lines(G: nx.MultiDiGraph, item: str, items: set[str]) -> list[str]:
    lines = []
    for parent, _, d in sorted(G.in_edges(item, data=True), key=lambda e: e[0]):
        if d["type"] == "NEEDS" and parent in items:
            lines.append(f"Quantity: {float(d.get('quantity', 1.0)):g} per {display(G, parent)}")
    sources = [d for _, _, d in G.out_edges(item, data=True) if d["type"] == "SOURCED_FROM"]
    if sources:
        q = sum(1 for d in sources if d.get("qualified", True))
        lines.append(f"Sources: {q} qualified, {len(sources) - q} unqualified")
    for s in G.nodes[item].get("stockpiles") or []:
        days = s.get("days_of_supply")
        held = f" held by {display(G, str(s['holder']))}" if s.get("holder") else ""
        amount = (
            f"{float(days):g} days of supply"
            if days is not None
            else (f"quantity {s.get('quantity', '?')}")
        )
        lines.append(f"Stockpile{held}: {amount}")
    for _, sub, d in G.out_edges(item, data=True):
        if d["type"] == "SUBSTITUTED_BY":
            status = "qualified" if d.get("qualified", True) else "not qualified"
            lines.append(f"Substitute: {display(G, sub)} ({status})")
    return lines


def _designation_lines(G: nx.MultiDiGraph, node: str) -> list[str]:
    lines = []
    for des in G.nodes[node].get("designations") or []:
        since = f" since {des['listed_on']}" if des.get("listed_on") else ""
        why = f": {des['reason']}" if des.get("reason") else ""
        lines.append(f"Listed on {des.get('list', '?')}{since}{why}")
    return lines


def _country_line(G: nx.MultiDiGraph, node: str) -> list[str]:
    code = country_of(G, node)
    return [f"Country: {display(G, code)}"] if code else ["Country: unknown"]


def _gap_mentions(gap: Any, node: str) -> bool:
    if isinstance(gap, Mapping):
        return any(gap.get(k) == node for k in ("node", "item", "id", "entity", "organisation"))
    return bool(gap == node)


def _gap_text(G: nx.MultiDiGraph, gap: Any) -> str:
    if isinstance(gap, Mapping):
        return "; ".join(f"{k}: {v}" for k, v in gap.items())
    if isinstance(gap, str) and gap in G:
        return f"{display(G, gap)} has no recorded source"
    return str(gap)


def _free_lines(G: nx.MultiDiGraph, free: Mapping[str, Any]) -> list[str]:
    lines = []
    if "feasible" in free:
        lines.append(
            "Producible without adversary-linked nodes: " + ("yes" if free["feasible"] else "no")
        )
    blocking = free.get("blocking_items") or []
    if blocking:
        lines.append("Blocked at: " + ", ".join(display(G, str(i)) for i in blocking))
    linked = free.get("linked_in_tree")
    if isinstance(linked, list):
        lines.append(f"Adversary-linked nodes in the supply tree: {len(linked)}")
    return lines


def platform_scene(
    G: nx.MultiDiGraph,
    analysis: Mapping[str, Any],
    platform: str,
    *,
    index: SupplyIndex | None = None,
) -> Scene:
    """Build the unfiltered dependency scene of ``platform`` (tiers as the analysis's)."""
    require_node(G, platform, "platform", ["platform"])
    result = platform_result(analysis, platform)
    tiers = dependency_tiers(G, platform, index=index)
    items = {n for n in tiers if G.nodes[n].get("label") == "Item"}
    countries = {n for n in tiers if G.nodes[n].get("label") == "Country"}
    deepest = max(tiers.values())
    spof = result.get("spof") or {}
    order1 = spof.get("order1") or {}
    spof_nodes = {str(n) for group in order1.values() for n in (group or [])}
    # Every BOM item without a substitute is an order-1 SPOF (all-of); drawing them
    # all as flagged would drown the suppliers, facilities and countries that are.
    spof_items = spof_nodes & items
    spof_drawn = spof_nodes - items
    evidence = spof.get("order1_evidence") or {}
    pairs = [tuple(map(str, p)) for p in spof.get("order2") or []]
    sole = {str(i) for i in result.get("sole_source_items") or []}
    gaps = list(result.get("data_gaps") or [])

    nodes: dict[str, ViewNode] = {}
    for node in sorted(tiers):
        kind = kind_of(G, node)
        tier = tiers.get(node)
        if kind == "country":
            level = 2 * deepest + 2
        else:
            level = 2 * (tier or 0) + (0 if node in items else 1)
        lines = [f"{kind.capitalize()}: {display(G, node)}"]
        lines.append(f"Tier {tier}")
        if kind == "country":
            data = G.nodes[node]
            lines.append(f"Groups: {', '.join(data.get('groups') or []) or 'none'}")
            lines.append(f"Concern: {data.get('concern', 'none')}")
        elif node in items:
            lines += _item_lines(G, node, items)
            if node in sole:
                lines.append("Sole-source item: one qualified source")
        else:
            lines += _country_line(G, node)
            lines += _source_lines(G, node, items)
            lines += _designation_lines(G, node)
        is_spof = node in spof_drawn
        if node in spof_nodes:
            ev = evidence.get(node) or {}
            text = "SINGLE POINT OF FAILURE (order 1)" if is_spof else ("Order-1 critical item")
            if ev.get("reason"):
                text += f": {ev['reason']}"
            lines.append(text)
            if ev.get("path"):
                lines.append(f"  path: {path_text(G, ev['path'])}")
        for a, b in pairs:
            if node in (a, b):
                other = b if node == a else a
                lines.append(f"Order-2 cut set with {display(G, other)}: losing both stops it")
        adversary = is_adversary(G, analysis, node)
        if adversary:
            lines.append("ADVERSARY-LINKED:")
            lines += [f"  • {r}" for r in adversary_reasons(G, analysis, node)]
        lines += [f"Data gap: {_gap_text(G, g)}" for g in gaps if _gap_mentions(g, node)]
        badge = [country_of(G, node) or ""] if kind in ("organisation", "facility") else []
        if adversary:
            badge.append("⚠ adversary")
        if is_spof:
            badge.append("SPOF")
        nodes[node] = ViewNode(
            id=node,
            name=name_of(G, node),
            kind=kind,
            level=level,
            tooltip="\n".join(lines),
            badge=" · ".join(b for b in badge if b),
            adversary=adversary,
            watch=watch_country(G, node),
            spof=is_spof,
            country=node if kind == "country" else country_of(G, node),
            tier=tier,
        )
    edges = [_view_edge(G, u, v, d) for u, v, d in _edges_of(G, set(nodes))]

    findings = []
    if spof_nodes:
        findings.append(
            (
                "Single points of failure",
                capped(
                    [
                        display(G, n)
                        + (
                            f": {evidence[n]['reason']}"
                            if (evidence.get(n) or {}).get("reason")
                            else ""
                        )
                        for n in sorted(spof_drawn)
                    ]
                )
                + (
                    [
                        f"{len(spof_items)} items are needed with no qualified substitute "
                        "(all-of); see their tooltips"
                    ]
                    if spof_items
                    else []
                ),
            )
        )
    if pairs:
        findings.append(
            (
                "Order-2 cut sets",
                capped([f"{display(G, a)} + {display(G, b)}" for a, b in sorted(pairs)]),
            )
        )
    flagged = sorted(n for n, v in nodes.items() if v.adversary)
    if flagged:
        findings.append(
            (
                "Adversary-linked",
                capped(
                    [
                        display(G, n)
                        + (f": {r[0]}" if (r := adversary_reasons(G, analysis, n)) else "")
                        for n in flagged
                    ]
                ),
            )
        )
    if sole:
        findings.append(("Sole-source items", capped([display(G, i) for i in sorted(sole)])))
    if gaps:
        findings.append(("Data gaps", capped([_gap_text(G, g) for g in gaps])))
    free = result.get("adversary_free")
    if isinstance(free, Mapping) and _free_lines(G, free):
        findings.append(("Adversary-free supply", _free_lines(G, free)))
    notes = (
        []
        if result
        else [
            f"The analysis result has no entry for {platform}: tiers were computed here and no "
            "single points of failure are marked."
        ]
    )
    return Scene(
        view="platform",
        root=platform,
        title=f"Dependency network of {display(G, platform)}",
        subtitle=f"{len(items)} items over {deepest + 1} tiers, "
        f"{len(nodes) - len(items) - len(countries)} suppliers and facilities, "
        f"{len(countries)} countries",
        nodes=nodes,
        edges=edges,
        notes=notes,
        findings=findings,
        total_nodes=len(nodes),
        level_names=_level_names(deepest),
    )


def _level_names(deepest: int) -> dict[int, str]:
    names = {}
    for t in range(deepest + 1):
        names[2 * t] = f"at tier {t}"
        names[2 * t + 1] = f"supplying tier {t}"
    names[2 * deepest + 2] = "(countries)"
    return names
