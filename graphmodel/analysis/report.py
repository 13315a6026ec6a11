"""The analysis report: every analysis for every platform, as one JSON-ready dict.

Output contract (stable; extra keys may be added)::

    {"platforms": {"<platform id>": {
        "tiers": {"<item, organisation or facility id>": <tier>},
        "spof": {"order1": {"organisations": [...], "facilities": [...],
                            "countries": [...], "items": [...]},
                 "order2": [[id, id], ...]},
        "sole_source_items": [...], "data_gaps": [...],
        "adversary_free": {"feasible": bool, "blocking_items": [...]}}},
     "nodes": {"<organisation or facility id>": {
        "adversary_linked": bool, "reasons": [{"kind", "level", "percentage", "path", ...}]}}}

Extra keys per platform: ``name``, ``producible``, ``country_tiers``,
``paths`` (``detail``), ``spof.order1_evidence``, ``spof.order2_evidence``,
``spof.order2_truncated``, ``single_country_items`` (item -> country),
``unsourced_items`` (sources, none qualified), ``cyclic_items``,
``adversary_free.{baseline_producible, blocking, linked_in_tree}``,
``concentration`` (item -> figures). Top level: ``where_used`` (``detail``:
node -> {platform: tier}), ``summary``, ``policy``, ``options``,
``timings`` (seconds per phase) and ``duration_s``. See ``docs/analysis.md``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from graphmodel.analysis.concentration import country_facts, item_concentration
from graphmodel.analysis.feasibility import adversary_free_closure
from graphmodel.analysis.index import (
    CYCLIC,
    FACILITY,
    GAP,
    ITEM,
    ORGANISATION,
    SINGLE_COUNTRY,
    SOLE,
    UNSOURCED,
    SupplyIndex,
    pause_gc,
)
from graphmodel.analysis.policy import Policy, describe, load_policy
from graphmodel.analysis.producibility import Closure, bom_closure
from graphmodel.analysis.spof import (
    DEFAULT_MAX_PAIRS,
    compute_order1,
    compute_order2,
    order1_report,
    order2_report,
)
from graphmodel.analysis.tiers import platform_tiers
from graphmodel.errors import NotFoundError
from graphmodel.gcpause import paused_gc
from graphmodel.store.base import GraphStore

__all__ = ["analyze", "run_analysis"]

Links = Mapping[str, Sequence[Mapping[str, Any]]]


def _item_lists(ix: SupplyIndex, cl: Closure) -> dict[str, Any]:
    """Sole-source, single-country, data-gap, unsourced and cyclic items in one pass."""
    ids, flags, one = ix.ids, ix.flags, ix.single_country
    sole: list[str] = []
    single: dict[str, str] = {}
    gaps: list[str] = []
    unsourced: list[str] = []
    cyclic: list[str] = []
    for u in cl.order:
        f = flags[u]
        if not f:
            continue
        if f & SOLE:
            sole.append(ids[u])
        if f & SINGLE_COUNTRY:
            single[ids[u]] = ids[one[u]]
        if f & GAP:
            gaps.append(ids[u])
        elif f & UNSOURCED:
            unsourced.append(ids[u])
        if f & CYCLIC:
            cyclic.append(ids[u])
    return {
        "sole_source_items": sole,
        "single_country_items": single,
        "data_gaps": gaps,
        "unsourced_items": unsourced,
        "cyclic_items": cyclic,
    }


def _platform_indices(ix: SupplyIndex, platforms: Sequence[str] | None) -> list[int]:
    if platforms is None:
        return list(ix.platforms)
    out = []
    for p in platforms:
        i = ix.pos.get(p)
        if i is None or ix.kind[i] != ITEM:
            raise NotFoundError(f"No platform or item called {p!r} in the graph.")
        out.append(i)
    return out


def analyze(
    G: nx.MultiDiGraph,
    *,
    platforms: Sequence[str] | None = None,
    policy: Policy | None = None,
    data_gaps_unavailable: bool = False,
    links: Links | None = None,
    detail: bool = True,
    concentration: bool = True,
    max_pairs: int = DEFAULT_MAX_PAIRS,
    index: SupplyIndex | None = None,
) -> dict[str, Any]:
    """Run every analysis on ``G`` and return the report (module docstring).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph (:mod:`graphmodel.nxgraph` contract).
    platforms : sequence of str, optional
        Item ids to analyse; default every item of kind ``platform``.
    policy : Policy, optional
        Adversary-linkage policy; default the shipped one.
    data_gaps_unavailable : bool
        Count items without any source as unavailable (default: available).
    links : mapping, optional
        Precomputed :func:`graphmodel.analysis.adversary.adversary_links` output.
    detail : bool
        Include ``paths`` per platform and the top-level ``where_used``.
    concentration : bool
        Include per-item concentration figures.
    max_pairs : int
        Order-2 pairs kept per platform before ``order2_truncated`` is set.
    index : SupplyIndex, optional
        The supply index of ``G`` (a snapshot's); built from ``G`` when not given.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "countries": [{"code": "FR", "groups": ["NATO"]}, {"code": "CN"}],
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "M", "name": "M", "kind": "material"}],
    ...     "organisations": [{"id": "Prime", "name": "Prime", "country": "FR"},
    ...                       {"id": "Red", "name": "Red", "country": "CN"}],
    ...     "bom": [{"parent": "P", "child": "M"}],
    ...     "sources": [{"item": "P", "supplier": "Prime"}, {"item": "M", "supplier": "Red"}]})
    >>> r = analyze(G)
    >>> p = r["platforms"]["P"]
    >>> p["tiers"] == {"P": 0, "Prime": 0, "M": 1, "Red": 1}
    True
    >>> p["spof"]["order1"]["organisations"], p["sole_source_items"]
    (['Prime', 'Red'], ['P', 'M'])
    >>> p["adversary_free"]["feasible"], p["adversary_free"]["blocking_items"]
    (False, ['M'])
    >>> r["nodes"]["Red"]["adversary_linked"], r["nodes"]["Prime"]["adversary_linked"]
    (True, False)
    """
    with pause_gc():
        return _analyze(
            G,
            platforms=platforms,
            policy=policy,
            data_gaps_unavailable=data_gaps_unavailable,
            links=links,
            detail=detail,
            concentration=concentration,
            max_pairs=max_pairs,
            index=index,
        )


def _analyze(
    G: nx.MultiDiGraph,
    *,
    platforms: Sequence[str] | None,
    policy: Policy | None,
    data_gaps_unavailable: bool,
    links: Links | None,
    detail: bool,
    concentration: bool,
    max_pairs: int,
    index: SupplyIndex | None,
) -> dict[str, Any]:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    ix = index if index is not None else SupplyIndex.from_graph(G)
    timings["index_s"] = time.perf_counter() - started
    plats = _platform_indices(ix, platforms)
    if links is None:
        from graphmodel.analysis.adversary import adversary_links

        policy = policy or load_policy()
        links = adversary_links(G, policy)
    timings["adversary_s"] = time.perf_counter() - started - timings["index_s"]
    mark = time.perf_counter()
    linked = {n for n, reasons in links.items() if reasons}
    from graphmodel.analysis.adversary import OWNERSHIP_KINDS

    owned = {
        n for n, reasons in links.items() if any(r.get("kind") in OWNERSHIP_KINDS for r in reasons)
    }
    linked_ix = frozenset(ix.indices(linked))
    concern = set(policy.countries_of_concern) if policy else set()
    facts = country_facts(G) if concentration else {}
    conc_cache: dict[int, dict[str, Any]] = {}
    ids = ix.ids
    out_platforms: dict[str, Any] = {}
    where: dict[str, dict[str, int]] = {}
    for p in plats:
        cl = bom_closure(ix, p)
        pt = platform_tiers(ix, cl)
        o1 = compute_order1(ix, cl, data_gaps_unavailable=data_gaps_unavailable)
        o2 = compute_order2(ix, cl, o1, max_pairs=max_pairs)
        pid = ids[p]
        tiers, country_tiers = pt.ids_by_tier(ix)
        item_paths = cl.id_paths(ids) if detail else cl.lazy_paths(ids)
        entry: dict[str, Any] = {
            "name": G.nodes[pid].get("name", pid),
            "producible": o1.producible,
            "tiers": tiers,
            "country_tiers": country_tiers,
            "spof": order1_report(ix, cl, o1, item_paths) | order2_report(ix, cl, o2, item_paths),
            **_item_lists(ix, cl),
            "adversary_free": adversary_free_closure(
                G,
                ix,
                cl,
                linked,
                data_gaps_unavailable=data_gaps_unavailable,
                paths=item_paths,
                linked_ix=linked_ix,
                upstream=pt.upstream,
            ),
        }
        if detail:
            paths = {ids[i]: item_paths[i] for i in cl.order}
            paths.update((ids[s], item_paths[u]) for s, u in pt.via.items())
            entry["paths"] = paths
            for node, d in tiers.items():
                where.setdefault(node, {})[pid] = d
            for node, d in country_tiers.items():
                where.setdefault(node, {})[pid] = d
        if concentration:
            conc: dict[str, Any] = {}
            for u in cl.order:
                c = conc_cache.get(u)
                if c is None:
                    c = conc_cache[u] = item_concentration(
                        G,
                        ids[u],
                        countries_of_concern=concern,
                        facts=facts,
                        adversary_owned=owned,
                        adversary_linked=linked,
                    )
                conc[ids[u]] = c
            entry["concentration"] = conc
        out_platforms[pid] = entry
    timings["platforms_s"] = time.perf_counter() - mark
    mark = time.perf_counter()
    nodes: dict[str, Any] = {}
    for i, nid in enumerate(ids):
        if ix.kind[i] in (ORGANISATION, FACILITY) or nid in linked:
            reasons = list(links.get(nid, ()))
            nodes[nid] = {"adversary_linked": bool(reasons), "reasons": reasons}
    report: dict[str, Any] = {
        "platforms": out_platforms,
        "nodes": nodes,
        "summary": {
            "platforms": len(out_platforms),
            "producible": sum(1 for e in out_platforms.values() if e["producible"]),
            "adversary_free": sum(
                1 for e in out_platforms.values() if e["adversary_free"]["feasible"]
            ),
            "adversary_linked": len(linked),
            "nodes": G.number_of_nodes(),
        },
        "policy": describe(policy) if policy else None,
        "options": {
            "data_gaps_unavailable": data_gaps_unavailable,
            "max_pairs": max_pairs,
            "detail": detail,
            "concentration": concentration,
        },
    }
    if detail:
        report["where_used"] = where
    timings["nodes_s"] = time.perf_counter() - mark
    report["timings"] = {k: round(v, 3) for k, v in timings.items()}
    report["duration_s"] = round(time.perf_counter() - started, 3)
    return report


@paused_gc()
def run_analysis(
    store: GraphStore,
    *,
    platform: str | None = None,
    policy_path: str | Path | None = None,
    as_of: str | None = None,
    on_graph: Callable[[nx.MultiDiGraph], None] | None = None,
) -> dict[str, Any]:
    """Load the graph from ``store``, analyse it, write the results back, return the report.

    ``on_graph`` is called with the graph read from the store (the CLI names its
    findings from it instead of reading the graph a second time).

    ``as_of`` (``YYYY-MM-DD``, default today) analyses the graph as it stood on
    that date: only the ownership and designations valid then count.

    With ``platform`` only that platform's upstream subgraph is loaded and
    analysed. The previous run's results in the store are replaced (see
    :mod:`graphmodel.analysis.writeback`); the report gains a ``run`` key with
    the written counts and timings.
    """
    from graphmodel.analysis.writeback import node_labels, write_back
    from graphmodel.store.tables import graph_from_store

    started = time.perf_counter()
    policy = load_policy(policy_path)
    from graphmodel.analysis.asof import as_of_date

    day = as_of_date(as_of)
    # The write-back refuses to put these results on a graph a load replaced meanwhile.
    generation = store.generation()
    G = graph_from_store(store, platform, day)
    loaded = time.perf_counter()
    if on_graph is not None:
        on_graph(G)
    if platform is not None and platform not in G:
        raise NotFoundError(f"No platform or item called {platform!r} in the store.")
    report = analyze(G, platforms=[platform] if platform else None, policy=policy)
    analysed = time.perf_counter()
    duration = round(analysed - started, 3)
    written = write_back(
        store,
        report,
        labels=node_labels(G),
        policy=f"{policy.name} ({policy.source})",
        duration_s=duration,
        finished_at=datetime.now(UTC).isoformat(timespec="seconds"),
        generation=generation,
    )
    report["as_of"] = day
    report["run"] = {
        "load_s": round(loaded - started, 3),
        "analyze_s": round(analysed - loaded, 3),
        "write_s": round(time.perf_counter() - analysed, 3),
        "written": written,
        "policy": json.loads(json.dumps(describe(policy))),
    }
    return report
