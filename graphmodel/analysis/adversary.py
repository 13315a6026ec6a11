"""Policy-driven adversary linkage of organisations and facilities.

An organisation or facility is adversary-linked when any of these holds (every
reason is reported with its evidence path; see ``docs/adversary.md``):

- ``registration`` / ``location``: registered (organisation) or located
  (facility) in a country of concern;
- ``government``: a government organisation registered in a country of concern;
- ``designation``: designated on a counted list;
- ``ofac_50``: blocked under the OFAC 50 Percent Rule, ownership only;
- ``lookthrough``: effective ownership by root adversary owners at or above the
  influence threshold, with its level (control, significant, influence);
- ``control_edge``: held through a ``control`` ownership edge by an
  adversary-controlling owner;
- a facility also carries every reason of its operator (``via`` names the operator).

Root adversary owners, where look-through percentages start, are governments of
countries of concern, organisations registered there and designated
organisations; organisations linked only through ownership are never roots, so
nothing is counted twice.

Examples
--------
>>> from graphmodel.nxgraph import graph_from_tables
>>> G = graph_from_tables({
...     "organisations": [{"id": "GOV", "name": "State", "kind": "government",
...                        "country": "CN"},
...                       {"id": "A", "name": "Alpha", "country": "FR"},
...                       {"id": "B", "name": "Beta", "country": "FR"}],
...     "facilities": [{"id": "F", "name": "Plant", "operator": "B", "country": "FR"}],
...     "ownership": [{"owner": "GOV", "owned": "A", "percentage": 60},
...                   {"owner": "A", "owned": "B", "percentage": 50}],
... })
>>> links = adversary_links(G)
>>> sorted(linked_set(links))
['A', 'B', 'F', 'GOV']
>>> [(r["kind"], r.get("level"), r["percentage"]) for r in links["B"]]
[('lookthrough', 'significant', 30.0)]
>>> links["F"][0]["path"]
['F', 'B', 'A', 'GOV']
"""

from __future__ import annotations

import contextlib
import functools
import gc
import itertools
from collections import deque
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.ownership import (
    LookThrough,
    OfacResult,
    OwnershipEdge,
    holdings,
    look_through,
    ofac_blocked,
)
from graphmodel.analysis.policy import Policy, load_policy

__all__ = [
    "KINDS",
    "OWNERSHIP_KINDS",
    "REGIMES",
    "adversary_links",
    "concern_countries",
    "linked_set",
]

#: Reason kinds in the order they are listed for a node.
KINDS: Final = (
    "registration",
    "location",
    "government",
    "designation",
    "ofac_50",
    "lookthrough",
    "control_edge",
)

#: The ``regime`` each reason kind is reported under.
REGIMES: Final = {
    "registration": "country of concern",
    "location": "country of concern",
    "government": "country of concern",
    "designation": "designation",
    "ofac_50": "OFAC 50 Percent Rule",
    "lookthrough": "look-through",
    "control_edge": "control",
}

# Reasons whose path runs from a root down to the node (ownership evidence).
_DOWNWARD: Final = frozenset({"ofac_50", "lookthrough", "control_edge"})
#: Reasons that make a node adversary-owned or -controlled (not merely located or
#: registered in a country of concern): ownership and control chains, and being an
#: adversary government's own organisation.
OWNERSHIP_KINDS: Final = _DOWNWARD | {"government"}

Reason = dict[str, Any]


@dataclass
class _Scan:
    """What the analysis needs from the graph, gathered in one pass over the nodes."""

    adversary_countries: set[str] = field(default_factory=set)
    org_country: dict[str, str] = field(default_factory=dict)
    governments: set[str] = field(default_factory=set)
    designated: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    facility_country: dict[str, str] = field(default_factory=dict)
    operators: dict[str, list[str]] = field(default_factory=dict)
    edges: list[OwnershipEdge] = field(default_factory=list)
    #: Where each organisation or facility record came from, for the evidence.
    node_sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Where each ownership edge came from, for the evidence (``(owner, owned)``).
    edge_sources: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)


