"""The home page ``/``: a static shell, no data and no key (see :mod:`api.homepage`)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from api.homepage import HOME_HTML
from api.html import HOME_CSP, html_response

__all__ = ["router"]

router = APIRouter()


@router.get("/", include_in_schema=False, response_class=HTMLResponse)
async def home() -> HTMLResponse:
    """The page that asks for a key once and shows the platforms and their views."""
    return html_response(HOME_HTML, csp=HOME_CSP)
