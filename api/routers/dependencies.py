"""Tiered dependencies: a platform's upstream nodes (flat and as a tree), paths, where-used."""

from __future__ import annotations

import json
from itertools import pairwise
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.depindex import DependencyIndex, NodeInfo, PlatformTiers
from api.deps import StateDep
from api.fastpath import raw_page_key
from api.models import (
    LABEL_OF_KIND,
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
from graphmodel.errors import NotFoundError

__all__ = ["router"]

router = APIRouter(tags=["dependencies"], responses=problem_responses(400, 401, 403, 422, 500, 503))

PlatformId = Annotated[str, Path(min_length=1, max_length=200, description="Platform item id")]
NodeId = Annotated[str, Path(min_length=1, max_length=200)]
MaxTier = Annotated[int | None, Query(ge=0, le=1000, description="Deepest tier to include")]
# As api.pagination's, declared inline on the hot path to save a dependency per request.
Limit = Annotated[int, Query(ge=1, le=1000, description="Rows per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")]


def _ref(n: NodeInfo) -> dict[str, Any]:
    return {"id": n.id, "label": n.label, "name": n.name, "kind": n.kind, "country": n.country}


async def _index(state: AppState) -> DependencyIndex:
    """The current index; (re)building it is slow, so that happens in the thread pool."""
    index = state.index.current()
    return index if index is not None else await run_in_threadpool(state.index.get)


async def _tiers(index: DependencyIndex, platform_id: str) -> PlatformTiers:
    cached = index.cached_tiers(platform_id)
    return cached if cached is not None else await run_in_threadpool(index.tiers, platform_id)


def _platform(index: DependencyIndex, platform_id: str) -> None:
    n = index.nodes.get(platform_id)
    if n is None or n.label != "Item":
        raise NotFoundError(f"No item with id {platform_id!r}.")


@router.get("/platforms", response_model=PlatformPage, summary="List platforms")
def list_platforms(state: StateDep, page: Pagination) -> dict[str, Any]:
    """Items of kind ``platform``, ordered by id."""
    platforms = state.index.get().platforms
    return {
        "total": len(platforms),
        "limit": page.limit,
        "offset": page.offset,
        "items": [_ref(n) for n in platforms[page.offset : page.offset + page.limit]],
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
    index = await _index(state)
    key = (platform_id, limit, offset, max_tier, kind, country, adversary_linked)
    version = state.results.version()
    body = index.cached_page(key, version)
    if body is None:
        _platform(index, platform_id)
        tiers = await _tiers(index, platform_id)
        body = _dependency_page(index, tiers, state.results.adversary_linked(), *key[1:])
        index.cache_page(key, version, body)
    # Also under this exact request line, for api.fastpath to answer repeats of it.
    raw = raw_page_key(request.scope["path"], request.scope.get("query_string", b""))
    index.cache_page(raw, version, body)
    return Response(body, media_type="application/json")


def _dependency_page(
    index: DependencyIndex,
    tiers: PlatformTiers,
    flagged: set[str] | None,
    limit: int,
    offset: int,
    max_tier: int | None,
    kind: str | None,
    country: str | None,
    adversary_linked: bool,
) -> bytes:
    only = (flagged or set()) if adversary_linked else None
    rows = tiers.select(
        max_tier=max_tier,
        label=LABEL_OF_KIND[kind] if kind else None,
        country=country,
        only=only,
    )
    chunk = rows[offset : offset + limit]
    head = {
        "platform": tiers.platform,
        "max_tier_present": tiers.entries[-1].tier if tiers.entries else 0,
        "total": len(rows),
        "limit": limit,
        "offset": offset,
    }
    items = ",".join(
        f'{{{index.ref_json(e.node)},"tier":{e.tier},"adversary_linked":'
        f"{_flag(flagged, e.node.id)}}}"
        for e in chunk
    )
    # Assembled from cached JSON fragments of the index's typed records: encoding
    # the same nodes on every request was most of the cost. The schema test checks
    # the result against DependencyPage.
    text = json.dumps(head, separators=(",", ":"))[:-1] + ',"items":[' + items + "]}"
    return text.encode()


def _flag(flagged: set[str] | None, node_id: str) -> str:
    if flagged is None:
        return "null"
    return "true" if node_id in flagged else "false"


@router.get(
    "/platforms/{platform_id}/tree",
    response_model=TreePublic,
    summary="Dependency tree of a platform",
    responses=problem_responses(404),
)
def platform_tree(
    state: StateDep,
    platform_id: PlatformId,
    max_tier: MaxTier = None,
    max_nodes: Annotated[int, Query(ge=1, le=20_000, description="Stop after this many")] = 2000,
) -> dict[str, Any]:
    """The platform's dependencies as a tree. A node met a second time appears with
    ``repeated: true`` and no children."""
    index = state.index.get()
    _platform(index, platform_id)
    root, count, truncated = index.tree(platform_id, max_tier=max_tier, max_nodes=max_nodes)
    return {"platform": platform_id, "node_count": count, "truncated": truncated, "root": root}


@router.get(
    "/platforms/{platform_id}/paths/{node_id}",
    response_model=PathsPublic,
    summary="Dependency paths from a platform to a node",
    responses=problem_responses(404),
)
def platform_paths(
    state: StateDep,
    platform_id: PlatformId,
    node_id: NodeId,
    limit: Annotated[int, Query(ge=1, le=100, description="Most paths to return")] = 10,
    max_length: Annotated[int, Query(ge=1, le=50, description="Longest path, in hops")] = 12,
) -> dict[str, Any]:
    """The shortest simple dependency paths from the platform to the node, shortest first;
    an empty list when the platform does not depend on the node."""
    index = state.index.get()
    _platform(index, platform_id)
    if node_id not in index.nodes:
        raise NotFoundError(f"No item, organisation, facility or country with id {node_id!r}.")
    found = index.paths(platform_id, node_id, limit=limit, max_length=max_length)
    return {
        "platform": platform_id,
        "target": node_id,
        "paths": [
            {
                "nodes": [_ref(index.nodes[n]) for n in p],
                "relationships": [index.edge_type(a, b) or "" for a, b in pairwise(p)],
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
def where_used(
    state: StateDep,
    node_id: NodeId,
    page: Pagination,
    kind: Annotated[NodeKind | None, Query(description="Only dependants of this kind")] = None,
) -> dict[str, Any]:
    """Every item (and organisation or facility, for countries) that depends on the node,
    nearest first, and every platform among them."""
    index = state.index.get()
    if node_id not in index.nodes:
        raise NotFoundError(f"No item, organisation, facility or country with id {node_id!r}.")
    rows = index.where_used(node_id)
    platforms = sorted(
        (n for n, _ in rows if n.label == "Item" and n.kind == "platform"), key=lambda n: n.id
    )
    if kind:
        rows = [r for r in rows if r[0].label == LABEL_OF_KIND[kind]]
    chunk = rows[page.offset : page.offset + page.limit]
    return {
        "node": node_id,
        "platforms": [_ref(n) for n in platforms],
        "total": len(rows),
        "limit": page.limit,
        "offset": page.offset,
        "items": [{**_ref(n), "distance": d} for n, d in chunk],
    }
