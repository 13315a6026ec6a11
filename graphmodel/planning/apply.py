"""A plan's levers applied to a copy of the supply graph, in the volume model's own terms.

Each lever becomes data the volume model (:mod:`graphmodel.scenarios.volume`)
already reads, so a plan is evaluated by the same linear programs as a
scenario:

- ``stockpile``: one more stockpile row of the item (``quantity`` units);
- ``licence``: a source edge of the item to the organisation (the candidate in the
  data, or a declared one), with the capacity it adds;
- ``recycling``: a source edge of the material to the recycler (a new organisation
  in ``country`` when it is not in the graph);
- ``substitute``: a *substitution site* of the item (an organisation node
  ``plan-substitution:ITEM:SUB``) that makes the item from ``ratio`` units of the
  substitute, through a bill-of-materials line scoped to that site;
- ``arrangement``: the country's ``groups`` list with the group added or removed.

**Timing.** With ``in_place=False`` (the default: a reaction, started when the
disruption strikes) licence, recycling and substitute sources are *candidates*
whose ``recovery_days`` is the lever's lead time: the model qualifies the quickest
candidate of a disrupted item when its lead time is up, so the item's time to
recover becomes ``min(its own recovery, the lever's lead time)`` and the lost volume
is counted until then. With ``in_place=True`` (the lever already in place when the
disruption strikes) they are qualified sources from day 0. Stockpiles are always in
place (stock is held before a disruption, not bought during it).

The reachability graph (:func:`reach_graph`) leaves the substitution's scoped line
out, since reachability reads every bill-of-materials line as all-of; it records the
substitute as a qualified ``SUBSTITUTED_BY`` edge instead.
"""

from __future__ import annotations

from typing import Any, Final

import networkx as nx

from graphmodel.errors import Problem, ValidationFailed
from graphmodel.planning.model import (
    ArrangementLever,
    LicenceLever,
    PlanSpec,
    RecyclingLever,
    StockpileLever,
    SubstituteLever,
)

__all__ = ["SUBSTITUTION_PREFIX", "apply_plan", "check_plan", "plan_problems", "reach_graph"]

#: Id prefix of the organisation node standing for a substitution site.
SUBSTITUTION_PREFIX: Final = "plan-substitution:"


def _label(G: nx.MultiDiGraph, node: str | None) -> str | None:
    if node is None or node not in G:
        return None
    return str(G.nodes[node].get("label"))


def plan_problems(G: nx.MultiDiGraph, plan: PlanSpec) -> list[Problem]:
    """Every problem of ``plan`` against ``G`` (unknown ids, wrong labels), one sentence each."""
    problems: list[Problem] = []

    def add(k: int, field: str, message: str) -> None:
        problems.append(Problem("plan", None, f"levers[{k}].{field}", message))

    for k, lv in enumerate(plan.levers):
        if isinstance(lv, ArrangementLever):
            if _label(G, lv.country) != "Country":
                add(k, "country", f"{lv.country!r} is not a country in the graph.")
            continue
        if _label(G, lv.item) != "Item":
            add(k, "item", f"{lv.item!r} is not an item in the graph.")
        if isinstance(lv, StockpileLever) and lv.holder is not None:
            if _label(G, lv.holder) not in ("Organisation", "Country"):
                add(k, "holder", f"{lv.holder!r} is not an organisation or country in the graph.")
        elif isinstance(lv, LicenceLever):
            if _label(G, lv.organisation) != "Organisation":
                add(k, "organisation", f"{lv.organisation!r} is not an organisation in the graph.")
            if lv.facility is not None and _label(G, lv.facility) != "Facility":
                add(k, "facility", f"{lv.facility!r} is not a facility in the graph.")
            existing = _source_edge(G, lv.item, lv.organisation, lv.facility)
            if lv.capacity_per_day is None and (
                existing is None or existing.get("capacity") is None
            ):
                add(
                    k,
                    "capacity_per_day",
                    f"{lv.organisation!r} states no capacity for {lv.item!r}; give "
                    "capacity_per_day.",
                )
        elif isinstance(lv, RecyclingLever):
            got = _label(G, lv.organisation)
            if got is not None and got != "Organisation":
                add(k, "organisation", f"{lv.organisation!r} is a {got}, not an organisation.")
            if got is None and (lv.country is None or _label(G, lv.country) != "Country"):
                add(
                    k,
                    "country",
                    f"the new recycler {lv.organisation!r} needs a country of the graph.",
                )
        elif isinstance(lv, SubstituteLever):
            if _label(G, lv.substitute) != "Item":
                add(k, "substitute", f"{lv.substitute!r} is not an item in the graph.")
            elif lv.substitute == lv.item:
                add(k, "substitute", "an item cannot substitute for itself.")
            elif G.has_edge(lv.item, lv.substitute, key="NEEDS"):
                add(k, "substitute", f"{lv.item!r} already needs {lv.substitute!r}.")
    return problems


