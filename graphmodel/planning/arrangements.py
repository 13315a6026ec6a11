"""Security-of-supply arrangements as what-ifs (``docs/planning.md``).

An arrangement change adds a country to (or removes it from) an arrangement group:
SOSA, RDP_MOU, NTIB, NATO (:data:`graphmodel.schema.ALLIED_GROUPS`) or a group the
user names. :func:`arrangement_whatif` reports, per demanded platform, before and
after the change:

- **allied coverage**: the share of the items of its bill-of-materials closure that
  have a qualified source in a country of an allied group (the shipped groups plus
  every group the changes name), and the share of their stated capacity that sits in
  such countries;
- **adversary-free feasibility**: feasible as it stands (membership of a group does
  not make a node adversary-linked, so this never changes, and the result says so),
  and feasible *with allied candidates*: every blocking item's candidate sources that
  are not linked and sit in an allied country qualified (the feasibility analysis's
  ``allied_candidates``), so adding a country can open a path;
- with ``secure_groups`` (the policy treats arranged partners as secure): the volume
  stress-test ranking without the nodes (organisations, facilities, countries) in
  countries of those groups, before and after; nodes that leave or join the ranking
  are listed, and each remaining node's rank change.

Presets (``graphmodel/data/planning/arrangements.toml``) cite the Atlantic Council
brief for Japan, Taiwan and Mexico.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.adversary import adversary_links, linked_set
from graphmodel.analysis.feasibility import adversary_free_closure
from graphmodel.analysis.index import SupplyIndex
from graphmodel.analysis.policy import Policy
from graphmodel.analysis.producibility import bom_closure, closure_producible
from graphmodel.errors import ValidationFailed
from graphmodel.nxgraph import source_country
from graphmodel.planning.apply import apply_plan, plan_problems
from graphmodel.planning.model import ArrangementLever, PlanSpec, parse_plan
from graphmodel.scenarios.volume import num
from graphmodel.scenarios.volume_stress import volume_stress
from graphmodel.schema import ALLIED_GROUPS

__all__ = ["ARRANGEMENTS_PATH", "arrangement_whatif", "load_arrangement_presets"]

ARRANGEMENTS_PATH: Final = Path(
    str(resources.files("graphmodel") / "data" / "planning" / "arrangements.toml")
)


def load_arrangement_presets(path: str | Path | None = None) -> dict[str, ArrangementLever]:
    """The shipped arrangement presets by name, each citing its source.

    Examples
    --------
    >>> p = load_arrangement_presets()
    >>> sorted(p)
    ['sosa-jp', 'sosa-mx', 'sosa-tw']
    >>> [(x.country, x.group, x.action) for _, x in sorted(p.items())]
    [('JP', 'SOSA', 'add'), ('MX', 'SOSA', 'add'), ('TW', 'SOSA', 'add')]
    >>> "Atlantic Council" in p["sosa-tw"].source
    True
    """
    file = ARRANGEMENTS_PATH if path is None else Path(path)
    with file.open("rb") as fh:
        data = tomllib.load(fh)
    out: dict[str, ArrangementLever] = {}
    for name, table in data.items():
        body = {k: v for k, v in table.items() if k != "description"}
        plan = parse_plan(
            {"name": name, "levers": [{"kind": "arrangement", **body}]}, file=file.name
        )
        lv = plan.levers[0]
        assert isinstance(lv, ArrangementLever)
        out[name] = lv.model_copy(update={"note": str(table.get("description", ""))})
    return out


def _groups_of(G: nx.MultiDiGraph, groups: frozenset[str]) -> set[str]:
    return {
        n
        for n, d in G.nodes(data=True)
        if d.get("label") == "Country" and groups & set(d.get("groups") or ())
    }


def _coverage(
    G: nx.MultiDiGraph, ix: SupplyIndex, platform: str, allied: set[str]
) -> dict[str, Any]:
    cl = bom_closure(ix, ix.item(platform))
    items = [ix.ids[u] for u in cl.order]
    with_src = covered = 0
    cap_all = cap_allied = 0.0
    for item in items:
        srcs = [
            (org, d)
            for _, org, d in G.out_edges(item, data=True)
            if d.get("type") == "SOURCED_FROM" and d.get("qualified", True)
        ]
        if not srcs:
            continue
        with_src += 1
        hit = False
        for org, d in srcs:
            c = source_country(G, org, d.get("facility"))
            ok = c in allied
            hit |= ok
            cap = d.get("capacity")
            if cap is not None:
                cap_all += float(cap)
                cap_allied += float(cap) if ok else 0.0
        covered += hit
    return {
        "items_with_sources": with_src,
        "items_allied_covered": covered,
        "allied_item_share": num(covered / with_src) if with_src else None,
        "allied_capacity_share": num(cap_allied / cap_all) if cap_all > 0 else None,
    }


def _feasibility(
    G: nx.MultiDiGraph, ix: SupplyIndex, platform: str, linked: set[str], allied: set[str]
) -> dict[str, Any]:
    cl = bom_closure(ix, ix.item(platform))
    r = adversary_free_closure(G, ix, cl, linked)
    if r["feasible"]:
        return {"feasible": True, "feasible_with_allied_candidates": True, "blocking_items": []}
    # Qualify every non-linked candidate in an allied country of a blocking item.
    H = G.copy()
    opened = []
    for item, b in r["blocking"].items():
        for c in b["candidates"]:
            if c["qualified"] or c["country"] not in allied:
                continue
            key = f"SOURCED_FROM:{c['facility'] or ''}"
            H.edges[item, c["organisation"], key]["qualified"] = True
            opened.append(
                {"item": item, "organisation": c["organisation"], "country": c["country"]}
            )
    hx = SupplyIndex.from_graph(H)
    linked_h = frozenset(hx.indices(linked))
    ok = closure_producible(hx, bom_closure(hx, hx.item(platform)), linked_h)
    return {
        "feasible": False,
        "feasible_with_allied_candidates": bool(ok),
        "blocking_items": r["blocking_items"],
        "allied_candidates": opened,
    }


def _secure_ranking(
    G: nx.MultiDiGraph, rows: list[dict[str, Any]], secure: set[str]
) -> list[dict[str, Any]]:
    ix = SupplyIndex.from_graph(G)

    def in_secure(node: str) -> bool:
        if node in secure:
            return True
        k = ix.pos.get(node)
        if k is None:
            return False
        h = ix.home[k]
        return h >= 0 and ix.ids[h] in secure

    kept = [r for r in rows if not in_secure(r["node"])]
    return [
        {
            "rank": k,
            "node": r["node"],
            "name": r["name"],
            "weighted_lost_volume": r["weighted_lost_volume"],
        }
        for k, r in enumerate(kept, 1)
    ]


def arrangement_whatif(
    G: nx.MultiDiGraph,
    changes: Sequence[ArrangementLever],
    *,
    secure_groups: Sequence[str] = (),
    policy: Policy | None = None,
    top: int = 20,
    workers: int | None = 1,
    stress: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The effect of ``changes`` on allied coverage, adversary-free feasibility and,
    with ``secure_groups``, the stress-test ranking (module docstring).

    ``stress`` is a prebuilt :func:`volume_stress` result of ``G`` with every row
    (arrangements do not change capacities, so one stress test serves both sides).
    """
    plan = PlanSpec(name="arrangements", levers=list(changes))
    problems = plan_problems(G, plan)
    if problems:
        raise ValidationFailed(problems, what="arrangement")
    H = apply_plan(G, plan)
    changed = []
    for c in sorted({lv.country for lv in changes}):
        b, a = list(G.nodes[c].get("groups") or ()), list(H.nodes[c].get("groups") or ())
        changed.append(
            {
                "country": c,
                "name": G.nodes[c].get("name"),
                "groups_before": b,
                "groups_after": a,
                "changed": sorted(b) != sorted(a),
            }
        )
    named = frozenset(ALLIED_GROUPS) | {lv.group for lv in changes}
    allied_b, allied_a = _groups_of(G, named), _groups_of(H, named)
    ix, hx = SupplyIndex.from_graph(G), SupplyIndex.from_graph(H)
    linked = linked_set(adversary_links(G, policy))
    platforms = []
    for k in ix.platforms:
        p = ix.ids[k]
        if not G.nodes[p].get("demand_per_day") and len(ix.platforms) > 1:
            continue
        cb, ca = _coverage(G, ix, p, allied_b), _coverage(H, hx, p, allied_a)
        fb, fa = _feasibility(G, ix, p, linked, allied_b), _feasibility(H, hx, p, linked, allied_a)
        platforms.append(
            {
                "platform": p,
                "name": G.nodes[p].get("name"),
                "allied_coverage": {"before": cb, "after": ca},
                "adversary_free": {"before": fb, "after": fa},
                "feasibility_changed": fb["feasible_with_allied_candidates"]
                != fa["feasible_with_allied_candidates"],
            }
        )
    out: dict[str, Any] = {
        "changes": [lv.model_dump(mode="json") for lv in changes],
        "countries": changed,
        "countries_changed": [c["country"] for c in changed if c["changed"]],
        "platforms": sorted(platforms, key=lambda r: r["platform"]),
        "note": "Membership of a group does not make a node adversary-linked: adversary-free "
        "feasibility as it stands cannot change; feasibility with allied candidates can.",
    }
    if secure_groups:
        sg = frozenset(secure_groups)
        vs = stress or volume_stress(G, top=10**9, workers=workers)
        if vs.get("computed"):
            rows = vs["ranking"]
            rb = _secure_ranking(G, rows, _groups_of(G, sg))
            ra = _secure_ranking(H, rows, _groups_of(H, sg))
            pos_b = {r["node"]: r["rank"] for r in rb}
            pos_a = {r["node"]: r["rank"] for r in ra}
            out["stress_ranking"] = {
                "secure_groups": sorted(sg),
                "before": rb[:top],
                "after": ra[:top],
                "left_ranking": sorted(set(pos_b) - set(pos_a)),
                "joined_ranking": sorted(set(pos_a) - set(pos_b)),
                "rank_changes": [
                    {"node": n, "before": pos_b[n], "after": pos_a[n]}
                    for n in sorted(set(pos_b) & set(pos_a), key=pos_a.__getitem__)
                    if pos_b[n] != pos_a[n]
                ][:top],
            }
        else:
            out["stress_ranking"] = {"computed": False, "reason": vs.get("reason")}
    return out
