"""Interactive HTML views of the graph (``graphmodel.viz``) and the platforms overview.

Each view is one self-contained HTML page (inline script and style, no
external URL) served with a Content-Security-Policy that forbids any other
source. Pages are rendered from the cached NetworkX graph and the analysis of
:func:`api.viewdata.analysis_for`, and kept per graph generation and filter
combination.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from api.deps import StateDep
from api.html import html_response, html_responses
from api.models import OverviewPublic
from api.problems import problem_responses
from api.state import AppState
from api.viewdata import analysis_for

__all__ = ["router"]

router = APIRouter(tags=["views"], responses=problem_responses(400, 401, 403, 422, 500, 503))

ViewKind = Literal[
    "platform", "assembly", "component", "material", "organisation", "facility", "country"
]
CollapseBy = Literal["tier", "country"]

NodeId = Annotated[str, Path(min_length=1, max_length=200)]
Kinds = Annotated[
    list[ViewKind] | None,
    Query(description="Draw only these node kinds (repeat the parameter); the root stays"),
]
AdversaryOnly = Annotated[
    bool, Query(description="Only adversary-linked nodes and the nodes joining them to the root")
]
NodeBudget = Annotated[
    int, Query(ge=1, le=5000, description="Beyond this many nodes the rest are collapsed")
]
Collapse = Annotated[
    CollapseBy, Query(description="Group collapsed nodes by tier and kind, or by country")
]

_HTML_404 = problem_responses(404)


def _render(
    state: AppState, view: str, root: str, platform: str | None, options: dict[str, Any]
) -> HTMLResponse:
    from graphmodel import viz

    snap = state.snapshots.get()
    analysis, _source, version = analysis_for(state, snap, platform)
    views: dict[str, Callable[..., str]] = {
        "platform": viz.platform_view,
        "ownership": viz.ownership_view,
        "material": viz.material_view,
    }
    draw = views[view]
    key = ("view", view, root, version, tuple(sorted(options.items())))
    if view == "platform":
        options = {**options, "index": snap.index}
    html: str = snap.derived(key, lambda: draw(snap.graph, analysis, root, **options))
    return html_response(html)


def _kinds(kinds: Sequence[str] | None) -> tuple[str, ...] | None:
    # A tuple, in a fixed order, so equal filters share one cached page.
    return tuple(sorted(set(kinds))) if kinds else None


@router.get(
    "/platforms/{platform_id}/graph.html",
    summary="Platform dependency network (HTML)",
    response_class=HTMLResponse,
    responses={**html_responses("A self-contained HTML page"), **_HTML_404},
)
def platform_graph(
    state: StateDep,
    platform_id: NodeId,
    max_tier: Annotated[
        int | None, Query(ge=0, le=1000, description="Hide items deeper than this tier")
    ] = None,
    kinds: Kinds = None,
    adversary_only: AdversaryOnly = False,
    node_budget: NodeBudget = 300,
    collapse_by: Collapse = "tier",
) -> HTMLResponse:
    """Everything the platform depends on, laid out by tier, with single points of failure
    and adversary links flagged and their evidence in the tooltips."""
    options = {
        "max_tier": max_tier,
        "kinds": _kinds(kinds),
        "adversary_only": adversary_only,
        "node_budget": node_budget,
        "collapse_by": collapse_by,
    }
    return _render(state, "platform", platform_id, platform_id, options)


@router.get(
    "/organisations/{organisation_id}/ownership/graph.html",
    summary="Ownership network of an organisation (HTML)",
    response_class=HTMLResponse,
    responses={**html_responses("A self-contained HTML page"), **_HTML_404},
)
def ownership_graph(
    state: StateDep,
    organisation_id: NodeId,
    adversary_only: AdversaryOnly = False,
    node_budget: NodeBudget = 300,
    collapse_by: Collapse = "tier",
) -> HTMLResponse:
    """The organisation's owners up to the ultimate owners, with percentages, and the
    evidence path of each adversary-link reason drawn in red."""
    options = {
        "adversary_only": adversary_only,
        "node_budget": node_budget,
        "collapse_by": collapse_by,
    }
    return _render(state, "ownership", organisation_id, None, options)


@router.get(
    "/materials/{material_id}/graph.html",
    summary="Country concentration of a material (HTML)",
    response_class=HTMLResponse,
    responses={**html_responses("A self-contained HTML page"), **_HTML_404},
)
def material_graph(
    state: StateDep,
    material_id: NodeId,
    kinds: Kinds = None,
    adversary_only: AdversaryOnly = False,
    node_budget: NodeBudget = 300,
    collapse_by: Collapse = "tier",
) -> HTMLResponse:
    """Which countries and suppliers feed the material, sized by world production share,
    and every item and platform that needs it."""
    options = {
        "kinds": _kinds(kinds),
        "adversary_only": adversary_only,
        "node_budget": node_budget,
        "collapse_by": collapse_by,
    }
    return _render(state, "material", material_id, None, options)


def _risks(platform: dict[str, Any], section: Mapping[str, Any] | None) -> dict[str, Any]:
    if section is None:
        return {**platform, "analysed": False}
    order1 = (section.get("spof") or {}).get("order1") or {}
    counts = {k: len(order1.get(k) or []) for k in ("organisations", "facilities", "countries")}
    return {
        **platform,
        "analysed": True,
        "spof_order1": counts,
        "spof_order1_count": sum(counts.values()),
        "spof_order1_items": len(order1.get("items") or []),
        "adversary_free": (section.get("adversary_free") or {}).get("feasible"),
        "sole_source_count": len(section.get("sole_source_items") or []),
        "data_gap_count": len(section.get("data_gaps") or []),
    }


@router.get(
    "/overview",
    response_model=OverviewPublic,
    summary="Platforms with their headline risks",
)
def overview(state: StateDep) -> dict[str, Any]:
    """Every platform with its order-1 single points of failure (organisations, facilities
    and countries), whether it can be built without adversary-linked sources, its
    sole-source items and data gaps. From the last analysis where it covers the platform,
    else from an analysis of the current graph computed on demand."""
    snap = state.snapshots.get()
    platforms = []
    sources = set()
    ix = snap.index
    for i in ix.platforms:
        pid = ix.ids[i]
        analysis, source, _ = analysis_for(state, snap, pid)
        sources.add(source)
        section = (analysis.get("platforms") or {}).get(pid)
        platforms.append(_risks({"id": pid, "name": ix.name[i]}, section))
    view = state.results.view()
    return {
        "analysis": {
            "sources": sorted(sources),
            "finished_at": view.info.get("finished_at") if view else None,
        },
        "platforms": platforms,
    }
