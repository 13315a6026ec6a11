"""What-if scenarios (``graphmodel.scenarios``): run, presets, saved scenarios, stress test.

Roles: reading presets and saved scenarios needs a viewer key; running a
scenario or a stress test (CPU-heavy, no write) an analyst key; saving and
deleting a saved scenario (writes to the store, audited) an editor key.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.deps import AnalystKey, EditorKey, StateDep
from api.models import (
    PresetPublic,
    SavedScenarioPublic,
    ScenarioAdditions,
    ScenarioResultPublic,
    ScenarioSavedPublic,
    StressTestPublic,
)
from api.problems import problem_responses
from api.saved import audited_delete, audited_save, saved_name
from api.state import AppState
from graphmodel.analysis.naming import Namer, name_scenario_result
from graphmodel.errors import NotFoundError, Problem, ValidationFailed
from graphmodel.scenarios.model import ScenarioSpec

__all__ = ["router"]

router = APIRouter(tags=["scenarios"], responses=problem_responses(400, 401, 403, 422, 500, 503))

ScenarioName = Annotated[str, saved_name("scenario")]
PlatformId = Annotated[str, Path(min_length=1, max_length=200, description="Platform item id")]

_POLICY_FILE = (
    "The API accepts only true or false here; a policy file path is read by the CLI "
    "(supplynet scenario run), never by the server."
)


def _checked(state: AppState, spec: ScenarioSpec) -> ScenarioSpec:
    """Every problem of ``spec`` against the current graph, raised at once (422)."""
    from graphmodel.scenarios.validate import scenario_problems

    problems: list[Problem] = []
    if isinstance(spec.adversary_policy, str):
        # Never let a request make the server read (or probe for) a file.
        problems.append(Problem("body", None, "adversary_policy", _POLICY_FILE))
        spec = spec.model_copy(update={"adversary_policy": True})
    problems += scenario_problems(state.snapshots.get().graph, spec)
    if problems:
        raise ValidationFailed(problems, what="scenario")
    return spec


def _run(state: AppState, spec: ScenarioSpec) -> dict[str, Any]:
    from graphmodel.scenarios import run_scenario
    from graphmodel.scenarios.volume import VolumeAnalysis

    spec = _checked(state, spec)
    snap = state.snapshots.get()
    ix = snap.index
    # One volume model per graph snapshot and gap rule (its LPs are reused; it locks).
    volume = snap.derived(
        ("volume", spec.data_gaps_unavailable),
        lambda: VolumeAnalysis(snap.graph, ix, data_gaps_unavailable=spec.data_gaps_unavailable),
    )
    result = run_scenario(snap.graph, spec, index=ix, volume=volume)
    return name_scenario_result(result, Namer.from_graph(snap.graph))


@router.post(
    "/scenarios",
    response_model=ScenarioResultPublic,
    summary="Run an ad-hoc scenario (analyst)",
)
def run_adhoc_scenario(
    state: StateDep, principal: AnalystKey, spec: ScenarioSpec
) -> dict[str, Any]:
    """Take the scenario's countries (wholly or by export ban), organisations, facilities,
    items or adversary-linked nodes out of the current graph and report which platforms
    are lost, time to survive against time to recover, and ranked mitigations. Every
    problem with the scenario (unknown ids, nothing removed, an unknown material in a
    ban) comes back at once as a 422 with ``problems``."""
    return _run(state, spec)


@router.get(
    "/scenarios/presets",
    response_model=list[PresetPublic],
    summary="Preset scenarios from public facts",
)
def scenario_presets() -> list[dict[str, Any]]:
    """The shipped presets (export restrictions on critical materials), each citing its
    sources; run one by sending its ``spec`` to ``POST /v1/scenarios``."""
    from graphmodel.scenarios import load_presets

    return [
        {
            "name": name,
            "description": spec.description,
            "sources": list(spec.sources),
            "spec": spec.model_dump(mode="json"),
        }
        for name, spec in sorted(load_presets().items())
    ]


@router.post(
    "/scenarios/presets/{name}",
    response_model=ScenarioResultPublic,
    summary="Run a preset by name (analyst)",
    responses=problem_responses(404),
)
def run_preset_scenario(
    state: StateDep,
    principal: AnalystKey,
    name: ScenarioName,
    additions: ScenarioAdditions | None = None,
) -> dict[str, Any]:
    """Run the shipped preset ``name`` on the current graph, with the optional body's
    countries, organisations, facilities, items and adversary removal added and its
    timing (``duration_days`` or ``open_ended``) replacing the preset's."""
    from graphmodel.scenarios import extend_scenario, load_presets

    presets = load_presets()
    if name not in presets:
        raise NotFoundError(f"No preset is called {name!r}; presets: {', '.join(sorted(presets))}.")
    a = additions or ScenarioAdditions()
    spec = extend_scenario(
        presets[name],
        countries=list(a.countries),
        organisations=a.organisations,
        facilities=a.facilities,
        items=a.items,
        adversary=a.adversary,
        duration_days=a.duration_days,
        open_ended=a.open_ended,
        horizon_days=a.horizon_days,
    )
    return _run(state, spec)


