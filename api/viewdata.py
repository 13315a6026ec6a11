"""The graph and analysis result behind the HTML views, the overview and the scenarios.

The analysis a view shows is the one the JSON endpoints serve (the last
result, :class:`graphmodel.workspace.LatestAnalysis`) when it covers what is drawn: a
result of a whole-graph run covers everything, a single-platform run covers
that platform's view. Otherwise (no run yet, or a run for another platform)
the whole graph is analysed on demand, once per graph generation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from api.state import AppState
from graphmodel.workspace import Snapshot

__all__ = ["AnalysisSource", "analysis_for"]

AnalysisSource = Literal["latest", "on-demand"]


def analysis_for(
    state: AppState, snap: Snapshot, platform: str | None = None
) -> tuple[Mapping[str, Any], AnalysisSource, Any]:
    """``(result, source, version)`` of the analysis to show for ``platform`` (or any view).

    ``version`` changes whenever the result would; it keys cached pages. Blocking
    (an on-demand analysis takes a while): call it from a thread-pool route.
    """
    view = state.results.view()
    if view is not None:
        result = view.result
        covered = view.info.get("platform") is None or (
            platform is not None and platform in (result.get("platforms") or {})
        )
        if covered:
            return result, "latest", ("latest", view.stamp)
    return snap.analysis(), "on-demand", ("on-demand",)
