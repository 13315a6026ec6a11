"""The three supplynet views as self-contained HTML pages.

Each function is pure: it reads the NetworkX graph (see
:mod:`graphmodel.nxgraph`) and the analysis result of
``graphmodel.analysis.report.analyze`` and returns HTML text; nothing touches
a store, the network or the file system (except :func:`write_view`).

Examples
--------
>>> from graphmodel.nxgraph import graph_from_tables
>>> G = graph_from_tables({
...     "items": [{"id": "P", "name": "Frigate", "kind": "platform"},
...               {"id": "M", "name": "Gallium", "kind": "material"}],
...     "organisations": [{"id": "O", "name": "Fictional Metals", "country": "FR"}],
...     "bom": [{"parent": "P", "child": "M", "quantity": 2.0}],
...     "sources": [{"item": "M", "supplier": "O", "share": 1.0}]})
>>> html = platform_view(G, {}, "P")
>>> page_data(html)["meta"]["nodes"]
['FR', 'M', 'O', 'P']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from graphmodel.analysis.index import SupplyIndex
from graphmodel.errors import SupplynetError
from graphmodel.viz.encoding import KINDS
from graphmodel.viz.material import material_scene
from graphmodel.viz.ownership import ownership_scene
from graphmodel.viz.platform import platform_scene
from graphmodel.viz.render import page_data, render_html, write_html
from graphmodel.viz.scene import (
    COLLAPSE_MODES,
    Scene,
    collapse,
    filter_kinds,
    keep_flagged_paths,
    keep_nodes,
)

__all__ = [
    "DEFAULT_NODE_BUDGET",
    "material_view",
    "ownership_view",
    "page_data",
    "platform_view",
    "prepare_scene",
    "write_view",
]

#: Nodes drawn before a view collapses the rest into aggregate nodes.
DEFAULT_NODE_BUDGET = 300


def _check(
    kinds: Iterable[str] | None, node_budget: int, collapse_by: str, max_tier: int | None
) -> frozenset[str] | None:
    if node_budget < 1:
        raise SupplynetError(f"node_budget must be at least 1, not {node_budget}.")
    if collapse_by not in COLLAPSE_MODES:
        raise SupplynetError(
            f"collapse_by must be one of {', '.join(COLLAPSE_MODES)}, not '{collapse_by}'."
        )
    if max_tier is not None and max_tier < 0:
        raise SupplynetError(f"max_tier must be 0 or more, not {max_tier}.")
    if kinds is None:
        return None
    wanted = frozenset(kinds)
    unknown = sorted(wanted - set(KINDS))
    if unknown:
        raise SupplynetError(f"Unknown node kind '{unknown[0]}'; use any of {', '.join(KINDS)}.")
    return wanted


def prepare_scene(
    scene: Scene,
    *,
    max_level: int | None = None,
    kinds: Iterable[str] | None = None,
    adversary_only: bool = False,
    node_budget: int = DEFAULT_NODE_BUDGET,
    collapse_by: str = "tier",
    level_text: str = "",
) -> Scene:
    """Apply the filters, then collapse to the node budget, noting each step on the page.

    ``max_level`` drops nodes drawn below that level (countries excepted, which
    stay while something links to them); ``level_text`` names that cut in the
    page notes.
    """
    wanted = _check(kinds, node_budget, collapse_by, None)
    if max_level is not None:
        before = len(scene.nodes)
        keep = {k for k, n in scene.nodes.items() if n.level <= max_level or n.kind == "country"}
        keep_nodes(scene, keep)
        linked = {e.target for e in scene.edges} | {e.source for e in scene.edges}
        keep_nodes(scene, {k for k, n in scene.nodes.items() if n.kind != "country" or k in linked})
        scene.notes.append(f"Filter {level_text}: {before - len(scene.nodes)} nodes hidden.")
    if adversary_only:
        flagged = keep_flagged_paths(scene)
        scene.notes.append(
            f"Filter adversary-linked only: {flagged} adversary-linked nodes and the "
            f"{len(scene.nodes) - flagged - (0 if scene.nodes[scene.root].adversary else 1)} "
            f"nodes joining them to {scene.root}."
            if flagged
            else "Filter adversary-linked only: no adversary-linked node in this view."
        )
    if wanted is not None:
        hidden = filter_kinds(scene, wanted)
        scene.notes.append(
            f"Filter kinds {', '.join(k for k in KINDS if k in wanted)}: {hidden} nodes hidden"
            + ("; dashed 'via' edges bridge them." if hidden else ".")
        )
    before = len(scene.nodes)
    groups = collapse(scene, node_budget, collapse_by)
    if groups:
        grouped = sum(len(n.members) for n in scene.nodes.values())
        how = "tier and kind" if collapse_by == "tier" else "country (sources) and tier"
        scene.notes.append(
            f"Collapsed: {before} nodes exceed the node budget of {node_budget}; "
            f"{grouped} of them are drawn as {groups} aggregate nodes grouped by {how}. "
            "Hover an aggregate for its members; narrow the view with filters or raise "
            "the node budget."
        )
    return scene


def platform_view(
    G: nx.MultiDiGraph,
    analysis: Mapping[str, Any],
    platform: str,
    *,
    max_tier: int | None = None,
    kinds: Iterable[str] | None = None,
    adversary_only: bool = False,
    node_budget: int = DEFAULT_NODE_BUDGET,
    collapse_by: str = "tier",
    index: SupplyIndex | None = None,
) -> str:
    """The dependency network of ``platform`` as an HTML page, laid out by tier.

    Parameters
    ----------
    G
        The supply graph (:func:`graphmodel.nxgraph.graph_from_tables`).
    analysis
        The result of ``analyze(G)``; tiers, single points of failure and
        adversary links are read from it (tiers are computed here when absent).
    platform
        Id of an item of kind ``platform``.
    max_tier
        Hide items deeper than this tier and their suppliers.
    kinds
        Node kinds to draw (see :data:`graphmodel.viz.encoding.KINDS`); the
        platform always stays and dashed edges bridge hidden nodes.
    adversary_only
        Draw only adversary-linked nodes and the nodes joining them to the platform.
    node_budget
        Beyond this many nodes the view collapses the rest into aggregate nodes.
    collapse_by
        ``"tier"`` (group by tier and kind) or ``"country"`` (group suppliers by country).
    index
        The supply index of ``G`` (a snapshot's), so tiers are not re-indexed per view.

    Returns
    -------
    str
        A self-contained HTML document (no external URL).

    Raises
    ------
    graphmodel.errors.NotFoundError
        When ``platform`` is not a platform of ``G``.
    graphmodel.errors.SupplynetError
        When a parameter is out of range.
    """
    _check(kinds, node_budget, collapse_by, max_tier)
    scene = platform_scene(G, analysis, platform, index=index)
    return render_html(
        prepare_scene(
            scene,
            # Items of tier t sit on level 2t, their suppliers on 2t + 1.
            max_level=None if max_tier is None else 2 * max_tier + 1,
            kinds=kinds,
            adversary_only=adversary_only,
            node_budget=node_budget,
            collapse_by=collapse_by,
            level_text=f"max tier {max_tier}",
        )
    )


def ownership_view(
    G: nx.MultiDiGraph,
    analysis: Mapping[str, Any],
    organisation: str,
    *,
    adversary_only: bool = False,
    node_budget: int = DEFAULT_NODE_BUDGET,
    collapse_by: str = "tier",
) -> str:
    """The ownership network of ``organisation`` up to its ultimate owners, as HTML.

    Edges carry percentages and kinds; edges on the evidence path of an
    adversary link (OFAC 50% rule, look-through, ...) are drawn red and the
    side panel states the regime. Parameters are as in :func:`platform_view`.

    Raises
    ------
    graphmodel.errors.NotFoundError
        When ``organisation`` is not an organisation of ``G``.
    """
    _check(None, node_budget, collapse_by, None)
    scene = ownership_scene(G, analysis, organisation)
    return render_html(
        prepare_scene(
            scene, adversary_only=adversary_only, node_budget=node_budget, collapse_by=collapse_by
        )
    )


def material_view(
    G: nx.MultiDiGraph,
    analysis: Mapping[str, Any],
    material: str,
    *,
    kinds: Iterable[str] | None = None,
    adversary_only: bool = False,
    node_budget: int = DEFAULT_NODE_BUDGET,
    collapse_by: str = "tier",
) -> str:
    """The country concentration of ``material`` as HTML.

    Countries (sized by world production share) and suppliers at the bottom,
    the material above them, and every item and platform that needs it above
    that. Parameters are as in :func:`platform_view`.

    Raises
    ------
    graphmodel.errors.NotFoundError
        When ``material`` is not an item of kind ``material`` in ``G``.
    """
    _check(kinds, node_budget, collapse_by, None)
    scene = material_scene(G, analysis, material)
    return render_html(
        prepare_scene(
            scene,
            kinds=kinds,
            adversary_only=adversary_only,
            node_budget=node_budget,
            collapse_by=collapse_by,
        )
    )


def write_view(html: str, path: str | Path) -> Path:
    """Write a view's HTML to ``path``, creating folders; returns the path written."""
    return write_html(html, path)