def check_plan(G: nx.MultiDiGraph, plan: PlanSpec) -> None:
    """Raise ``ValidationFailed`` (422) with every problem of ``plan`` against ``G``."""
    problems = plan_problems(G, plan)
    if problems:
        raise ValidationFailed(problems, what="plan")


def _source_edge(G: nx.MultiDiGraph, item: str, org: str, fac: str | None) -> dict[str, Any] | None:
    if item not in G or org not in G:
        return None
    data = G.get_edge_data(item, org, key=f"SOURCED_FROM:{fac or ''}")
    return data if isinstance(data, dict) else None


def _add_source(
    G: nx.MultiDiGraph,
    item: str,
    org: str,
    fac: str | None,
    capacity: float | None,
    lead: float,
    in_place: bool,
) -> None:
    key = f"SOURCED_FROM:{fac or ''}"
    data = _source_edge(G, item, org, fac)
    if data is None:
        G.add_edge(item, org, key=key, type="SOURCED_FROM", facility=fac)
        if fac:
            G.add_edge(item, fac, key=f"MADE_AT:{org}", type="MADE_AT", supplier=org)
        data = G.edges[item, org, key]
    elif data.get("qualified", True) and not in_place:
        return  # already a qualified source: nothing to license
    data["qualified"] = in_place
    if capacity is not None:
        data["capacity"] = float(capacity)
    data["recovery_days"] = float(lead)
    data["plan_lever"] = True


def apply_plan(G: nx.MultiDiGraph, plan: PlanSpec, *, in_place: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` with ``plan``'s levers (module docstring); ``G`` is unchanged."""
    check_plan(G, plan)
    H = G.copy()
    for lv in plan.levers:
        if isinstance(lv, StockpileLever):
            rows = list(H.nodes[lv.item].get("stockpiles") or ())
            rows.append({"holder": lv.holder or "", "quantity": float(lv.quantity)})
            H.nodes[lv.item]["stockpiles"] = rows
        elif isinstance(lv, LicenceLever):
            _add_source(
                H,
                lv.item,
                lv.organisation,
                lv.facility,
                lv.capacity_per_day,
                lv.qualification_days,
                in_place,
            )
        elif isinstance(lv, RecyclingLever):
            if lv.organisation not in H:
                H.add_node(
                    lv.organisation,
                    label="Organisation",
                    id=lv.organisation,
                    name=lv.name or lv.organisation,
                    kind="company",
                    designations=[],
                    country=lv.country,
                )
                H.add_edge(lv.organisation, lv.country, key="REGISTERED_IN", type="REGISTERED_IN")
            _add_source(
                H, lv.item, lv.organisation, None, lv.capacity_per_day, lv.lead_days, in_place
            )
        elif isinstance(lv, SubstituteLever):
            site = f"{SUBSTITUTION_PREFIX}{lv.item}:{lv.substitute}"
            H.add_node(
                site,
                label="Organisation",
                id=site,
                name=f"substitution of {lv.item} by {lv.substitute}",
                kind="company",
                designations=[],
            )
            _add_source(
                H, lv.item, site, None, lv.capacity_per_day, lv.qualification_days, in_place
            )
            H.add_edge(
                lv.item, lv.substitute, key="NEEDS", type="NEEDS", quantity=lv.ratio, sites=[site]
            )
        elif isinstance(lv, ArrangementLever):
            groups = [g for g in H.nodes[lv.country].get("groups") or () if g != lv.group]
            if lv.action == "add":
                groups.append(lv.group)
            H.nodes[lv.country]["groups"] = groups
    return H


def reach_graph(G: nx.MultiDiGraph, plan: PlanSpec) -> nx.MultiDiGraph:
    """``plan`` in place, for the reachability analyses: substitutes as qualified
    ``SUBSTITUTED_BY`` edges, without the substitution sites (module docstring)."""
    rest = plan.model_copy(
        update={"levers": [lv for lv in plan.levers if not isinstance(lv, SubstituteLever)]}
    )
    H = apply_plan(G, rest, in_place=True)
    for lv in plan.levers:
        if isinstance(lv, SubstituteLever):
            H.add_edge(
                lv.item, lv.substitute, key="SUBSTITUTED_BY", type="SUBSTITUTED_BY", qualified=True
            )
    return H
