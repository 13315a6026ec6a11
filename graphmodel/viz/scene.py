"""A view before it is drawn: nodes, edges, notes and the graph operations on them.

A :class:`Scene` is plain data with no dependency on the drawing library, so
filtering and collapsing are tested without a browser, and the renderer is the
only code that knows about vis-network.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from graphmodel.analysis.traverse import breadth_first
from graphmodel.viz.encoding import KIND_STYLES

__all__ = [
    "COLLAPSE_MODES",
    "Scene",
    "ViewEdge",
    "ViewNode",
    "collapse",
    "filter_kinds",
    "keep_flagged_paths",
    "keep_nodes",
]

#: Members named in an aggregate node's tooltip before "and N more".
_GROUP_TOOLTIP_MEMBERS = 15


@dataclass(frozen=True)
class ViewNode:
    """One drawn node; ``kind`` is a node kind or ``"group"`` for an aggregate."""

    id: str
    name: str
    kind: str
    level: int
    tooltip: str = ""
    #: Short extra label line (country, flags).
    badge: str = ""
    adversary: bool = False
    watch: bool = False
    spof: bool = False
    country: str | None = None
    #: Relative size (e.g. a production share), or None for the default size.
    value: float | None = None
    #: For aggregates: the kind of the members and their ids.
    member_kind: str | None = None
    members: tuple[str, ...] = ()
    #: The node's tier below the view's root, where the view is of a platform.
    tier: int | None = None

    @property
    def flagged(self) -> bool:
        return self.adversary or self.spof


@dataclass(frozen=True)
class ViewEdge:
    """One drawn edge, pointing upstream like the graph contract's edges."""

    source: str
    target: str
    type: str
    label: str = ""
    tooltip: str = ""
    dashed: bool = False
    #: Drawn in the adversary colour (part of an evidence path).
    emphasis: bool = False
    width: float = 1.0
    #: How many underlying edges this edge stands for (aggregates).
    count: int = 1


@dataclass
class Scene:
    """Everything a view page shows."""

    view: str
    root: str
    title: str
    subtitle: str
    nodes: dict[str, ViewNode]
    edges: list[ViewEdge]
    #: Lines explaining what the page shows (filters applied, collapsing).
    notes: list[str] = field(default_factory=list)
    #: Headline findings for the side panel: (heading, lines).
    findings: list[tuple[str, list[str]]] = field(default_factory=list)
    #: vis-network hierarchical direction: "UD" (top-down) or "LR".
    direction: str = "UD"
    collapsed: bool = False
    #: Nodes of the view before collapsing and filtering.
    total_nodes: int = 0
    #: How aggregate labels name a level ("at tier 2").
    level_names: dict[int, str] = field(default_factory=dict)

    def out_edges(self) -> dict[str, list[ViewEdge]]:
        out: dict[str, list[ViewEdge]] = defaultdict(list)
        for e in self.edges:
            out[e.source].append(e)
        return out


def keep_nodes(scene: Scene, keep: Iterable[str]) -> None:
    """Drop every node not in ``keep`` (the root always stays) and their edges."""
    wanted = set(keep) | {scene.root}
    scene.nodes = {k: v for k, v in scene.nodes.items() if k in wanted}
    scene.edges = [e for e in scene.edges if e.source in wanted and e.target in wanted]


def _reach(start: Iterable[str], succ: dict[str, set[str]]) -> set[str]:
    seen = set(start)
    stack = list(seen)
    while stack:
        for nxt in succ.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def keep_flagged_paths(scene: Scene) -> int:
    """Keep adversary-linked nodes and the nodes on paths joining them to the root.

    Edges may run either way between the root and a flagged node (a platform
    depends on its suppliers; owners own the organisation), so both directions
    count. Returns the number of adversary-linked nodes kept.
    """
    down: dict[str, set[str]] = defaultdict(set)
    up: dict[str, set[str]] = defaultdict(set)
    for e in scene.edges:
        down[e.source].add(e.target)
        up[e.target].add(e.source)
    flagged = {k for k, n in scene.nodes.items() if n.adversary}
    from_root, to_root = _reach([scene.root], down), _reach([scene.root], up)
    to_flagged, from_flagged = _reach(flagged, up), _reach(flagged, down)
    keep = flagged | (from_root & to_flagged) | (to_root & from_flagged)
    keep_nodes(scene, keep)
    return len(flagged)


