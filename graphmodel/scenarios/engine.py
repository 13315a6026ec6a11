"""Run one what-if scenario over the NetworkX graph: what is lost, why, for how long
each platform survives against how long it takes to recover, and what would help.
"""

from __future__ import annotations

import math
from typing import Any

import networkx as nx

from graphmodel.analysis.index import KIND_NAMES, NO_NODE, SupplyIndex
from graphmodel.analysis.policy import Policy
from graphmodel.analysis.producibility import bom_closure
from graphmodel.scenarios.facts import Facts
from graphmodel.scenarios.mitigations import degraded_items, mitigations
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Outcome, Removal, evaluate, resolve
from graphmodel.scenarios.survive import Assumptions, Recovery, Timing, stock_to_cover, timing
from graphmodel.scenarios.validate import validate_scenario
from graphmodel.scenarios.volume import VolumeAnalysis

__all__ = ["days_or_none", "describe_recovery", "run_scenario"]


def days_or_none(x: float) -> float | None:
    """A day count for JSON: rounded, ``None`` for never (infinite).

    Examples
    --------
    >>> days_or_none(1 / 3), days_or_none(math.inf)
    (0.33, None)
    """
    return None if math.isinf(x) else round(x, 2)


def describe_recovery(ix: SupplyIndex, r: Recovery) -> dict[str, Any]:
    """A :class:`Recovery` as JSON-ready data with a sentence."""
    ids = ix.ids
    via = ids[r.via] if r.via != NO_NODE else None
    fac = ids[r.facility] if r.facility != NO_NODE else None
    at = f"{via} at {fac}" if fac else str(via)
    sentence = {
        "restore": f"a removed qualified source ({at}) comes back",
        "qualify": f"the candidate source {at} is qualified",
        "substitute": f"production switches to the substitute {via}",
        "inputs": f"its lost input {via} recovers",
        "none": "no known way to recover: no source states recovery_days, "
        "no candidate source and no producible substitute",
    }[r.kind]
    out: dict[str, Any] = {
        "kind": r.kind,
        "via": via,
        "facility": fac,
        "days": days_or_none(r.days),
    }
    if r.waits_for != NO_NODE:
        out["waits_for"] = ids[r.waits_for]
        sentence += f", and then waits for its lost input {ids[r.waits_for]}"
    out["explanation"] = sentence
    return out


def _root_reason(ix: SupplyIndex, facts: Facts, removal: Removal, i: int) -> dict[str, Any]:
    ids = ix.ids
    if i in removal.lost:
        return {
            "reason": f"{ids[i]} is {removal.why.get(i, 'removed')} by the scenario",
            "lost_sources": [],
        }
    lost_sources = []
    for s in facts.sources(i):
        if s.qualified:
            why = removal.why_source_lost(i, s.organisation, s.facility, s.country, ids)
            lost_sources.append(
                {
                    "organisation": ids[s.organisation],
                    "facility": ids[s.facility] if s.facility != NO_NODE else None,
                    "country": ids[s.country] if s.country != NO_NODE else None,
                    "recovery_days": s.recovery_days,
                    "why": why,
                }
            )
    if not lost_sources:
        return {
            "reason": f"{ids[i]} has no source (data gap counted unavailable)",
            "lost_sources": [],
        }
    n = len(lost_sources)
    return {
        "reason": f"all {n} qualified source{'s' if n != 1 else ''} of {ids[i]} "
        f"{'are' if n != 1 else 'is'} removed",
        "lost_sources": lost_sources,
    }


def _cause_chains(ix: SupplyIndex, out: Outcome, t: Timing) -> dict[int, list[int]]:
    # Each lost item's chain follows the lost input that runs out first (the one
    # bounding its time to survive) down to a root cause.
    chains: dict[int, list[int]] = {}
    children = ix.children
    for i in out.lost:
        if i in out.direct:
            chains[i] = [i]
        else:
            c = min(
                (c for c in children[i] if c in chains), key=lambda c: (t.survive[c], ix.ids[c])
            )
            chains[i] = [i, *chains[c]]
    return chains


def _recovery_path(t: Timing, p: int) -> list[int]:
    # Down the chain of lost inputs that recover last, to the option that binds.
    path = [p]
    r = t.recover[p]
    while r.kind == "inputs" or r.waits_for != NO_NODE:
        nxt = r.via if r.kind == "inputs" else r.waits_for
        path.append(nxt)
        r = t.recover[nxt]
    return path


