"""An in-memory dependency index for tier, tree, path and where-used queries.

Tier queries must answer in milliseconds on a 100,000-node network, so the
API reads the dependency graph once (two named statements), keeps it as plain
adjacency lists, and caches each platform's tier listing until the graph
changes (an import, or a load through the CLI that calls
:func:`api.state.mark_graph_changed`).

Tiers follow :mod:`graphmodel.analysis.tiers`: the platform is tier 0 and so
are its own qualified sources (organisations and facilities); a direct
bill-of-materials child is tier 1, with its sources; and so on, taking the
minimum over paths. A country takes the lowest tier of the organisations
registered and facilities located in it. Only qualified sources count.
"""

from __future__ import annotations

import json
import threading
from bisect import bisect_right
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Final

import networkx as nx

from graphmodel.store.base import GraphStore

__all__ = [
    "LABEL_ORDER",
    "PAGE_CACHE_BYTES",
    "DependencyIndex",
    "NodeInfo",
    "PlatformTiers",
    "TierEntry",
]

#: Tier step per dependency relationship type (see the module docstring).
STEP: Final = {
    "NEEDS": 1,
    "SOURCED_FROM": 0,
    "MADE_AT": 0,
    "LOCATED_IN": 0,
    "REGISTERED_IN": 0,
}
LABEL_ORDER: Final = {"Item": 0, "Organisation": 1, "Facility": 2, "Country": 3}
#: Serialised tier pages kept per index, in bytes. Pages are re-requested with the same
#: few filter combinations; a page of 1,000 rows is about 150 kB.
PAGE_CACHE_BYTES: Final = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NodeInfo:
    id: str
    label: str
    name: str | None
    kind: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class TierEntry:
    """One upstream node of a platform with its tier."""

    node: NodeInfo
    tier: int


@dataclass
class PlatformTiers:
    """A platform's upstream nodes sorted by (tier, label, id), and lists per label."""

    platform: str
    tiers: dict[str, int]
    entries: list[TierEntry]
    by_label: dict[str, list[TierEntry]] = field(default_factory=dict)

    def select(
        self,
        *,
        max_tier: int | None = None,
        label: str | None = None,
        country: str | None = None,
        only: set[str] | None = None,
    ) -> list[TierEntry]:
        """Entries matching every filter given, still in (tier, label, id) order."""
        rows = self.by_label.get(label, []) if label else self.entries
        if max_tier is not None:
            # Sorted by tier, so the cut is a binary search, not a scan.
            rows = rows[: bisect_right(rows, max_tier, key=lambda e: e.tier)]
        if country is not None:
            rows = [e for e in rows if e.node.country == country or e.node.id == country]
        if only is not None:
            rows = [e for e in rows if e.node.id in only]
        return rows


_NODE_FIELDS: Final = ("id", "label", "name", "kind", "country")


def _lines(packed: str | None) -> list[str]:
    return packed.split("\n") if packed else []


def _nulls(values: list[str]) -> list[str | None]:
    return [v if v != "" else None for v in values]


