"""RFC 9457 problem details: one error model, one set of handlers, declared in OpenAPI.

Every error leaves the API as ``application/problem+json``. Errors a user can
cause are :class:`graphmodel.errors.SupplynetError` subclasses, whose
``status``, ``slug`` and ``title`` become the problem's ``status``, ``type``
and ``title``; ``ValidationFailed`` adds the extension member ``problems``.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, Final

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from graphmodel.errors import Problem, QueryBusyError, SupplynetError, ValidationFailed

__all__ = [
    "PROBLEM_MEDIA_TYPE",
    "AuthenticationRequired",
    "BodyTooLarge",
    "Forbidden",
    "InputProblem",
    "NotAvailable",
    "ProblemDetail",
    "WriteRefused",
    "install_problem_handlers",
    "problem_response",
    "problem_responses",
]

log = logging.getLogger("supplynet.api")

PROBLEM_MEDIA_TYPE: Final = "application/problem+json"
_TYPE_BASE: Final = "urn:supplynet:problem:"
_MAX_DETAIL: Final = 600


class AuthenticationRequired(SupplynetError):
    """No key, an unknown key or a revoked key: one answer for all three."""

    status = 401
    slug = "unauthenticated"
    title = "Authentication required"


class Forbidden(SupplynetError):
    """The key is valid but its role does not allow the operation."""

    status = 403
    slug = "forbidden"
    title = "Forbidden"


class WriteRefused(Forbidden):
    """A statement tried to write (or read files) through a read-only endpoint."""

    slug = "write-refused"
    title = "Write refused"


class BodyTooLarge(SupplynetError):
    """The request body is larger than ``settings.max_upload_bytes``."""

    status = 413
    slug = "body-too-large"
    title = "Request body too large"


class NotAvailable(SupplynetError):
    """A result that does not exist yet (no analysis has run)."""

    status = 404
    slug = "not-available"
    title = "Not available"


class InputProblem(BaseModel):
    """One problem found in the input, located as precisely as possible."""

    file: str = Field(description="Bundle file or request part ('query', 'body', 'path')")
    line: int | None = Field(default=None, description="1-based line (CSV) or row number")
    column: str | None = Field(default=None, description="Column or field name")
    message: str


class ProblemDetail(BaseModel):
    """An RFC 9457 problem details object."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(description="URI identifying the problem type")
    title: str = Field(description="Short summary of the problem type")
    status: int = Field(description="HTTP status code")
    detail: str = Field(description="Explanation of this occurrence, one sentence")
    instance: str | None = Field(default=None, description="The request path")
    problems: list[InputProblem] | None = Field(
        default=None,
        description="The problems found in the input (validation failures), the first 1,000",
    )
    problems_total: int | None = Field(
        default=None, description="How many problems were found in all (the list is capped)"
    )


