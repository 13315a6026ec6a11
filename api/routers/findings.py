"""Findings with names, for pages and exports: a platform's findings tables (JSON, CSV,
XLSX), an organisation's profile and its ownership up and down.

Routers only assemble: the work is in :mod:`graphmodel.analysis.findings` and
:mod:`graphmodel.analysis.export_findings`, on the graph snapshot and the analysis
the views use (:func:`api.viewdata.analysis_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import Response

from api.deps import StateDep
from api.problems import problem_responses
from api.state import AppState
from api.viewdata import analysis_for
from graphmodel.analysis.export_findings import table_csv, tables_xlsx
from graphmodel.analysis.findings import (
    TABLES,
    organisation_profile,
    ownership_structure,
    platform_findings,
)
from graphmodel.analysis.naming import Namer
from graphmodel.errors import NotFoundError

__all__ = ["router"]

router = APIRouter(tags=["analysis"], responses=problem_responses(400, 401, 403, 422, 500, 503))

PlatformId = Annotated[str, Path(min_length=1, max_length=200, description="Platform item id")]
OrgId = Annotated[str, Path(min_length=1, max_length=200, description="Organisation id")]
Table = Literal["spof", "sole_source", "data_gaps", "adversary_links", "blocking", "concentration"]
_404 = problem_responses(404)


def _platform(state: AppState, platform_id: str) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    snap = state.snapshots.get()
    result, _source, version = analysis_for(state, snap, platform_id)
    if platform_id not in (result.get("platforms") or {}):
        raise NotFoundError(f"The analysis has no platform {platform_id!r}.")
    tables = snap.derived(
        ("findings", platform_id, version),
        lambda: platform_findings(snap.graph, result, platform_id, Namer.from_graph(snap.graph)),
    )
    return snap, tables


@router.get(
    "/platforms/{platform_id}/findings",
    summary="A platform's findings tables, with names",
    responses=_404,
)
def platform_findings_json(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """Every findings table of the platform (single points of failure, sole sources, data
    gaps, adversary links, items blocking an adversary-free build, concentration), each
    row with names beside ids and its evidence path."""
    snap, tables = _platform(state, platform_id)
    return {"platform": Namer.from_graph(snap.graph).ref(platform_id), "tables": tables}


@router.get(
    "/platforms/{platform_id}/findings/{table}.csv",
    summary="One findings table as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, **_404},
)
def platform_findings_csv(state: StateDep, platform_id: PlatformId, table: Table) -> Response:
    """The table as CSV: references as ``Name (id)`` plus an ``_id`` column, paths as
    ``A → B → C``; cells that a spreadsheet would run as formulas are quoted."""
    _, tables = _platform(state, platform_id)
    return Response(
        table_csv(tables[table]),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{platform_id}-{table}.csv"'},
    )


@router.get(
    "/platforms/{platform_id}/findings.xlsx",
    summary="Every findings table as an XLSX workbook",
    response_class=Response,
    responses={
        200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
        **_404,
    },
)
def platform_findings_xlsx(state: StateDep, platform_id: PlatformId) -> Response:
    """One sheet per findings table (:data:`graphmodel.analysis.findings.TABLES`)."""
    _, tables = _platform(state, platform_id)
    return Response(
        tables_xlsx({t: tables[t] for t in TABLES}),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{platform_id}-findings.xlsx"'},
    )


def _organisation(state: AppState, organisation_id: str) -> tuple[Any, Mapping[str, Any]]:
    snap = state.snapshots.get()
    G = snap.graph
    if organisation_id not in G or G.nodes[organisation_id].get("label") != "Organisation":
        raise NotFoundError(f"No organisation with id {organisation_id!r}.")
    result, _source, _version = analysis_for(state, snap)
    return G, result


@router.get(
    "/organisations/{organisation_id}/ownership",
    summary="Ownership up to the ultimate owners and down to the subsidiaries",
    responses=_404,
)
def organisation_ownership(state: StateDep, organisation_id: OrgId) -> dict[str, Any]:
    """Owners (with their look-through equity stake, ``ultimate`` when nobody owns them)
    and subsidiaries (with the organisation's stake), nearest first, and every OWNS edge
    among them, all named."""
    G, result = _organisation(state, organisation_id)
    return ownership_structure(G, result, organisation_id, Namer.from_graph(G))


@router.get(
    "/organisations/{organisation_id}/profile",
    summary="What an organisation supplies, where it is used, who owns it and why it is flagged",
    responses=_404,
)
def organisation_profile_json(state: StateDep, organisation_id: OrgId) -> dict[str, Any]:
    """Items it supplies (with the platforms using each), facilities it operates, the
    platforms depending on it, ownership up and down, designations and adversary-link
    reasons, all with names beside ids."""
    G, result = _organisation(state, organisation_id)
    return organisation_profile(G, result, organisation_id)
