"""Draw a :class:`~graphmodel.viz.scene.Scene` as one self-contained HTML page.

The page inlines vis-network's JavaScript and CSS and loads nothing else, so
it works air-gapped and from ``file://``. Graph data travels as JSON in a
``<script type="application/json">`` element, escaped so that user-supplied
names can neither close the element nor run as script.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Final

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from graphmodel.errors import SupplynetError
from graphmodel.viz.assets import vis_network_assets
from graphmodel.viz.encoding import (
    ADVERSARY_COLOUR,
    GROUP_SHAPE,
    KIND_STYLES,
    SPOF_DASHES,
    WATCH_COLOUR,
    kind_style,
    legend,
)
from graphmodel.viz.scene import Scene, ViewEdge, ViewNode

__all__ = ["page_data", "render_html", "write_html"]

_TEMPLATE: Final = "template.html.j2"

_EDGE_COLOURS: Final = {
    "NEEDS": "#4d4d4d",
    "SOURCED_FROM": "#94507a",
    "MADE_AT": "#a99f1c",
    "OPERATED_BY": "#a99f1c",
    "LOCATED_IN": "#a8a8a8",
    "REGISTERED_IN": "#a8a8a8",
    "OWNS": "#4d4d4d",
    "PRODUCED_IN": "#7a7a7a",
    "INDIRECT": "#8a8a8a",
}

_ENV: Final = Environment(
    loader=FileSystemLoader(Path(__file__).parent),
    autoescape=select_autoescape(default=True, default_for_string=True),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def _json_for_html(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # JSON inside <script> must not contain "</script>", "<!--" or raw line separators.
    for char, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, esc)
    return text


def _vis_node(node: ViewNode) -> dict[str, Any]:
    style = kind_style(node.member_kind or "") if node.kind == "group" else kind_style(node.kind)
    if node.kind == "group":
        background, shape = "#eeeeee", GROUP_SHAPE
        border, font = style.border, "#1b1f24"
    else:
        background, shape, border, font = style.colour, style.shape, style.border, style.font
    width = 1.5
    if node.adversary:
        border, width = ADVERSARY_COLOUR, 4.5
    elif node.spof:
        border, width = "#1b1f24", 4.0
    elif node.watch:
        border, width = WATCH_COLOUR, 3.5
    label = node.name + (f"\n{node.badge}" if node.badge else "")
    # Only label-outside shapes (dot) take a size; a share makes the dot bigger.
    size = 12 + round(26 * node.value) if node.value is not None else 12
    return {
        "id": node.id,
        "label": label,
        "name": node.name,
        "title": node.tooltip or node.name,
        "level": node.level,
        "shape": shape,
        "kind": node.kind,
        "adversary": node.adversary,
        "spof": node.spof,
        "borderWidth": width,
        "borderWidthSelected": width + 1.5,
        "shapeProperties": {"borderDashes": list(SPOF_DASHES) if node.spof else False},
        "color": {
            "background": background,
            "border": border,
            "highlight": {"background": background, "border": "#000000"},
            "hover": {"background": background, "border": "#000000"},
        },
        "font": {"color": font if shape != "dot" else "#1b1f24", "size": 14},
        "size": size,
        "shadow": {
            "enabled": node.kind == "group",
            "color": "rgba(60,60,60,0.45)",
            "size": 0,
            "x": 5,
            "y": 5,
        },
    }


def _vis_edge(index: int, edge: ViewEdge) -> dict[str, Any]:
    colour = ADVERSARY_COLOUR if edge.emphasis else _EDGE_COLOURS.get(edge.type, "#8a8a8a")
    out: dict[str, Any] = {
        "id": f"e{index}",
        "from": edge.source,
        "to": edge.target,
        "type": edge.type,
        "arrows": "to",
        "dashes": edge.dashed,
        "width": edge.width + (1.5 if edge.emphasis else 0.0),
        "color": {"color": colour, "highlight": "#000000", "hover": "#000000"},
    }
    if edge.label:
        out["label"] = edge.label
    if edge.tooltip:
        out["title"] = edge.tooltip
    return out


#: Nodes per drawn row before a level wraps onto another row (readable at fit).
ROW_WIDTH: Final = 12


def _wrapped_levels(scene: Scene) -> dict[str, int]:
    """Drawing rows: each level in order, a level of more than :data:`ROW_WIDTH` nodes
    wrapped over several rows (flagged nodes, then by name), so no row runs off the
    screen. The tier stays in each node's tooltip and ``level`` data."""
    by_level: dict[int, list[ViewNode]] = {}
    for n in scene.nodes.values():
        by_level.setdefault(n.level, []).append(n)
    rows: dict[str, int] = {}
    row = 0
    for level in sorted(by_level):
        members = sorted(by_level[level], key=lambda n: (not n.flagged, n.kind, n.name, n.id))
        for i, n in enumerate(members):
            rows[n.id] = row + i // ROW_WIDTH
        row += -(-len(members) // ROW_WIDTH)
    return rows


def _options(scene: Scene) -> dict[str, Any]:
    vertical = scene.direction in ("UD", "DU")
    return {
        "layout": {
            "randomSeed": 7,
            "hierarchical": {
                "enabled": True,
                "direction": scene.direction,
                "levelSeparation": 120 if vertical else 260,
                "nodeSpacing": 190 if vertical else 70,
                "treeSpacing": 220,
                "blockShifting": True,
                "edgeMinimization": True,
                "parentCentralization": True,
            },
        },
        "physics": {"enabled": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "keyboard": {"enabled": True, "bindToWindow": False},
        },
        "nodes": {
            "margin": {"top": 6, "bottom": 6, "left": 9, "right": 9},
            "widthConstraint": {"maximum": 190},
            "font": {"face": "system-ui, sans-serif", "multi": False},
        },
        "edges": {
            "smooth": {
                "enabled": True,
                "type": "cubicBezier",
                "forceDirection": "vertical" if vertical else "horizontal",
                "roundness": 0.45,
            },
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "font": {"size": 11, "color": "#333333", "strokeWidth": 3, "strokeColor": "#ffffff"},
        },
    }


def _meta(scene: Scene) -> dict[str, Any]:
    return {
        "view": scene.view,
        "root": scene.root,
        "nodes": list(scene.nodes),
        "edges": len(scene.edges),
        "collapsed": scene.collapsed,
        "groups": [k for k, n in scene.nodes.items() if n.kind == "group"],
        "adversary": [k for k, n in scene.nodes.items() if n.adversary],
        "spof": [k for k, n in scene.nodes.items() if n.spof],
        "totalNodes": scene.total_nodes,
        # Member id -> the group drawn for it, so a search can focus a collapsed node.
        "members": {m: k for k, n in scene.nodes.items() for m in n.members},
        "notes": scene.notes,
    }


def render_html(scene: Scene) -> str:
    """Render ``scene`` as a complete, self-contained HTML document.

    The output depends only on the scene, so the same input gives the same
    bytes.
    """
    js, css = vis_network_assets()
    ordered = dict(sorted(scene.nodes.items()))
    scene.nodes = ordered
    rows = _wrapped_levels(scene)
    vis_nodes = [_vis_node(n) for n in ordered.values()]
    for v in vis_nodes:
        v["tier"] = v["level"]
        v["level"] = rows[v["id"]]
    graph = {
        "nodes": vis_nodes,
        "edges": [
            _vis_edge(i, e)
            for i, e in enumerate(
                sorted(scene.edges, key=lambda e: (e.source, e.target, e.type, e.label))
            )
        ],
        "options": _options(scene),
        "meta": _meta(scene),
    }
    kinds = {n.member_kind if n.kind == "group" else n.kind for n in ordered.values()}
    return _ENV.get_template(_TEMPLATE).render(
        title=scene.title,
        subtitle=scene.subtitle,
        notes=scene.notes,
        findings=scene.findings,
        legend=legend({k for k in kinds if k in KIND_STYLES}),
        vis_js=Markup(js),
        vis_css=Markup(css),
        graph_json=Markup(_json_for_html(graph)),
    )


_DATA = re.compile(
    r'<script type="application/json" id="supplynet-graph">(.*?)</script>', re.DOTALL
)


def page_data(html: str) -> dict[str, Any]:
    """The graph a rendered page draws: ``{"nodes", "edges", "options", "meta"}``.

    Examples
    --------
    >>> from graphmodel.viz.scene import Scene, ViewNode
    >>> scene = Scene("platform", "P", "t", "s", {"P": ViewNode("P", "P", "platform", 0)}, [])
    >>> page_data(render_html(scene))["meta"]["nodes"]
    ['P']
    """
    match = _DATA.search(html)
    if not match:
        raise SupplynetError("The page carries no supplynet graph data.")
    data: dict[str, Any] = json.loads(match.group(1))
    return data


def write_html(html: str, path: str | Path) -> Path:
    """Write a rendered page to ``path`` (parent folders are created) and return the path."""
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    except OSError as exc:
        raise SupplynetError(f"Cannot write {target}: {exc.strerror}.") from None
    return target
