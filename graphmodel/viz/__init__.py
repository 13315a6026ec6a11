"""Interactive, self-contained HTML views of the supply graph.

Three views, each a pure function of the NetworkX graph and the analysis
result: :func:`platform_view`, :func:`ownership_view` and
:func:`material_view`. See ``docs/visualisation.md``.
"""

from __future__ import annotations

from graphmodel.viz.views import (
    DEFAULT_NODE_BUDGET,
    material_view,
    ownership_view,
    page_data,
    platform_view,
    write_view,
)

__all__ = [
    "DEFAULT_NODE_BUDGET",
    "material_view",
    "ownership_view",
    "page_data",
    "platform_view",
    "write_view",
]
