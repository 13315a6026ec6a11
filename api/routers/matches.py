"""Entity resolution: candidate matches, review decisions, and the review page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from api.deps import EditorKey, StateDep
from api.html import HOME_CSP, html_response
from api.problems import problem_responses
from api.reviewpage import REVIEW_HTML

__all__ = ["page_router", "router"]

router = APIRouter(tags=["matches"], responses=problem_responses(400, 401, 403, 422, 500, 503))
page_router = APIRouter()


class DecisionIn(BaseModel):
    left: str = Field(min_length=1, max_length=300, description="Your record's id")
    right: str = Field(min_length=1, max_length=300, description="The registry record's id")
    decision: Literal["same", "not_same", "unsure"]


@router.get("/matches", summary="Candidate matches between your records and registry records")
def list_matches(
    state: StateDep,
    threshold: Annotated[
        float | None, Query(ge=0, le=1, description="Propose pairs from this score")
    ] = None,
    left: Annotated[
        str | None, Query(max_length=100, description="Left records' dataset prefix")
    ] = None,
    right: Annotated[
        str | None, Query(max_length=100, description="Right records' dataset prefix")
    ] = None,
    undecided: Annotated[bool, Query(description="Only pairs without a decision")] = False,
) -> dict[str, Any]:
    """Each pair with both records, its score, the features that produced it, whether it is
    proposed (score at or above the threshold) and its decision, if any."""
    from graphmodel.matching import DEFAULT_THRESHOLD, find_matches

    return find_matches(
        state.store,
        threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
        left_dataset=left,
        right_dataset=right,
        include_decided=not undecided,
    )


@router.post(
    "/matches/decisions",
    summary="Record a review decision (editor)",
    responses=problem_responses(404),
)
async def record_decision(
    body: DecisionIn, state: StateDep, principal: EditorKey
) -> dict[str, Any]:
    """``same`` links the two records (a ``SAME_AS`` edge) so the registry's ownership and
    designations reach your record in the analysis; ``not_same`` and ``unsure`` are kept so
    the pair is not proposed as new again. Decisions survive reloads and exports."""
    from graphmodel.matching import decide

    def run() -> dict[str, Any]:
        with state.write_lock:
            row = decide(
                state.store, body.left, body.right, body.decision, decided_by=principal.key_id
            )
            return row

    row = await run_in_threadpool(run)
    state.audit.record(
        principal.key_id,
        "match.decide",
        f"{body.left}|{body.right}",
        "ok",
        {"decision": body.decision},
    )
    return row


@page_router.get("/review", include_in_schema=False, response_class=HTMLResponse)
async def review_page() -> HTMLResponse:
    """The review page: asks for a key once (kept in the tab), then lists pairs to decide."""
    return html_response(REVIEW_HTML, csp=HOME_CSP)
