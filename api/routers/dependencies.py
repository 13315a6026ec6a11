"""Tiered dependencies: a platform's upstream nodes (flat and as a tree), paths, where-used.

Every answer comes from :mod:`graphmodel.analysis.tiers` over the current
snapshot's supply index; this module only reads parameters and shapes JSON.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.models import (
    DependencyPage,
    NodeKind,
    PathsPublic,
    PlatformPage,
    TreePublic,
    WhereUsedPage,
)
from api.pagination import Pagination
from api.problems import problem_responses
from api.state import AppState
from graphmodel.analysis.index import ITEM, KIND_NAMES, SupplyIndex
from graphmodel.analysis.tiers import (
    LABELS,
    PlatformTiers,
    dependants_page,
    dependency_paths,
    dependency_tree,
)
from graphmodel.errors import NotFoundError
from graphmodel.workspace import Snapshot

__all__ = ["node_ref", "router"]

router = APIRouter(tags=["dependencies"], responses=problem_responses(400, 401, 403, 422, 500, 503))

PlatformId = Annotated[str, Path(min_length=1, max_length=200, description="Platform item id")]
NodeId = Annotated[str, Path(min_length=1, max_length=200)]
MaxTier = Annotated[int | None, Query(ge=0, le=1000, description="Deepest tier to include")]
# As api.pagination's, declared inline on the hot path to save a dependency per request.
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]


def node_ref(ix: SupplyIndex, i: int) -> dict[str, Any]:
    """``{id, label, name, kind, country}`` of node ``i``."""
    return {
        "id": ix.ids[i],
        "label": LABELS[ix.kind[i]],
        "name": ix.name[i],
        "kind": ix.detail[i],
        "country": ix.country[i],
    }


async def _snapshot(state: AppState) -> Snapshot:
    """The current snapshot; reading its index is slow, so that happens in the thread pool."""
    snap = state.snapshots.current()
    if snap is not None:
        return snap
    snap = state.snapshots.get()
    await run_in_threadpool(lambda: snap.index)
    return snap


async def _tiers(snap: Snapshot, platform_id: str) -> PlatformTiers:
    cached = snap.cached_tiers(platform_id)
    return cached if cached is not None else await run_in_threadpool(snap.tiers, platform_id)


def _node(ix: SupplyIndex, node_id: str) -> int:
    i = ix.pos.get(node_id)
    if i is None or LABELS[ix.kind[i]] == "Unknown":
        raise NotFoundError(f"No item, organisation, facility or country with id {node_id!r}.")
    return i


@router.get("/platforms", response_model=PlatformPage, summary="List platforms")
async def list_platforms(state: StateDep, page: Pagination) -> dict[str, Any]:
    """Items of kind ``platform``, ordered by id."""
    ix = (await _snapshot(state)).index
    platforms = ix.platforms
    return {
        "total": len(platforms),
        "limit": page.limit,
        "offset": page.offset,
        "items": [node_ref(ix, i) for i in platforms[page.offset : page.offset + page.limit]],
    }


@router.get(
    "/platforms/{platform_id}/dependencies",
    response_model=DependencyPage,
    summary="Upstream nodes of a platform with tiers",
    responses=problem_responses(404),
)
async def platform_dependencies(
    request: Request,
    platform_id: PlatformId,
    limit: Limit = 100,
    offset: Offset = 0,
    max_tier: MaxTier = None,
    kind: Annotated[NodeKind | None, Query(description="Only nodes of this kind")] = None,
    country: Annotated[
        str | None, Query(min_length=2, max_length=2, description="Only nodes in this country")
    ] = None,
    adversary_linked: Annotated[
        bool, Query(description="Only nodes the last analysis flagged adversary-linked")
    ] = False,
) -> Response:
    """Every item, organisation, facility and country the platform depends on, with its
    tier, ordered by tier. Any item works as the root, not only platforms."""
    # The hot path of the API: in-memory work on the event loop, and no dependency
    # beyond the key check (the state is read off the request, paging inline).
    state: AppState = request.app.state.supplynet
    snap = await _snapshot(state)
    ix = snap.index
    ix.item(platform_id)
    pt = await _tiers(snap, platform_id)
    flagged = state.results.adversary_linked()
    total, rows = pt.page(
        ix,
        offset,
        limit,
        max_tier=max_tier,
        kind=KIND_NAMES.index(kind) if kind else None,
        country=country,
        only=(flagged or set()) if adversary_linked else None,
    )
    _, all_tiers = pt.listing(ix)
    items = [
        {
            **node_ref(ix, i),
            "tier": t,
            "adversary_linked": None if flagged is None else ix.ids[i] in flagged,
        }
        for i, t in rows
    ]
    body = {
        "platform": platform_id,
        "max_tier_present": all_tiers[-1] if all_tiers else 0,
        "total": total,
        "limit": limit,
        "offset": offset,
        "items": items,
    }
    # Serialised here, not by the response model: the schema test checks the
    # result against DependencyPage, and validating 1,000 rows again per request
    # was most of a page's cost.
    return Response(json.dumps(body, separators=(",", ":")), media_type="application/json")


@router.get(
    "/platforms/{platform_id}/tree",
    response_model=TreePublic,
    summary="Dependency tree of a platform",
    responses=problem_responses(404),
)
async def platform_tree(
    state: StateDep,
    platform_id: PlatformId,
    max_tier: MaxTier = None,
    max_nodes: Annotated[int, Query(ge=1, le=20_000, description="Stop after this many")] = 2000,
) -> dict[str, Any]:
    """The platform's dependencies as a tree. A node met a second time appears with
    ``repeated: true`` and no children."""
    snap = await _snapshot(state)
    snap.index.item(platform_id)
    pt = await _tiers(snap, platform_id)
    root, count, truncated = dependency_tree(snap.index, pt, max_tier=max_tier, max_nodes=max_nodes)
    return {"platform": platform_id, "node_count": count, "truncated": truncated, "root": root}


@router.get(
    "/platforms/{platform_id}/paths/{node_id}",
    response_model=PathsPublic,
    summary="Dependency paths from a platform to a node",
    responses=problem_responses(404),
)
async def platform_paths(
    state: StateDep,
    platform_id: PlatformId,
    node_id: NodeId,
    limit: Annotated[int, Query(ge=1, le=100, description="Most paths to return")] = 10,
    max_length: Annotated[int, Query(ge=1, le=50, description="Longest path, in hops")] = 12,
) -> dict[str, Any]:
    """The shortest simple dependency paths from the platform to the node, shortest first;
    an empty list when the platform does not depend on the node."""
    snap = await _snapshot(state)
    ix = snap.index
    ix.item(platform_id)
    _node(ix, node_id)
    pt = await _tiers(snap, platform_id)
    found = await run_in_threadpool(
        dependency_paths, ix, pt, node_id, limit=limit, max_length=max_length
    )
    return {
        "platform": platform_id,
        "target": node_id,
        "paths": [
            {
                "nodes": [node_ref(ix, i) for i, _ in p],
                "relationships": [typ for _, typ in p[1:] if typ is not None],
            }
            for p in found
        ],
    }


@router.get(
    "/nodes/{node_id}/where-used",
    response_model=WhereUsedPage,
    summary="Where a node is used",
    responses=problem_responses(404),
)
async def where_used(
    state: StateDep,
    node_id: NodeId,
    page: Pagination,
    kind: Annotated[NodeKind | None, Query(description="Only dependants of this kind")] = None,
) -> dict[str, Any]:
    """Every item that depends on the node (with the tier the node has below it), nearest
    first, and every platform among them."""
    ix = (await _snapshot(state)).index
    _node(ix, node_id)
    found = await run_in_threadpool(dependants_page, ix, node_id, page.offset, page.limit)
    # Dependants are items: another kind filter leaves none.
    items_only = not kind or kind == KIND_NAMES[ITEM]
    return {
        "node": node_id,
        "platforms": [node_ref(ix, i) for i in found.platforms],
        "total": found.total if items_only else 0,
        "limit": page.limit,
        "offset": page.offset,
        "items": [{**node_ref(ix, i), "distance": d} for i, d in found.rows] if items_only else [],
    }
