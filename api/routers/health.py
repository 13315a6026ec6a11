"""Health: the one endpoint that answers without a key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from api.deps import StateDep
from api.models import HealthPublic
from api.problems import problem_responses

__all__ = ["router"]

router = APIRouter(tags=["health"])

_VERSION = "0.1.0"


@router.get(
    "/health",
    response_model=HealthPublic,
    summary="Liveness and store reachability (no key needed)",
    responses={
        503: {"model": HealthPublic, "description": "The store is unreachable"},
        **problem_responses(422, 500),
    },
)
async def health(state: StateDep) -> Any:
    """``ok`` when the server runs and the store answers; 503 ``degraded`` otherwise."""
    alive = await run_in_threadpool(state.store.ping)
    body = {
        "status": "ok" if alive else "degraded",
        "store": "ok" if alive else "unreachable",
        "version": _VERSION,
    }
    return body if alive else JSONResponse(body, status_code=503)