def _platform(
    ix: SupplyIndex,
    facts: Facts,
    out: Outcome,
    t: Timing,
    chains: dict[int, list[int]],
    p: int,
    affected: dict[int, list[int]],
    item_limit: int | None,
) -> tuple[dict[str, Any], dict[int, float]]:
    ids = ix.ids
    cl = bom_closure(ix, p)
    lost_set = t.survive
    tiers: dict[int, list[dict[str, Any]]] = {}
    roots: list[str] = []
    listed = 0
    for u in cl.order:
        if u not in lost_set:
            continue
        affected.setdefault(u, []).append(p)
        if u in out.direct:
            roots.append(ids[u])
        listed += 1
        if item_limit is not None and listed > item_limit:
            continue
        tiers.setdefault(cl.depth[u], []).append(
            {
                "item": ids[u],
                "path": [ids[x] for x in cl.path(u)],
                "cause_chain": [ids[x] for x in chains[u]],
            }
        )
    tts, ttr = t.survive[p], t.recover[p].days
    at_risk = ttr > tts
    cover = stock_to_cover(ix, t, out.lost, out.direct, p) if at_risk else {}
    rpath = _recovery_path(t, p)
    entry = {
        "platform": ids[p],
        "name": facts.G.nodes[ids[p]].get("name"),
        "time_to_survive_days": days_or_none(tts),
        "time_to_recover_days": days_or_none(ttr),
        "at_risk": at_risk,
        "days_at_risk": days_or_none(ttr - tts) if at_risk else 0.0,
        "recovery_unbounded": math.isinf(ttr),
        "recovery": {"item": ids[rpath[-1]], **describe_recovery(ix, t.recover[rpath[-1]])},
        "recovery_path": [ids[x] for x in rpath],
        "root_causes": sorted(roots),
        "items_lost": listed,
        "lost_by_tier": [{"tier": d, "items": tiers[d]} for d in sorted(tiers)],
        "lost_by_tier_truncated": item_limit is not None and listed > item_limit,
        "stock_to_cover": [
            {"item": ids[r], "extra_days_of_supply": round(d, 2)}
            for r, d in sorted(cover.items(), key=lambda x: ids[x[0]])
        ],
    }
    return entry, cover


def _removed(ix: SupplyIndex, removal: Removal, spec: ScenarioSpec) -> dict[str, Any]:
    groups: dict[str, list[str]] = {}
    for x, why in removal.why.items():
        if why != "adversary-linked":
            groups.setdefault(KIND_NAMES[ix.kind[x]], []).append(ix.ids[x])
    return {
        "countries": sorted(groups.get("country", [])),
        "organisations": sorted(groups.get("organisation", [])),
        "facilities": sorted(groups.get("facility", [])),
        "items": sorted(groups.get("item", [])),
        "export_bans": [
            {"country": c.code, "items": sorted(c.items), "measure": c.measure}
            for c in spec.countries
            if c.items is not None
        ],
        "adversary_linked": list(removal.adversary_linked),
    }


