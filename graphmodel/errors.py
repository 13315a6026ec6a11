"""One error hierarchy for the whole product.

Every error a user can cause is a :class:`SupplynetError`. The CLI prints its
message as one sentence; the API maps ``status`` to an RFC 9457 problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "BundleError",
    "GraphChangedError",
    "LoadInProgressError",
    "NotFoundError",
    "Problem",
    "QueryBusyError",
    "QueryError",
    "StoreError",
    "StoreUnavailableError",
    "SupplynetError",
    "ValidationFailed",
]


class SupplynetError(Exception):
    """Base class: a message fit for a user, an HTTP status and a short slug."""

    status: int = 400
    slug: str = "bad-request"
    title: str = "Bad request"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra


class NotFoundError(SupplynetError):
    status = 404
    slug = "not-found"
    title = "Not found"


class StoreError(SupplynetError):
    status = 500
    slug = "store-error"
    title = "Store error"


class StoreUnavailableError(StoreError):
    status = 503
    slug = "store-unavailable"
    title = "Store unavailable"


class LoadInProgressError(SupplynetError):
    """Another load into the same graph holds the load lock."""

    status = 409
    slug = "load-in-progress"
    title = "Load in progress"


class GraphChangedError(SupplynetError):
    """The graph changed under a computation whose result would describe the old one."""

    status = 409
    slug = "graph-changed"
    title = "Graph changed"


class QueryError(SupplynetError):
    """A Cypher statement was refused (syntax, write in read-only mode, timeout)."""

    status = 422
    slug = "query-error"
    title = "Query refused"


class QueryBusyError(SupplynetError):
    """No query slot is free (all are in use, or this caller already has its share)."""

    status = 429
    slug = "too-many-queries"
    title = "Too many queries"
    retry_after_s = 1


@dataclass(frozen=True, order=True)
class Problem:
    """One problem found in user input, located as precisely as we can."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


class BundleError(SupplynetError):
    """A bundle could not be read at all (missing path, unknown format)."""

    status = 422
    slug = "bad-bundle"
    title = "Bundle refused"


class ValidationFailed(SupplynetError):
    """Input failed validation; ``problems`` lists every problem found."""

    status = 422
    slug = "validation-failed"
    title = "Validation failed"

    #: Problems kept (the first ones, in file/line order); ``total`` counts them all.
    MAX_PROBLEMS = 1_000

    def __init__(self, problems: list[Problem], what: str = "bundle") -> None:
        ordered = sorted(problems, key=lambda p: (p.file, p.line or 0, p.column or ""))
        n = len(ordered)
        self.total = n
        self.problems = ordered[: self.MAX_PROBLEMS]
        first = str(self.problems[0]) if self.problems else ""
        more = f" (and {n - 1} more)" if n > 1 else ""
        super().__init__(f"The {what} has {n} problem{'s' if n != 1 else ''}: {first}{more}")
