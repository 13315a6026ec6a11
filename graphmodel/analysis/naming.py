"""Put names beside ids: every id in an analysis answer as ``{"id", "name", "kind"}``.

The analysis result (:mod:`graphmodel.analysis.report`) keeps plain ids, which
keeps it small and stable. What an analyst reads (API answers, CLI tables,
exported findings) goes through :func:`name_ids`, which replaces each id held
under a known key with a reference carrying the node's name and kind. The
kinds are ``item``, ``organisation``, ``facility``, ``country`` and ``list``
(a sanctions or designation list); an id the graph does not hold keeps
``name: null`` and ``kind: null`` rather than being dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import networkx as nx

__all__ = [
    "ID_KEYS",
    "SCENARIO_ID_KEYS",
    "Namer",
    "describe_gap",
    "name_ids",
    "name_scenario_result",
    "ref_text",
]

#: The ``kind`` of a reference, by the node's label.
KIND_OF_LABEL: Final = {
    "Item": "item",
    "Organisation": "organisation",
    "Facility": "facility",
    "Country": "country",
    "SanctionsList": "list",
}

#: Keys whose value is an id, a list of ids, or a list of lists of ids.
ID_KEYS: Final = frozenset(
    {
        "path",
        "paths",
        "pair",
        "order2",
        "item",
        "items",
        "node",
        "organisation",
        "organisations",
        "facility",
        "facilities",
        "country",
        "countries",
        "root",
        "linked",
        "blocking_items",
        "linked_in_tree",
        "sole_source_items",
        "unsourced_items",
        "cyclic_items",
        "platforms_lost",
        "adversary_owned_sources",
        "supplier",
        "operator",
        "owner",
        "owned",
        "substitutes",
        "platform",
    }
)
#: In scenario and stress-test results (:mod:`graphmodel.scenarios`), also these.
SCENARIO_ID_KEYS: Final = ID_KEYS | frozenset(
    {
        "platforms",
        "cause_chain",
        "root_causes",
        "recovery_path",
        "via",
        "bottleneck_items",
        "platforms_losing_volume",
        "unlimited_capacity_items",
        "adversary_linked",
    }
)
#: Parts of a scenario result kept as given: the scenario as run (it can be sent back
#: or saved as it is) and its assumptions.
_SCENARIO_KEPT: Final = frozenset({"scenario", "assumptions"})
#: Keys whose value maps ids to a figure: turned into a list of ``{"node": ref, <value>}``.
_SHARE_KEYS: Final = {"owners": "percentage", "country_shares": "share"}
#: Keys whose value maps ids to an object: the object gains ``"node": ref``.
_KEYED_KEYS: Final = frozenset({"order1_evidence", "blocking", "concentration"})


class Namer:
    """Look up ``{"id", "name", "kind"}`` for ids, from any ``id -> (name, kind)`` source.

    Examples
    --------
    >>> n = Namer({"o1": ("Alpha Ltd", "organisation")}.get)
    >>> n.ref("o1")
    {'id': 'o1', 'name': 'Alpha Ltd', 'kind': 'organisation'}
    >>> n.ref("nope")
    {'id': 'nope', 'name': None, 'kind': None}
    """

    def __init__(self, lookup: Callable[[str], tuple[str | None, str | None] | None]) -> None:
        self._lookup = lookup
        self._extra: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph) -> Namer:
        """Names and kinds from the NetworkX graph (:mod:`graphmodel.nxgraph`)."""
        nodes = G.nodes

        def lookup(node: str) -> tuple[str | None, str | None] | None:
            if node not in nodes:
                return None
            data = nodes[node]
            return data.get("name"), KIND_OF_LABEL.get(str(data.get("label")))

        return cls(lookup)

    @classmethod
    def from_labels(cls, nodes: Mapping[str, Any]) -> Namer:
        """Names and kinds from records with ``name`` and ``label`` attributes."""

        def lookup(node: str) -> tuple[str | None, str | None] | None:
            info = nodes.get(node)
            if info is None:
                return None
            return info.name, KIND_OF_LABEL.get(info.label)

        return cls(lookup)

    def add(self, node: str, name: str | None, kind: str) -> None:
        """Name an id the source does not hold (e.g. a sanctions list)."""
        self._extra[node] = (name, kind)

    def ref(self, node: Any) -> dict[str, Any]:
        node = str(node)
        found = self._lookup(node) or self._extra.get(node)
        name, kind = found if found else (None, None)
        return {"id": node, "name": name, "kind": kind}

    def refs(self, nodes: Iterable[Any]) -> list[dict[str, Any]]:
        return [self.ref(n) for n in nodes]


def ref_text(ref: Mapping[str, Any]) -> str:
    """``Name (id)`` for a reference, or the id alone when it has no other name.

    Examples
    --------
    >>> ref_text({"id": "o1", "name": "Alpha Ltd", "kind": "organisation"})
    'Alpha Ltd (o1)'
    >>> ref_text({"id": "CN", "name": None, "kind": None})
    'CN'
    """
    name, node = ref.get("name"), ref.get("id")
    return f"{name} ({node})" if name and name != node else str(node)


def _ids(value: Any, namer: Namer, keys: frozenset[str]) -> Any:
    if isinstance(value, str):
        return namer.ref(value)
    if isinstance(value, list | tuple):
        return [_ids(v, namer, keys) for v in value]
    if isinstance(value, Mapping):
        return name_ids(value, namer, keys)
    return value


def name_ids(value: Any, namer: Namer, keys: frozenset[str] = ID_KEYS) -> Any:
    """A copy of ``value`` with every id under :data:`ID_KEYS` as a reference.

    Mappings of id to a share (``owners``, ``country_shares``) become lists of
    ``{"node": ref, "percentage" | "share": value}``; mappings of id to an object
    (``order1_evidence``, ``blocking``, ``concentration``) keep their keys and
    each object gains ``"node": ref``. ``keys`` says which keys hold ids
    (:data:`ID_KEYS` for analysis answers).

    Examples
    --------
    >>> n = Namer({"o1": ("Alpha", "organisation"), "CN": ("China", "country")}.get)
    >>> name_ids({"kind": "registration", "path": ["o1", "CN"]}, n)["path"][1]
    {'id': 'CN', 'name': 'China', 'kind': 'country'}
    >>> name_ids({"owners": {"o1": 60.0}}, n)["owners"][0]["percentage"]
    60.0
    """
    if isinstance(value, Mapping):
        designated = value.get("list")
        if isinstance(designated, str):
            namer.add(designated, designated, "list")
        out: dict[str, Any] = {}
        for k, v in value.items():
            if k == "list" and isinstance(v, str):
                out[k] = namer.ref(v)
            elif k in keys and not isinstance(v, Mapping | bool | int | float):
                out[k] = _ids(v, namer, keys) if v is not None else None
            elif k in _SHARE_KEYS and isinstance(v, Mapping):
                field = _SHARE_KEYS[k]
                out[k] = [{"node": namer.ref(n), field: s} for n, s in v.items()]
            elif k in _KEYED_KEYS and isinstance(v, Mapping):
                out[k] = {
                    n: {"node": namer.ref(n), **name_ids(sub, namer, keys)}
                    if isinstance(sub, Mapping)
                    else sub
                    for n, sub in v.items()
                }
            else:
                out[k] = name_ids(v, namer, keys)
        return out
    if isinstance(value, list | tuple):
        return [name_ids(v, namer, keys) for v in value]
    return value


def name_scenario_result(result: Mapping[str, Any], namer: Namer) -> dict[str, Any]:
    """A scenario or stress-test result with every id as ``{"id", "name", "kind"}``.

    Lost platforms, lost and degraded items, their sources, causes and paths,
    bottlenecks, mitigations and stress-ranking rows are named; the scenario as
    run and its assumptions are kept as given.

    Examples
    --------
    >>> n = Namer({"P": ("Radar", "item"), "o1": ("Alpha", "organisation")}.get)
    >>> r = name_scenario_result(
    ...     {"scenario": {"organisations": ["o1"]}, "platforms_lost": ["P"],
    ...      "ranking": [{"node": "o1", "platforms_lost": ["P"]}]}, n)
    >>> r["platforms_lost"][0]["name"], r["ranking"][0]["node"]["name"]
    ('Radar', 'Alpha')
    >>> r["scenario"]
    {'organisations': ['o1']}
    """
    named = name_ids(
        {k: v for k, v in result.items() if k not in _SCENARIO_KEPT}, namer, SCENARIO_ID_KEYS
    )
    return {k: result[k] if k in _SCENARIO_KEPT else named[k] for k in result}


def describe_gap(item: Mapping[str, Any], missing: str) -> str:
    """What a data gap lacks, as a sentence an analyst can act on.

    ``missing`` is ``source`` (no source recorded) or ``qualified_source``
    (sources recorded, none qualified).

    Examples
    --------
    >>> describe_gap({"id": "c1", "name": "Seal", "kind": "item"}, "source")
    'No supplier is recorded for Seal (c1): add a row for it to the sources table.'
    """
    what = ref_text(item)
    if missing == "qualified_source":
        return (
            f"{what} has sources recorded but none is qualified: mark a qualified "
            "source (qualified = true) or record one."
        )
    return f"No supplier is recorded for {what}: add a row for it to the sources table."
