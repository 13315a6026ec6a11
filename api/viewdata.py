"""The graph and analysis result behind the HTML views, the overview and the scenarios.

The analysis a view shows is the one the JSON endpoints serve (the last
result, :class:`graphmodel.workspace.LatestAnalysis`) when it covers what is drawn: a
result of a whole-graph run covers everything, a single-platform run covers
that platform's view. Otherwise (no run yet, or a run for another platform)
the whole graph is analysed on demand, once per graph generation.
"""

from __future__ import annotations

from typing import Any, Literal

from api.state import AppState
from graphmodel.workspace import Snapshot

__all__ = ["AnalysisSource", "analysis_for"]

AnalysisSource = Literal["latest", "on-demand"]


def analysis_for(
    state: AppState, snap: Snapshot, platform: str | None = None
) -> tuple[dict[str, Any], AnalysisSource, Any]:
    """``(result, source, version)`` of the analysis to show for ``platform`` (or any view).

    ``version`` changes whenever the result would; it keys cached pages. Blocking
    (an on-demand analysis takes a while): call it from a thread-pool route.
    """
    doc = state.results.latest()
    if doc is not None:
        result: dict[str, Any] = doc.get("result") or {}
        covered = doc.get("platform") is None or (
            platform is not None and platform in (result.get("platforms") or {})
        )
        if covered:
            return result, "latest", ("latest", state.results.version())
    return snap.analysis(), "on-demand", ("on-demand",)
