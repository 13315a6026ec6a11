"""An analysis result read as findings: named sections and flat tables per platform.

This is the one place that turns :func:`graphmodel.analysis.report.analyze`'s
output (ids) into what an analyst reads: the API's analysis answers, the CLI's
``analyze`` summary, the platform page's tables and ``export-findings`` all call
it. Each table row carries references (``{"id", "name", "kind"}``) and the
evidence path of the finding; :func:`flat_row` turns a row into text cells for
CSV and XLSX.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Mapping
from itertools import chain, islice
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.naming import Namer, describe_gap, name_ids, ref_text
from graphmodel.analysis.spof import ORDER2_REASON
from graphmodel.nxgraph import qualified_sources, source_country

__all__ = [
    "TABLES",
    "data_gaps",
    "flat_row",
    "named_reasons",
    "organisation_profile",
    "ownership_structure",
    "platform_findings",
    "reason_text",
    "sole_sources",
]

#: The findings tables of a platform, in the order they are shown and exported.
TABLES: Final = (
    "spof",
    "sole_source",
    "data_gaps",
    "adversary_links",
    "blocking",
    "concentration",
)

_ID_CHARS: Final = r"[\w.-]"


def _first(values: Iterable[Any] | None, limit: int | None) -> Iterable[Any]:
    """``values`` up to ``limit`` (all with ``None``): a caller showing the top rows
    names only those, not every row of a 100,000-node platform."""
    return islice(values or (), limit)


def reason_text(reason: Mapping[str, Any]) -> str:
    """A named reason's sentence with names beside the ids it mentions.

    ``reason`` is one reason after :func:`graphmodel.analysis.naming.name_ids`.

    Examples
    --------
    >>> r = {"detail": "o1 is registered in CN, a country of concern.",
    ...      "path": [{"id": "o1", "name": "Alpha", "kind": "organisation"},
    ...               {"id": "CN", "name": "China", "kind": "country"}]}
    >>> reason_text(r)
    'Alpha (o1) is registered in China (CN), a country of concern.'
    """
    text = str(reason.get("detail") or reason.get("kind") or "")
    refs: dict[str, str] = {}
    for key in ("path", "root", "country", "list"):
        v = reason.get(key)
        for r in v if isinstance(v, list) else [v]:
            if isinstance(r, Mapping) and r.get("name") and r.get("name") != r.get("id"):
                refs[str(r["id"])] = ref_text(r)
    for owner in reason.get("owners") or []:
        node = owner.get("node") if isinstance(owner, Mapping) else None
        if isinstance(node, Mapping) and node.get("name"):
            refs[str(node["id"])] = ref_text(node)
    if not refs:
        return text
    pattern = re.compile(
        rf"(?<!{_ID_CHARS})("
        + "|".join(re.escape(k) for k in sorted(refs, key=len, reverse=True))
        + rf")(?!{_ID_CHARS}|\w)"
    )
    return pattern.sub(lambda m: refs[m.group(1)], text)


def named_reasons(reasons: Any, namer: Namer) -> list[dict[str, Any]]:
    """Adversary-link reasons with references and a ``text`` naming what they mention."""
    out = []
    for r in reasons or []:
        if not isinstance(r, Mapping):
            continue
        named = name_ids(r, namer)
        named["text"] = reason_text(named)
        out.append(named)
    return out


def sole_sources(
    G: nx.MultiDiGraph, section: Mapping[str, Any], namer: Namer, limit: int | None = None
) -> list[dict[str, Any]]:
    """Each sole-source item of a platform with its one qualified source and path."""
    paths = section.get("paths") or {}
    rows = []
    for item in _first(section.get("sole_source_items"), limit):
        sources = qualified_sources(G, item) if item in G else []
        org, fac = (sources[0][0], sources[0][1]) if sources else (None, None)
        country = source_country(G, org, fac) if org else None
        rows.append(
            {
                "item": namer.ref(item),
                "supplier": namer.ref(org) if org else None,
                "facility": namer.ref(fac) if fac else None,
                "country": namer.ref(country) if country else None,
                "path": namer.refs(paths.get(item) or []),
            }
        )
    return rows


def data_gaps(
    section: Mapping[str, Any], namer: Namer, limit: int | None = None
) -> list[dict[str, Any]]:
    """Items of a platform whose data is missing, each saying what is missing.

    ``missing`` is ``source`` (no supplier recorded) or ``qualified_source``
    (suppliers recorded, none qualified).
    """
    paths = section.get("paths") or {}
    gaps = (
        (item, missing)
        for key, missing in (("data_gaps", "source"), ("unsourced_items", "qualified_source"))
        for item in section.get(key) or []
    )
    rows: list[dict[str, Any]] = []
    for item, missing in _first(gaps, limit):
        ref = namer.ref(item)
        rows.append(
            {
                "item": ref,
                "missing": missing,
                "detail": describe_gap(ref, missing),
                "path": namer.refs(paths.get(item) or []),
            }
        )
    return rows


def _spof_rows(
    section: Mapping[str, Any], namer: Namer, limit: int | None = None
) -> list[dict[str, Any]]:
    spof = section.get("spof") or {}
    evidence = spof.get("order1_evidence") or {}
    order1 = (
        (1, [node], evidence.get(node) or {})
        for group in ("organisations", "facilities", "countries")
        for node in (spof.get("order1") or {}).get(group) or []
    )
    order2 = ((2, ev.get("pair") or [], ev) for ev in spof.get("order2_evidence") or [])
    return [
        {
            "order": order,
            "nodes": namer.refs(nodes),
            "item": namer.ref(ev["item"]) if ev.get("item") else None,
            "reason": (ev.get("reason") or "") if order == 1 else ORDER2_REASON,
            "path": namer.refs(ev.get("path") or []),
        }
        for order, nodes, ev in _first(chain(order1, order2), limit)
    ]


def _adversary_rows(
    section: Mapping[str, Any],
    nodes: Mapping[str, Any],
    namer: Namer,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    free = section.get("adversary_free") or {}
    tiers = section.get("tiers") or {}
    paths = section.get("paths") or {}
    rows = []
    for node in _first(free.get("linked_in_tree"), limit):
        reasons = named_reasons((nodes.get(node) or {}).get("reasons"), namer)
        rows.append(
            {
                "node": namer.ref(node),
                "tier": tiers.get(node),
                "reasons": reasons,
                "reason_kinds": sorted({str(r.get("kind")) for r in reasons}),
                "path": namer.refs(paths.get(node) or []),
            }
        )
    return rows


def _blocking_rows(
    section: Mapping[str, Any], namer: Namer, limit: int | None = None
) -> list[dict[str, Any]]:
    blocking = (section.get("adversary_free") or {}).get("blocking") or {}
    rows = []
    for item, b in _first(blocking.items(), limit):
        rows.append(
            {
                "item": namer.ref(item),
                "tier": b.get("tier"),
                "linked_sources": [
                    name_ids(s, namer) for s in b.get("linked_sources") or [] if s.get("linked")
                ],
                "allied_candidates": [name_ids(c, namer) for c in b.get("allied_candidates") or []],
                "path": namer.refs(b.get("path") or []),
            }
        )
    return rows


def _concentration_rows(
    section: Mapping[str, Any], namer: Namer, limit: int | None = None
) -> list[dict[str, Any]]:
    figures = (
        (item, c)
        for item, c in (section.get("concentration") or {}).items()
        if isinstance(c, Mapping)
    )

    def hhi(ic: tuple[str, Mapping[str, Any]]) -> float:
        return float(ic[1].get("country_hhi") or 0)

    # Highest first, ties in report order, before naming: with a limit only the head
    # is named (naming every item of a 1M-node report took most of the CLI's findings
    # time) and only the head is kept in order (nlargest is sorted()[:limit]).
    top_first = (
        sorted(figures, key=hhi, reverse=True)
        if limit is None
        else heapq.nlargest(limit, figures, key=hhi)
    )
    rows = []
    for item, c in top_first:
        shares = c.get("country_shares") or {}
        top = max(shares.items(), key=lambda kv: kv[1]) if shares else None
        rows.append(
            {
                "item": namer.ref(item),
                "sources": c.get("sources"),
                "country_hhi": c.get("country_hhi"),
                "top_country": namer.ref(top[0]) if top else None,
                "top_country_share": top[1] if top else None,
                "concern_share": c.get("concern_share"),
                "adversary_owned_share": c.get("adversary_owned_share"),
                "adversary_linked_share": c.get("adversary_linked_share"),
                "owned_by": namer.refs(c.get("adversary_owned_sources") or []),
            }
        )
    return rows


def platform_findings(
    G: nx.MultiDiGraph,
    result: Mapping[str, Any],
    platform: str,
    namer: Namer | None = None,
    *,
    limit: int | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Every findings table of one platform (:data:`TABLES`), rows with names and paths.

    With ``limit``, each table holds its first ``limit`` rows (the same rows, in the
    same order, as the head of the whole table).
    """
    namer = namer or Namer.from_graph(G)
    section = (result.get("platforms") or {}).get(platform) or {}
    nodes = result.get("nodes") or {}
    return {
        "spof": _spof_rows(section, namer, limit),
        "sole_source": sole_sources(G, section, namer, limit),
        "data_gaps": data_gaps(section, namer, limit),
        "adversary_links": _adversary_rows(section, nodes, namer, limit),
        "blocking": _blocking_rows(section, namer, limit),
        "concentration": _concentration_rows(section, namer, limit),
    }