def _scan(G: nx.MultiDiGraph) -> _Scan:
    s = _Scan()
    # The plain adjacency dicts: the public views cost a wrapper per lookup, which
    # matters over a million nodes.
    succ = getattr(G, "_succ", G.succ)
    for n, d in G.nodes(data=True):
        label = d.get("label")
        if label == "Country":
            if d.get("concern") == "adversary":
                s.adversary_countries.add(n)
            continue
        if label not in ("Organisation", "Facility"):
            continue
        if d.get("designations"):
            s.designated[n] = d["designations"]
        if d.get("dataset"):
            s.node_sources[n] = _source_of(d)
        country = d.get("country")
        if label == "Organisation":
            if country:
                s.org_country[n] = str(country)
            if d.get("kind") == "government":
                s.governments.add(n)
            for v, keyed in succ[n].items():
                for e in keyed.values():
                    if e.get("type") == "OWNS":
                        pct = float(e.get("percentage") or 0.0)
                        s.edges.append((n, v, str(e.get("kind") or "equity"), pct))
                        src = _source_of(e)
                        if src:
                            s.edge_sources.setdefault((n, v), src)
        else:
            if country:
                s.facility_country[n] = str(country)
            ops = [v for v, keyed in succ[n].items() if "OPERATED_BY" in keyed]
            if ops:
                s.operators[n] = sorted(ops)
    return s


#: Row properties that say where a fact came from and when it held.
_SOURCE_KEYS: Final = (
    "dataset",
    "source_file",
    "record_id",
    "retrieved_on",
    "valid_from",
    "valid_to",
    "listed_on",
    "delisted_on",
    "authority",
    "program",
    "via_same_as",
)


def _source_of(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in _SOURCE_KEYS if data.get(k) not in (None, "")}


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    # The analysis allocates many small containers next to a graph of millions of
    # tracked objects; each full collection would rescan the whole graph (measured:
    # over a second per collection at 200,000 nodes) while it frees next to nothing,
    # since the analysis builds no reference cycles.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def _default_policy() -> Policy:
    return load_policy()


def _pct(value: float) -> float:
    return round(min(value, 100.0), 6)


def _reason(kind: str, detail: str, path: list[str], **extra: Any) -> Reason:
    return {"kind": kind, "path": path, "regime": REGIMES[kind], "detail": detail, **extra}


