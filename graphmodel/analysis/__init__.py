"""Analyses over the NetworkX supply graph: tiers, producibility, single points of
failure, adversary-free feasibility, concentration, and the report that joins them.

The public entry points are :func:`graphmodel.analysis.report.analyze` (a graph
in, the JSON-ready report out) and :func:`graphmodel.analysis.report.run_analysis`
(load from a store, analyse, write the results back). Submodules are imported
lazily by their users so that importing this package stays cheap.
"""

from __future__ import annotations

__all__: list[str] = []