def _cell(value: Any) -> str | int | float | None:
    if value is None or isinstance(value, str | int | float):
        return value
    if isinstance(value, Mapping):
        if "id" in value and "kind" in value:
            return ref_text(value)
        if "text" in value:
            return str(value["text"])
        parts = [_cell(v) for k, v in value.items() if k not in ("qualified",)]
        return ", ".join(str(p) for p in parts if p not in (None, ""))
    if isinstance(value, list):
        if value and all(isinstance(v, Mapping) and "kind" in v and "id" in v for v in value):
            return " → ".join(ref_text(v) for v in value)
        return "; ".join(str(_cell(v)) for v in value)
    return str(value)


def flat_row(row: Mapping[str, Any]) -> dict[str, str | int | float | None]:
    """A findings row as cells: references as ``Name (id)`` plus an ``<key>_id`` column,
    paths as ``A → B → C``.

    Examples
    --------
    >>> flat_row({"item": {"id": "c1", "name": "Seal", "kind": "item"}, "tier": 2,
    ...           "path": [{"id": "p", "name": "P", "kind": "item"},
    ...                    {"id": "c1", "name": "Seal", "kind": "item"}]})
    {'item': 'Seal (c1)', 'item_id': 'c1', 'tier': 2, 'path': 'P (p) → Seal (c1)'}
    """
    out: dict[str, str | int | float | None] = {}
    for k, v in row.items():
        if k == "nodes" and isinstance(v, list):
            out[k] = " + ".join(ref_text(n) for n in v if isinstance(n, Mapping))
            out["nodes_id"] = " + ".join(str(n.get("id")) for n in v if isinstance(n, Mapping))
            continue
        out[k] = _cell(v)
        if isinstance(v, Mapping) and "id" in v and "kind" in v:
            out[f"{k}_id"] = v["id"]
    return out


