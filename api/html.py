"""HTML responses: a Content-Security-Policy that forbids every external source.

The views and the home page are self-contained (inline script and style, no
external URL), so the policy allows inline code and ``data:`` images and
nothing else; the home page may also ``fetch`` from its own origin. A page
that tried to load anything from another host would be blocked by the
browser, not only by our own tests.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi.responses import HTMLResponse

__all__ = [
    "HOME_CSP",
    "VIEW_CSP",
    "html_response",
    "html_responses",
]

_COMMON: Final = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; base-uri 'none'; form-action 'none'"
)

#: Graph views: nothing but their own inline code; never framed by URL (the home page
#: shows them through ``srcdoc``, which carries no response headers).
VIEW_CSP: Final = f"{_COMMON}; frame-ancestors 'none'"

#: The home page additionally fetches JSON from this server (with the key) and shows
#: views in ``srcdoc`` frames, which inherit this policy.
HOME_CSP: Final = f"{_COMMON}; connect-src 'self'; frame-ancestors 'none'"


def html_response(text: str, *, csp: str = VIEW_CSP) -> HTMLResponse:
    """``text`` as ``text/html`` with the security headers every HTML page gets.

    Examples
    --------
    >>> r = html_response("<p>hi</p>")
    >>> r.media_type, r.headers["content-security-policy"].startswith("default-src 'none'")
    ('text/html', True)
    """
    return HTMLResponse(
        text,
        headers={
            "Content-Security-Policy": csp,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            # Views hold sensitive data: never keep them in a shared cache.
            "Cache-Control": "no-store",
        },
    )


def html_responses(description: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI ``responses`` entry of a 200 ``text/html`` answer."""
    return {
        200: {
            "description": description,
            "content": {"text/html": {"schema": {"type": "string"}}},
        }
    }