class _Analysis:
    """One run of the analysis: the scan, the policy and the reasons found so far."""

    def __init__(self, scan: _Scan, policy: Policy) -> None:
        self.scan = scan
        self.policy = policy
        self.concern = set(policy.countries_of_concern)
        if policy.include_adversary_concern:
            self.concern |= scan.adversary_countries
        self.reasons: dict[str, list[Reason]] = {}

    def add(self, node: str, reason: Reason) -> None:
        self.reasons.setdefault(node, []).append(reason)

    def node_source(self, node: str, fact: str) -> dict[str, Any]:
        """Where the record behind ``fact`` came from (empty beyond ``fact`` if unknown)."""
        return {"fact": fact, **self.scan.node_sources.get(node, {})}

    def path_sources(self, paths: list[list[str]]) -> list[dict[str, Any]]:
        """Where each ownership link along ``paths`` came from (each link once)."""
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()
        for path in paths:
            for owner, owned in itertools.pairwise(path):
                if (owner, owned) in seen:
                    continue
                seen.add((owner, owned))
                src = self.scan.edge_sources.get((owner, owned), {})
                out.append({"fact": f"{owner} owns {owned}", **src})
        return out

    def basis(self, country: str) -> str:
        if country in self.policy.countries_of_concern:
            return f"policy '{self.policy.name}'"
        return "country concern property 'adversary'"

    # -- countries and lists ---------------------------------------------------

    def countries(self) -> set[str]:
        """Registration, location and government reasons; returns the country roots."""
        roots: set[str] = set()
        for org, country in self.scan.org_country.items():
            if country not in self.concern:
                continue
            roots.add(org)
            basis = self.basis(country)
            self.add(
                org,
                _reason(
                    "registration",
                    f"{org} is registered in {country}, a country of concern.",
                    [org, country],
                    country=country,
                    basis=basis,
                    sources=[self.node_source(org, f"{org} registered in {country}")],
                ),
            )
            if org in self.scan.governments:
                self.add(
                    org,
                    _reason(
                        "government",
                        f"{org} is a government organisation of {country}, a country of concern.",
                        [org, country],
                        country=country,
                        basis=basis,
                    ),
                )
        for fac, country in self.scan.facility_country.items():
            if country in self.concern:
                self.add(
                    fac,
                    _reason(
                        "location",
                        f"{fac} is located in {country}, a country of concern.",
                        [fac, country],
                        country=country,
                        basis=self.basis(country),
                        sources=[self.node_source(fac, f"{fac} located in {country}")],
                    ),
                )
        return roots

    def designations(self) -> tuple[set[str], set[str]]:
        """Designation reasons; returns (designated nodes, OFAC seeds)."""
        counted, seeds = set(), set()
        lists, seed_lists = self.policy.designation_lists, self.policy.ofac_seed_lists
        for node, entries in self.scan.designated.items():
            for entry in entries:
                name = str(entry.get("list", ""))
                if name not in lists:
                    continue
                counted.add(node)
                if name in seed_lists:
                    seeds.add(node)
                extra = {k: entry[k] for k in ("listed_on",) if entry.get(k)}
                if entry.get("reason"):
                    extra["basis"] = entry["reason"]
                source = _source_of(entry)
                extra["sources"] = [{"fact": f"{node} listed on {name}", **source}]
                via = entry.get("via_same_as")
                note = f" (through the record {via}, reviewed as the same entity)" if via else ""
                self.add(
                    node,
                    _reason(
                        "designation",
                        f"{node} is designated on {name}{note}.",
                        [node, name],
                        list=name,
                        **extra,
                    ),
                )
        return counted, seeds

    # -- ownership regimes -----------------------------------------------------

    def ofac(self, seeds: set[str]) -> OfacResult:
        policy = self.policy
        result = ofac_blocked(
            holdings(self.scan.edges, policy.ofac_ownership_kinds), seeds, policy.ofac_threshold
        )
        for node in sorted(result.held):
            basis = result.rule_basis(node)
            if basis is None:
                continue
            chains = basis.chains(node)
            owners = sorted(basis.owners[node].items(), key=lambda kv: (-kv[1], kv[0]))
            parts = ", ".join(f"{o} {_pct(p):g}%" for o, p in owners)
            total = _pct(basis.held[node])
            self.add(
                node,
                _reason(
                    "ofac_50",
                    f"{node} is owned {total:g}% in the aggregate by blocked persons ({parts}), "
                    f"at or above {policy.ofac_threshold:g}%, so it is blocked.",
                    chains[0],
                    paths=chains,
                    sources=self.path_sources(chains),
                    percentage=total,
                    root=chains[0][0],
                    owners={o: _pct(p) for o, p in owners},
                ),
            )
        return result

    def lookthrough(self, roots: set[str]) -> LookThrough:
        policy = self.policy
        result = look_through(
            holdings(self.scan.edges, policy.lookthrough_kinds), roots, policy.cycle_path_budget
        )
        for node in sorted(result.effective):
            share = result.effective[node]
            level = policy.level(share)
            if level is None:
                continue
            strongest, path = result.evidence(node)
            if len(path) < 2:
                continue  # a root with no adversary owner
            approx = node in result.approximate
            note = " (upper bound: cycle too large to enumerate)" if approx else ""
            self.add(
                node,
                _reason(
                    "lookthrough",
                    f"{node} is {_pct(share):g}% owned by adversary owners through look-through "
                    f"chains{note}, at the {level} level; strongest chain from {path[0]} "
                    f"gives {_pct(strongest):g}%.",
                    path,
                    level=level,
                    percentage=_pct(share),
                    root=path[0],
                    path_percentage=_pct(strongest),
                    paths=[p for _, p in result.paths(node)] or [path],
                    sources=self.path_sources([path]),
                    approximate=approx,
                ),
            )
        return result

    def control_edges(self, roots: set[str], ofac: OfacResult, lt: LookThrough) -> None:
        """``control_edge`` reasons, closed over chains of control edges."""
        # The chain that makes each owner adversary-controlling (or merely linked,
        # when the policy says any adversary-linked owner will do).
        any_linked = self.policy.control_edge_from_any_linked
        chain: dict[str, list[str]] = {r: [r] for r in sorted(roots)}
        for n in sorted(ofac.blocked):
            chain.setdefault(n, ofac.chain(n))
        for n, share in sorted(lt.effective.items()):
            level = self.policy.level(share)
            if level == "control" or (any_linked and level):
                chain.setdefault(n, lt.evidence(n)[1])
        if any_linked:
            for n in sorted(self.reasons):
                chain.setdefault(n, [n])
        controls: dict[str, list[tuple[str, float]]] = {}
        for owner, owned, kind, pct in self.scan.edges:
            if kind == "control" and owner != owned:
                controls.setdefault(owner, []).append((owned, pct))
        queue = deque(sorted(o for o in chain if o in controls))
        found: list[tuple[str, str, float]] = []
        while queue:
            owner = queue.popleft()
            for owned, pct in controls[owner]:
                if owned in chain[owner]:
                    continue  # a control cycle back into the owner's own chain
                found.append((owner, owned, pct))
                if owned not in chain:
                    chain[owned] = [*chain[owner], owned]
                    if owned in controls:
                        queue.append(owned)
        for owner, owned, pct in sorted(found, key=lambda f: (f[1], f[0])):
            path = [*chain[owner], owned]
            self.add(
                owned,
                _reason(
                    "control_edge",
                    f"{owned} is controlled by {owner}, itself adversary-linked, through a "
                    "control edge (counts whatever its percentage).",
                    path,
                    percentage=_pct(pct),
                    owner=owner,
                    root=path[0],
                    sources=self.path_sources([path[-2:]]),
                ),
            )

    # -- facilities ------------------------------------------------------------

    def inherit(self) -> None:
        """Facilities carry every reason of their operator, path extended."""
        for fac, ops in self.scan.operators.items():
            for op in ops:
                for r in list(self.reasons.get(op, ())):
                    self.add(fac, _inherited(fac, op, r))

    def result(self) -> dict[str, list[Reason]]:
        order = {k: i for i, k in enumerate(KINDS)}
        out = {}
        for node in sorted(self.reasons):
            out[node] = sorted(
                self.reasons[node], key=lambda r: (bool(r.get("via")), order[r["kind"]])
            )
        return out