def ownership_structure(
    G: nx.MultiDiGraph, result: Mapping[str, Any], organisation: str, namer: Namer
) -> dict[str, Any]:
    """An organisation's owners up to the ultimate ones and its subsidiaries down, named.

    Owners carry their look-through equity stake in the organisation; subsidiaries the
    organisation's stake in them (:func:`graphmodel.viz.ownership.equity_stakes`);
    every ``OWNS`` edge among them is listed with its percentage and kind.
    """
    from graphmodel.viz.ownership import equity_stakes, owner_distances

    up = owner_distances(G, organisation)
    down = owner_distances(G, organisation, direction="down")
    stakes = equity_stakes(G, organisation, set(up))
    nodes = result.get("nodes") or {}
    drawn = set(up) | set(down)
    owned_by: dict[str, list[str]] = {}
    edges = []
    for u, v, d in G.edges(data=True):
        if d.get("type") == "OWNS" and u in drawn and v in drawn:
            owned_by.setdefault(v, []).append(u)
            edges.append(
                {
                    "owner": namer.ref(u),
                    "owned": namer.ref(v),
                    "percentage": d.get("percentage"),
                    "kind": d.get("kind", "equity"),
                }
            )
    edges.sort(key=lambda e: (e["owner"]["id"], e["owned"]["id"]))

    def entry(node: str, distance: int, stake: float) -> dict[str, Any]:
        linked = (nodes.get(node) or {}).get("adversary_linked")
        return {
            "node": namer.ref(node),
            "country": G.nodes[node].get("country"),
            "distance": distance,
            "stake": round(stake, 6),
            "adversary_linked": bool(linked),
        }

    owners = [
        {**entry(o, up[o], stakes[o]), "ultimate": o not in owned_by}
        for o in sorted(up, key=lambda o: (up[o], o))
        if o != organisation
    ]
    subsidiaries = [
        entry(s, down[s], equity_stakes(G, s, [organisation])[organisation])
        for s in sorted(down, key=lambda s: (down[s], s))
        if s != organisation
    ]
    return {
        "organisation": namer.ref(organisation),
        "owners": owners,
        "ultimate_owners": [o["node"] for o in owners if o["ultimate"]],
        "subsidiaries": subsidiaries,
        "edges": edges,
    }


def organisation_profile(
    G: nx.MultiDiGraph, result: Mapping[str, Any], organisation: str, namer: Namer | None = None
) -> dict[str, Any]:
    """What an analyst reads about one organisation: what it supplies, where that is
    used, its ownership up and down, designations and adversary-link reasons."""
    namer = namer or Namer.from_graph(G)
    data = G.nodes[organisation]
    where = result.get("where_used") or {}
    supplies = []
    for item, _, d in G.in_edges(organisation, data=True):
        if d.get("type") == "SOURCED_FROM":
            supplies.append(
                {
                    "item": namer.ref(item),
                    "facility": namer.ref(d["facility"]) if d.get("facility") else None,
                    "share": d.get("share"),
                    "qualified": bool(d.get("qualified", True)),
                    "platforms": namer.refs(sorted(where.get(item) or {})),
                }
            )
    supplies.sort(key=lambda r: r["item"]["id"])
    facilities = sorted(
        u for u, _, d in G.in_edges(organisation, data=True) if d.get("type") == "OPERATED_BY"
    )
    entry = (result.get("nodes") or {}).get(organisation) or {}
    return {
        **namer.ref(organisation),
        "organisation_kind": data.get("kind"),
        "country": namer.ref(data["country"]) if data.get("country") else None,
        "lei": data.get("lei"),
        "cage": data.get("cage"),
        "adversary_linked": bool(entry.get("adversary_linked")),
        "reasons": named_reasons(entry.get("reasons"), namer),
        "designations": [dict(d) for d in data.get("designations") or []],
        "supplies": supplies,
        "facilities": namer.refs(facilities),
        "platforms": namer.refs(sorted(where.get(organisation) or {})),
        "ownership": ownership_structure(G, result, organisation, namer),
    }
