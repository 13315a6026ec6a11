"""Look-ups and search: items, organisations, facilities and countries."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import StoreDep
from api.models import (
    CountryPage,
    CountryPublic,
    FacilityPage,
    FacilityPublic,
    ItemPage,
    ItemPublic,
    OrganisationPage,
    OrganisationPublic,
)
from api.pagination import Pagination
from api.problems import problem_responses
from graphmodel.analysis.writeback import decode_properties
from graphmodel.errors import NotFoundError
from graphmodel.store.base import GraphStore

__all__ = ["router"]

router = APIRouter(tags=["look-ups"], responses=problem_responses(400, 401, 403, 422, 500, 503))

Prefix = Annotated[
    str | None,
    Query(min_length=1, max_length=200, description="Case-insensitive prefix of name or id"),
]
Country = Annotated[
    str | None, Query(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")
]
NodeId = Annotated[str, Path(min_length=1, max_length=200)]


def _public(node: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    out = {f: node.get(f) for f in ("id", "name", *fields) if node.get(f) is not None}
    # Reasons and tiers are stored as JSON text; the answer carries them as structures.
    out["properties"] = decode_properties(node)
    return out


def _search(
    store: GraphStore, what: str, params: dict[str, Any], page: Pagination, fields: tuple[str, ...]
) -> dict[str, Any]:
    total = store.query(f"api_{what}_count", params)[0]["total"]
    rows = store.query(f"api_{what}_search", {**params, "skip": page.offset, "limit": page.limit})
    return {
        "total": total,
        "limit": page.limit,
        "offset": page.offset,
        "items": [_public(r["node"], fields) for r in rows],
    }


def _get(store: GraphStore, one: str, node_id: str, fields: tuple[str, ...]) -> dict[str, Any]:
    rows = store.query(f"api_{one}_get", {"id": node_id})
    if not rows:
        raise NotFoundError(f"No {one} with id {node_id!r}.")
    return _public(rows[0]["node"], fields)


_ITEM = ("kind", "nsn")
_ORG = ("kind", "country", "lei", "cage")
_FAC = ("country", "operator")
_CTY = ("groups", "concern")


@router.get("/items", response_model=ItemPage, summary="Search items")
def list_items(
    store: StoreDep,
    page: Pagination,
    prefix: Prefix = None,
    kind: Annotated[str | None, Query(pattern="^(platform|assembly|component|material)$")] = None,
) -> dict[str, Any]:
    """Items by name or id prefix and kind, ordered by id."""
    return _search(store, "items", {"prefix": prefix, "kind": kind}, page, _ITEM)


@router.get(
    "/items/{item_id}",
    response_model=ItemPublic,
    summary="One item",
    responses=problem_responses(404),
)
def get_item(store: StoreDep, item_id: NodeId) -> dict[str, Any]:
    """An item with all its stored properties."""
    return _get(store, "item", item_id, _ITEM)


@router.get("/organisations", response_model=OrganisationPage, summary="Search organisations")
def list_organisations(
    store: StoreDep,
    page: Pagination,
    prefix: Prefix = None,
    kind: Annotated[str | None, Query(pattern="^(company|government|person|other)$")] = None,
    country: Country = None,
) -> dict[str, Any]:
    """Organisations by name or id prefix, kind and country of registration."""
    params = {"prefix": prefix, "kind": kind, "country": country}
    return _search(store, "organisations", params, page, _ORG)


@router.get(
    "/organisations/{organisation_id}",
    response_model=OrganisationPublic,
    summary="One organisation",
    responses=problem_responses(404),
)
def get_organisation(store: StoreDep, organisation_id: NodeId) -> dict[str, Any]:
    """An organisation with all its stored properties."""
    return _get(store, "organisation", organisation_id, _ORG)


@router.get("/facilities", response_model=FacilityPage, summary="Search facilities")
def list_facilities(
    store: StoreDep,
    page: Pagination,
    prefix: Prefix = None,
    country: Country = None,
    operator: Annotated[str | None, Query(min_length=1, max_length=200)] = None,
) -> dict[str, Any]:
    """Facilities by name or id prefix, country and operator."""
    params = {"prefix": prefix, "country": country, "operator": operator}
    return _search(store, "facilities", params, page, _FAC)


@router.get(
    "/facilities/{facility_id}",
    response_model=FacilityPublic,
    summary="One facility",
    responses=problem_responses(404),
)
def get_facility(store: StoreDep, facility_id: NodeId) -> dict[str, Any]:
    """A facility with all its stored properties."""
    return _get(store, "facility", facility_id, _FAC)


@router.get("/countries", response_model=CountryPage, summary="Search countries")
def list_countries(
    store: StoreDep,
    page: Pagination,
    prefix: Prefix = None,
    concern: Annotated[str | None, Query(pattern="^(none|watch|adversary)$")] = None,
    group: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
) -> dict[str, Any]:
    """Countries by name or code prefix, level of concern and group (e.g. NATO)."""
    params = {"prefix": prefix, "concern": concern, "group": group}
    return _search(store, "countries", params, page, _CTY)


@router.get(
    "/countries/{country_code}",
    response_model=CountryPublic,
    summary="One country",
    responses=problem_responses(404),
)
def get_country(store: StoreDep, country_code: NodeId) -> dict[str, Any]:
    """A country with all its stored properties."""
    return _get(store, "country", country_code, _CTY)
