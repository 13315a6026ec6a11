"""Analysis results: single points of failure, sole sources, adversary links,
adversary-free feasibility, concentration; and re-running the analysis."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.db import utc_now
from api.deps import EditorKey, StateDep
from api.models import (
    AdversaryLinkPage,
    AdversaryLinkPublic,
    AnalysisRunPublic,
    ConcentrationPublic,
    FeasibilityPublic,
    PlatformAnalysisPublic,
    SoleSourcePublic,
    SpofPublic,
)
from api.pagination import Pagination
from api.problems import NotAvailable, problem_responses
from api.routers.dependencies import node_ref
from api.state import AppState
from graphmodel.analysis.findings import data_gaps, named_reasons, sole_sources
from graphmodel.analysis.naming import Namer, name_ids
from graphmodel.errors import NotFoundError, StoreUnavailableError, SupplynetError
from graphmodel.workspace import LatestView, adversary_linked_ids

__all__ = ["router"]

log = logging.getLogger("supplynet.api")

router = APIRouter(tags=["analysis"], responses=problem_responses(400, 401, 403, 422, 500, 503))

PlatformId = Annotated[str, Path(min_length=1, max_length=200, description="Platform item id")]
NodeId = Annotated[str, Path(min_length=1, max_length=200)]

_NOT_RUN = "No analysis has run yet; an editor can start one with POST /v1/analysis/runs."


def _result(state: AppState) -> Mapping[str, Any]:
    view = state.results.view()
    if view is None:
        raise NotAvailable(_NOT_RUN)
    return view.result


def _platform(state: AppState, platform_id: str) -> Mapping[str, Any]:
    platforms = _result(state).get("platforms") or {}
    if platform_id not in platforms:
        raise NotFoundError(f"The last analysis has no platform {platform_id!r}.")
    section: Mapping[str, Any] = platforms[platform_id]
    return section


def _namer(state: AppState) -> Namer:
    return Namer.from_graph(state.snapshots.get().graph)


def _run_info(view: LatestView | None) -> dict[str, Any]:
    if view is None:
        return {"available": False}
    return {
        "available": True,
        "started_at": view.info.get("started_at"),
        "finished_at": view.info.get("finished_at"),
        "platform": view.info.get("platform"),
        "platforms": view.platform_ids(),
        "actor": view.info.get("actor"),
    }


@router.get("/analysis", response_model=AnalysisRunPublic, summary="When the analysis last ran")
def analysis_status(state: StateDep) -> dict[str, Any]:
    """When the analysis last ran, who ran it, and which platforms it covers."""
    return _run_info(state.results.view())


@router.post(
    "/analysis/runs",
    response_model=AnalysisRunPublic,
    summary="Re-run the analysis (editor)",
    responses=problem_responses(404),
)
def run_analysis_now(
    state: StateDep,
    principal: EditorKey,
    platform: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Analyse only this platform"),
    ] = None,
    as_of: Annotated[
        str | None,
        Query(
            pattern=r"^\d{4}-\d{2}-\d{2}$",
            description="Analyse the graph as it stood on this date, YYYY-MM-DD (default today)",
        ),
    ] = None,
) -> dict[str, Any]:
    """Run the analysis now, write its results back to the graph and serve them from then
    on. With ``platform``, the stored result covers that platform only; with ``as_of``,
    only the ownership and designations valid on that date count."""
    try:
        from graphmodel.analysis.report import run_analysis
    except ImportError as exc:  # a broken install, not the client's fault
        raise StoreUnavailableError(f"The analysis is not available: {exc}") from exc

    started = utc_now()
    t0 = time.perf_counter()
    with state.write_lock:
        try:
            result = run_analysis(state.store, platform=platform, as_of=as_of)
        except ImportError as exc:
            state.audit.record(principal.key_id, "analysis.run", platform or "*", "error")
            raise StoreUnavailableError(f"The analysis is not available: {exc}") from exc
        except SupplynetError as exc:
            state.audit.record(
                principal.key_id, "analysis.run", platform or "*", "failed", {"error": exc.message}
            )
            raise
        except Exception:
            state.audit.record(principal.key_id, "analysis.run", platform or "*", "error")
            raise
        from graphmodel.runs import keep_analysis

        kept, _ = keep_analysis(
            state.settings.data_dir,
            result,
            started_at=started,
            webhook_url=state.settings.webhook_url,
            webhook_timeout_s=state.settings.webhook_timeout_s,
            keep_runs=state.settings.keep_runs,
            platform=platform,
            as_of=result.get("as_of"),
            actor=principal.key_id,
        )
        result["run_id"] = kept["id"]
    seconds = round(time.perf_counter() - t0, 3)
    state.audit.record(
        principal.key_id,
        "analysis.run",
        platform or "*",
        "ok",
        {"seconds": seconds, "platforms": len(result.get("platforms", {}))},
    )
    return _run_info(state.results.view())


@router.get(
    "/platforms/{platform_id}/analysis",
    response_model=PlatformAnalysisPublic,
    summary="Everything the last analysis found for a platform",
    responses=problem_responses(404),
)
def platform_analysis(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """The platform's whole section of the last analysis result."""
    return {**_platform(state, platform_id), "platform": platform_id}


