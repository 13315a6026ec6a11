"""The ownership network of one organisation: up to its ultimate owners, down to its
subsidiaries."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graphmodel.analysis.ownership import holdings, look_through_stakes, ownership_edges
from graphmodel.analysis.traverse import breadth_first
from graphmodel.viz.evidence import (
    adversary_reasons,
    capped,
    country_of,
    display,
    is_adversary,
    name_of,
    node_result,
    require_node,
    watch_country,
)
from graphmodel.viz.scene import Scene, ViewEdge, ViewNode

__all__ = ["equity_stakes", "owner_distances", "ownership_scene"]


def equity_stakes(G: nx.MultiDiGraph, organisation: str, owners: Iterable[str]) -> dict[str, float]:
    """Each owner's look-through equity stake in ``organisation`` (0..1): the analysis's
    exact :func:`graphmodel.analysis.ownership.look_through_stakes` over the equity
    holdings (voting and control rights are not economic ownership).

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "organisations": [{"id": i, "name": i} for i in "ABCX"],
    ...     "ownership": [{"owner": "X", "owned": "B", "percentage": 50},
    ...                   {"owner": "X", "owned": "C", "percentage": 50},
    ...                   {"owner": "B", "owned": "A", "percentage": 25},
    ...                   {"owner": "C", "owned": "A", "percentage": 25}]})
    >>> round(equity_stakes(G, "A", {"A", "B", "C", "X"})["X"], 3)
    0.25
    """
    return look_through_stakes(holdings(ownership_edges(G), {"equity"}), organisation, owners)


def owner_distances(
    G: nx.MultiDiGraph, organisation: str, *, direction: str = "up"
) -> dict[str, int]:
    """Every direct or indirect owner of ``organisation`` with its fewest OWNS hops;
    with ``direction="down"``, every direct or indirect subsidiary instead.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "organisations": [{"id": i, "name": i} for i in "ABC"],
    ...     "ownership": [{"owner": "B", "owned": "A", "percentage": 60},
    ...                   {"owner": "C", "owned": "B", "percentage": 100}]})
    >>> owner_distances(G, "A")
    {'A': 0, 'B': 1, 'C': 2}
    >>> owner_distances(G, "C", direction="down")
    {'C': 0, 'B': 1, 'A': 2}
    """
    up = direction == "up"

    def owners(org: str) -> list[str]:
        edges = G.in_edges(org, data=True) if up else G.out_edges(org, data=True)
        return [a if up else b for a, b, d in sorted(edges, key=lambda e: e[0] if up else e[1])
                if d["type"] == "OWNS"]  # fmt: skip

    return breadth_first([organisation], owners)


def _path_pairs(reasons: list[Mapping[str, Any]]) -> set[frozenset[str]]:
    pairs = set()
    for r in reasons:
        path = [str(p) for p in r.get("path") or []]
        pairs |= {frozenset((a, b)) for a, b in itertools.pairwise(path)}
    return pairs


def ownership_scene(G: nx.MultiDiGraph, analysis: Mapping[str, Any], organisation: str) -> Scene:
    """Build the ownership scene of ``organisation`` (owners drawn above what they own)."""
    require_node(G, organisation, "organisation", ["organisation"])
    dist = owner_distances(G, organisation)
    below = owner_distances(G, organisation, direction="down")
    top = max(dist.values())
    stakes = equity_stakes(G, organisation, set(dist))
    # The organisation's own look-through stake in each subsidiary.
    held = {
        sub: equity_stakes(G, sub, [organisation])[organisation]
        for sub in below
        if sub != organisation
    }
    drawn = set(dist) | set(below)
    reasons = [
        r
        for r in node_result(analysis, organisation).get("reasons") or []
        if isinstance(r, Mapping)
    ]
    evidence = _path_pairs(reasons)
    edges = []
    owners_in_view: dict[str, list[str]] = {}
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("kind", ""))):
        if d["type"] != "OWNS" or u not in drawn or v not in drawn:
            continue
        pct = float(d.get("percentage", 0.0))
        kind = d.get("kind", "equity")
        owners_in_view.setdefault(v, []).append(u)
        edges.append(
            ViewEdge(
                u,
                v,
                "OWNS",
                label=f"{pct:g}% {kind}",
                width=1.0 + pct / 25,
                emphasis=frozenset((u, v)) in evidence,
                dashed=kind != "equity",
                tooltip=f"{name_of(G, u)} owns {pct:g}% ({kind}) of {name_of(G, v)}",
            )
        )
    nodes: dict[str, ViewNode] = {}
    for org in sorted(drawn):
        data = G.nodes[org]
        ultimate = org in dist and org != organisation and org not in owners_in_view
        lines = [f"Organisation: {display(G, org)}", f"Kind: {data.get('kind', 'company')}"]
        code = country_of(G, org)
        lines.append(f"Country: {display(G, code) if code else 'unknown'}")
        if org in dist and org != organisation:
            lines.append(f"{dist[org]} ownership step(s) above {name_of(G, organisation)}")
            lines.append(
                f"Look-through equity stake in {name_of(G, organisation)}: {stakes[org] * 100:.1f}%"
            )
        elif org in below and org != organisation:
            lines.append(f"Subsidiary, {below[org]} ownership step(s) below")
            lines.append(
                f"{name_of(G, organisation)}'s look-through equity stake: {held[org] * 100:.1f}%"
            )
        if ultimate:
            lines.append("Ultimate owner (no recorded owner)")
        for des in data.get("designations") or []:
            since = f" since {des['listed_on']}" if des.get("listed_on") else ""
            lines.append(f"Listed on {des.get('list', '?')}{since}")
        adversary = is_adversary(G, analysis, org)
        if adversary:
            lines.append("ADVERSARY-LINKED:")
            lines += [f"  • {r}" for r in adversary_reasons(G, analysis, org)]
        badge = [code or ""]
        if data.get("designations"):
            badge.append("listed")
        if adversary:
            badge.append("⚠ adversary")
        if ultimate:
            badge.append("ultimate owner")
        nodes[org] = ViewNode(
            id=org,
            name=name_of(G, org),
            kind="organisation",
            level=top - dist[org] if org in dist else top + below[org],
            tooltip="\n".join(lines),
            badge=" · ".join(b for b in badge if b),
            adversary=adversary,
            watch=watch_country(G, org),
            country=code,
        )
    findings = []
    why = adversary_reasons(G, analysis, organisation)
    findings.append(
        (
            f"Why {name_of(G, organisation)} is adversary-linked"
            if why
            else f"{name_of(G, organisation)} is not adversary-linked",
            capped(why)
            if why
            else ["No ownership, sanctions or location reason in the analysis result."],
        )
    )
    ultimate_owners = sorted(o for o in dist if o != organisation and o not in owners_in_view)
    if ultimate_owners:
        findings.append(
            (
                "Ultimate owners (look-through equity)",
                capped([f"{display(G, o)}: {stakes[o] * 100:.1f}%" for o in ultimate_owners]),
            )
        )
    subsidiaries = sorted(o for o in below if o != organisation)
    if subsidiaries:
        findings.append(
            (
                "Subsidiaries (look-through equity held)",
                capped([f"{display(G, o)}: {held[o] * 100:.1f}%" for o in subsidiaries]),
            )
        )
    listed = sorted(o for o in drawn if G.nodes[o].get("designations"))
    if listed:
        findings.append(
            (
                "Listed organisations",
                capped(
                    [
                        f"{display(G, o)}: "
                        + ", ".join(str(d.get("list")) for d in G.nodes[o]["designations"])
                        for o in listed
                    ]
                ),
            )
        )
    return Scene(
        view="ownership",
        root=organisation,
        title=f"Ownership of {display(G, organisation)}",
        subtitle=f"{len(dist) - 1} owners over {top} level(s), {len(below) - 1} subsidiaries"
        + ("; red edges carry the evidence of the adversary link" if evidence else ""),
        nodes=nodes,
        edges=edges,
        findings=findings,
        total_nodes=len(nodes),
        level_names={top - d: (f"{d} step(s) up" if d else "") for d in range(top + 1)}
        | {top + d: f"{d} step(s) down" for d in range(1, max(below.values()) + 1)},
    )
