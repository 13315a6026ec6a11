"""Cypher for data specialists: the named statements of ``cypher/``, and ad-hoc
read-only statements.

Guarantees: read-only is enforced by the database (FalkorDB ``GRAPH.RO_QUERY``,
Neo4j READ access mode), never by parsing; values reach the database only as
parameters; ``LOAD CSV`` can reach no file or address because the engines are
configured so (docs/stores.md), not because the text is filtered; statements run
under shared slots, a deadline and row and byte caps (graphmodel.store.adhoc);
write-mode named statements never run here.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, Literal

from fastapi import APIRouter, Path, Query, Request

from api.deps import AnalystKey, StateDep
from api.keys import Principal
from api.limits import received_at
from api.models import AdHocQuery, NamedQueryPublic, NamedQueryRun, QueryResultPublic
from api.problems import WriteRefused, problem_responses
from api.state import AppState
from graphmodel.cypher import Query as NamedQuery
from graphmodel.cypher import all_queries, get_query
from graphmodel.errors import NotFoundError, Problem, QueryError, ValidationFailed
from graphmodel.store.base import GraphStore

__all__ = ["router"]

router = APIRouter(
    prefix="/cypher", tags=["cypher"], responses=problem_responses(400, 401, 403, 422, 500, 503)
)

QueryName = Annotated[str, Path(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.-]+$")]

_PARAM_NAME: Final = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
# How each store says "this statement writes" when run read-only.
_WRITE_MESSAGES: Final = (
    "read-only",
    "read only",
    "access mode",
    "writing in read access mode",
    "not allowed in read",
)


#: Statements of the analyst library are named ``analyst_*``; every other one is internal
#: (loading, exporting, the API's own reads).
_LIBRARY_PREFIX: Final = "analyst_"


def _group(name: str) -> str:
    return "library" if name.startswith(_LIBRARY_PREFIX) else "internal"


def _public(q: NamedQuery) -> dict[str, Any]:
    return {
        "name": q.name,
        "group": _group(q.name),
        "description": q.description,
        "params": list(q.params),
        "mode": q.mode,
        "runnable": q.mode == "read",
        "example": q.example,
        "text": q.text,
    }


def _names(store: GraphStore) -> list[str]:
    """The statements this store has: shared ones and its own forms, not the other's."""
    return sorted({name for name, kind in all_queries() if kind in (None, store.kind)})


def _check_params(params: dict[str, Any]) -> None:
    bad = [k for k in params if not _PARAM_NAME.match(k)]
    if bad:
        raise ValidationFailed(
            [Problem("body", None, f"params.{k}", "not a valid parameter name") for k in bad],
            what="request",
        )


def _run(
    state: AppState,
    principal: Principal,
    statements: list[str],
    params: dict[str, Any],
    request: Request,
) -> dict[str, Any]:
    cfg = state.settings
    try:
        rows, truncated = state.adhoc.run(
            state.store,
            statements,
            params,
            owner=principal.key_id,
            timeout_ms=cfg.query_timeout_ms,
            row_cap=cfg.query_row_cap,
            byte_cap=cfg.query_byte_cap,
            started=received_at(request),
        )
    except QueryError as exc:
        lowered = exc.message.lower()
        if any(m in lowered for m in _WRITE_MESSAGES):
            raise WriteRefused(
                "The statement writes to the graph; this endpoint is read-only and "
                "nothing was written."
            ) from exc
        raise
    columns = list(rows[0]) if rows else []
    limit = None
    if truncated:
        limit = "rows" if len(rows) >= cfg.query_row_cap else "bytes"
    return {
        "columns": columns,
        "rows": rows,
        "row_count": len(rows),
        "truncated": truncated,
        "truncated_by": limit,
    }


@router.get("/queries", response_model=list[NamedQueryPublic], summary="List named queries")
def list_queries(
    state: StateDep,
    group: Annotated[
        Literal["library", "internal"] | None,
        Query(
            description="library: the analyst queries (suppliers of a platform in a country, "
            "paths to an adversary owner, ...); internal: loading, export and the API's own"
        ),
    ] = None,
) -> list[dict[str, Any]]:
    """Every named statement in ``cypher/`` with its description, parameters and mode:
    the analyst library first, then the internal statements."""
    kind = state.store.kind
    names = sorted(_names(state.store), key=lambda n: (_group(n) != "library", n))
    return [
        _public(get_query(name, kind)) for name in names if group is None or _group(name) == group
    ]


@router.get(
    "/queries/{name}",
    response_model=NamedQueryPublic,
    summary="One named query",
    responses=problem_responses(404),
)
def get_named_query(state: StateDep, name: QueryName) -> dict[str, Any]:
    """A named statement with its text."""
    return _public(get_query(name, state.store.kind))


@router.post(
    "/queries/{name}/run",
    response_model=QueryResultPublic,
    summary="Run a read-mode named query (analyst)",
    responses=problem_responses(404),
)
def run_named_query(
    state: StateDep, principal: AnalystKey, name: QueryName, body: NamedQueryRun, request: Request
) -> dict[str, Any]:
    """Run a read-mode named statement with parameters; write-mode statements are refused
    with 403. Undeclared parameters are refused; declared ones left out are null."""
    try:
        q = get_query(name, state.store.kind)
    except NotFoundError:
        raise NotFoundError(f"No named query called {name!r}.") from None
    if q.mode != "read":
        raise WriteRefused(f"The named query {name!r} writes; write-mode queries never run here.")
    _check_params(body.params)
    unknown = sorted(set(body.params) - set(q.params))
    if unknown:
        raise ValidationFailed(
            [
                Problem("body", None, f"params.{k}", f"{name} takes no parameter {k!r}")
                for k in unknown
            ],
            what="request",
        )
    params = {p: body.params.get(p) for p in q.params}
    return _run(state, principal, q.statements, params, request)


@router.post(
    "/adhoc",
    response_model=QueryResultPublic,
    summary="Run an ad-hoc read-only statement (analyst)",
)
def run_adhoc(
    state: StateDep, principal: AnalystKey, body: AdHocQuery, request: Request
) -> dict[str, Any]:
    """Run one read-only statement with parameters, with the server's timeout and row cap.
    A statement that would write is refused by the database (403) and writes nothing."""
    _check_params(body.params)
    return _run(state, principal, [body.statement], body.params, request)