@router.get(
    "/platforms/{platform_id}/spof",
    response_model=SpofPublic,
    summary="Single points of failure (order 1 and 2)",
    responses=problem_responses(404),
)
def platform_spof(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """Organisations, facilities, countries and items whose loss alone (order 1), or
    together with one other (order 2), stops the platform, with the evidence."""
    spof = dict(_platform(state, platform_id).get("spof") or {})
    spof.setdefault("order1", {})
    return {**name_ids(spof, _namer(state)), "platform": _namer(state).ref(platform_id)}


@router.get(
    "/platforms/{platform_id}/sole-source",
    response_model=SoleSourcePublic,
    summary="Sole-source items and data gaps",
    responses=problem_responses(404),
)
def platform_sole_source(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """Items with exactly one qualified source, and items with no source recorded."""
    p = _platform(state, platform_id)
    namer = _namer(state)
    return {
        "platform": namer.ref(platform_id),
        "sole_source_items": sole_sources(state.snapshots.get().graph, p, namer),
        "data_gaps": data_gaps(p, namer),
    }


@router.get(
    "/platforms/{platform_id}/adversary-free",
    response_model=FeasibilityPublic,
    summary="Can the platform be built without adversary-linked sources?",
    responses=problem_responses(404),
)
def platform_adversary_free(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """Whether the platform stays producible with every adversary-linked source removed,
    and the items that block it."""
    section = dict(_platform(state, platform_id).get("adversary_free") or {})
    namer = _namer(state)
    return {**name_ids(section, namer), "platform": namer.ref(platform_id)}


@router.get(
    "/platforms/{platform_id}/concentration",
    response_model=ConcentrationPublic,
    summary="Country concentration",
    responses=problem_responses(404),
)
def platform_concentration(state: StateDep, platform_id: PlatformId) -> dict[str, Any]:
    """How concentrated the platform's sources and materials are by country."""
    namer = _namer(state)
    section = {"concentration": _platform(state, platform_id).get("concentration") or {}}
    return {"platform": namer.ref(platform_id), **name_ids(section, namer)}


def _link(node_id: str, entry: dict[str, Any], state: AppState, namer: Namer) -> dict[str, Any]:
    ix = state.snapshots.get().index
    i = ix.pos.get(node_id)
    info = node_ref(ix, i) if i is not None else None
    return {
        "id": node_id,
        "label": info["label"] if info else None,
        "name": info["name"] if info else None,
        "kind": namer.ref(node_id)["kind"],
        "country": namer.ref(info["country"]) if info and info["country"] else None,
        "adversary_linked": bool(entry.get("adversary_linked")),
        "reasons": named_reasons(entry.get("reasons"), namer),
    }


def _matches(
    entry: dict[str, Any],
    country_of: str | None,
    *,
    reason: str | None,
    country: str | None,
    designation: str | None,
) -> bool:
    reasons = entry.get("reasons") or []
    if reason is not None and not any(r.get("kind") == reason for r in reasons):
        return False
    if country is not None and country_of != country:
        return False
    return designation is None or any(
        r.get("list") == designation
        or designation in (r.get("path") or [])
        or any(designation in p for p in r.get("paths") or [])
        for r in reasons
    )


@router.get(
    "/adversary-links",
    response_model=AdversaryLinkPage,
    summary="Adversary-linked nodes with reasons",
    responses=problem_responses(404),
)
def adversary_links(
    state: StateDep,
    page: Pagination,
    platform: Annotated[
        str | None,
        Query(min_length=1, max_length=200, description="Only nodes this platform depends on"),
    ] = None,
    reason: Annotated[
        str | None,
        Query(
            pattern="^[a-z_0-9]{1,40}$",
            description="Only nodes with a reason of this kind (registration, location, "
            "designation, ofac_50, lookthrough, control, operator, ...)",
        ),
    ] = None,
    country: Annotated[
        str | None,
        Query(min_length=2, max_length=2, description="Only nodes registered or located here"),
    ] = None,
    designation: Annotated[
        str | None,
        Query(
            alias="list",
            min_length=1,
            max_length=200,
            description="Only nodes whose evidence names this designation list",
        ),
    ] = None,
) -> dict[str, Any]:
    """Every node the last analysis flagged adversary-linked, with its reasons and
    evidence paths (names beside ids), ordered by id; the filters combine."""
    result = _result(state)
    nodes = result.get("nodes", {})
    linked = sorted(adversary_linked_ids(result))
    ix = state.snapshots.get().index
    if platform is not None:
        section = _platform(state, platform)
        upstream = set(section.get("tiers") or {})
        linked = [n for n in linked if n in upstream]
    if reason or country or designation:
        linked = [
            n
            for n in linked
            if _matches(
                nodes[n],
                ix.country[ix.pos[n]] if n in ix.pos else None,
                reason=reason,
                country=country.upper() if country else None,
                designation=designation,
            )
        ]
    chunk = linked[page.offset : page.offset + page.limit]
    namer = _namer(state)
    return {
        "total": len(linked),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_link(n, nodes[n], state, namer) for n in chunk],
    }


@router.get(
    "/adversary-links/{node_id}",
    response_model=AdversaryLinkPublic,
    summary="Why a node is (or is not) adversary-linked",
    responses=problem_responses(404),
)
def adversary_link(state: StateDep, node_id: NodeId) -> dict[str, Any]:
    """The last analysis's verdict on one node, with reasons and evidence paths."""
    nodes = _result(state).get("nodes", {})
    namer = _namer(state)
    if node_id in nodes:
        return _link(node_id, nodes[node_id], state, namer)
    if node_id in state.snapshots.get().index.pos:
        return _link(node_id, {"adversary_linked": False, "reasons": []}, state, namer)
    raise NotFoundError(f"No node with id {node_id!r}.")