def run_scenario(
    G: nx.MultiDiGraph,
    spec: ScenarioSpec,
    *,
    policy: Policy | None = None,
    index: SupplyIndex | None = None,
    degraded_limit: int = 100,
    item_limit: int | None = None,
    volume: VolumeAnalysis | bool = True,
) -> dict[str, Any]:
    """Run ``spec`` on ``G`` and return the JSON-ready result.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        The supply graph (:mod:`graphmodel.nxgraph` contract).
    spec : ScenarioSpec
        The scenario; validated first (``ValidationFailed``, status 422).
    policy : Policy, optional
        The adversary policy to use; given, it removes every adversary-linked
        node whatever ``spec.adversary_policy`` says.
    index : SupplyIndex, optional
        A prebuilt index of ``G``.
    degraded_limit : int
        Most degraded items listed.
    item_limit : int, optional
        Most lost items listed per platform (lowest tiers first) and in
        ``items_lost`` (root causes first); counts stay complete and
        ``*_truncated`` flags say when a list was cut. None lists every one
        (results on large networks can then run to megabytes).
    volume : VolumeAnalysis or bool
        Also run the volume (TTS/TTR linear programming) model: True builds it,
        a prebuilt :class:`~graphmodel.scenarios.volume.VolumeAnalysis` of ``G``
        is reused, False leaves the ``volume`` section out.

    Returns
    -------
    dict
        ``scenario`` (the spec), ``removed``, ``summary``, ``platforms_lost``,
        ``platforms`` (per lost platform: time to survive / recover, at risk,
        days at risk, lost items by tier with paths, root causes, stock to
        cover), ``items_lost`` (with reasons and times), ``mitigations``,
        ``degraded_items``, ``assumptions`` and ``volume`` (the volume model's
        result, ``docs/scenarios.md``). Days are ``None`` for never.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({
    ...     "countries": [{"code": "CN"}, {"code": "CA", "groups": ["NATO"]}],
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"},
    ...               {"id": "Ga", "name": "Gallium", "kind": "material"}],
    ...     "organisations": [{"id": "Red", "name": "Red", "country": "CN"},
    ...                       {"id": "Maple", "name": "Maple", "country": "CA"}],
    ...     "bom": [{"parent": "P", "child": "Ga"}],
    ...     "sources": [{"item": "Ga", "supplier": "Red", "recovery_days": 30},
    ...                 {"item": "Ga", "supplier": "Maple", "qualified": False,
    ...                  "recovery_days": 200}],
    ...     "stockpiles": [{"item": "Ga", "holder": "CA", "days_of_supply": 60}]})
    >>> r = run_scenario(G, ScenarioSpec(countries=[{"code": "CN", "items": ["Ga"]}],
    ...                                  open_ended=True))
    >>> r["platforms_lost"]
    ['P']
    >>> p = r["platforms"][0]
    >>> p["time_to_survive_days"], p["time_to_recover_days"], p["days_at_risk"]
    (60.0, 200.0, 140.0)
    >>> [o["kind"] for o in r["mitigations"][0]["options"]]
    ['qualify_candidate', 'stockpile']
    """
    validate_scenario(G, spec)
    ix = index or SupplyIndex.from_graph(G)
    facts = Facts(G, ix)
    removal = resolve(G, ix, spec, policy)
    out = evaluate(ix, removal, spec.data_gaps_unavailable)
    assume = Assumptions.of(spec)
    ok = out.ok

    def producible(i: int) -> bool:
        return bool(ok[i])

    t = timing(ix, facts, removal, out.lost, out.direct, producible, assume)
    chains = _cause_chains(ix, out, t)
    ids = ix.ids
    affected: dict[int, list[int]] = {}
    platforms: list[dict[str, Any]] = []
    cover: dict[int, dict[int, float]] = {}
    for p in ix.platforms:
        if p in t.survive:
            entry, cover[p] = _platform(ix, facts, out, t, chains, p, affected, item_limit)
            platforms.append(entry)
    items_lost = []
    listed_items = sorted(out.lost, key=lambda i: (i not in out.direct, ids[i]))
    if item_limit is not None:
        listed_items = listed_items[:item_limit]
    for i in listed_items:
        row: dict[str, Any] = {
            "item": ids[i],
            "kind": G.nodes[ids[i]].get("kind"),
            "root_cause": i in out.direct,
            "cause_chain": [ids[x] for x in chains[i]],
            "time_to_survive_days": days_or_none(t.survive[i]),
            "time_to_recover_days": days_or_none(t.recover[i].days),
            "stock_days": round(t.stock[i], 2),
            "recovery": describe_recovery(ix, t.recover[i]),
        }
        if i in out.direct:
            row.update(_root_reason(ix, facts, removal, i))
        else:
            row["reason"] = f"needs {ids[chains[i][1]]}, which is lost"
        items_lost.append(row)
    degraded, n_degraded = degraded_items(ix, facts, removal, ok, limit=degraded_limit)
    vol: dict[str, Any] | None = None
    if volume is not False:
        va = (
            volume
            if isinstance(volume, VolumeAnalysis)
            else VolumeAnalysis(G, ix, facts, data_gaps_unavailable=spec.data_gaps_unavailable)
        )
        vol = va.report(spec, removal, policy)
    at_risk = [p for p in platforms if p["at_risk"]]
    finite = [p["days_at_risk"] for p in at_risk if p["days_at_risk"] is not None]
    return {
        "scenario": spec.model_dump(mode="json"),
        "removed": _removed(ix, removal, spec),
        "summary": {
            "platforms": len(ix.platforms),
            "platforms_producible_before": sum(out.base_ok[p] for p in ix.platforms),
            "platforms_lost": len(platforms),
            "platforms_at_risk": len(at_risk),
            "platforms_unbounded": sum(p["recovery_unbounded"] for p in platforms),
            "items_lost": len(out.lost),
            "root_causes": len(out.direct),
            "max_days_at_risk": max(finite, default=0.0),
            "degraded_items": n_degraded,
            **_volume_summary(vol),
        },
        "platforms_lost": [p["platform"] for p in platforms],
        "platforms": platforms,
        "items_lost": items_lost,
        "items_lost_truncated": len(items_lost) < len(out.lost),
        "mitigations": mitigations(
            ix, facts, removal, t, out.direct, producible, assume, affected, cover
        ),
        "degraded_items": degraded,
        "assumptions": {
            "qualification_days": spec.qualification_days,
            "substitution_days": spec.substitution_days,
            "duration_days": spec.duration_days,
            "open_ended": spec.open_ended,
            "data_gaps_unavailable": spec.data_gaps_unavailable,
        },
        **({"volume": vol} if vol is not None else {}),
    }


def _volume_summary(vol: dict[str, Any] | None) -> dict[str, Any]:
    """The headline figures of the volume result for ``summary``."""
    if vol is None:
        return {}
    if not vol["computed"]:
        return {"volume_computed": False, "volume_reason": vol["reason"]}
    net = vol["network"]
    items = vol["items"]
    return {
        "volume_computed": True,
        "network_time_to_survive_days": net["time_to_survive_days"],
        "baseline_time_to_survive_days": net["baseline_time_to_survive_days"],
        "unaffected": net["unaffected"],
        "time_to_recover_days": net["time_to_recover_days"],
        "lost_volume": net["lost_volume"],
        "weighted_lost_volume": net["weighted_lost_volume"],
        "platforms_at_risk_volume": sum(p["at_risk"] for p in vol["platforms"]),
        "items_volume_lost": sum(i["status"] == "lost" for i in items),
        "items_volume_degraded": sum(i["status"] == "degraded" for i in items),
    }
