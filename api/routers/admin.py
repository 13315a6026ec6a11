"""Administration: API keys and the audit log (admin role)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import AdminKey, StateDep
from api.models import AuditPage, KeyCreate, KeyCreatedPublic, KeyPublic
from api.pagination import Pagination
from api.problems import problem_responses
from graphmodel.errors import NotFoundError

__all__ = ["router"]

router = APIRouter(tags=["admin"], responses=problem_responses(400, 401, 403, 422, 500))

KeyId = Annotated[str, Path(min_length=1, max_length=100)]


@router.get("/keys", response_model=list[KeyPublic], summary="List API keys")
def list_api_keys(state: StateDep, principal: AdminKey) -> list[dict[str, Any]]:
    """Every key's id, role, note and dates; never a secret."""
    return state.keys.list()


@router.post("/keys", response_model=KeyCreatedPublic, status_code=201, summary="Create an API key")
def create_api_key(state: StateDep, principal: AdminKey, body: KeyCreate) -> dict[str, Any]:
    """Create a key; the secret is in this response only."""
    key_id, secret = state.keys.create(body.role, body.note)
    state.audit.record(
        principal.key_id, "key.create", key_id, "ok", {"role": body.role, "note": body.note}
    )
    return {**state.keys.get(key_id), "secret": secret}


@router.delete(
    "/keys/{key_id}",
    response_model=KeyPublic,
    summary="Revoke an API key",
    responses=problem_responses(404),
)
def revoke_api_key(state: StateDep, principal: AdminKey, key_id: KeyId) -> dict[str, Any]:
    """Revoke a key at once; revoking twice is harmless."""
    try:
        record = state.keys.revoke(key_id)
    except NotFoundError:
        state.audit.record(principal.key_id, "key.revoke", key_id, "not-found")
        raise
    state.audit.record(principal.key_id, "key.revoke", key_id, "ok")
    return record


@router.get("/audit", response_model=AuditPage, summary="Read the audit log")
def read_audit(
    state: StateDep,
    principal: AdminKey,
    page: Pagination,
    action: Annotated[
        str | None,
        Query(
            pattern=r"^[a-z.]+$",
            max_length=50,
            description="Only this action: import, analysis.run, key.create, key.revoke",
        ),
    ] = None,
) -> dict[str, Any]:
    """Every write (imports, analysis runs, key changes): who, when, what and the outcome,
    newest first."""
    total, rows = state.audit.page(limit=page.limit, offset=page.offset, action=action)
    return {"total": total, "limit": page.limit, "offset": page.offset, "items": rows}
