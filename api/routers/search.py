"""One search over organisations, facilities, items and countries (:mod:`graphmodel.search`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.models import NodeKind, SearchPublic
from api.problems import problem_responses

__all__ = ["router"]

router = APIRouter(tags=["look-ups"], responses=problem_responses(400, 401, 403, 422, 500, 503))


@router.get("/search", response_model=SearchPublic, summary="Search everything")
async def search(
    state: StateDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="Words of a name (any case and accents, part of a word, or misspelt), "
            "or a whole id, LEI, CAGE code, NSN or country code",
        ),
    ],
    kind: Annotated[
        list[NodeKind] | None, Query(description="Only these kinds (repeat for several)")
    ] = None,
    country: Annotated[
        str | None,
        Query(min_length=2, max_length=2, description="Only nodes registered or located here"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Most results")] = 20,
) -> dict[str, Any]:
    """Organisations, facilities, items and countries matching ``q``, best first: whole
    identifiers, then names (whole, word start, substring, fuzzy), then what sits in a
    country the query names. The index is built once per graph generation."""
    # The generation check is a file stat: once the index is built, a search makes no
    # thread hop and no store read (the index is built, once, in the thread pool).
    snapshot = state.snapshots.get()
    index = snapshot.built_search_index()
    if index is None:
        index = await run_in_threadpool(snapshot.search_index)
    hits = index.search(q, kinds=kind, country=country.upper() if country else None, limit=limit)
    return {"query": q, "items": [h.as_dict() for h in hits]}
