"""Interactive API documentation at ``/docs``, served offline, and the public OpenAPI document.

FastAPI's default docs pages load Swagger UI and ReDoc from a CDN. Here their
JavaScript and CSS come from the ``fastapi-offline`` package's static files (Swagger
UI 5, which reads OpenAPI 3.1), served by this API, so the pages work air-gapped; their
Content-Security-Policy allows nothing from another origin.
The OpenAPI document describes the API and holds no data, so it needs no key; every
call made from the page still does (the page's "Authorize" button takes it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final

from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse

from graphmodel.errors import NotFoundError

__all__ = ["DOCS_CSP", "docs_router"]

#: Swagger UI and ReDoc need their own script and style files and one inline start-up
#: script; ReDoc runs its renderer in a blob: worker.
DOCS_CSP: Final = (
    "default-src 'none'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src blob:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
#: The only files that are served.
_ASSETS: Final = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}


def _assets_dir() -> Path:
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def _headers(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = DOCS_CSP
    page.headers["X-Content-Type-Options"] = "nosniff"
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


def docs_router(app: FastAPI, openapi: Any, openapi_url: str) -> APIRouter:
    """The ``/docs`` page, its assets and the public ``openapi_url``."""
    router = APIRouter(include_in_schema=False)

    @router.get(openapi_url)
    async def openapi_document() -> JSONResponse:
        return JSONResponse(openapi())

    @router.get("/docs", response_class=HTMLResponse)
    async def docs_page() -> HTMLResponse:
        page = get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title}: interactive documentation",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon.png",
            # No validator badge: it would call an outside service.
            swagger_ui_parameters={"validatorUrl": None, "persistAuthorization": False},
        )
        return _headers(page)

    @router.get("/redoc", response_class=HTMLResponse)
    async def redoc_page() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title}: reference",
            redoc_js_url="/docs/assets/redoc.standalone.js",
            redoc_favicon_url="/docs/assets/favicon.png",
            with_google_fonts=False,
        )
        return _headers(page)

    @router.get("/docs/assets/{name}")
    async def docs_asset(name: str) -> FileResponse:
        media = _ASSETS.get(name)
        if media is None:
            raise NotFoundError(f"No documentation asset called {name!r}.")
        return FileResponse(
            _assets_dir() / name,
            media_type=media,
            headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
        )

    return router
