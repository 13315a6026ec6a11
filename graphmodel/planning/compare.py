"""Plans compared side by side against a scenario or the whole stress test
(``docs/planning.md``), and the cheapest plan per platform at risk.

A plan is evaluated by the volume model on the graph with its levers
(:func:`graphmodel.planning.apply.apply_plan`) against the same scenario on the
graph without them:

- **against a scenario**: per platform, time to survive, time to recover, at risk and
  lost volume, before and after; *protected* platforms were at risk and no longer
  are; *volume restored* is the fall in weighted lost volume;
- **against the stress test** (every single-node disruption,
  :func:`graphmodel.scenarios.volume_stress.volume_stress`): the weighted lost volume
  summed over every scenario, the scenarios with impact, the worst time to recover,
  and the platforms losing volume in some scenario (protected: in none after);
- in both: the plan's cost and lead time (its slowest lever), and the
  **adversary-linked dependencies** it removes: per platform, the blocking items of
  adversary-free feasibility (:mod:`graphmodel.analysis.feasibility`) with their
  linked sources, before and after the plan (levers in place). ``added`` lists any
  the plan brings in; a plan of allied capacity only never adds one (tested).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import networkx as nx

from graphmodel.analysis.adversary import adversary_links, linked_set
from graphmodel.analysis.feasibility import adversary_free_closure
from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.policy import Policy
from graphmodel.analysis.producibility import bom_closure
from graphmodel.errors import ValidationFailed
from graphmodel.planning.apply import apply_plan, check_plan, reach_graph
from graphmodel.planning.model import (
    LicenceLever,
    PlanSpec,
    StockpileLever,
    SubstituteLever,
    lever_cost,
    lever_lead_days,
)
from graphmodel.scenarios.model import DEFAULT_QUALIFICATION_DAYS, ScenarioSpec
from graphmodel.scenarios.removal import resolve
from graphmodel.scenarios.validate import scenario_problems
from graphmodel.scenarios.volume import VolumeAnalysis, num
from graphmodel.scenarios.volume_stress import volume_stress

__all__ = [
    "adversary_dependencies",
    "compare_plans",
    "evaluate_plan",
    "plan_cost",
    "recommend",
    "without_licences",
]

_ALL = 10**9


def plan_cost(plan: PlanSpec) -> dict[str, Any]:
    """The plan's cost (None when a lever's is unknown), the levers without one, and its
    lead time (the slowest lever's days)."""
    costs = [lever_cost(plan, lv) for lv in plan.levers]
    unknown = [f"levers[{k}] ({lv.kind})" for k, lv in enumerate(plan.levers) if costs[k] is None]
    known = sum(c for c in costs if c is not None)
    # Money to the cent, not to 6 significant digits.
    return {
        "cost": round(known, 2) if not unknown else None,
        "cost_known_part": round(known, 2),
        "levers_without_cost": unknown,
        "lead_days": num(max((lever_lead_days(lv) for lv in plan.levers), default=0.0)),
    }


def adversary_dependencies(
    G: nx.MultiDiGraph, policy: Policy | None = None, substitutes: Sequence[str] = ()
) -> dict[str, list[dict[str, Any]]]:
    """Per platform, its adversary-linked dependencies: the blocking items of
    adversary-free feasibility with their linked sources (names beside ids).

    ``substitutes``: items with a qualified substitute from the plan; such an item is
    no dependency when its substitute is adversary-free feasible itself.
    """
    ix = SupplyIndex.from_graph(G)
    linked = linked_set(adversary_links(G, policy))
    linked_ix = frozenset(ix.indices(linked))
    out: dict[str, list[dict[str, Any]]] = {}
    sub_ok: dict[str, bool] = {}
    for item in substitutes:
        for _, s, d in G.out_edges(item, data=True):
            if d.get("type") == "SUBSTITUTED_BY" and d.get("qualified", True):
                r = adversary_free_closure(
                    G, ix, bom_closure(ix, ix.item(s)), linked, linked_ix=linked_ix
                )
                sub_ok[item] = sub_ok.get(item, False) or bool(r["feasible"])
    for p in sorted(ix.ids[k] for k in ix.platforms):
        if not G.nodes[p].get("demand_per_day"):
            continue
        r = adversary_free_closure(G, ix, bom_closure(ix, ix.item(p)), linked, linked_ix=linked_ix)
        deps = []
        for item in r["blocking_items"]:
            if sub_ok.get(item):
                continue
            b = r["blocking"][item]
            deps.append(
                {
                    "item": item,
                    "name": G.nodes[item].get("name"),
                    "linked_sources": [
                        {
                            "organisation": s["organisation"],
                            "name": G.nodes[s["organisation"]].get("name"),
                            "facility": s["facility"],
                            "linked": s["linked"],
                        }
                        for s in b["linked_sources"]
                    ],
                    "item_linked": b["item_linked"],
                }
            )
        out[p] = deps
    return out


def _deps_change(G: nx.MultiDiGraph, plan: PlanSpec, policy: Policy | None) -> dict[str, Any]:
    subs = [lv.item for lv in plan.levers if isinstance(lv, SubstituteLever)]
    before = adversary_dependencies(G, policy)
    after = adversary_dependencies(reach_graph(G, plan), policy, subs)
    removed, added = [], []
    for p in sorted(set(before) | set(after)):
        b = {d["item"]: d for d in before.get(p, [])}
        a = {d["item"]: d for d in after.get(p, [])}
        removed += [{"platform": p, **b[i]} for i in sorted(set(b) - set(a))]
        added += [{"platform": p, **a[i]} for i in sorted(set(a) - set(b))]
    return {
        "before": sum(len(v) for v in before.values()),
        "after": sum(len(v) for v in after.values()),
        "removed": removed,
        "added": added,
    }


def without_licences(G: nx.MultiDiGraph, plans: Sequence[PlanSpec]) -> nx.MultiDiGraph:
    """``G`` with every candidate source a plan's licence names left unpursued (its
    ``recovery_days`` infinite), so "before" means "without the licence": the volume
    model otherwise counts every candidate as qualified after its own recovery_days."""
    named = [lv for p in plans for lv in p.levers if isinstance(lv, LicenceLever)]
    if not named:
        return G
    H = G.copy()
    for lv in named:
        key = f"SOURCED_FROM:{lv.facility or ''}"
        if lv.organisation in H and H.has_edge(lv.item, lv.organisation, key=key):
            data = H.edges[lv.item, lv.organisation, key]
            if not data.get("qualified", True):
                data["recovery_days"] = math.inf
    return H


def _scenario_side(
    G: nx.MultiDiGraph, spec: ScenarioSpec, policy: Policy | None, va: VolumeAnalysis | None = None
) -> dict[str, Any]:
    va = va or VolumeAnalysis(G, data_gaps_unavailable=spec.data_gaps_unavailable)
    removal = resolve(G, va.ix, spec)
    return va.report(spec, removal, policy, mitigation_limit=5)


def _platform_rows(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    a = {p["platform"]: p for p in after.get("platforms", [])}
    rows = []
    for p in before.get("platforms", []):
        q = a.get(p["platform"], p)
        rows.append(
            {
                "platform": p["platform"],
                "name": p["name"],
                "at_risk_before": p["at_risk"],
                "at_risk_after": q["at_risk"],
                "protected": bool(p["at_risk"] and not q["at_risk"]),
                "time_to_survive_days": [p["time_to_survive_days"], q["time_to_survive_days"]],
                "time_to_recover_days": [p["time_to_recover_days"], q["time_to_recover_days"]],
                "lost_volume": [p["lost_volume"], q["lost_volume"]],
                "weighted_lost_volume": [p["weighted_lost_volume"], q["weighted_lost_volume"]],
                "bottleneck_items_before": p["bottleneck_items"],
            }
        )
    return rows


def _evidence(
    G: nx.MultiDiGraph, plan: PlanSpec, before: dict[str, Any], platform: str | None = None
) -> list[dict[str, Any]]:
    """Which binding constraints of the scenario (bottlenecks of its survive and recover
    programs) each lever relieves, with names beside ids."""
    if not before.get("computed"):
        return []
    binding: dict[str, dict[str, Any]] = {}
    for prog in ("recover", "survive"):
        for row in before["bottlenecks"][prog]["sites"]:
            binding.setdefault(row["item"], {"program": prog, **row})
    own: set[str] = set()
    for p in before["platforms"]:
        if platform is None or p["platform"] == platform:
            own.update(p["bottleneck_items"])
    short = {r["item"]: r for r in before.get("items", [])}
    out = []
    for k, lv in enumerate(plan.levers):
        item = getattr(lv, "item", None)
        if item is None:
            continue
        why = []
        if item in binding:
            b = binding[item]
            why.append(
                f"the {'/'.join(b['binding'])} of {b['site']} binds in the "
                f"{'lost-volume' if b['program'] == 'recover' else 'time-to-survive'} program "
                f"(gain {b['gain_per_percent']} per 1% more)"
            )
        if item in own:
            why.append("it is a bottleneck item of the platform's own time to survive")
        if item in short:
            s = short[item]
            why.append(
                f"{item} is {s['status']}: {s['available']} of {s['required']} units "
                "required over the horizon available"
            )
        out.append(
            {
                "lever": k,
                "kind": lv.kind,
                "item": item,
                "name": G.nodes[item].get("name") if item in G else None,
                "relieves": why,
            }
        )
    return out


def evaluate_plan(
    G: nx.MultiDiGraph,
    plan: PlanSpec,
    scenario: ScenarioSpec | None = None,
    *,
    in_place: bool = False,
    policy: Policy | None = None,
    workers: int | None = 1,
    cluster: str | None = None,
    baseline: dict[str, Any] | None = None,
    base_graph: nx.MultiDiGraph | None = None,
    dependencies: bool = True,
) -> dict[str, Any]:
    """One plan against ``scenario`` (the whole stress test when None); module docstring.

    ``baseline`` is the result of the same evaluation with no plan on ``base_graph``
    (:func:`without_licences` of ``G`` and the plans compared), reused when comparing
    several plans.
    """
    check_plan(G, plan)
    G = without_licences(G, [plan]) if base_graph is None else base_graph
    H = apply_plan(G, plan, in_place=in_place)
    out: dict[str, Any] = {"plan": plan.name, "description": plan.description, **plan_cost(plan)}
    out["levers"] = [lv.model_dump(mode="json") for lv in plan.levers]
    refs = {
        getattr(lv, f)
        for lv in plan.levers
        for f in ("item", "organisation", "facility", "substitute", "country", "holder")
        if getattr(lv, f, None)
    }
    # Names beside ids, for the brief and readers of the result.
    out["names"] = {x: (H.nodes[x].get("name") if x in H else None) for x in sorted(refs)}
    if scenario is not None:
        problems = scenario_problems(G, scenario)
        if problems:
            raise ValidationFailed(problems, what="scenario")
        before = baseline or _scenario_side(G, scenario, policy)
        after = _scenario_side(H, scenario, policy)
        if not before.get("computed"):
            out.update({"computed": False, "reason": before.get("reason")})
            return out
        rows = _platform_rows(before, after)
        wb = before["network"]["weighted_lost_volume"] or 0.0
        wa = after["network"]["weighted_lost_volume"] or 0.0
        out.update(
            {
                "computed": True,
                "against": {"scenario": scenario.name},
                "platforms": rows,
                "platforms_protected": [r["platform"] for r in rows if r["protected"]],
                "platforms_at_risk_after": [r["platform"] for r in rows if r["at_risk_after"]],
                "volume_restored": num(max(0.0, wb - wa)),
                "weighted_lost_volume": [num(wb), num(wa)],
                "time_to_survive_days": [
                    before["network"]["time_to_survive_days"],
                    after["network"]["time_to_survive_days"],
                ],
                "time_to_recover_days": [
                    before["network"]["time_to_recover_days"],
                    after["network"]["time_to_recover_days"],
                ],
                "evidence": _evidence(G, plan, before),
            }
        )
    else:
        before = baseline or _stress_side(G, workers, cluster)
        after = _stress_side(H, workers, cluster)
        if not before.get("computed"):
            out.update({"computed": False, "reason": before.get("reason")})
            return out
        losing_b, losing_a = set(before["platforms_losing"]), set(after["platforms_losing"])
        out.update(
            {
                "computed": True,
                "against": {"stress_test": True, "scenarios": [before["n"], after["n"]]},
                "platforms_protected": sorted(losing_b - losing_a),
                "platforms_at_risk_after": sorted(losing_a),
                "volume_restored": num(max(0.0, before["weighted"] - after["weighted"])),
                "weighted_lost_volume": [num(before["weighted"]), num(after["weighted"])],
                "scenarios_with_loss": [before["with_loss"], after["with_loss"]],
                "time_to_survive_days": [before["worst_tts"], after["worst_tts"]],
                "time_to_recover_days": [before["worst_ttr"], after["worst_ttr"]],
                "worst_scenarios_after": after["top"],
            }
        )
    if dependencies:
        out["adversary_dependencies"] = _deps_change(G, plan, policy)
    return out


def _stress_side(G: nx.MultiDiGraph, workers: int | None, cluster: str | None) -> dict[str, Any]:
    r = volume_stress(G, top=_ALL, workers=workers, cluster=cluster)
    if not r.get("computed"):
        return r
    rows = r["ranking"]
    losing = sorted({p for row in rows for p in row["platforms_losing_volume"]})
    lossy = [row for row in rows if (row["weighted_lost_volume"] or 0) > 0]
    tts = [row["time_to_survive_days"] for row in rows]
    ttr = [row["time_to_recover_days"] for row in lossy]
    return {
        "computed": True,
        "n": len(rows),
        "weighted": float(sum(row["weighted_lost_volume"] or 0.0 for row in rows)),
        "with_loss": len(lossy),
        "platforms_losing": losing,
        "worst_tts": min((t for t in tts if t is not None), default=None),
        "worst_ttr": None
        if any(t is None for t in ttr)
        else max((t for t in ttr if t is not None), default=0.0),
        "top": [
            {k: row[k] for k in ("node", "name", "weighted_lost_volume", "time_to_survive_days")}
            for row in rows[:5]
        ],
    }


def compare_plans(
    G: nx.MultiDiGraph,
    plans: Sequence[PlanSpec],
    scenario: ScenarioSpec | None = None,
    *,
    in_place: bool = False,
    policy: Policy | None = None,
    workers: int | None = 1,
    cluster: str | None = None,
) -> dict[str, Any]:
    """Every plan against the same scenario (or the stress test), side by side."""
    for p in plans:
        check_plan(G, p)
    G = without_licences(G, plans)
    if scenario is not None:
        problems = scenario_problems(G, scenario)
        if problems:
            raise ValidationFailed(problems, what="scenario")
        baseline = _scenario_side(G, scenario, policy)
    else:
        baseline = _stress_side(G, workers, cluster)
    rows = [
        evaluate_plan(
            G,
            p,
            scenario,
            in_place=in_place,
            policy=policy,
            workers=workers,
            cluster=cluster,
            baseline=baseline,
            base_graph=G,
        )
        for p in plans
    ]
    return {
        "against": {"scenario": scenario.name} if scenario else {"stress_test": True},
        "timing": "in place" if in_place else "reactive (levers start when the disruption does)",
        "plans": rows,
    }


# -- recommendations ------------------------------------------------------------------------


def _stock_plan(
    G: nx.MultiDiGraph,
    spec: ScenarioSpec,
    platform: str,
    horizon: float,
    unit_costs: dict[str, float],
) -> list[PlanSpec]:
    """The sized stockpile of one platform under ``spec`` (the sizing LP), as a plan."""
    from graphmodel.planning.stockpile import size_stockpiles

    sized = size_stockpiles(G, [spec], horizon=horizon, platforms=[platform], unit_costs=unit_costs)
    if not sized.get("computed") or not sized["stock_units"]:
        return []
    return [
        PlanSpec(
            name=f"stockpile-{platform}"[:100],
            description=f"The least stock keeping {platform} supplied for {horizon:g} days "
            f"under {spec.name} (stockpile sizing LP)",
            unit_costs=unit_costs,
            levers=[
                StockpileLever(item=i, quantity=q)
                for i, q in sorted(sized["stock_units"].items())
                if q > 1e-9
            ],
        )
    ]


def _licence_plans(G: nx.MultiDiGraph, spec: ScenarioSpec) -> list[PlanSpec]:
    """A licence plan for every candidate source in the data (with a capacity) of an item
    below a demanded item that the scenario does not remove."""
    ix = SupplyIndex.from_graph(G)
    closure: set[str] = set()
    for k in ix.platforms:
        if G.nodes[ix.ids[k]].get("demand_per_day"):
            closure |= {ix.ids[u] for u in bom_closure(ix, k).order}
    removal = resolve(G, ix, spec)
    plans: list[PlanSpec] = []
    for item in sorted(closure):
        for _, org, d in G.out_edges(item, data=True):
            if d.get("type") != "SOURCED_FROM" or d.get("qualified", True):
                continue
            if d.get("capacity") is None:
                continue
            fac = d.get("facility")
            o, f = ix.pos[org], ix.pos.get(fac, -1) if fac else -1
            if removal.source_lost(ix.pos[item], o, f, ix.source_country(o, f)):
                continue
            days = d.get("recovery_days")
            plans.append(
                PlanSpec(
                    name=f"licence-{item}-{org}"[:100].replace(":", "-"),
                    description=f"Qualify {G.nodes[org].get('name') or org} as a second source "
                    f"of {G.nodes[item].get('name') or item}",
                    levers=[
                        LicenceLever(
                            item=item,
                            organisation=org,
                            facility=fac,
                            qualification_days=float(days)
                            if days is not None
                            else spec.qualification_days or DEFAULT_QUALIFICATION_DAYS,
                        )
                    ],
                )
            )
    return plans


def _days_covered(row: dict[str, Any]) -> float:
    """Days the platform is supplied after the plan: through recovery when not at risk,
    else its time to survive."""
    tts, ttr = row["time_to_survive_days"][1], row["time_to_recover_days"][1]
    if not row["at_risk_after"]:
        return math.inf if ttr is None else float(ttr)
    return math.inf if tts is None else float(tts)


def recommend(
    G: nx.MultiDiGraph,
    scenario: ScenarioSpec,
    *,
    horizon: float,
    plans: Sequence[PlanSpec] = (),
    unit_costs: dict[str, float] | None = None,
    policy: Policy | None = None,
    generate: bool = True,
) -> dict[str, Any]:
    """For each platform at risk under ``scenario``: the candidate plans (``plans`` and,
    with ``generate``, the generated ones: the sized stockpile and each licence of a
    candidate source in the data), the cheapest that brings it out of risk (TTR <= TTS,
    no lost volume, or TTS >= ``horizon``), and the Pareto set of cost
    against days covered; each with its evidence (the binding constraints it relieves).

    "Doing nothing" here pursues none of the licences on the table, so a licence of a
    candidate in the data shows its whole value."""
    problems = scenario_problems(G, scenario)
    if problems:
        raise ValidationFailed(problems, what="scenario")
    costs = dict(unit_costs or {})
    licences = _licence_plans(G, scenario) if generate else []
    # "Doing nothing" pursues none of the licences on the table.
    G = without_licences(G, [*plans, *licences])
    before = _scenario_side(G, scenario, policy)
    if not before.get("computed"):
        return {"computed": False, "reason": before.get("reason")}
    out = []
    for p in before["platforms"]:
        if not p["at_risk"] and (p["lost_volume"] or 0) <= 0:
            continue
        cands = [*plans, *licences]
        if generate:
            cands += _stock_plan(G, scenario, p["platform"], horizon, costs)
        options = []
        for plan in cands:
            if plan.unit_costs == {} and costs:
                plan = plan.model_copy(update={"unit_costs": costs})
            r = evaluate_plan(G, plan, scenario, policy=policy, baseline=before, dependencies=False)
            row = next(x for x in r["platforms"] if x["platform"] == p["platform"])
            covered = _days_covered(row)
            # Out of risk for the horizon: recovers before stock runs out, or survives the
            # horizon (the planner's question: supplied for H days whatever happens).
            tts_after = row["time_to_survive_days"][1]
            out_of_risk = (
                not row["at_risk_after"]
                or (row["lost_volume"][1] or 0) <= 0
                or tts_after is None
                or float(tts_after) >= horizon * (1 - 1e-9)
            )
            options.append(
                {
                    "plan": plan.name,
                    "description": plan.description,
                    "cost": r["cost"],
                    "lead_days": r["lead_days"],
                    "out_of_risk": out_of_risk,
                    "days_covered": num(covered),
                    "time_to_survive_days": row["time_to_survive_days"],
                    "time_to_recover_days": row["time_to_recover_days"],
                    "lost_volume": row["lost_volume"],
                    "evidence": _evidence(G, plan, before, p["platform"]),
                    "levers": r["levers"],
                }
            )

        def cost_key(o: dict[str, Any]) -> tuple[float, float, str]:
            c = o["cost"]
            return (math.inf if c is None else float(c), float(o["lead_days"] or 0), o["plan"])

        ok = sorted((o for o in options if o["out_of_risk"]), key=cost_key)
        pareto = []
        best = -math.inf
        for o in sorted(options, key=cost_key):
            d = o["days_covered"] if o["days_covered"] is not None else math.inf
            if o["cost"] is not None and d > best:
                pareto.append(o["plan"])
                best = d
        out.append(
            {
                "platform": p["platform"],
                "name": p["name"],
                "time_to_survive_days": p["time_to_survive_days"],
                "time_to_recover_days": p["time_to_recover_days"],
                "bottleneck_items": p["bottleneck_items"],
                "cheapest": ok[0]["plan"] if ok else None,
                "pareto": pareto,
                "options": sorted(options, key=cost_key),
            }
        )
    return {
        "computed": True,
        "scenario": scenario.name,
        "horizon_days": num(horizon),
        "platforms": out,
    }
