"""Kept analysis runs and what changed between them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import StateDep
from api.problems import problem_responses

__all__ = ["router"]

router = APIRouter(tags=["runs"], responses=problem_responses(400, 401, 403, 404, 422, 500))

RunId = Annotated[str, Path(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9-]+$")]
Threshold = Annotated[
    float, Query(ge=0, le=1, description="Report concentration changes of at least this")
]


@router.get("/runs", summary="Kept runs (analysis runs and load snapshots), oldest first")
def list_runs(state: StateDep) -> dict[str, Any]:
    from graphmodel.runs import list_runs as runs

    return {"items": runs(state.settings.data_dir)}


@router.get("/runs/latest/diff", summary="What changed since the previous run")
def latest_diff(state: StateDep, threshold: Threshold = 0.1) -> dict[str, Any]:
    """The changes from the previous analysis run to the latest, per platform; 404 when
    fewer than two runs are kept."""
    from graphmodel.runs import previous_pair

    a, b = previous_pair(state.settings.data_dir)
    return _diff(state, a, b, threshold)


@router.get("/runs/{a}/diff/{b}", summary="What changed from run a to run b")
def run_diff(state: StateDep, a: RunId, b: RunId, threshold: Threshold = 0.1) -> dict[str, Any]:
    """Per platform: new and resolved single points of failure, new and cleared adversary
    links with their reasons, feasibility flips, new sole sources and concentration
    changes, each with its evidence."""
    return _diff(state, a, b, threshold)


def _diff(state: Any, a: str, b: str, threshold: float) -> dict[str, Any]:
    from graphmodel.runs import diff_runs

    return diff_runs(state.settings.data_dir, a, b, threshold=threshold)