def filter_kinds(scene: Scene, kinds: Iterable[str]) -> int:
    """Keep only nodes of ``kinds`` (and the root), bridging over hidden nodes.

    When ``a -> hidden -> ... -> b`` and only ``a`` and ``b`` stay, a dashed
    ``INDIRECT`` edge ``a -> b`` keeps the dependency visible. Returns the
    number of nodes hidden.
    """
    wanted = set(kinds)
    hidden = {k for k, n in scene.nodes.items() if n.kind not in wanted and k != scene.root}
    if not hidden:
        return 0
    out = scene.out_edges()
    bridges: dict[tuple[str, str], int] = {}

    def through_hidden(node: str) -> list[str]:
        return [e.target for e in out.get(node, []) if e.target in hidden]

    for source in sorted(set(scene.nodes) - hidden):
        # Walk through hidden nodes only; count the hidden hops of the shortest way.
        reached = breadth_first(
            (e.target for e in out.get(source, []) if e.target in hidden), through_hidden
        )
        for node, d in reached.items():
            hops = d + 1
            for e in out.get(node, []):
                if e.target not in hidden and e.target != source:
                    key = (source, e.target)
                    bridges[key] = min(bridges.get(key, hops), hops)
    kept_edges = [e for e in scene.edges if e.source not in hidden and e.target not in hidden]
    direct = {(e.source, e.target) for e in kept_edges}
    for (a, b), hops in sorted(bridges.items()):
        if (a, b) in direct:
            continue
        kept_edges.append(
            ViewEdge(
                a,
                b,
                "INDIRECT",
                label=f"via {hops}",
                dashed=True,
                tooltip=f"Depends through {hops} hidden node{'s' if hops > 1 else ''}",
            )
        )
    scene.nodes = {k: v for k, v in scene.nodes.items() if k not in hidden}
    scene.edges = kept_edges
    return len(hidden)


#: Ways to group collapsed nodes: by level and kind, or sources by their country.
COLLAPSE_MODES = ("tier", "country")


def _group_key(node: ViewNode, by: str) -> tuple[str, ...]:
    if by == "country" and node.kind in ("organisation", "facility"):
        return ("c", node.kind, node.country or "unknown")
    return (f"{node.level:03d}", node.kind)


def _describe(scene: Scene, key: tuple[str, ...]) -> str:
    if key[0] == "b":
        return key[1] if key[1] == key[2] else f"{key[1]} to {key[2]}"
    if key[0] == "c":
        return f"in {key[2]}"
    level = int(key[0])
    return scene.level_names.get(level, f"at level {level}")


def _first_level(nodes: list[ViewNode]) -> int:
    return min((n.level for n in nodes), default=0)


def collapse(scene: Scene, budget: int, by: str = "tier") -> int:
    """Replace nodes by aggregate nodes until the scene fits ``budget`` nodes.

    Every node belongs to a group: its level and kind (``by="tier"``) or, for
    organisations and facilities, its country (``by="country"``). The root
    stays, then adversary-linked and single-point-of-failure nodes stay as
    themselves while the budget allows; then whole groups are expanded, the
    levels nearest the root first and smaller groups first, as long as the
    total still fits. Each remaining group becomes one aggregate node; a
    group of one is drawn as its node. Returns the number of aggregate nodes.
    The budget is a hard cap (at least 2: the root and one group): when one
    aggregate per group would exceed it, groups are merged first across kinds
    (one per level, or per country), then across neighbouring levels, so that
    every node is still counted in exactly one aggregate and nothing is dropped.
    """
    if len(scene.nodes) <= budget:
        return 0
    budget = max(2, budget)
    members: dict[tuple[str, ...], list[ViewNode]] = defaultdict(list)
    for k, node in sorted(scene.nodes.items()):
        if k != scene.root:
            members[_group_key(node, by)].append(node)
    members = _coarsen(scene, members, budget - 1)
    key_of = {n.id: key for key, ns in members.items() for n in ns}
    expanded = {scene.root}
    flagged = sorted(
        (n for ns in members.values() for n in ns if n.flagged),
        key=lambda n: (not n.adversary, n.level, n.id),
    )
    remaining = {k: len(ns) for k, ns in members.items()}

    def total() -> int:
        return len(expanded) + sum(1 for n in remaining.values() if n)

    for node in flagged:
        key = key_of[node.id]
        # Taking the last member out of a group frees that group's aggregate.
        if total() + (0 if remaining[key] == 1 else 1) > budget:
            break
        remaining[key] -= 1
        expanded.add(node.id)
    for key, nodes in members.items():
        members[key] = [n for n in nodes if n.id not in expanded]
    for key in sorted(members, key=lambda k: (_first_level(members[k]), len(members[k]), k)):
        group = members[key]
        if group and total() + len(group) - 1 <= budget:
            expanded.update(n.id for n in group)
            group.clear()
            remaining[key] = 0
    rep: dict[str, str] = {k: k for k in expanded}
    new_nodes = {k: scene.nodes[k] for k in expanded}
    groups = 0
    for gkey, nodes in sorted(members.items()):
        if len(nodes) == 1:
            rep[nodes[0].id] = nodes[0].id
            new_nodes[nodes[0].id] = nodes[0]
        elif nodes:
            groups += 1
            gid = "group:" + "/".join(gkey)
            for n in nodes:
                rep[n.id] = gid
            new_nodes[gid] = _group_node(gid, nodes, _describe(scene, gkey))
    scene.nodes = dict(sorted(new_nodes.items()))
    scene.edges = _merge_edges(scene.edges, rep)
    scene.collapsed = groups > 0
    return groups


