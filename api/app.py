"""The FastAPI application: :func:`create_app` with a lifespan that opens the store."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool
from starlette.types import Scope

from api.deps import reject_unknown_query, require_role
from api.keys import Role
from api.limits import ArrivalTimeMiddleware, BodySizeLimitMiddleware
from api.problems import ProblemDetail, install_problem_handlers
from api.routers import (
    admin,
    analysis,
    bundles,
    cypher,
    dependencies,
    findings,
    health,
    home,
    lookups,
    matches,
    pages,
    plans,
    runs,
    scenarios,
    search,
    views,
)
from api.routers.docs import docs_router
from api.state import AppState
from graphmodel.settings import Settings
from graphmodel.store import open_store

__all__ = ["API_PREFIX", "create_app"]

API_PREFIX = "/v1"

_DESCRIPTION = """\
Query a defence supply network: look-ups, tiered dependencies, analysis results,
interactive graph views, what-if scenarios, imports and exports, and Cypher for
data specialists.

Interactive documentation: `GET /docs` (offline; no key to read it, a key to try calls).
Every endpoint except `GET /v1/health` and this document needs an API key sent as
`Authorization: Bearer sn_...`. Roles: viewer (read), analyst (+ Cypher),
editor (+ imports, analysis runs), admin (+ keys and the audit log).
Errors are RFC 9457 `application/problem+json`. The graph views
(`.../graph.html`) are self-contained HTML pages; `GET /` (no key) is a small
page that asks for a key and shows the platforms and their views.
"""


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = ProblemDetail.model_json_schema(ref_template="#/components/schemas/{model}")
    for name, sub in problem.pop("$defs", {}).items():
        components.setdefault(name, sub)
    components["Problem"] = problem
    app.openapi_schema = schema
    return schema


def _key_is_valid(scope: Scope, secret: str) -> bool:
    state: AppState | None = getattr(scope["app"].state, "supplynet", None)
    return state is not None and state.keys.authenticate(secret) is not None


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the API for ``settings`` (default: from the environment).

    The store is opened when the app starts (lifespan) and closed when it stops.
    """
    cfg = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = await run_in_threadpool(open_store, cfg)
        try:
            await run_in_threadpool(store.ensure_schema)
            app.state.supplynet = AppState.open(cfg, store)
            yield
        finally:
            store.close()

    app = FastAPI(
        title="supplynet API",
        version="1.0.0",
        description=_DESCRIPTION,
        lifespan=lifespan,
        # The spec is served under /v1 behind a key, like everything but the health check.
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
    )
    install_problem_handlers(app)
    app.add_middleware(
        BodySizeLimitMiddleware,
        max_bytes=cfg.max_request_bytes,
        upload_bytes=cfg.max_upload_bytes,
        upload_prefixes=(f"{API_PREFIX}/imports",),
        protected_prefix=f"{API_PREFIX}/",
        authenticate=_key_is_valid,
    )
    # Added last, so outermost: a request's clock starts before anything else runs.
    app.add_middleware(ArrivalTimeMiddleware)

    app.include_router(home.router)
    app.include_router(pages.router)
    app.include_router(matches.page_router)
    # Authenticated routes refuse unknown query parameters once the key is checked.
    app.include_router(
        health.router, prefix=API_PREFIX, dependencies=[Depends(reject_unknown_query)]
    )
    viewer = [Depends(require_role(Role.VIEWER))]
    for module in (
        lookups,
        search,
        dependencies,
        analysis,
        findings,
        views,
        scenarios,
        plans,
        bundles,
        cypher,
        admin,
        matches,
        runs,
    ):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=viewer)

    # The OpenAPI document holds no data: public, like the offline /docs page that reads it.
    app.include_router(docs_router(app, lambda: _openapi(app), f"{API_PREFIX}/openapi.json"))
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app
