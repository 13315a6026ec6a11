"""The analyst's pages (:mod:`api.pages`): static shells, no data and no key, like ``/``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse, Response

from api.html import HOME_CSP, html_response
from api.pages import page_html, world_map_json

__all__ = ["router"]

router = APIRouter(prefix="/pages", include_in_schema=False)

NodeId = Annotated[str, Path(min_length=1, max_length=200)]


@router.get("/platforms/{platform_id}", response_class=HTMLResponse)
async def platform_page(platform_id: NodeId) -> HTMLResponse:
    """Findings tables linking to their evidence and focusing it in the view."""
    return html_response(page_html("platform"), csp=HOME_CSP)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
async def organisation_page(organisation_id: NodeId) -> HTMLResponse:
    """Supplies, where used, ownership up and down, designations, reasons."""
    return html_response(page_html("organisation"), csp=HOME_CSP)


@router.get("/adversary-links", response_class=HTMLResponse)
async def adversary_links_page() -> HTMLResponse:
    """Adversary-linked nodes, filterable by platform, reason, country and list."""
    return html_response(page_html("adversary-links"), csp=HOME_CSP)


@router.get("/scenarios", response_class=HTMLResponse)
async def scenarios_page() -> HTMLResponse:
    """Run a preset or a removal, read the result, save it."""
    return html_response(page_html("scenarios"), csp=HOME_CSP)


@router.get("/map", response_class=HTMLResponse)
async def map_page() -> HTMLResponse:
    """Facilities by country on the bundled Natural Earth 1:110m map."""
    return html_response(page_html("map"), csp=HOME_CSP)


@router.get("/assets/world-110m.json")
async def world_map() -> Response:
    """Country outlines only (public-domain Natural Earth data); no supplynet data."""
    return Response(
        world_map_json(),
        media_type="application/json",
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )
