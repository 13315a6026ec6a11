"""Write an analysis report back into the store, replacing the previous run's results.

What a data specialist finds afterwards (all names declared here):

Node properties (:data:`NODE_PROPERTIES`), on every item, organisation,
facility and country the report mentions; ``analysis_run`` (the run's token,
also on every relationship it writes) marks them, so that the write-back can
write over the previous run's results and then remove what it did not write:

- every upstream node: ``analysis_tiers`` (JSON ``{platform: tier}``, the
  "where used" answer), ``analysis_min_tier``, ``analysis_platforms`` (list);
- organisations and facilities: ``analysis_adversary_linked``,
  ``analysis_reasons`` (JSON list of reason maps);
- order-1 organisations, facilities and countries: ``analysis_spof_platforms``;
  order-2 members: ``analysis_spof2_platforms``;
- items: ``analysis_sole_source``, ``analysis_single_country`` (the code or
  absent), ``analysis_data_gap``, ``analysis_blocking_platforms``, and the
  concentration figures ``analysis_supplier_hhi``, ``analysis_country_hhi``,
  ``analysis_concern_share``, ``analysis_allied_share``, ``analysis_equal_shares``;
- platforms: ``analysis_producible``, ``analysis_adversary_free``,
  ``analysis_order1_count``, ``analysis_order2_count``,
  ``analysis_blocking_count``, ``analysis_max_tier``.

Relationships (:data:`RELATIONSHIP_TYPES`):

- ``(:Item platform)-[:ANALYSIS_SPOF {order: 1, path, item, reason}]->(x)`` for
  each order-1 organisation, facility and country (every item of the bill of
  materials is order 1 by all-of, so items are not repeated as edges; their
  ``analysis_platforms`` says it), and ``{order: 2, pair: [a, b], path, item,
  reason}`` to both members of each order-2 pair (the reason is
  :data:`~graphmodel.analysis.spof.ORDER2_REASON`);
- ``(:Item platform)-[:ANALYSIS_BLOCKED_BY {tier, path, candidates,
  allied_candidates}]->(:Item)`` for each adversary-free blocking item
  (candidates are organisation ids).

And one ``(:AnalysisRun {id: 'latest', finished_at, policy, duration_s,
platforms, summary})`` node. Every write is a batched ``UNWIND`` named
statement (``cypher/analysis_*.cypher``), one per label a row's node has.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.report_json import dumps
from graphmodel.analysis.spof import ORDER2_REASON
from graphmodel.errors import GraphChangedError
from graphmodel.store.base import GraphStore

__all__ = [
    "NODE_PROPERTIES",
    "RELATIONSHIP_TYPES",
    "RUN_LABEL",
    "WritebackRows",
    "clear_results",
    "decode_properties",
    "node_labels",
    "write_back",
    "writeback_rows",
]

#: Every node property a run may write (``cypher/analysis_clear_properties.cypher``
#: removes exactly these).
NODE_PROPERTIES: Final = (
    "analysis_run",
    "analysis_adversary_linked",
    "analysis_reasons",
    "analysis_tiers",
    "analysis_min_tier",
    "analysis_platforms",
    "analysis_spof_platforms",
    "analysis_spof2_platforms",
    "analysis_sole_source",
    "analysis_single_country",
    "analysis_data_gap",
    "analysis_blocking_platforms",
    "analysis_producible",
    "analysis_adversary_free",
    "analysis_order1_count",
    "analysis_order2_count",
    "analysis_blocking_count",
    "analysis_max_tier",
    "analysis_supplier_hhi",
    "analysis_country_hhi",
    "analysis_concern_share",
    "analysis_allied_share",
    "analysis_equal_shares",
)

#: Relationship types a run creates (and the next run deletes).
RELATIONSHIP_TYPES: Final = ("ANALYSIS_SPOF", "ANALYSIS_BLOCKED_BY")

#: Label of the run record node.
RUN_LABEL: Final = "AnalysisRun"

Rows = list[list[Any]]

#: The statement setting node properties on each label.
_SET_PROPERTIES: Final = {
    "Item": "analysis_set_item_properties",
    "Organisation": "analysis_set_organisation_properties",
    "Facility": "analysis_set_facility_properties",
    "Country": "analysis_set_country_properties",
}

#: The statements writing order-1 and order-2 single points of failure to each label.
_WRITE_SPOF: Final = {
    "Organisation": "analysis_write_spof_organisation",
    "Facility": "analysis_write_spof_facility",
    "Country": "analysis_write_spof_country",
}
_WRITE_SPOF2: Final = {
    "Organisation": "analysis_write_spof2_organisation",
    "Facility": "analysis_write_spof2_facility",
}


@dataclass
class WritebackRows:
    """What :func:`write_back` writes, grouped by the label of the node each row names.

    Grouped so that every statement looks its node up under one label (one index
    look-up a row, not one per label: at 100,000 nodes this took the property and
    SPOF writes from 10.6 to 6.4 s). A row naming a node of another label, or one
    not in the graph, is left out, as a look-up finding nothing would leave it.

    Attributes
    ----------
    nodes : dict
        Label -> ``[id, {property: value}]`` rows.
    spof : dict
        Label -> order-1 ``[platform, target, path, item, reason]`` rows.
    spof2 : dict
        Label -> order-2 ``[platform, target, pair, path, item]`` rows, one for
        each member of a pair (the statement writes the one reason,
        :data:`~graphmodel.analysis.spof.ORDER2_REASON`).
    blocked : list
        ``{platform, item, tier, path, candidates, allied_candidates}`` maps.
    """

    nodes: dict[str, Rows] = field(default_factory=dict)
    spof: dict[str, Rows] = field(default_factory=dict)
    spof2: dict[str, Rows] = field(default_factory=dict)
    blocked: list[dict[str, Any]] = field(default_factory=list)


def _props(nodes: dict[str, dict[str, Any]], node: str) -> dict[str, Any]:
    return nodes.setdefault(node, {})


def _text(value: Any) -> str:
    # orjson (the report's own encoder): json.dumps here was most of building the
    # rows at 100,000 nodes (two small documents per node).
    return dumps(value).decode("utf-8")


def writeback_rows(report: Mapping[str, Any], labels: Mapping[str, str]) -> WritebackRows:
    """The rows :func:`write_back` writes; ``labels`` gives each node's label.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> from graphmodel.analysis.report import analyze
    >>> G = graph_from_tables({
    ...     "items": [{"id": "P", "name": "P", "kind": "platform"}],
    ...     "organisations": [{"id": "O", "name": "O", "country": "FR"}],
    ...     "sources": [{"item": "P", "supplier": "O"}]})
    >>> rows = writeback_rows(analyze(G, links={}), node_labels(G))
    >>> {label: [r[1] for r in spof] for label, spof in rows.spof.items()}
    {'Organisation': ['O'], 'Country': ['FR']}
    >>> sorted((r[0], r[1]["analysis_min_tier"]) for rs in rows.nodes.values() for r in rs)
    [('FR', 0), ('O', 0), ('P', 0)]
    """
    props: dict[str, dict[str, Any]] = {}
    out = WritebackRows()

    def spof_row(order: int, label: str | None, row: list[Any]) -> None:
        group, statements = (out.spof, _WRITE_SPOF) if order == 1 else (out.spof2, _WRITE_SPOF2)
        if label in statements:
            group.setdefault(label, []).append(row)

    tiers_of: dict[str, dict[str, int]] = {}
    for pid, p in report["platforms"].items():
        for node, tier in (*p["tiers"].items(), *p.get("country_tiers", {}).items()):
            tiers_of.setdefault(node, {})[pid] = tier
        spof_block = p["spof"]
        evidence = spof_block.get("order1_evidence", {})
        for group in ("organisations", "facilities", "countries"):
            for node in spof_block["order1"][group]:
                ev = evidence.get(node, {})
                spof_row(
                    1,
                    labels.get(node),
                    [pid, node, ev.get("path", []), ev.get("item"), ev.get("reason")],
                )
                _props(props, node).setdefault("analysis_spof_platforms", []).append(pid)
        pair_evidence = {tuple(e["pair"]): e for e in spof_block.get("order2_evidence", [])}
        for a, b in spof_block["order2"]:
            ev = pair_evidence.get((a, b), {})
            pair = [a, b]
            for node in pair:
                spof_row(2, labels.get(node), [pid, node, pair, ev.get("path", []), ev.get("item")])
                spof2 = _props(props, node).setdefault("analysis_spof2_platforms", [])
                if not spof2 or spof2[-1] != pid:
                    spof2.append(pid)
        af = p["adversary_free"]
        for item in af["blocking_items"]:
            d = af.get("blocking", {}).get(item, {})
            out.blocked.append(
                {
                    "platform": pid,
                    "item": item,
                    "tier": d.get("tier", p["tiers"].get(item)),
                    "path": d.get("path", []),
                    "candidates": sorted({c["organisation"] for c in d.get("candidates", [])}),
                    "allied_candidates": sorted(
                        {c["organisation"] for c in d.get("allied_candidates", [])}
                    ),
                }
            )
            _props(props, item).setdefault("analysis_blocking_platforms", []).append(pid)
        for item in p["sole_source_items"]:
            _props(props, item)["analysis_sole_source"] = True
        for item, code in p.get("single_country_items", {}).items():
            _props(props, item)["analysis_single_country"] = code
        for item in p["data_gaps"]:
            _props(props, item)["analysis_data_gap"] = True
        for item, c in p.get("concentration", {}).items():
            node = _props(props, item)
            if c.get("supplier_hhi") is not None and "analysis_supplier_hhi" not in node:
                node["analysis_supplier_hhi"] = c["supplier_hhi"]
                node["analysis_country_hhi"] = c.get("country_hhi")
                node["analysis_concern_share"] = c.get("concern_share")
                node["analysis_allied_share"] = c.get("allied_share", {}).get("any")
                node["analysis_equal_shares"] = c.get("equal_shares")
        _props(props, pid).update(
            {
                "analysis_producible": p.get("producible", True),
                "analysis_adversary_free": af["feasible"],
                "analysis_order1_count": sum(len(v) for v in spof_block["order1"].values()),
                "analysis_order2_count": len(spof_block["order2"]),
                "analysis_blocking_count": len(af["blocking_items"]),
                "analysis_max_tier": max(p["tiers"].values(), default=0),
            }
        )
    for node, per_platform in tiers_of.items():
        _props(props, node).update(
            {
                "analysis_tiers": _text(per_platform),
                "analysis_min_tier": min(per_platform.values()),
                "analysis_platforms": sorted(per_platform),
            }
        )
    for node, entry in report.get("nodes", {}).items():
        if entry.get("adversary_linked") or node in props:
            _props(props, node).update(
                {
                    "analysis_adversary_linked": bool(entry.get("adversary_linked")),
                    "analysis_reasons": _text(entry.get("reasons", [])),
                }
            )
    for node, values in props.items():
        label = labels.get(node)
        if label in _SET_PROPERTIES:
            out.nodes.setdefault(label, []).append([node, values])
    return out


def node_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    """Each node of ``G`` with its store label (what :func:`writeback_rows` groups by)."""
    return {node: label for node, label in G.nodes(data="label") if label}


#: Properties written as JSON text (the stores hold no nested maps); :func:`decode_properties`
#: turns them back into structures.
JSON_PROPERTIES = ("analysis_reasons", "analysis_tiers")


def decode_properties(props: Mapping[str, Any]) -> dict[str, Any]:
    """A node's stored properties with the JSON-encoded analysis ones decoded.

    Examples
    --------
    >>> decode_properties({"id": "o1", "analysis_reasons": '[{"kind": "registration"}]'})
    {'id': 'o1', 'analysis_reasons': [{'kind': 'registration'}]}
    """
    out = dict(props)
    for key in JSON_PROPERTIES:
        value = out.get(key)
        if isinstance(value, str):
            # Not written by write_back when it does not parse: left as stored.
            with contextlib.suppress(ValueError):
                out[key] = json.loads(value)
    return out


def clear_results(store: GraphStore, keep: str | None = None) -> None:
    """Remove the properties and relationships earlier runs wrote.

    With ``keep`` (a run's token), what that run wrote stays: the write-back
    writes first and then clears what it did not write.
    """
    params = {"run": keep or ""}
    store.query("analysis_clear_spof", params)
    store.query("analysis_clear_blocked_by", params)
    store.query("analysis_clear_properties", params)


def write_back(
    store: GraphStore,
    report: Mapping[str, Any],
    *,
    labels: Mapping[str, str],
    policy: str,
    duration_s: float,
    finished_at: str,
    batch_size: int | None = None,
    generation: str | None = None,
    wait_seconds: float = 60.0,
) -> dict[str, int]:
    """Replace the previous run's results in ``store`` by ``report``'s (module docstring).

    The write goes through :meth:`GraphStore.derived_write`: it never interleaves
    with a load (``wait_seconds`` bounds the wait for one in progress). On Neo4j it
    is one transaction: readers see the previous run's results until the new ones
    are all written, and a failure leaves the previous results as they were. On
    the embedded store it is written to the live graph (a staged copy there costs
    a fork and an AOF rewrite, docs/stores.md): readers can see the results
    half-replaced while it runs, and a failure leaves them so until the next run.

    Parameters
    ----------
    labels : mapping
        Each node's label (:func:`node_labels` of the graph the report describes).
    generation : str, optional
        The store's generation the report was computed on (read before the
        analysis read the graph); when a load has committed since, nothing is
        written.

    Returns
    -------
    dict[str, int]
        Rows written: ``nodes``, ``spof`` and ``blocked_by``.

    Raises
    ------
    GraphChangedError
        ``generation`` is given and is no longer the live graph's.
    LoadInProgressError
        A load held the lock for longer than ``wait_seconds``.
    """
    rows = writeback_rows(report, labels)
    token = uuid.uuid4().hex
    with store.derived_write(wait_seconds) as target:
        if generation is not None and store.generation() != generation:
            raise GraphChangedError(
                "The graph was replaced by a load while the analysis ran; nothing was "
                "written. Run the analysis again."
            )
        # Written over what is there, then what this run did not write is removed:
        # a value the run leaves as it was is no change for the engine. On Neo4j
        # the transaction then holds only what changed (removing every result and
        # writing it again ran past the transaction memory of a 2 GB heap at
        # 100,000 nodes), and embedded readers never see the results missing.
        n = sum(
            target.write_batch(_SET_PROPERTIES[label], label_rows, batch_size, run=token)
            for label, label_rows in rows.nodes.items()
        )
        s = sum(
            target.write_batch(_WRITE_SPOF[label], label_rows, batch_size, run=token)
            for label, label_rows in rows.spof.items()
        )
        s += sum(
            target.write_batch(
                _WRITE_SPOF2[label], label_rows, batch_size, reason=ORDER2_REASON, run=token
            )
            for label, label_rows in rows.spof2.items()
        )
        b = target.write_batch("analysis_write_blocked_by", rows.blocked, batch_size, run=token)
        clear_results(target, keep=token)
        target.query(
            "analysis_finish_run",
            {
                "finished_at": finished_at,
                "policy": policy,
                "duration_s": float(duration_s),
                "platforms": sorted(report["platforms"]),
                "summary": json.dumps(report.get("summary", {}), sort_keys=True),
            },
        )
    store.mark_changed()
    return {"nodes": n, "spof": s, "blocked_by": b}
