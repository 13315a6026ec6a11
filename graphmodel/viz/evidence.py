"""Read the graph and the analysis result into the words a tooltip shows.

The analysis result is the dict returned by
``graphmodel.analysis.report.analyze``; every lookup here tolerates missing
keys so a view still draws from a partial or older result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graphmodel.errors import NotFoundError

__all__ = [
    "adversary_reasons",
    "capped",
    "country_of",
    "display",
    "format_reason",
    "is_adversary",
    "kind_of",
    "name_of",
    "node_result",
    "path_text",
    "percent",
    "platform_result",
    "require_node",
    "watch_country",
]

_LABEL_KINDS = {"Organisation": "organisation", "Facility": "facility", "Country": "country"}


def kind_of(G: nx.MultiDiGraph, node: str) -> str:
    """The drawing kind of ``node``: an item kind, organisation, facility or country.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"items": [{"id": "P", "name": "P", "kind": "platform"}]})
    >>> kind_of(G, "P")
    'platform'
    """
    data = G.nodes[node]
    label = data.get("label")
    if label == "Item":
        return str(data.get("kind") or "component")
    return _LABEL_KINDS.get(str(label), "organisation")


def name_of(G: nx.MultiDiGraph, node: str) -> str:
    """The node's name, or its id when it has none (or is not in the graph)."""
    if node in G:
        return str(G.nodes[node].get("name") or node)
    return node


def display(G: nx.MultiDiGraph, node: str) -> str:
    """``Name (id)``, or just the id when the name is the id."""
    name = name_of(G, node)
    return node if name == node else f"{name} ({node})"


def require_node(G: nx.MultiDiGraph, node: str, what: str, kinds: Iterable[str]) -> None:
    """Raise :class:`NotFoundError` unless ``node`` exists with one of ``kinds``."""
    if node not in G or kind_of(G, node) not in set(kinds):
        raise NotFoundError(f"No {what} with id '{node}' in the graph.", id=node)


def country_of(G: nx.MultiDiGraph, node: str) -> str | None:
    """The country an organisation or facility is registered or located in."""
    c = G.nodes[node].get("country")
    return str(c) if c else None


def watch_country(G: nx.MultiDiGraph, node: str) -> bool:
    """True when the node is, or sits in, a country of concern level ``watch``."""
    code = node if kind_of(G, node) == "country" else country_of(G, node)
    return bool(code and code in G and G.nodes[code].get("concern") == "watch")


def percent(value: Any) -> str:
    """Format a share (0..1) as a percentage.

    Examples
    --------
    >>> percent(0.6), percent(1), percent(None)
    ('60%', '100%', '?')
    """
    if value is None:
        return "?"
    pct = float(value) * 100
    return f"{pct:.0f}%" if abs(pct - round(pct)) < 0.05 else f"{pct:.1f}%"


def path_text(G: nx.MultiDiGraph, path: Iterable[Any]) -> str:
    """An evidence path as ``A → B → C`` with names where the graph has them."""
    return " → ".join(display(G, str(p)) for p in path)


def node_result(analysis: Mapping[str, Any], node: str) -> Mapping[str, Any]:
    result = (analysis.get("nodes") or {}).get(node)
    return result if isinstance(result, Mapping) else {}


def is_adversary(G: nx.MultiDiGraph, analysis: Mapping[str, Any], node: str) -> bool:
    """Adversary-linked per the analysis, or a country whose concern is ``adversary``."""
    if node_result(analysis, node).get("adversary_linked"):
        return True
    data = G.nodes[node]
    return bool(data.get("label") == "Country" and data.get("concern") == "adversary")


def format_reason(G: nx.MultiDiGraph, reason: Mapping[str, Any]) -> str:
    """One adversary-link reason as a sentence with its evidence path.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"organisations": [{"id": "X", "name": "Xco"},
    ...                                          {"id": "A", "name": "Aco"}]})
    >>> format_reason(G, {"kind": "ownership", "regime": "OFAC 50%", "percentage": 60.0,
    ...                   "path": ["X", "A"], "detail": "owned by a listed entity"})
    'ownership [OFAC 50%] 60%: owned by a listed entity. Path: Xco (X) → Aco (A)'
    >>> format_reason(G, {"kind": "registration", "detail": "X is in CN.", "path": ["X"]})
    'registration: X is in CN. Path: Xco (X)'
    """
    head = str(reason.get("kind") or "reason")
    qualifiers = [str(reason[k]) for k in ("regime", "level") if reason.get(k)]
    if qualifiers:
        head += f" [{', '.join(qualifiers)}]"
    pct = reason.get("percentage")
    if pct is not None:
        head += f" {float(pct):g}%"
    text = head
    if reason.get("detail"):
        # The analysis writes details as sentences; one full stop, then the path.
        text += f": {str(reason['detail']).rstrip().rstrip('.')}."
    if reason.get("path"):
        text += f" Path: {path_text(G, reason['path'])}"
    return text


def adversary_reasons(G: nx.MultiDiGraph, analysis: Mapping[str, Any], node: str) -> list[str]:
    """Every reason the node is adversary-linked, one line each."""
    reasons = node_result(analysis, node).get("reasons") or []
    lines = [format_reason(G, r) for r in reasons if isinstance(r, Mapping)]
    data = G.nodes[node]
    if not lines and data.get("label") == "Country" and data.get("concern") == "adversary":
        lines.append("country of concern level 'adversary' in the reference data")
    return lines


def platform_result(analysis: Mapping[str, Any], platform: str) -> Mapping[str, Any]:
    """The analysis entry of one platform, or an empty mapping."""
    result = (analysis.get("platforms") or {}).get(platform)
    return result if isinstance(result, Mapping) else {}


def capped(lines: list[str], limit: int = 12) -> list[str]:
    """The first ``limit`` lines, plus a line saying how many were left out.

    Examples
    --------
    >>> capped(["a", "b", "c"], 2)
    ['a', 'b', '… and 1 more']
    """
    if len(lines) <= limit:
        return lines
    return [*lines[:limit], f"… and {len(lines) - limit} more"]
