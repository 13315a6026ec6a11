"""Plans (``graphmodel.planning``): stockpile sizing, comparison, recommendations, briefs,
arrangement what-ifs and saved plans.

Roles as for scenarios: reading saved plans and presets needs a viewer key; sizing,
comparing, recommending and briefs (CPU-heavy, no write) an analyst key; saving and
deleting a plan (writes to the store, audited) an editor key.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Response

from api.deps import AnalystKey, EditorKey, StateDep
from api.plan_models import (
    ArrangementRequest,
    BriefRequest,
    CompareRequest,
    PlanSavedPublic,
    PlanTarget,
    RecommendRequest,
    SavedPlanPublic,
    StockpileRequest,
)
from api.problems import problem_responses
from api.saved import audited_delete, audited_save, saved_name
from api.state import AppState
from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.planning.model import PlanSpec
from graphmodel.scenarios.model import ScenarioSpec

__all__ = ["router"]

router = APIRouter(tags=["plans"], responses=problem_responses(400, 401, 403, 422, 500, 503))

PlanName = Annotated[str, saved_name("plan")]


def _target(state: AppState, t: PlanTarget) -> ScenarioSpec | None:
    from graphmodel.scenarios import get_scenario, load_presets

    given = [x for x in (t.scenario, t.preset, t.saved_scenario) if x is not None]
    if len(given) > 1:
        raise SupplynetError("Give at most one of scenario, preset and saved_scenario.")
    if t.preset is not None:
        presets = load_presets()
        if t.preset not in presets:
            raise NotFoundError(f"No preset is called {t.preset!r}.")
        return presets[t.preset]
    if t.saved_scenario is not None:
        return get_scenario(state.store, t.saved_scenario)
    if t.scenario is not None and isinstance(t.scenario.adversary_policy, str):
        raise SupplynetError("The API accepts only true or false for adversary_policy.")
    return t.scenario


def _plans(state: AppState, refs: list[str | PlanSpec]) -> list[PlanSpec]:
    from graphmodel.planning.saved import get_plan

    return [r if isinstance(r, PlanSpec) else get_plan(state.store, r) for r in refs]


def _compare(
    state: AppState, target: PlanTarget, refs: list[str | PlanSpec], *, in_place: bool = False
) -> dict[str, Any]:
    """The plans of ``refs`` (saved names or plans) side by side on the current graph,
    under the scenario ``target`` names, or the whole stress test when it names none."""
    from graphmodel.planning.compare import compare_plans

    spec = _target(state, target)
    plans = _plans(state, refs)
    return compare_plans(
        state.snapshots.get().graph,
        plans,
        spec,
        in_place=in_place,
        workers=1,
        cluster=state.settings.cluster,
    )


@router.get("/plans", response_model=list[SavedPlanPublic], summary="List saved plans")
def list_saved_plans(state: StateDep) -> list[dict[str, Any]]:
    """Every saved plan, by name."""
    from graphmodel.planning.saved import list_plans

    return list_plans(state.store)


@router.get(
    "/plans/arrangements/presets",
    response_model=list[dict[str, Any]],
    summary="Arrangement what-if presets",
)
def arrangement_presets() -> list[dict[str, Any]]:
    """The shipped arrangement presets (Japan, Taiwan and Mexico added to SOSA), each
    citing the Atlantic Council brief that recommends it."""
    from graphmodel.planning.arrangements import load_arrangement_presets

    return [
        {"name": n, "description": lv.note, **lv.model_dump(mode="json")}
        for n, lv in sorted(load_arrangement_presets().items())
    ]


@router.get(
    "/plans/{name}",
    response_model=SavedPlanPublic,
    summary="One saved plan",
    responses=problem_responses(404),
)
def get_saved_plan(state: StateDep, name: PlanName) -> dict[str, Any]:
    """The saved plan and when it was created and last changed."""
    from graphmodel.planning.saved import SAVED_PLANS

    return SAVED_PLANS.show(state.store, name)


@router.put("/plans/{name}", response_model=PlanSavedPublic, summary="Save a plan (editor)")
def save_saved_plan(
    state: StateDep, principal: EditorKey, name: PlanName, plan: PlanSpec
) -> dict[str, Any]:
    """Save the plan under ``name`` (the path's name replaces the body's), replacing a
    plan of that name and keeping its creation time. Checked against the current graph
    first: a plan naming unknown ids is not saved (422)."""
    from graphmodel.planning.apply import check_plan
    from graphmodel.planning.saved import SAVED_PLANS

    plan = plan.model_copy(update={"name": name})
    return audited_save(
        state,
        principal,
        SAVED_PLANS,
        plan,
        lambda p: check_plan(state.snapshots.get().graph, p),
    )


@router.delete(
    "/plans/{name}",
    status_code=204,
    response_class=Response,
    summary="Delete a saved plan (editor)",
    responses={204: {"description": "Deleted"}, **problem_responses(404)},
)
def delete_saved_plan(state: StateDep, principal: EditorKey, name: PlanName) -> Response:
    """Delete the saved plan called ``name``."""
    from graphmodel.planning.saved import SAVED_PLANS

    audited_delete(state, principal, SAVED_PLANS, name)
    return Response(status_code=204)


@router.post(
    "/plans/stockpiles",
    response_model=dict[str, Any],
    summary="Size stockpiles for a horizon (analyst)",
    responses=problem_responses(404),
)
def size_plan_stockpiles(
    state: StateDep, principal: AnalystKey, body: StockpileRequest
) -> dict[str, Any]:
    """The least stock per item keeping every platform's time to survive at least
    ``horizon_days`` under the scenario, or under every single-node disruption (the
    stress test) when none is given; one linear program (joint over the scenarios)."""
    from graphmodel.planning.stockpile import size_stockpiles

    spec = _target(state, body)
    snap = state.snapshots.get()
    return size_stockpiles(
        snap.graph,
        None if spec is None else [spec],
        horizon=body.horizon_days,
        platforms=body.platforms,
        unit_costs=body.unit_costs,
        objective=body.objective,
        workers=1,
        cluster=state.settings.cluster,
    )


@router.post(
    "/plans/compare",
    response_model=dict[str, Any],
    summary="Compare plans (analyst)",
    responses=problem_responses(404),
)
def compare_saved_plans(
    state: StateDep, principal: AnalystKey, body: CompareRequest
) -> dict[str, Any]:
    """Plans side by side against the scenario (or the whole stress test): platforms
    protected, volume restored, time to recover, cost, lead time and the
    adversary-linked dependencies each removes."""
    return _compare(state, body, body.plans, in_place=body.in_place)


@router.post(
    "/plans/recommend",
    response_model=dict[str, Any],
    summary="Cheapest plan per platform (analyst)",
    responses=problem_responses(404),
)
def recommend_plans(
    state: StateDep, principal: AnalystKey, body: RecommendRequest
) -> dict[str, Any]:
    """For each platform at risk under the scenario: the cheapest plan bringing it out of
    risk for ``horizon_days`` and the Pareto set of cost against days covered, with the
    binding constraint each relieves."""
    from graphmodel.planning.compare import recommend

    spec = _target(state, body)
    if spec is None:
        raise SupplynetError("Recommendations need a scenario, preset or saved_scenario.")
    return recommend(
        state.snapshots.get().graph,
        spec,
        horizon=body.horizon_days,
        plans=_plans(state, body.plans),
        unit_costs=body.unit_costs,
    )


@router.post(
    "/plans/{name}/brief",
    response_class=Response,
    summary="A printable brief of a saved plan (analyst)",
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}, **problem_responses(404)},
)
def saved_plan_brief(
    state: StateDep, principal: AnalystKey, name: PlanName, body: BriefRequest
) -> Response:
    """The plan's brief (Markdown, or HTML with ``format: html``; no external URLs) with
    the table of options: this plan and ``against_plans``."""
    from graphmodel.planning.brief import plan_brief

    result = _compare(state, body, [name, *body.against_plans])
    text = plan_brief(result["plans"][0], result, body.format)
    media = "text/html" if body.format == "html" else "text/markdown"
    return Response(content=text, media_type=f"{media}; charset=utf-8")


@router.post(
    "/plans/arrangements",
    response_model=dict[str, Any],
    summary="Arrangement what-if (analyst)",
    responses=problem_responses(404),
)
def arrangement_what_if(
    state: StateDep, principal: AnalystKey, body: ArrangementRequest
) -> dict[str, Any]:
    """Add countries to (or remove them from) SOSA, RDP_MOU, NTIB or a user-defined group
    and report the change in allied coverage, adversary-free feasibility and, with
    ``secure_groups``, the stress-test ranking."""
    from graphmodel.planning.arrangements import arrangement_whatif, load_arrangement_presets

    presets = load_arrangement_presets()
    missing = [p for p in body.presets if p not in presets]
    if missing:
        raise NotFoundError(
            f"No arrangement preset is called {missing[0]!r}; presets: "
            f"{', '.join(sorted(presets))}."
        )
    changes = [presets[p] for p in body.presets] + list(body.changes)
    if not changes:
        raise SupplynetError("Name at least one preset or change.")
    return arrangement_whatif(
        state.snapshots.get().graph,
        changes,
        secure_groups=body.secure_groups,
        top=body.top,
        workers=1,
    )