def _outward(fac: str, op: str, path: list[str], kind: str) -> list[str]:
    # Ownership evidence runs root -> operator; read it upward from the facility.
    rest = path[::-1] if kind in _DOWNWARD else path
    return [fac, *rest] if rest and rest[0] == op else [fac, op, *rest]


def _inherited(fac: str, op: str, reason: Reason) -> Reason:
    r = dict(reason)
    kind = r["kind"]
    r["path"] = _outward(fac, op, reason["path"], kind)
    if "paths" in reason:
        r["paths"] = [_outward(fac, op, p, kind) for p in reason["paths"]]
    r["via"] = op
    r["detail"] = f"{fac} is operated by {op}: {reason['detail']}"
    return r


def adversary_links(
    G: nx.MultiDiGraph, policy: Policy | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Every adversary-linked organisation or facility with all its reasons.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph (contract in :mod:`graphmodel.nxgraph`).
    policy : Policy or None
        The policy; None uses the shipped default (``graphmodel/data/policy.toml``).

    Returns
    -------
    dict[str, list[dict]]
        ``node id -> reasons`` (sorted by id); nodes that are not linked are absent.
        Each reason has ``kind``, ``path``, ``regime`` and ``detail``, plus
        ``level`` (look-through), ``percentage`` (ownership reasons), ``paths``
        (ownership reasons), ``list``, ``country``, ``root``, ``owner`` or ``via``
        as relevant; see ``docs/adversary.md``.

    Examples
    --------
    OFAC FAQ 401, example 2: X owns 50% of A and of B, each owning 25% of C.

    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "organisations": [{"id": i, "name": i, "country": "FR"} for i in "XABC"],
    ...     "designations": [{"entity": "X", "list": "US-OFAC-SDN"}],
    ...     "ownership": [{"owner": "X", "owned": "A", "percentage": 50},
    ...                   {"owner": "X", "owned": "B", "percentage": 50},
    ...                   {"owner": "A", "owned": "C", "percentage": 25},
    ...                   {"owner": "B", "owned": "C", "percentage": 25}]})
    >>> c = [r for r in adversary_links(G)["C"] if r["kind"] == "ofac_50"][0]
    >>> c["percentage"], c["paths"]
    (50.0, [['X', 'A', 'C'], ['X', 'B', 'C']])
    """
    with _gc_paused():
        run = _Analysis(_scan(G), policy or _default_policy())
        country_roots = run.countries()
        designated, seeds = run.designations()
        ofac = run.ofac(seeds)
        roots = country_roots | designated
        lt = run.lookthrough(roots)
        run.control_edges(roots, ofac, lt)
        run.inherit()
        return run.result()


def concern_countries(G: nx.MultiDiGraph, policy: Policy | None = None) -> set[str]:
    """The countries of concern under ``policy``, including ``concern`` = adversary ones.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"countries": [{"code": "ZZ", "name": "Z", "concern": "adversary"}]})
    >>> sorted(concern_countries(G))
    ['CN', 'IR', 'KP', 'RU', 'ZZ']
    """
    policy = policy or _default_policy()
    out = set(policy.countries_of_concern)
    if policy.include_adversary_concern:
        out |= {
            n
            for n, d in G.nodes(data=True)
            if d.get("label") == "Country" and d.get("concern") == "adversary"
        }
    return out


def linked_set(links: Mapping[str, list[dict[str, Any]]]) -> set[str]:
    """The ids that :func:`adversary_links` reported as linked.

    Examples
    --------
    >>> sorted(linked_set({"B": [{"kind": "designation"}], "A": [{"kind": "location"}]}))
    ['A', 'B']
    """
    return {n for n, reasons in links.items() if reasons}
