"""``supplynet search``, ``deps``, ``where-used``, ``paths``, ``adversary`` and ``cypher``:
questions asked of the graph as it stands, answered with names beside ids.

``deps``, ``where-used`` and ``paths`` answer from a snapshot's supply index, the same
one the API answers from, so the CLI and ``/v1`` give the same tiers, paths and
where-used.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer

from graphmodel.cli.common import Column, out, print_json, print_table, settings, store_context
from graphmodel.errors import SupplynetError

__all__ = ["adversary", "cypher", "deps", "paths", "search", "where_used"]


class NodeKindOpt(StrEnum):
    item = "item"
    organisation = "organisation"
    facility = "facility"
    country = "country"


# The options several questions share, declared once so their help reads the same.
_Platform = Annotated[str, typer.Argument(help="Platform (or any item) id")]
_Country = Annotated[str | None, typer.Option(help="Only nodes in this country")]
_Json = Annotated[bool, typer.Option("--json", help="Print JSON")]


def _kind_text(label: str, detail: str | None) -> str:
    # "item (platform)": the kind, and the item's level where it has one.
    return label + (f" ({detail})" if detail else "")


def search(
    query: Annotated[str, typer.Argument(help="Words of a name, or an id, LEI, CAGE, NSN")],
    kind: Annotated[
        list[NodeKindOpt], typer.Option(help="Only this kind (repeat for several)")
    ] = [],  # noqa: B006 - typer reads list defaults
    country: _Country = None,
    limit: Annotated[int, typer.Option(help="Most results")] = 20,
    as_json: _Json = False,
) -> None:
    """Find organisations, facilities, items and countries: by name (any case or
    accents, part of a word, misspelt), or by id, LEI, CAGE code, NSN, country."""
    from graphmodel.search import SearchIndex

    with store_context() as store:
        index = SearchIndex.from_store(store)
    hits = index.search(
        query,
        kinds=[k.value for k in kind] or None,
        country=country.upper() if country else None,
        limit=limit,
    )
    if as_json:
        print_json([h.as_dict() for h in hits])
        return
    if not hits:
        out.print(f"nothing matches {query!r}", highlight=False)
        return
    print_table(
        (Column("id", no_wrap=True), "name", "kind", "country", "matched"),
        [
            (h.id, h.name or "", _kind_text(h.kind, h.detail), h.country or "", h.matched)
            for h in hits
        ],
    )


def _dependency_index() -> Any:
    # The supply index the API answers from: the same tiers, paths and where-used.
    from graphmodel.workspace import Snapshot

    with store_context() as store:
        return Snapshot(store).index


def _node_text(index: Any, node: str) -> str:
    i = index.pos.get(node)
    name = index.name[i] if i is not None else None
    return f"{name} ({node})" if name and name != node else node


def _what(index: Any, i: int) -> tuple[str, str | None]:
    from graphmodel.analysis.index import KIND_NAMES

    return KIND_NAMES[index.kind[i]], index.detail[i]


def deps(
    platform: _Platform,
    max_tier: Annotated[int | None, typer.Option(help="Deepest tier to list")] = None,
    kind: Annotated[NodeKindOpt | None, typer.Option(help="Only nodes of this kind")] = None,
    country: _Country = None,
    limit: Annotated[int, typer.Option(help="Most rows")] = 200,
    as_json: _Json = False,
) -> None:
    """Everything a platform depends on, by tier (as GET /v1/platforms/{id}/dependencies)."""
    from graphmodel.analysis.index import KIND_NAMES
    from graphmodel.analysis.tiers import tiers_of

    index = _dependency_index()
    if platform not in index.pos or index.kind[index.pos[platform]] != 0:
        raise SupplynetError(f"No item with id {platform!r}.")
    rows = tiers_of(index, platform).select(
        index,
        max_tier=max_tier,
        kind=KIND_NAMES.index(kind.value) if kind else None,
        country=country.upper() if country else None,
    )
    if as_json:
        print_json(
            [
                {"id": index.ids[i], "name": index.name[i], "kind": _what(index, i)[0],
                 "detail": index.detail[i], "country": index.country[i], "tier": t}
                for i, t in rows[:limit]
            ]
        )  # fmt: skip
        return
    print_table(
        (Column("tier", justify="right"), Column("id", no_wrap=True), "name", "kind", "country"),
        [
            (str(t), index.ids[i], index.name[i] or "", _kind_text(*_what(index, i)),
             index.country[i] or "")
            for i, t in rows[:limit]
        ],
        title=_node_text(index, platform),
    )  # fmt: skip
    if len(rows) > limit:
        out.print(f"{len(rows) - limit:,} more rows (raise --limit, or use --json)")


def _known(index: Any, node: str) -> None:
    if node not in index.pos or index.kind[index.pos[node]] > 3:
        raise SupplynetError(f"No item, organisation, facility or country with id {node!r}.")


def where_used(
    node: Annotated[str, typer.Argument(help="Item, organisation, facility or country id")],
    limit: Annotated[int, typer.Option(help="Most rows")] = 200,
    as_json: _Json = False,
) -> None:
    """Every item that depends on a node (with the node's tier below it), nearest first,
    and the platforms among them."""
    from graphmodel.analysis.tiers import dependants_page

    index = _dependency_index()
    _known(index, node)
    ids = index.ids
    found = dependants_page(index, node, 0, limit)
    rows = found.rows
    platforms = [ids[p] for p in found.platforms]
    if as_json:
        print_json(
            {
                "node": node,
                "platforms": [
                    {"id": p, "name": index.name[index.pos[p]], "kind": "item"} for p in platforms
                ],
                "items": [
                    {"id": ids[i], "name": index.name[i], "kind": "item", "distance": d}
                    for i, d in rows[:limit]
                ],
            }
        )
        return
    out.print(f"[bold]{_node_text(index, node)}[/bold]", highlight=False)
    out.print(
        "platforms: " + (", ".join(_node_text(index, p) for p in platforms) or "none"),
        highlight=False,
    )
    print_table(
        (Column("distance", justify="right"), Column("id", no_wrap=True), "name", "kind"),
        [
            (str(d), ids[i], index.name[i] or "", _kind_text("item", index.detail[i]))
            for i, d in rows[:limit]
        ],
    )


def paths(
    platform: _Platform,
    node: Annotated[str, typer.Argument(help="The node to reach")],
    limit: Annotated[int, typer.Option(help="Most paths")] = 10,
    max_length: Annotated[int, typer.Option(help="Longest path, in hops")] = 12,
    as_json: _Json = False,
) -> None:
    """The shortest dependency paths from a platform to a node, with names."""
    from graphmodel.analysis.tiers import dependency_paths, tiers_of

    index = _dependency_index()
    for n in (platform, node):
        _known(index, n)
    found = dependency_paths(
        index, tiers_of(index, platform), node, limit=limit, max_length=max_length
    )
    if as_json:
        print_json(
            [
                [{"id": index.ids[i], "name": index.name[i], "kind": _what(index, i)[0]}
                 for i, _ in p]
                for p in found
            ]
        )  # fmt: skip
        return
    if not found:
        out.print(f"{_node_text(index, platform)} does not depend on {_node_text(index, node)}")
    for k, p in enumerate(found, 1):
        out.print(
            f"{k}. " + " → ".join(_node_text(index, index.ids[i]) for i, _ in p), highlight=False
        )


def adversary(
    node: Annotated[str | None, typer.Argument(help="One node: why is it linked?")] = None,
    platform: Annotated[str | None, typer.Option(help="Only nodes this platform needs")] = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason kind")] = None,
    country: _Country = None,
    limit: Annotated[int, typer.Option(help="Most nodes")] = 50,
    as_json: _Json = False,
) -> None:
    """Which suppliers are adversary-linked and why, from the last analysis, with names."""
    from graphmodel.analysis.findings import named_reasons
    from graphmodel.analysis.naming import Namer, ref_text
    from graphmodel.store.tables import graph_from_store
    from graphmodel.workspace import LatestAnalysis, Workspace, adversary_linked_ids

    s = settings()
    doc = LatestAnalysis(Workspace(s.data_dir)).latest()
    if doc is None:
        raise SupplynetError("No analysis has run yet; run `supplynet analyze` first.")
    result = doc.get("result") or {}
    nodes = result.get("nodes") or {}
    with store_context(s) as store:
        G = graph_from_store(store)
    namer = Namer.from_graph(G)
    if node is not None:
        if node not in G:
            raise SupplynetError(f"No node with id {node!r}.")
        chosen = [node]
    else:
        chosen = sorted(adversary_linked_ids(result))
    if platform is not None:
        section = (result.get("platforms") or {}).get(platform)
        if section is None:
            raise SupplynetError(f"The last analysis has no platform {platform!r}.")
        chosen = [n for n in chosen if n in (section.get("tiers") or {})]
    if country is not None:
        chosen = [n for n in chosen if G.nodes[n].get("country") == country.upper()]
    entries = []
    for n in chosen:
        reasons = named_reasons((nodes.get(n) or {}).get("reasons"), namer)
        if reason is not None and not any(r.get("kind") == reason for r in reasons):
            continue
        entries.append({**namer.ref(n), "adversary_linked": bool(reasons), "reasons": reasons})
    if as_json:
        print_json(entries[:limit])
        return
    out.print(f"{len(entries):,} node(s)", highlight=False)
    for e in entries[:limit]:
        flag = "[red]adversary-linked[/red]" if e["adversary_linked"] else "not linked"
        out.print(f"\n[bold]{ref_text(e)}[/bold] {e['kind']}: {flag}", highlight=False)
        for r in e["reasons"]:
            path = " → ".join(ref_text(p) for p in r.get("path") or [])
            out.print(f"  - {r['kind']}: {r['text']}", highlight=False, soft_wrap=True)
            if path:
                out.print(f"    path: {path}", highlight=False, soft_wrap=True)
    if len(entries) > limit:
        out.print(f"\n{len(entries) - limit:,} more (raise --limit, or use --json)")


def cypher(
    statement: Annotated[
        str | None, typer.Argument(help="A read-only statement (or use --name)")
    ] = None,
    name: Annotated[str | None, typer.Option(help="Run this named query instead")] = None,
    param: Annotated[
        list[str], typer.Option(help="A parameter as key=JSON value (repeatable)")
    ] = [],  # noqa: B006 - typer reads list defaults
    list_queries: Annotated[
        bool, typer.Option("--list", help="List the analyst library of named queries")
    ] = False,
    as_json: _Json = False,
) -> None:
    """Run read-only Cypher, or a named query of the analyst library (--list shows them)."""
    from graphmodel.cypher import all_queries, get_query

    if list_queries:
        for qname in sorted({n for n, _ in all_queries() if n.startswith("analyst_")}):
            q = get_query(qname, "falkordb")
            out.print(f"[bold]{qname}[/bold] ({', '.join(q.params)})", highlight=False)
            out.print(f"    {q.description}", highlight=False, soft_wrap=True)
        return
    params: dict[str, Any] = {}
    for p in param:
        key, sep, raw = p.partition("=")
        if not sep or not key:
            raise SupplynetError(f"--param {p!r}: write it as key=value")
        try:
            params[key] = json.loads(raw)
        except ValueError:
            params[key] = raw  # a bare string
    s = settings()
    with store_context(s) as store:
        if name:
            q = get_query(name, store.kind)
            if q.mode != "read":
                raise SupplynetError(f"The named query {name!r} writes; it never runs here.")
            texts = q.statements
            params = {k: params.get(k) for k in q.params}
        elif statement:
            texts = [statement]
        else:
            raise SupplynetError("Give a statement, --name NAME or --list")
        from graphmodel.store.adhoc import AdhocRunner

        runner = AdhocRunner(slots=1, per_owner=1)
        try:
            rows, truncated = runner.run(
                store,
                texts,
                params,
                owner="cli",
                timeout_ms=s.query_timeout_ms,
                row_cap=s.query_row_cap,
                byte_cap=s.query_byte_cap,
            )
        finally:
            runner.close()
    if as_json:
        print_json({"rows": rows, "truncated": truncated})
        return
    if not rows:
        out.print("no rows")
        return
    # Values are folded, never cut: a cell may be a whole path or map.
    print_table(
        [Column(col, overflow="fold") for col in rows[0]],
        [
            [v if isinstance(v, str) else json.dumps(v, default=str) for v in r.values()]
            for r in rows
        ],
    )
    if truncated:
        cap = (
            f"{s.query_row_cap:,} rows"
            if len(rows) >= s.query_row_cap
            else f"{s.query_byte_cap:,} bytes"
        )
        out.print(f"truncated at {cap}")
