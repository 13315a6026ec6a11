"""Bound request bodies: refuse by Content-Length up front, and count while streaming."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.problems import problem_response

__all__ = ["BodyLimitExceeded", "BodySizeLimitMiddleware"]


class BodyLimitExceeded(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit.

    An HTTPException, because FastAPI turns any other error raised while it
    reads a body into a 400.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit:,} bytes.")


class BodySizeLimitMiddleware:
    """Pure ASGI middleware; ``max_bytes`` applies to every request body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", ()):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = -1
                if declared > self.max_bytes or declared < 0:
                    response = problem_response(
                        413 if declared >= 0 else 400,
                        "body-too-large" if declared >= 0 else "bad-request",
                        "Request body too large" if declared >= 0 else "Bad request",
                        f"The request body is larger than the limit of {self.max_bytes:,} bytes."
                        if declared >= 0
                        else "The Content-Length header is not a number.",
                        instance=scope.get("path"),
                    )
                    await response(scope, receive, send)
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyLimitExceeded(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)
