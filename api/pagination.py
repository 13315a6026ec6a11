"""Offset pagination parameters shared by every list endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Query

__all__ = ["PageParams", "Pagination"]


@dataclass(frozen=True)
class PageParams:
    limit: int
    offset: int


async def _page(
    limit: Annotated[int, Query(ge=1, le=1000, description="Rows per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Rows to skip")] = 0,
) -> PageParams:
    return PageParams(limit, offset)


Pagination = Annotated[PageParams, Depends(_page)]