def _coarsen(
    scene: Scene, members: dict[tuple[str, ...], list[ViewNode]], most: int
) -> dict[tuple[str, ...], list[ViewNode]]:
    """Merge groups until there are at most ``most``: kinds first, then neighbouring levels."""
    if len(members) <= most:
        return members
    merged: dict[tuple[str, ...], list[ViewNode]] = defaultdict(list)
    for key, nodes in members.items():
        # ("c", kind, country) -> ("c", "all", country); (level, kind) -> (level, "all").
        merged[(key[0], "all", key[2]) if key[0] == "c" else (key[0], "all")] += nodes
    if len(merged) <= most:
        return merged
    # Still too many: consecutive levels (or countries, in order) share an aggregate.
    keys = sorted(merged)
    size = -(-len(keys) // most)  # ceiling division
    banded: dict[tuple[str, ...], list[ViewNode]] = defaultdict(list)
    for i in range(0, len(keys), size):
        chunk = keys[i : i + size]
        first, last = chunk[0], chunk[-1]
        band = ("b", _describe(scene, first), _describe(scene, last))
        for k in chunk:
            banded[band] += merged[k]
    return banded


def _group_node(gid: str, nodes: list[ViewNode], where: str) -> ViewNode:
    kinds = Counter(n.kind for n in nodes)
    kind = kinds.most_common(1)[0][0] if len(kinds) == 1 else "mixed"
    plural = KIND_STYLES[kind].plural if kind in KIND_STYLES else "nodes"
    adversary = sum(n.adversary for n in nodes)
    spof = sum(n.spof for n in nodes)
    flags = []
    if adversary:
        flags.append(f"⚠ {adversary} adversary-linked")
    if spof:
        flags.append(f"{spof} SPOF")
    names = sorted(nodes, key=lambda n: (not n.flagged, n.name, n.id))
    lines = [f"Collapsed group: {len(nodes)} {plural} {where}"]
    lines += [f"{adversary} adversary-linked" if adversary else "none adversary-linked"]
    if spof:
        lines.append(f"{spof} single points of failure")
    lines.append("Members:")
    for n in names[:_GROUP_TOOLTIP_MEMBERS]:
        mark = " ⚠" if n.adversary else ""
        mark += " (SPOF)" if n.spof else ""
        lines.append(f"  {n.name} ({n.id}){mark}")
    if len(names) > _GROUP_TOOLTIP_MEMBERS:
        lines.append(f"  … and {len(names) - _GROUP_TOOLTIP_MEMBERS} more")
    label = f"{len(nodes)} {plural}\n{where}"
    if kind == "mixed":
        # A merged group says what it holds, largest kinds first.
        parts = [
            f"{c} {KIND_STYLES[k].plural if k in KIND_STYLES else k}"
            for k, c in kinds.most_common(3)
        ]
        label += "\n" + ", ".join(parts) + (", …" if len(kinds) > 3 else "")
    return ViewNode(
        id=gid,
        name=label,
        kind="group",
        level=min(n.level for n in nodes),
        tooltip="\n".join(lines),
        badge=" · ".join(flags),
        adversary=adversary > 0,
        watch=any(n.watch for n in nodes),
        spof=spof > 0,
        member_kind=kind,
        members=tuple(sorted(n.id for n in nodes)),
    )


def _merge_edges(edges: list[ViewEdge], rep: dict[str, str]) -> list[ViewEdge]:
    merged: dict[tuple[str, str, str], list[ViewEdge]] = defaultdict(list)
    plain: list[ViewEdge] = []
    for e in edges:
        a, b = rep[e.source], rep[e.target]
        if a == b:
            continue
        if a == e.source and b == e.target:
            plain.append(e)
        else:
            merged[(a, b, e.type)].append(e)
    for (a, b, typ), group in sorted(merged.items()):
        n = sum(e.count for e in group)
        first = group[0]
        plain.append(
            replace(
                first,
                source=a,
                target=b,
                label=f"{n} {typ.lower().replace('_', ' ')}" if n > 1 else first.label,
                tooltip=f"{n} {typ} edges between the groups" if n > 1 else first.tooltip,
                emphasis=any(e.emphasis for e in group),
                dashed=all(e.dashed for e in group),
                width=min(6.0, 1.0 + n / 5) if n > 1 else first.width,
                count=n,
            )
        )
    return plain