@router.get(
    "/scenarios/saved",
    response_model=list[SavedScenarioPublic],
    summary="List saved scenarios",
)
def list_saved_scenarios(state: StateDep) -> list[dict[str, Any]]:
    """Every saved scenario, by name."""
    from graphmodel.scenarios import list_scenarios

    return list_scenarios(state.store)


@router.get(
    "/scenarios/saved/{name}",
    response_model=SavedScenarioPublic,
    summary="One saved scenario",
    responses=problem_responses(404),
)
def get_saved_scenario(state: StateDep, name: ScenarioName) -> dict[str, Any]:
    """The saved scenario's specification and when it was created and last changed."""
    from graphmodel.scenarios.saved import SAVED_SCENARIOS

    return SAVED_SCENARIOS.show(state.store, name)


@router.put(
    "/scenarios/saved/{name}",
    response_model=ScenarioSavedPublic,
    summary="Save a scenario (editor)",
)
def save_saved_scenario(
    state: StateDep, principal: EditorKey, name: ScenarioName, spec: ScenarioSpec
) -> dict[str, Any]:
    """Save the scenario under ``name`` (the name in the path replaces the body's),
    replacing a saved scenario of that name and keeping its creation time. It is checked
    against the current graph first: a scenario that cannot run is not saved (422)."""
    from graphmodel.scenarios.saved import SAVED_SCENARIOS

    spec = spec.model_copy(update={"name": name})
    return audited_save(
        state,
        principal,
        SAVED_SCENARIOS,
        spec,
        lambda s: _checked(state, s),
    )


@router.delete(
    "/scenarios/saved/{name}",
    status_code=204,
    response_class=Response,
    summary="Delete a saved scenario (editor)",
    responses={204: {"description": "Deleted"}, **problem_responses(404)},
)
def delete_saved_scenario(state: StateDep, principal: EditorKey, name: ScenarioName) -> Response:
    """Delete the saved scenario called ``name``."""
    from graphmodel.scenarios.saved import SAVED_SCENARIOS

    audited_delete(state, principal, SAVED_SCENARIOS, name)
    return Response(status_code=204)


@router.post(
    "/scenarios/saved/{name}/run",
    response_model=ScenarioResultPublic,
    summary="Run a saved scenario (analyst)",
    responses=problem_responses(404),
)
def run_saved_scenario(
    state: StateDep, principal: AnalystKey, name: ScenarioName
) -> dict[str, Any]:
    """Run the saved scenario on the current graph (as ``POST /v1/scenarios``)."""
    from graphmodel.scenarios import get_scenario

    return _run(state, get_scenario(state.store, name))


@router.get(
    "/platforms/{platform_id}/stress-test",
    response_model=StressTestPublic,
    summary="Stress test: every single-node loss, ranked (analyst)",
    responses=problem_responses(404),
)
def platform_stress_test(
    state: StateDep,
    principal: AnalystKey,
    platform_id: PlatformId,
    top: Annotated[int, Query(ge=1, le=1000, description="Length of the ranking")] = 50,
) -> dict[str, Any]:
    """Take out, one at a time, every organisation and facility that qualifies as a
    source anywhere in the platform's bill of materials, and rank them by platforms lost,
    platforms with no known recovery, platforms at risk, days at risk and items lost.
    Removed sources recover after their own ``recovery_days``. ``volume``: where the
    graph has demand and capacity, every organisation, facility and country of the
    platform's network as linear programs, ranked by weighted lost volume (on the Dask
    cluster of ``SUPPLYNET_CLUSTER`` when set)."""
    from graphmodel.scenarios import stress_test
    from graphmodel.scenarios.volume_stress import volume_stress

    snap = state.snapshots.get()
    result: dict[str, Any] = snap.derived(
        ("stress", platform_id, top),
        lambda: stress_test(snap.graph, platform_id, top=top, index=snap.index),
    )
    # The volume form: in this process, or on the Dask cluster of SUPPLYNET_CLUSTER.
    vol: dict[str, Any] = snap.derived(
        ("volume-stress", platform_id, top),
        lambda: volume_stress(
            snap.graph,
            platform_id,
            top=top,
            workers=1,
            cluster=state.settings.cluster,
            index=snap.index,
        ),
    )
    named = {**result, "platform": platform_id, "volume": vol}
    return name_scenario_result(named, Namer.from_graph(snap.graph))
