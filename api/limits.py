"""Bound requests: bodies (refused by Content-Length up front, counted while streaming)
and time (each request's arrival is stamped, so a time limit counts from it)."""

from __future__ import annotations

import time
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response

__all__ = ["ArrivalTimeMiddleware", "BodyLimitExceeded", "BodySizeLimitMiddleware", "received_at"]

_RECEIVED_AT = "supplynet_received_at"


class ArrivalTimeMiddleware:
    """Pure ASGI middleware (outermost): stamps when each request arrived.

    The ad-hoc query deadline counts from here, not from when the handler got
    to it: measured on Neo4j, a module's first request spent 93 ms in
    authentication and set-up before the query runner started its clock, and
    its caller waited 2.26 s against a 2 s limit.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope.setdefault("state", {})[_RECEIVED_AT] = time.monotonic()
        await self.app(scope, receive, send)


def received_at(request: Request) -> float | None:
    """When ``request`` arrived (:func:`time.monotonic`), if the middleware stamped it."""
    value = getattr(request.state, _RECEIVED_AT, None)
    return float(value) if value is not None else None


class BodyLimitExceeded(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit.

    An HTTPException, because FastAPI turns any other error raised while it
    reads a body into a 400.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit:,} bytes.")


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value)
    return None


class BodySizeLimitMiddleware:
    """Pure ASGI middleware: before any byte of a body is read, refuse it when it is
    too large for its endpoint, or when it comes without a valid key.

    FastAPI reads and parses a JSON body before it runs the dependencies that check
    the key, so without this an unauthenticated client could make the server parse
    a 180 MB document before it answers 401. Limits: ``upload_bytes`` for the
    paths in ``upload_prefixes`` (bundle and source imports), ``max_bytes`` for
    every other body (JSON requests are small). ``authenticate`` checks a bearer
    secret with the app's own key ring (the dependency checks it again with the
    role; one implementation, ``api.keys.KeyRing.authenticate``).
    """

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        *,
        upload_bytes: int | None = None,
        upload_prefixes: tuple[str, ...] = (),
        protected_prefix: str | None = None,
        authenticate: Callable[[Scope, str], bool] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.upload_bytes = upload_bytes if upload_bytes is not None else max_bytes
        self.upload_prefixes = upload_prefixes
        self.protected_prefix = protected_prefix
        self.authenticate = authenticate

    def _limit(self, path: str) -> int:
        if any(path.startswith(p) for p in self.upload_prefixes):
            return self.upload_bytes
        return self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = str(scope.get("path", ""))
        limit = self._limit(path)
        length = _header(scope, b"content-length")
        has_body = _header(scope, b"transfer-encoding") is not None
        if length is not None:
            try:
                declared = int(length)
            except ValueError:
                declared = -1
            if declared < 0:
                await problem_response(
                    400, "bad-request", "Bad request",
                    "The Content-Length header is not a number.", instance=path,
                )(scope, receive, send)  # fmt: skip
                return
            has_body = has_body or declared > 0
            if declared > limit:
                await problem_response(
                    413,
                    "body-too-large",
                    "Request body too large",
                    f"The request body is larger than the limit of {limit:,} bytes.",
                    instance=path,
                )(scope, receive, send)
                return
        if (
            has_body
            and self.authenticate is not None
            and self.protected_prefix is not None
            and path.startswith(self.protected_prefix)
        ):
            auth = (_header(scope, b"authorization") or b"").decode("latin-1")
            scheme, _, secret = auth.partition(" ")
            if scheme.lower() != "bearer" or not self.authenticate(scope, secret.strip()):
                await problem_response(
                    401,
                    "unauthenticated",
                    "Authentication required",
                    "A valid API key is required: send it as 'Authorization: Bearer sn_...'.",
                    instance=path,
                    headers={"WWW-Authenticate": "Bearer"},
                )(scope, receive, send)
                return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise BodyLimitExceeded(limit)
            return message

        await self.app(scope, counting_receive, send)
