"""A material's country concentration: which countries feed which items of which platforms."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import networkx as nx

from graphmodel.viz.evidence import (
    adversary_reasons,
    capped,
    country_of,
    display,
    is_adversary,
    kind_of,
    name_of,
    percent,
    require_node,
    watch_country,
)
from graphmodel.viz.scene import Scene, ViewEdge, ViewNode

__all__ = ["latest_production", "material_scene", "user_heights"]


def user_heights(G: nx.MultiDiGraph, material: str) -> dict[str, int]:
    """Every item that needs ``material`` (directly or not) with its longest NEEDS distance.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "items": [{"id": i, "name": i, "kind": k} for i, k in
    ...               [("P", "platform"), ("C", "component"), ("M", "material")]],
    ...     "bom": [{"parent": "P", "child": "C"}, {"parent": "C", "child": "M"},
    ...             {"parent": "P", "child": "M"}]})
    >>> user_heights(G, "M")
    {'M': 0, 'C': 1, 'P': 2}
    """
    height = {material: 0}
    # Bellman-Ford style relaxation: bounded by the number of items, safe on cycles.
    frontier = [material]
    for _ in range(G.number_of_nodes()):
        nxt = []
        for child in frontier:
            for parent, _, d in G.in_edges(child, data=True):
                if d["type"] == "NEEDS" and height.get(parent, -1) < height[child] + 1:
                    if height[child] + 1 > G.number_of_nodes():
                        continue
                    height[parent] = height[child] + 1
                    nxt.append(parent)
        if not nxt:
            break
        frontier = sorted(set(nxt))
    return dict(sorted(height.items(), key=lambda kv: (kv[1], kv[0])))


def latest_production(G: nx.MultiDiGraph, material: str) -> dict[str, dict[str, float]]:
    """World production shares of the latest year per stage: ``{stage: {country: share}}``.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"items": [{"id": "M", "name": "M", "kind": "material"}],
    ...     "production": [{"material": "M", "country": "CN", "share": 0.6, "year": 2023},
    ...                    {"material": "M", "country": "CN", "share": 0.7, "year": 2024},
    ...                    {"material": "M", "country": "AU", "share": 0.2, "year": 2024}]})
    >>> latest_production(G, "M")
    {'mine': {'AU': 0.2, 'CN': 0.7}}
    """
    rows: dict[str, list[tuple[int, str, float]]] = defaultdict(list)
    for _, country, d in G.out_edges(material, data=True):
        if d["type"] == "PRODUCED_IN":
            rows[str(d.get("stage") or "mine")].append(
                (int(d.get("year") or 0), country, float(d.get("share", 0.0)))
            )
    latest = {}
    for stage, entries in sorted(rows.items()):
        year = max(e[0] for e in entries)
        latest[stage] = {c: s for y, c, s in sorted(entries, key=lambda e: e[1]) if y == year}
    return latest


def material_scene(G: nx.MultiDiGraph, analysis: Mapping[str, Any], material: str) -> Scene:
    """Build the country-concentration scene of ``material``."""
    require_node(G, material, "material", ["material"])
    heights = user_heights(G, material)
    top = max(heights.values())
    production = latest_production(G, material)
    sources = [
        (v, d)
        for _, v, d in sorted(
            G.out_edges(material, data=True), key=lambda e: (e[1], str(e[2].get("facility")))
        )
        if d["type"] in ("SOURCED_FROM", "MADE_AT")
    ]
    suppliers = {v for v, _ in sources}
    for _fac in [v for v, d in sources if d["type"] == "MADE_AT"]:
        suppliers |= {op for _, op, d in G.out_edges(_fac, data=True) if d["type"] == "OPERATED_BY"}
    countries = {c for s in suppliers if (c := country_of(G, s)) and c in G}
    countries |= {c for shares in production.values() for c in shares}
    platforms = sorted(i for i in heights if kind_of(G, i) == "platform")

    nodes: dict[str, ViewNode] = {}
    for item, h in heights.items():
        lines = [f"{kind_of(G, item).capitalize()}: {display(G, item)}"]
        if item != material:
            lines.append(f"Needs {name_of(G, material)} {h} BOM level(s) down")
        for parent, _, d in sorted(G.in_edges(item, data=True), key=lambda e: e[0]):
            if d["type"] == "NEEDS" and parent in heights:
                lines.append(
                    f"Quantity: {float(d.get('quantity', 1.0)):g} per {display(G, parent)}"
                )
        adversary = is_adversary(G, analysis, item)
        if adversary:
            lines.append("ADVERSARY-LINKED:")
            lines += [f"  • {r}" for r in adversary_reasons(G, analysis, item)]
        nodes[item] = ViewNode(
            id=item,
            name=name_of(G, item),
            kind=kind_of(G, item),
            level=top - h,
            tooltip="\n".join(lines),
            adversary=adversary,
            badge="⚠ adversary" if adversary else "",
        )
    for s in sorted(suppliers):
        code = country_of(G, s)
        lines = [
            f"{kind_of(G, s).capitalize()}: {display(G, s)}",
            f"Country: {display(G, code) if code else 'unknown'}",
        ]
        for v, d in sources:
            if v == s and d["type"] == "SOURCED_FROM":
                share = percent(d.get("share")) if d.get("share") is not None else "unknown"
                q = "qualified" if d.get("qualified", True) else "not qualified"
                lines.append(f"Supplies {name_of(G, material)}: share {share}, {q}")
        adversary = is_adversary(G, analysis, s)
        if adversary:
            lines.append("ADVERSARY-LINKED:")
            lines += [f"  • {r}" for r in adversary_reasons(G, analysis, s)]
        badge = [code or "", "⚠ adversary" if adversary else ""]
        nodes[s] = ViewNode(
            id=s,
            name=name_of(G, s),
            kind=kind_of(G, s),
            level=top + 1,
            tooltip="\n".join(lines),
            adversary=adversary,
            watch=watch_country(G, s),
            country=code,
            badge=" · ".join(b for b in badge if b),
        )
    for c in sorted(countries):
        data = G.nodes[c]
        shares = {stage: by[c] for stage, by in production.items() if c in by}
        lines = [
            f"Country: {display(G, c)}",
            f"Groups: {', '.join(data.get('groups') or []) or 'none'}",
            f"Concern: {data.get('concern', 'none')}",
        ]
        lines += [f"World {stage} production share: {percent(v)}" for stage, v in shares.items()]
        here = sorted(s for s in suppliers if country_of(G, s) == c)
        if here:
            lines.append("Suppliers here: " + ", ".join(name_of(G, s) for s in here))
        adversary = is_adversary(G, analysis, c)
        if adversary:
            lines.append("ADVERSARY-LINKED:")
            lines += [f"  • {r}" for r in adversary_reasons(G, analysis, c)]
        top_share = max(shares.values(), default=None)
        badge = [
            f"{percent(top_share)}" if top_share is not None else "",
            "⚠ adversary" if adversary else "",
        ]
        nodes[c] = ViewNode(
            id=c,
            name=name_of(G, c),
            kind="country",
            level=top + 2,
            tooltip="\n".join(lines),
            adversary=adversary,
            watch=watch_country(G, c),
            country=c,
            value=top_share,
            badge=" · ".join(b for b in badge if b),
        )

    edges = []
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        if u not in nodes or v not in nodes:
            continue
        typ = d["type"]
        if typ == "NEEDS":
            edges.append(
                ViewEdge(u, v, typ, label=f"×{float(d.get('quantity', 1.0)):g}", width=2.0)
            )
        elif typ == "SOURCED_FROM" and u == material:
            share = percent(d.get("share")) if d.get("share") is not None else ""
            edges.append(
                ViewEdge(
                    u,
                    v,
                    typ,
                    label=share,
                    dashed=not d.get("qualified", True),
                    tooltip=f"{name_of(G, u)} sourced from {name_of(G, v)}",
                )
            )
        elif typ in ("MADE_AT", "OPERATED_BY", "LOCATED_IN", "REGISTERED_IN") and (
            u in suppliers or u == material
        ):
            edges.append(
                ViewEdge(u, v, typ, width=0.8, dashed=typ in ("LOCATED_IN", "REGISTERED_IN"))
            )
    for c in sorted(countries):
        shares = {stage: by[c] for stage, by in production.items() if c in by}
        if shares:
            text = ", ".join(f"{stage} {percent(v)}" for stage, v in shares.items())
            edges.append(
                ViewEdge(
                    material,
                    c,
                    "PRODUCED_IN",
                    label=text,
                    width=1.0 + 6 * max(shares.values()),
                    emphasis=nodes[c].adversary,
                    tooltip=f"World production share of {name_of(G, material)} "
                    f"in {name_of(G, c)}: {text}",
                )
            )

    findings = []
    for stage, by in production.items():
        ranked = sorted(by.items(), key=lambda kv: (-kv[1], kv[0]))
        hhi = sum((s * 100) ** 2 for s in by.values())
        adv = sum(s for c, s in by.items() if nodes[c].adversary)
        findings.append(
            (
                f"World {stage} production (latest year)",
                [
                    *capped([f"{display(G, c)}: {percent(s)}" for c, s in ranked], 8),
                    f"HHI {hhi:.0f}; adversary-linked countries {percent(adv)}",
                ],
            )
        )
    by_country: dict[str, list[str]] = defaultdict(list)
    for s in sorted(suppliers):
        by_country[country_of(G, s) or "unknown"].append(name_of(G, s))
    if by_country:
        findings.append(
            ("Supplier countries", [f"{c}: {', '.join(n)}" for c, n in sorted(by_country.items())])
        )
    findings.append(
        ("Platforms that need it", capped([display(G, p) for p in platforms]) or ["none"])
    )
    return Scene(
        view="material",
        root=material,
        title=f"Country concentration of {display(G, material)}",
        subtitle=f"{len(countries)} countries feed it; {len(heights) - 1} items of "
        f"{len(platforms)} platform(s) need it",
        nodes=nodes,
        edges=edges,
        findings=findings,
        total_nodes=len(nodes),
        level_names={
            **{top - h: f"{h} level(s) above" for h in range(top + 1)},
            top + 1: "supplying it",
            top + 2: "(countries)",
        },
    )