def problem_response(
    status: int,
    slug: str,
    title: str,
    detail: str,
    *,
    instance: str | None = None,
    problems: list[dict[str, Any]] | None = None,
    problems_total: int | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """Build an ``application/problem+json`` response.

    Examples
    --------
    >>> r = problem_response(404, "not-found", "Not found", "No item 'x'.")
    >>> r.status_code, r.media_type
    (404, 'application/problem+json')
    """
    if len(detail) > _MAX_DETAIL:
        # Store errors can echo a whole statement back; keep problems short.
        detail = detail[: _MAX_DETAIL - 3] + "..."
    body: dict[str, Any] = {
        "type": _TYPE_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance is not None:
        body["instance"] = instance
    if problems is not None:
        body["problems"] = problems
        # The list is capped (ValidationFailed.MAX_PROBLEMS); the count is not.
        body["problems_total"] = len(problems) if problems_total is None else problems_total
    return JSONResponse(body, status_code=status, media_type=PROBLEM_MEDIA_TYPE, headers=headers)


def _from_supplynet(request: Request, exc: SupplynetError) -> JSONResponse:
    problems = None
    total = None
    if isinstance(exc, ValidationFailed):
        problems = [p.as_dict() for p in exc.problems]
        total = exc.total
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    if isinstance(exc, QueryBusyError):
        headers = {"Retry-After": str(exc.retry_after_s)}
    if exc.status >= 500:
        log.error("store failure on %s: %s", request.url.path, exc.message)
    return problem_response(
        exc.status,
        exc.slug,
        exc.title,
        exc.message,
        instance=request.url.path,
        problems=problems,
        problems_total=total,
        headers=headers,
    )


def _request_problems(exc: RequestValidationError) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        where = loc[0] if loc else "request"
        out.append(
            Problem(where, None, ".".join(loc[1:]) or None, str(err.get("msg", ""))).as_dict()
        )
    return out


async def _supplynet_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SupplynetError)
    return _from_supplynet(request, exc)


async def _validation_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    whole_body = any(tuple(e.get("loc", ())) == ("body",) for e in exc.errors())
    sent_body = request.headers.get("content-length", "0") not in ("", "0") or (
        "transfer-encoding" in request.headers
    )
    if whole_body and sent_body and media != "application/json":
        # FastAPI reads a body that is not declared JSON as a string, and its message
        # ("Input should be a valid dictionary") hides the real mistake.
        sent = media or "no Content-Type"
        return problem_response(
            415,
            "unsupported-media-type",
            "Unsupported media type",
            f"Send the request body as JSON with 'Content-Type: application/json' "
            f"(this request sent {sent}).",
            instance=request.url.path,
        )
    problems = _request_problems(exc)
    first = f"{problems[0]['file']} {problems[0]['column'] or ''}: {problems[0]['message']}"
    return problem_response(
        422,
        "invalid-request",
        "Invalid request",
        f"The request has {len(problems)} problem(s); first: {first.strip()}",
        instance=request.url.path,
        problems=problems,
    )


_HTTP_SLUGS: Final = {413: BodyTooLarge.slug, 401: AuthenticationRequired.slug}


async def _http_handler(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "Error"
    slug = _HTTP_SLUGS.get(exc.status_code) or phrase.lower().replace(" ", "-")
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    headers = dict(exc.headers) if exc.headers else {}
    if exc.status_code == 405:
        # Starlette names only the first route's methods; list every route on the path.
        headers["Allow"] = ", ".join(_allowed_methods(request))
    return problem_response(
        exc.status_code,
        slug,
        phrase,
        detail,
        instance=request.url.path,
        headers=headers or None,
    )


def _allowed_methods(request: Request) -> list[str]:
    methods: set[str] = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    # The traceback goes to the server log, never to the client.
    log.exception("unexpected error on %s", request.url.path, exc_info=exc)
    return problem_response(
        500,
        "internal-error",
        "Internal server error",
        "The server hit an unexpected error; the operator can find it in the server log.",
        instance=request.url.path,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Map every error to a problem+json response on ``app``."""
    app.add_exception_handler(SupplynetError, _supplynet_handler)
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(StarletteHTTPException, _http_handler)
    app.add_exception_handler(Exception, _unexpected_handler)


_DESCRIPTIONS: Final = {
    400: "Bad request",
    401: "No key, an unknown key or a revoked key",
    403: "The key's role does not allow this operation",
    404: "Not found",
    413: "Request body too large",
    422: "Invalid input; `problems` lists every problem",
    500: "Unexpected server error",
    503: "The store is unavailable",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries declaring problem+json bodies for ``statuses``.

    Examples
    --------
    >>> sorted(problem_responses(401, 403))
    [401, 403]
    >>> list(problem_responses(404)[404]["content"])
    ['application/problem+json']
    """
    ref = {"$ref": "#/components/schemas/Problem"}
    return {
        s: {
            "description": _DESCRIPTIONS.get(s, "Error"),
            "content": {PROBLEM_MEDIA_TYPE: {"schema": ref}},
        }
        for s in statuses
    }