class DependencyIndex:
    """Adjacency lists of the dependency relationships, with per-platform caches."""

    def __init__(
        self, nodes: Iterable[Mapping[str, Any]], edges: Iterable[Mapping[str, Any]]
    ) -> None:
        self.nodes: dict[str, NodeInfo] = {}
        for n in nodes:
            if n.get("id") is None:
                continue
            self.nodes[str(n["id"])] = NodeInfo(
                str(n["id"]), str(n["label"]), n.get("name"), n.get("kind"), n.get("country")
            )
        self.out: dict[str, list[tuple[str, str]]] = {}
        self.into: dict[str, list[tuple[str, str]]] = {}
        for e in edges:
            if e["type"] == "SOURCED_FROM" and e.get("qualified") is False:
                continue
            a, t, b = str(e["source"]), str(e["type"]), str(e["target"])
            self.out.setdefault(a, []).append((b, t))
            self.into.setdefault(b, []).append((a, t))
        for adj in (*self.out.values(), *self.into.values()):
            adj.sort()
        self._tiers: dict[str, PlatformTiers] = {}
        self._json: dict[str, str] = {}
        self._pages: dict[Hashable, bytes] = {}
        self._pages_version: Hashable = None
        self._pages_bytes = 0
        self._lock = threading.Lock()

    @classmethod
    def from_store(cls, store: GraphStore) -> DependencyIndex:
        """Read the index from the store with two named read statements.

        The FalkorDB forms pack all rows into one tab-separated string, because
        its client parses one large value about fifty times faster than as many rows.
        """
        nodes = store.query("api_graph_nodes")
        edges = store.query("api_graph_edges")
        if nodes and "packed" in nodes[0]:
            nodes = [
                dict(zip(_NODE_FIELDS, _nulls(line.split("\t")), strict=False))
                for line in _lines(nodes[0]["packed"])
            ]
        if edges and "packed" in edges[0]:
            edges = [
                {"source": a, "type": t, "target": b, "qualified": q != "0"}
                for a, t, b, q in (line.split("\t") for line in _lines(edges[0]["packed"]))
            ]
        return cls(nodes, edges)

    @property
    def platforms(self) -> list[NodeInfo]:
        """Items of kind ``platform``, by id."""
        return sorted(
            (n for n in self.nodes.values() if n.label == "Item" and n.kind == "platform"),
            key=lambda n: n.id,
        )

    def ref_json(self, node: NodeInfo) -> str:
        """The node's id, label, name, kind and country as JSON object members (cached).

        Tier pages are assembled from these fragments: encoding the same nodes
        again on every request was most of a tier query's cost.
        """
        frag = self._json.get(node.id)
        if frag is None:
            frag = json.dumps(
                {
                    "id": node.id,
                    "label": node.label,
                    "name": node.name,
                    "kind": node.kind,
                    "country": node.country,
                },
                separators=(",", ":"),
            )[1:-1]
            self._json[node.id] = frag
        return frag

    def cached_page(self, key: Hashable, version: Hashable) -> bytes | None:
        """A response body stored by :meth:`cache_page` under ``key`` for ``version``.

        ``version`` stands for anything else the body depends on (the analysis
        result that flags adversary-linked nodes); bodies of another version
        are never returned.
        """
        if version != self._pages_version:
            return None
        return self._pages.get(key)

    def cache_page(self, key: Hashable, version: Hashable, body: bytes) -> None:
        """Keep a serialised response body until the index is replaced, within
        :data:`PAGE_CACHE_BYTES` in all (the whole cache is dropped when full)."""
        with self._lock:
            if version != self._pages_version or self._pages_bytes + len(body) > PAGE_CACHE_BYTES:
                self._pages = {}
                self._pages_bytes = 0
                self._pages_version = version
            if key not in self._pages:
                self._pages[key] = body
                self._pages_bytes += len(body)

    def cached_tiers(self, platform: str) -> PlatformTiers | None:
        """The platform's tier listing if already computed, else None."""
        return self._tiers.get(platform)

    def tiers(self, platform: str) -> PlatformTiers:
        """The platform's tier listing, computed once per index (0-1 breadth-first search)."""
        cached = self._tiers.get(platform)
        if cached is not None:
            return cached
        dist: dict[str, int] = {platform: 0}
        queue: deque[str] = deque([platform])
        while queue:
            u = queue.popleft()
            du = dist[u]
            for v, t in self.out.get(u, ()):
                step = STEP[t]
                dv = du + step
                if dv < dist.get(v, 1 << 30):
                    dist[v] = dv
                    # Zero steps go to the front so nodes leave the queue in tier order.
                    if step:
                        queue.append(v)
                    else:
                        queue.appendleft(v)
        entries = [
            TierEntry(self.nodes[n], d)
            for n, d in dist.items()
            if n != platform and n in self.nodes
        ]
        entries.sort(key=lambda e: (e.tier, LABEL_ORDER.get(e.node.label, 9), e.node.id))
        by_label: dict[str, list[TierEntry]] = {}
        for e in entries:
            by_label.setdefault(e.node.label, []).append(e)
        result = PlatformTiers(platform, dist, entries, by_label)
        with self._lock:
            self._tiers[platform] = result
        return result

    def tree(
        self, platform: str, *, max_tier: int | None = None, max_nodes: int = 2_000
    ) -> tuple[dict[str, Any], int, bool]:
        """The dependency tree of a platform: ``(root, node_count, truncated)``.

        A node reached again is listed with ``repeated: true`` and no children,
        so the tree stays linear in the size of the network.
        """
        tiers = self.tiers(platform).tiers
        root = self._tree_node(platform, None, 0)
        expanded = {platform}
        count = 1
        truncated = False
        queue: deque[dict[str, Any]] = deque([root])
        while queue:
            parent = queue.popleft()
            for v, t in self.out.get(parent["id"], ()):
                tier = tiers.get(v, parent["tier"] + STEP[t])
                if max_tier is not None and tier > max_tier:
                    continue
                if count >= max_nodes:
                    truncated = True
                    break
                child = self._tree_node(v, t, tier)
                count += 1
                if v in expanded:
                    child["repeated"] = True
                else:
                    expanded.add(v)
                    queue.append(child)
                parent["children"].append(child)
        return root, count, truncated

    def _tree_node(self, node_id: str, via: str | None, tier: int) -> dict[str, Any]:
        info = self.nodes.get(node_id)
        return {
            "id": node_id,
            "label": info.label if info else "Unknown",
            "name": info.name if info else None,
            "kind": info.kind if info else None,
            "tier": tier,
            "via": via,
            "repeated": False,
            "children": [],
        }

    def paths(
        self, platform: str, target: str, *, limit: int = 10, max_length: int = 12
    ) -> list[list[str]]:
        """Up to ``limit`` shortest simple dependency paths from the platform to ``target``."""
        upstream = self.tiers(platform).tiers
        if target not in upstream:
            return []
        # Only nodes both below the platform and above the target can be on a path.
        above = self._reach(target, self.into)
        keep = {n for n in above if n in upstream}
        g = nx.DiGraph()
        for u in keep:
            for v, _t in self.out.get(u, ()):
                if v in keep:
                    g.add_edge(u, v)
        found: list[list[str]] = []
        for path in islice(nx.shortest_simple_paths(g, platform, target), limit):
            if len(path) - 1 > max_length:
                break
            found.append([str(p) for p in path])
        return found

    def edge_type(self, a: str, b: str) -> str | None:
        """The relationship type from ``a`` to ``b`` (the first one, if several)."""
        for v, t in self.out.get(a, ()):
            if v == b:
                return t
        return None

    def where_used(self, node_id: str) -> list[tuple[NodeInfo, int]]:
        """Every node that depends on ``node_id``, with its distance in hops, nearest first."""
        dist = self._distances(node_id, self.into)
        rows = [(self.nodes[n], d) for n, d in dist.items() if n != node_id and n in self.nodes]
        rows.sort(key=lambda r: (r[1], LABEL_ORDER.get(r[0].label, 9), r[0].id))
        return rows

    @staticmethod
    def _distances(start: str, adj: Mapping[str, list[tuple[str, str]]]) -> dict[str, int]:
        dist = {start: 0}
        queue = deque([start])
        while queue:
            u = queue.popleft()
            for v, _t in adj.get(u, ()):
                if v not in dist:
                    dist[v] = dist[u] + 1
                    queue.append(v)
        return dist

    def _reach(self, start: str, adj: Mapping[str, list[tuple[str, str]]]) -> set[str]:
        return set(self._distances(start, adj))
