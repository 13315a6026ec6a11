"""The ``supplynet`` command line.

Every command reports failures as one sentence on stderr and exits non-zero;
set ``SUPPLYNET_DEBUG=1`` to see the traceback of an unexpected error.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graphmodel.errors import SupplynetError, ValidationFailed
from graphmodel.planning.cli import plan_app
from graphmodel.settings import Settings

if TYPE_CHECKING:
    from graphmodel.load import LoadReport
    from graphmodel.store.base import GraphStore

__all__ = ["app", "main"]

app = typer.Typer(
    help="supplynet: multi-tier supply network modeller for defence-critical supply chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
db_app = typer.Typer(
    help="Manage the store supplynet runs (embedded FalkorDB or local Neo4j).", no_args_is_help=True
)
viz_app = typer.Typer(help="Write interactive network views as HTML.", no_args_is_help=True)
scenario_app = typer.Typer(help="What-if disruption scenarios.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(scenario_app, name="scenario")
app.add_typer(viz_app, name="viz")
app.add_typer(plan_app, name="plan")
match_app = typer.Typer(
    help="Entity resolution: match your records against registry records, and review.",
    invoke_without_command=True,
)
app.add_typer(match_app, name="match")

out = Console()
err = Console(stderr=True)


class BundleFormat(StrEnum):
    csv = "csv"
    json = "json"


def _settings() -> Settings:
    return Settings()


@contextmanager
def _store(settings: Settings | None = None) -> Iterator[GraphStore]:
    from graphmodel.store import open_store

    s = open_store(settings or _settings())
    try:
        yield s
    finally:
        s.close()


@contextmanager
def _progress(label: str) -> Iterator[Callable[[str, int, int], None]]:
    """A rich progress bar per load step; silent when output is not a terminal."""
    if not out.is_terminal:
        yield lambda step, done, total: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:,}/{task.total:,}"),
        TimeElapsedColumn(),
        console=out,
        transient=True,
    ) as progress:
        tasks: dict[str, Any] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(f"{label}: {step}", total=total)
            progress.update(tasks[step], completed=done)

        yield advance


def _run_and_save(
    store: GraphStore,
    settings: Settings,
    platform: str | None,
    policy: Path | None,
    as_of: str | None = None,
    on_graph: Callable[[Any], None] | None = None,
    load: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the analysis (written back to the graph) and keep it as the API's latest.

    ``on_graph`` receives the graph the analysis read (so a caller need not read it
    again). ``load`` (``source``, ``counts``, ``digest``, ``replace``) makes the run the
    snapshot of the load just completed (:func:`graphmodel.runs.snapshot_load`).
    """
    from graphmodel.analysis.report import run_analysis
    from graphmodel.runs import keep_run, snapshot_load
    from graphmodel.workspace import Workspace, utc_now

    started = utc_now()
    url, timeout = settings.webhook_url, settings.webhook_timeout_s
    if load is not None:
        result, kept = snapshot_load(
            store,
            settings.data_dir,
            actor="cli",
            webhook_url=url,
            webhook_timeout_s=timeout,
            **load,
        )
    else:
        result = run_analysis(
            store, platform=platform, policy_path=policy, as_of=as_of, on_graph=on_graph
        )
        kept = keep_run(
            settings.data_dir,
            result,
            webhook_url=url,
            webhook_timeout_s=timeout,
            platform=platform,
            as_of=result.get("as_of"),
            actor="cli",
        )
    Workspace(settings.data_dir).save_analysis(result, started_at=started, platform=platform)
    result["run_id"] = kept["id"]
    if kept["summary"]:
        changes = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in kept["summary"].items() if v)
        err.print(
            f"run {kept['id']}; since {kept['previous']}: {changes or 'no changes'}",
            highlight=False,
        )
    hook = kept.get("webhook")
    if hook and hook.get("error"):
        err.print(f"[yellow]warning:[/yellow] {hook['error']}", highlight=False)
    return result


# --------------------------------------------------------------------- db


@db_app.command("start")
def db_start() -> None:
    """Start the managed store (embedded FalkorDB or local Neo4j); no-op when it runs."""
    s = _settings()
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        out.print(local_server(s).start().describe())
        return
    if s.store == "neo4j":
        raise SupplynetError(
            "SUPPLYNET_STORE=neo4j is a Neo4j server you run yourself; supplynet does not "
            "start it (use SUPPLYNET_STORE=neo4j-local for one that supplynet runs)"
        )
    from graphmodel.store.embedded import EmbeddedServer

    status = EmbeddedServer(s.data_dir).start()
    out.print(status.describe())


@db_app.command("stop")
def db_stop() -> None:
    """Stop the managed store; its data stays in the data directory."""
    s = _settings()
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        stopped = local_server(s).stop()
        what = "local Neo4j"
    elif s.store == "neo4j":
        raise SupplynetError("SUPPLYNET_STORE=neo4j is a Neo4j server you run yourself")
    else:
        from graphmodel.store.embedded import EmbeddedServer

        stopped = EmbeddedServer(s.data_dir).stop()
        what = "embedded store"
    if stopped:
        out.print(f"{what} stopped (data kept in {s.data_dir})")
    else:
        out.print(f"{what} was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the store is running, and where its data lives."""
    s = _settings()
    if s.store == "neo4j":
        with _store(s) as store:
            ok = store.ping()
        out.print(f"neo4j store at {s.neo4j_uri}: {'reachable' if ok else 'not reachable'}")
        raise typer.Exit(0 if ok else 1)
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        st = local_server(s).status()
        out.print(st.describe())
        raise typer.Exit(0 if st.running else 1)
    from graphmodel.store.embedded import EmbeddedServer

    out.print(EmbeddedServer(s.data_dir).status().describe())


# ------------------------------------------------------------- load/export


def _print_load_report(report: LoadReport) -> None:
    table = Table(show_header=True, header_style="bold")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, n in report.tables.items():
        table.add_row(name, f"{n:,}")
    if report.tables:
        out.print(table)
    out.print(report.summary(), highlight=False)


@app.command("load")
def load(
    path: Annotated[Path, typer.Argument(help="Bundle folder, .zip or .json")],
    replace: Annotated[bool, typer.Option("--replace", help="Start from an empty graph")] = False,
    reference: Annotated[
        bool, typer.Option(help="Also load the shipped reference data first")
    ] = True,
) -> None:
    """Validate a bundle and load it; on any problem nothing is written."""
    from graphmodel.bundle import read_bundle

    # Problems of every stage in one message: reading keeps them until the
    # references are checked against the store too.
    _load_checked(read_bundle(path, defer=True), path.name, replace=replace, reference=reference)


def _load_checked(bundle: Any, label: str, *, replace: bool, reference: bool) -> None:
    """The load path of ``supplynet load`` (and ``supplynet import``): one staged load."""
    from graphmodel.bundle import validate_references
    from graphmodel.load import known_ids, load_bundle

    settings = _settings()
    if bundle.problems:
        # Never written: report these with the reference problems, without a load.
        with _store(settings) as store:
            validate_references(bundle, None if replace else known_ids(store))
    with _store(settings) as store, _progress(f"loading {label}") as advance:
        # One staged load: references are checked against what will be there,
        # and the live graph changes only once everything is written.
        report = load_bundle(store, bundle, replace=replace, reference=reference, progress=advance)
    _print_load_report(report)
    from graphmodel.runs import bundle_digest, record_load

    record_load(settings.data_dir, label, report.tables)
    if settings.snapshot_loads:
        # The load is a snapshot: its findings are kept, so two loads can be diffed.
        load = {
            "source": label,
            "counts": report.tables,
            "digest": bundle_digest(bundle.tables),
            "replace": replace,
        }
        try:
            with _store(settings) as store:
                _run_and_save(store, settings, None, None, load=load)
        except SupplynetError as exc:
            # The load itself is complete and stays; only its snapshot is missing.
            err.print(
                f"[yellow]warning:[/yellow] loaded, but the analysis of the load failed, so "
                f"it is not kept as a snapshot: {exc.message}",
                highlight=False,
            )


@app.command("export")
def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write the bundle into")],
    fmt: Annotated[BundleFormat, typer.Option("--format", help="csv or json")] = BundleFormat.csv,
) -> None:
    """Write the whole graph as a bundle (load -> export -> load round-trips)."""
    from graphmodel.export import export_bundle

    with _store() as store:
        counts = export_bundle(store, directory, fmt=fmt.value)
    out.print(f"wrote {sum(counts.values()):,} rows in {len(counts)} tables to {directory}")


class ImportKind(StrEnum):
    gleif = "gleif"
    ftm = "ftm"
    cyclonedx = "cyclonedx"
    suppliers = "suppliers"


@app.command("import")
def import_files(
    kind: Annotated[ImportKind, typer.Argument(help="gleif, ftm, cyclonedx or suppliers")],
    paths: Annotated[list[Path], typer.Argument(help="The files to import (several at once)")],
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Write a bundle (folder, or a .json file) instead of loading"),
    ] = None,
    retrieved_on: Annotated[
        str | None, typer.Option(help="When the files were downloaded (YYYY-MM-DD)")
    ] = None,
    qualified: Annotated[
        bool, typer.Option(help="cyclonedx: mark suppliers and manufacturers as qualified")
    ] = False,
    replace: Annotated[bool, typer.Option("--replace", help="Start from an empty graph")] = False,
    reference: Annotated[
        bool, typer.Option(help="Also load the shipped reference data first")
    ] = True,
) -> None:
    """Import GLEIF, OpenSanctions/FtM, CycloneDX or supplier-list files as a bundle.

    Without --out the bundle is loaded at once, through the same checks as
    ``supplynet load``: on any problem nothing is written.
    """
    import tempfile

    from graphmodel.bundle import read_bundle
    from graphmodel.importers import Source, run_import, write_import

    for p in paths:
        if not p.is_file():
            raise SupplynetError(f"No file at {p}")
    known = None
    if kind is ImportKind.gleif and out_dir is None and not replace:
        # A relationship may name an organisation the graph already holds.
        from graphmodel.importers import graph_organisations

        with _store() as store:
            known = graph_organisations(store)
    result = run_import(
        kind.value,
        [Source.from_path(p) for p in paths],
        retrieved_on=retrieved_on,
        qualified=qualified,
        known=known,
    )
    for note in result.notes:
        out.print(f"note: {note}", highlight=False)
    for w in result.warnings[:50]:
        err.print(f"[yellow]warning:[/yellow] {w}", highlight=False)
    if len(result.warnings) > 50:
        err.print(f"  ... and {len(result.warnings) - 50:,} more warnings", highlight=False)
    out.print(result.summary(), highlight=False)
    if out_dir is not None:
        write_import(result, out_dir, fmt="json" if out_dir.suffix.lower() == ".json" else "csv")
        # Read it back: the bundle written is one `supplynet load` accepts.
        read_bundle(out_dir, require_items=False)
        out.print(f"wrote the bundle to {out_dir}", highlight=False)
        return
    with tempfile.TemporaryDirectory(prefix="supplynet-import-") as tmp:
        write_import(result, Path(tmp))
        bundle = read_bundle(tmp, require_items=False)
        bundle.source = ", ".join(p.name for p in paths)
        _load_checked(bundle, bundle.source, replace=replace, reference=reference)


@app.command("stats")
def stats() -> None:
    """Count nodes by label and relationships by type."""
    with _store() as store:
        rows = store.query("stats")
    table = Table(show_header=True, header_style="bold")
    table.add_column("what")
    table.add_column("name")
    table.add_column("count", justify="right")
    for r in sorted(rows, key=lambda r: (r["what"], r["name"] or "")):
        table.add_row(r["what"], r["name"] or "", f"{r['count']:,}")
    out.print(table)


@app.command("generate")
def generate(
    directory: Annotated[Path, typer.Argument(help="Folder to write the bundle into")],
    nodes: Annotated[int, typer.Option(help="Approximate number of nodes")] = 10_000,
    relationships: Annotated[
        int | None, typer.Option(help="Approximate relationships (default 5 x nodes)")
    ] = None,
    platforms: Annotated[int, typer.Option(help="Number of platforms")] = 20,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    fmt: Annotated[BundleFormat, typer.Option("--format", help="csv or json")] = BundleFormat.csv,
    volumes: Annotated[
        bool, typer.Option(help="Also set demand, capacity and stock (the volume model's data)")
    ] = False,
) -> None:
    """Generate a synthetic defence-industrial-base network as a bundle."""
    from graphmodel.bundle import write_bundle
    from graphmodel.generate import count_relationships, generate_tables
    from graphmodel.generate.volumes import add_volumes

    tables = generate_tables(nodes, relationships, platforms=platforms, seed=seed)
    if volumes:
        add_volumes(tables, seed)
    write_bundle(tables, directory, fmt=fmt.value)
    n = sum(len(tables.get(t, [])) for t in ("countries", "organisations", "facilities", "items"))
    out.print(f"wrote {n:,} nodes and {count_relationships(tables):,} relationships to {directory}")


# ----------------------------------------------------------------- analysis


def _analysis_summary(result: dict[str, Any], G: Any = None, top: int = 5) -> None:
    table = Table(show_header=True, header_style="bold", title="Platforms")
    # Ids are copied into other commands: never cut or wrapped.
    table.add_column(
        "platform", no_wrap=True, min_width=max([8, *map(len, result.get("platforms", {}))])
    )
    table.add_column("depth", justify="right")
    table.add_column("SPOF org/fac/country", justify="right")
    table.add_column("pairs", justify="right")
    table.add_column("sole src", justify="right")
    table.add_column("gaps", justify="right")
    table.add_column("adversary-free")
    for pid, p in sorted(result.get("platforms", {}).items()):
        o1 = p.get("spof", {}).get("order1", {})
        tiers = p.get("tiers", {})
        feasible = p.get("adversary_free", {}).get("feasible")
        blocking = p.get("adversary_free", {}).get("blocking_items", [])
        table.add_row(
            pid,
            str(max(tiers.values()) if tiers else 0),
            "/".join(str(len(o1.get(k, []))) for k in ("organisations", "facilities", "countries")),
            str(len(p.get("spof", {}).get("order2", []))),
            str(len(p.get("sole_source_items", []))),
            str(len(p.get("data_gaps", []))),
            "yes" if feasible else f"[red]no[/red]: {', '.join(blocking)}",
        )
    out.print(table)
    linked = [n for n, v in result.get("nodes", {}).items() if v.get("adversary_linked")]
    out.print(f"{len(linked)} adversary-linked organisations and facilities")
    if G is not None:
        _top_findings(G, result, top)


def _top_findings(G: Any, result: dict[str, Any], top: int) -> None:
    """The headline findings of each platform, with names beside ids."""
    from graphmodel.analysis.findings import platform_findings
    from graphmodel.analysis.naming import Namer, ref_text

    namer = Namer.from_graph(G)
    for pid in sorted(result.get("platforms", {})):
        f = platform_findings(G, result, pid, namer)
        out.print(f"\n[bold]{ref_text(namer.ref(pid))}[/bold]", highlight=False)
        lines: list[str] = []
        for r in f["spof"][:top]:
            what = " + ".join(ref_text(n) for n in r["nodes"])
            item = f" (for {ref_text(r['item'])})" if r.get("item") else ""
            lines.append(f"single point of failure (order {r['order']}): {what}{item}")
        for r in f["blocking"][:top]:
            srcs = ", ".join(ref_text(s["organisation"]) for s in r["linked_sources"])
            lines.append(f"blocks adversary-free build: {ref_text(r['item'])} via {srcs}")
        for r in f["sole_source"][:top]:
            sup = ref_text(r["supplier"]) if r.get("supplier") else "?"
            lines.append(f"sole source: {ref_text(r['item'])} from {sup}")
        for r in f["data_gaps"][:top]:
            lines.append(f"data gap: {r['detail']}")
        for r in f["adversary_links"][:top]:
            # The reason's sentence starts with the node's name.
            why = r["reasons"][0]["text"] if r["reasons"] else ref_text(r["node"])
            lines.append(f"adversary-linked: {why}")
        for line in lines or ["no findings"]:
            out.print(f"  - {line}", highlight=False, soft_wrap=True)


@app.command("analyze")
def analyze(
    platform: Annotated[str | None, typer.Option(help="Only this platform")] = None,
    policy: Annotated[Path | None, typer.Option(help="Policy file (TOML or YAML)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
    summary_only: Annotated[
        bool,
        typer.Option(
            "--summary",
            help="With --json: only the run, the summary and counts per platform",
        ),
    ] = False,
    json_dir: Annotated[
        Path | None,
        typer.Option(
            "--json-dir",
            help="Write summary.json, platforms/*.json (one per platform) and nodes.json here",
        ),
    ] = None,
    top: Annotated[int, typer.Option(help="Findings of each kind shown per platform")] = 5,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Analyse the graph as it stood on this date (YYYY-MM-DD)"),
    ] = None,
) -> None:
    """Tiers, single points of failure, adversary links, feasibility, concentration:
    a summary and the top findings of each platform with names (--json for all)."""
    from graphmodel.analysis import report_json

    settings = _settings()
    graphs: list[Any] = []
    with _store(settings) as store:
        result = _run_and_save(store, settings, platform, policy, as_of, graphs.append)
    if json_dir is not None:
        written = report_json.write_report_dir(result, json_dir)
        err.print(f"wrote {len(written['files']['platforms'])} platform files to {json_dir}")
    if as_json:
        # Streamed a platform at a time: the whole report at 1M nodes is gigabytes.
        if summary_only:
            sys.stdout.buffer.write(report_json.dumps(report_json.summary(result), indent=True))
            sys.stdout.buffer.write(b"\n")
        else:
            report_json.write_report(result, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    elif json_dir is None:
        _analysis_summary(result, graphs[0] if graphs else None, top)


# ------------------------------------------------------------- find & follow


class NodeKindOpt(StrEnum):
    item = "item"
    organisation = "organisation"
    facility = "facility"
    country = "country"


@app.command("search")
def search(
    query: Annotated[str, typer.Argument(help="Words of a name, or an id, LEI, CAGE, NSN")],
    kind: Annotated[
        list[NodeKindOpt], typer.Option(help="Only this kind (repeat for several)")
    ] = [],  # noqa: B006 - typer reads list defaults
    country: Annotated[str | None, typer.Option(help="Only nodes in this country")] = None,
    limit: Annotated[int, typer.Option(help="Most results")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Find organisations, facilities, items and countries: by name (any case or
    accents, part of a word, misspelt), or by id, LEI, CAGE code, NSN, country."""
    from graphmodel.search import SearchIndex

    with _store() as store:
        index = SearchIndex.from_store(store)
    hits = index.search(
        query,
        kinds=[k.value for k in kind] or None,
        country=country.upper() if country else None,
        limit=limit,
    )
    if as_json:
        sys.stdout.write(json.dumps([h.as_dict() for h in hits], indent=2) + "\n")
        return
    if not hits:
        out.print(f"nothing matches {query!r}", highlight=False)
        return
    table = Table(show_header=True, header_style="bold")
    table.add_column("id", no_wrap=True)
    for col in ("name", "kind", "country", "matched"):
        table.add_column(col)
    for h in hits:
        table.add_row(
            h.id, h.name or "", f"{h.kind} ({h.detail})" if h.detail else h.kind,
            h.country or "", h.matched,
        )  # fmt: skip
    out.print(table)


def _dependency_index(store: GraphStore) -> Any:
    # The supply index the API answers from: the same tiers, paths and where-used.
    from graphmodel.workspace import Snapshot

    return Snapshot(store).index


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, default=str) + "\n")


def _node_text(index: Any, node: str) -> str:
    i = index.pos.get(node)
    name = index.name[i] if i is not None else None
    return f"{name} ({node})" if name and name != node else node


def _what(index: Any, i: int) -> tuple[str, str | None]:
    from graphmodel.analysis.index import KIND_NAMES

    return KIND_NAMES[index.kind[i]], index.detail[i]


@app.command("deps")
def deps(
    platform: Annotated[str, typer.Argument(help="Platform (or any item) id")],
    max_tier: Annotated[int | None, typer.Option(help="Deepest tier to list")] = None,
    kind: Annotated[NodeKindOpt | None, typer.Option(help="Only nodes of this kind")] = None,
    country: Annotated[str | None, typer.Option(help="Only nodes in this country")] = None,
    limit: Annotated[int, typer.Option(help="Most rows")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Everything a platform depends on, by tier (as GET /v1/platforms/{id}/dependencies)."""
    from graphmodel.analysis.index import KIND_NAMES
    from graphmodel.analysis.tiers import tiers_of

    with _store() as store:
        index = _dependency_index(store)
    if platform not in index.pos or index.kind[index.pos[platform]] != 0:
        raise SupplynetError(f"No item with id {platform!r}.")
    rows = tiers_of(index, platform).select(
        index,
        max_tier=max_tier,
        kind=KIND_NAMES.index(kind.value) if kind else None,
        country=country.upper() if country else None,
    )
    if as_json:
        _print_json(
            [
                {"id": index.ids[i], "name": index.name[i], "kind": _what(index, i)[0],
                 "detail": index.detail[i], "country": index.country[i], "tier": t}
                for i, t in rows[:limit]
            ]
        )  # fmt: skip
        return
    table = Table(show_header=True, header_style="bold", title=_node_text(index, platform))
    table.add_column("tier", justify="right")
    table.add_column("id", no_wrap=True)
    for col in ("name", "kind", "country"):
        table.add_column(col)
    for i, t in rows[:limit]:
        label, detail = _what(index, i)
        what = label + (f" ({detail})" if detail else "")
        table.add_row(str(t), index.ids[i], index.name[i] or "", what, index.country[i] or "")
    out.print(table)
    if len(rows) > limit:
        out.print(f"{len(rows) - limit:,} more rows (raise --limit, or use --json)")


def _known(index: Any, node: str) -> None:
    if node not in index.pos or index.kind[index.pos[node]] > 3:
        raise SupplynetError(f"No item, organisation, facility or country with id {node!r}.")


@app.command("where-used")
def where_used(
    node: Annotated[str, typer.Argument(help="Item, organisation, facility or country id")],
    limit: Annotated[int, typer.Option(help="Most rows")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Every item that depends on a node (with the node's tier below it), nearest first,
    and the platforms among them."""
    from graphmodel.analysis.tiers import dependants

    with _store() as store:
        index = _dependency_index(store)
    _known(index, node)
    ids = index.ids
    rows = sorted(dependants(index, node).items(), key=lambda r: (r[1], ids[r[0]]))
    platforms = sorted(ids[i] for i, _ in rows if index.detail[i] == "platform")
    if as_json:
        _print_json(
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
    table = Table(show_header=True, header_style="bold")
    table.add_column("distance", justify="right")
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    table.add_column("kind")
    for i, d in rows[:limit]:
        detail = index.detail[i]
        table.add_row(
            str(d), ids[i], index.name[i] or "", "item" + (f" ({detail})" if detail else "")
        )
    out.print(table)


@app.command("paths")
def paths(
    platform: Annotated[str, typer.Argument(help="Platform (or any item) id")],
    node: Annotated[str, typer.Argument(help="The node to reach")],
    limit: Annotated[int, typer.Option(help="Most paths")] = 10,
    max_length: Annotated[int, typer.Option(help="Longest path, in hops")] = 12,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """The shortest dependency paths from a platform to a node, with names."""
    from graphmodel.analysis.tiers import dependency_paths, tiers_of

    with _store() as store:
        index = _dependency_index(store)
    for n in (platform, node):
        _known(index, n)
    found = dependency_paths(
        index, tiers_of(index, platform), node, limit=limit, max_length=max_length
    )
    if as_json:
        _print_json(
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


@app.command("adversary")
def adversary(
    node: Annotated[str | None, typer.Argument(help="One node: why is it linked?")] = None,
    platform: Annotated[str | None, typer.Option(help="Only nodes this platform needs")] = None,
    reason: Annotated[str | None, typer.Option(help="Only this reason kind")] = None,
    country: Annotated[str | None, typer.Option(help="Only nodes in this country")] = None,
    limit: Annotated[int, typer.Option(help="Most nodes")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
) -> None:
    """Which suppliers are adversary-linked and why, from the last analysis, with names."""
    from graphmodel.analysis.findings import named_reasons
    from graphmodel.analysis.naming import Namer, ref_text
    from graphmodel.store.tables import graph_from_store
    from graphmodel.workspace import LatestAnalysis, Workspace

    settings = _settings()
    doc = LatestAnalysis(Workspace(settings.data_dir)).latest()
    if doc is None:
        raise SupplynetError("No analysis has run yet; run `supplynet analyze` first.")
    result = doc.get("result") or {}
    nodes = result.get("nodes") or {}
    with _store(settings) as store:
        G = graph_from_store(store)
    namer = Namer.from_graph(G)
    if node is not None:
        if node not in G:
            raise SupplynetError(f"No node with id {node!r}.")
        chosen = [node]
    else:
        chosen = sorted(n for n, v in nodes.items() if v.get("adversary_linked"))
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
        _print_json(entries[:limit])
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


@app.command("cypher")
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
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON")] = False,
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
    settings = _settings()
    with _store(settings) as store:
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
                timeout_ms=settings.query_timeout_ms,
                row_cap=settings.query_row_cap,
                byte_cap=settings.query_byte_cap,
            )
        finally:
            runner.close()
    if as_json:
        _print_json({"rows": rows, "truncated": truncated})
        return
    if not rows:
        out.print("no rows")
        return
    table = Table(show_header=True, header_style="bold")
    for col in rows[0]:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(
            *(v if isinstance(v, str) else json.dumps(v, default=str) for v in r.values())
        )
    out.print(table)
    if truncated:
        cap = (
            f"{settings.query_row_cap:,} rows"
            if len(rows) >= settings.query_row_cap
            else f"{settings.query_byte_cap:,} bytes"
        )
        out.print(f"truncated at {cap}")


@app.command("export-findings")
def export_findings(
    directory: Annotated[Path, typer.Argument(help="Folder to write the findings into")],
    platform: Annotated[list[str], typer.Option(help="Only this platform (repeatable)")] = [],  # noqa: B006 - typer reads list defaults
) -> None:
    """Write the last analysis as tables (one CSV per kind of finding, and findings.xlsx)
    plus a one-page brief per platform (Markdown and HTML), names beside ids."""
    from graphmodel.analysis.export_findings import write_findings
    from graphmodel.store.tables import graph_from_store
    from graphmodel.workspace import LatestAnalysis, Workspace

    settings = _settings()
    doc = LatestAnalysis(Workspace(settings.data_dir)).latest()
    if doc is None:
        raise SupplynetError("No analysis has run yet; run `supplynet analyze` first.")
    with _store(settings) as store:
        G = graph_from_store(store)
    counts = write_findings(G, doc.get("result") or {}, directory, platforms=platform or None)
    for name, n in counts.items():
        out.print(f"{name}.csv: {n:,} rows", highlight=False)
    out.print(f"wrote the findings and a brief per platform to {directory}", highlight=False)


@app.command("runs")
def runs() -> None:
    """List the kept runs: analysis runs and load snapshots (what supplynet diff compares)."""
    from graphmodel.runs import list_runs

    table = Table(show_header=True, header_style="bold")
    for col in ("run", "kind", "finished", "platform", "as of", "by", "load of"):
        table.add_column(col)
    for r in list_runs(_settings().data_dir):
        table.add_row(
            r["id"],
            r["kind"],
            str(r.get("finished_at")),
            str(r.get("platform") or "all"),
            str(r.get("as_of") or ""),
            str(r.get("actor") or ""),
            str(r.get("source") or ""),
        )
    out.print(table)


@app.command("diff")
def diff(
    run_a: Annotated[str | None, typer.Argument(help="Earlier run (default: the previous)")] = None,
    run_b: Annotated[str | None, typer.Argument(help="Later run (default: the latest)")] = None,
    threshold: Annotated[
        float, typer.Option(help="Report concentration changes of at least this (0..1)")
    ] = 0.1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """What changed between two runs (analyses or load snapshots), per platform, with evidence."""
    from graphmodel.analysis.diff import diff_reports
    from graphmodel.runs import load_run, previous_pair, run_meta

    data_dir = _settings().data_dir
    a, b = previous_pair(data_dir, run_a, run_b)
    result = diff_reports(
        load_run(data_dir, a)["result"], load_run(data_dir, b)["result"], threshold=threshold
    )
    runs = {"from": run_meta(data_dir, a), "to": run_meta(data_dir, b)}
    result = {"from": a, "to": b, "runs": runs, **result}
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
        return

    def what(meta: dict[str, Any]) -> str:
        if meta.get("kind") == "load":
            return f"{meta['id']} (load of {meta.get('source')}, {meta.get('bundle_digest')})"
        return str(meta["id"])

    out.print(f"[bold]{what(runs['from'])} -> {what(runs['to'])}[/bold]", highlight=False)
    if not result["platforms"]:
        out.print("no changes")
    for pid, p in result["platforms"].items():
        out.print(f"[bold]{pid}[/bold]", highlight=False)
        for c in p["spof"]["new"]:
            out.print(f"  new single point of failure: {c['id']} ({c['kind']})", highlight=False)
        for c in p["spof"]["resolved"]:
            out.print(f"  resolved single point of failure: {c['id']}", highlight=False)
        for c in p["adversary"]["new"]:
            why = "; ".join(r.get("detail", "") for r in c["reasons"])
            out.print(f"  new adversary link: {c['id']}: {why}", highlight=False)
        for c in p["adversary"]["cleared"]:
            out.print(f"  cleared adversary link: {c['id']}", highlight=False)
        if p["feasibility"]:
            f = p["feasibility"]
            out.print(
                f"  adversary-free feasibility: {f['from']} -> {f['to']} "
                f"(blocking: {', '.join(f['blocking_items']) or 'none'})",
                highlight=False,
            )
        for item in p["sole_sources"]["new"]:
            out.print(f"  new sole source: {item}", highlight=False)
        for c in p["concentration"]:
            out.print(
                f"  concentration of {c['item']}: concern share "
                f"{c['concern_share']['from']} -> {c['concern_share']['to']}",
                highlight=False,
            )


# --------------------------------------------------------------------- demo


@app.command("demo")
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the API after loading")] = False,
    host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Start the embedded store, load reference data and the demo network, analyse it."""
    from graphmodel.bundle import demo_bundle_path, read_bundle
    from graphmodel.load import load_bundle

    s = _settings()
    t0 = time.perf_counter()
    with _store(s) as store:
        demo_bundle = read_bundle(demo_bundle_path())
        load_bundle(store, demo_bundle, replace=True, reference=True)
        out.print(f"[bold]Demo network loaded[/bold] in {time.perf_counter() - t0:.1f} s")
        rows = store.query("stats")
        nodes = {r["name"]: r["count"] for r in rows if r["what"] == "node"}
        rels = sum(r["count"] for r in rows if r["what"] == "relationship")
        out.print(
            ", ".join(f"{n:,} {label}" for label, n in sorted(nodes.items()))
            + f"; {rels:,} relationships"
        )
        from graphmodel.runs import bundle_digest

        load = {
            "source": "demo",
            "counts": demo_bundle.count(),
            "digest": bundle_digest(demo_bundle.tables),
            "replace": True,
        }
        # The demo's load is a snapshot like any load (its analysis kept as a run).
        _analysis_summary(_run_and_save(store, s, None, None, load=load))
    if serve:
        _serve(s, host, port, demo_key=True)


# -------------------------------------------------------------------- serve


def _plain_line(text: str) -> None:
    """Print one line as it is: never wrapped, cut or styled, so it can be copied."""
    out.print(text, markup=False, highlight=False, soft_wrap=True, crop=False, overflow="ignore")


#: What other packages plug in: ``"serve"`` serves the HTTP API as
#: ``(settings, host, port, demo_key)``; set by ``api.commands`` through the
#: ``supplynet.commands`` entry points, since ``graphmodel`` never imports ``api``.
hooks: dict[str, Callable[..., Any]] = {}


def _serve(settings: Settings, host: str, port: int, demo_key: bool = False) -> None:
    serve_api = hooks.get("serve")
    if serve_api is None:
        raise SupplynetError("Serving needs the supplynet HTTP API (the api package) installed.")
    serve_api(settings, host, port, demo_key)


# ---------------------------------------------------------------------- viz


def _viz_inputs(store: GraphStore) -> tuple[Any, dict[str, Any]]:
    from graphmodel.analysis.report import analyze as run
    from graphmodel.store.tables import graph_from_store

    G = graph_from_store(store)
    return G, run(G)


class CollapseBy(StrEnum):
    tier = "tier"
    country = "country"


_KINDS_HELP = (
    "Only these kinds (repeatable): platform, assembly, component, material, "
    "organisation, facility, country"
)


@viz_app.command("platform")
def viz_platform(
    platform: Annotated[str, typer.Argument(help="Platform item id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    max_tier: Annotated[int | None, typer.Option(help="Deepest tier to draw")] = None,
    adversary_only: Annotated[bool, typer.Option(help="Only adversary-linked paths")] = False,
    kinds: Annotated[list[str], typer.Option(help=_KINDS_HELP)] = [],  # noqa: B006
    node_budget: Annotated[int, typer.Option(help="Most nodes drawn (then grouped)")] = 300,
    collapse_by: Annotated[CollapseBy, typer.Option(help="Group by tier or country")] = (
        CollapseBy.tier
    ),
) -> None:
    """A platform's dependency network, by tier, with flags and evidence (the same
    options as GET /v1/platforms/{id}/graph.html)."""
    from graphmodel.viz import platform_view

    with _store() as store:
        G, result = _viz_inputs(store)
    html = platform_view(
        G,
        result,
        platform,
        max_tier=max_tier,
        adversary_only=adversary_only,
        kinds=kinds or None,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )
    output.write_text(html, encoding="utf-8")
    out.print(f"wrote {output}")


@viz_app.command("ownership")
def viz_ownership(
    organisation: Annotated[str, typer.Argument(help="Organisation id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    adversary_only: Annotated[bool, typer.Option(help="Only adversary-linked paths")] = False,
    node_budget: Annotated[int, typer.Option(help="Most nodes drawn (then grouped)")] = 300,
    collapse_by: Annotated[CollapseBy, typer.Option(help="Group by tier or country")] = (
        CollapseBy.tier
    ),
) -> None:
    """An organisation's ownership network up to its ultimate owners."""
    from graphmodel.viz import ownership_view

    with _store() as store:
        G, result = _viz_inputs(store)
    html = ownership_view(
        G,
        result,
        organisation,
        adversary_only=adversary_only,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )
    output.write_text(html, encoding="utf-8")
    out.print(f"wrote {output}")


@viz_app.command("material")
def viz_material(
    material: Annotated[str, typer.Argument(help="Material item id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    adversary_only: Annotated[bool, typer.Option(help="Only adversary-linked paths")] = False,
    kinds: Annotated[list[str], typer.Option(help=_KINDS_HELP)] = [],  # noqa: B006
    node_budget: Annotated[int, typer.Option(help="Most nodes drawn (then grouped)")] = 300,
    collapse_by: Annotated[CollapseBy, typer.Option(help="Group by tier or country")] = (
        CollapseBy.tier
    ),
) -> None:
    """Which countries feed a material, and which items and platforms use it."""
    from graphmodel.viz import material_view

    with _store() as store:
        G, result = _viz_inputs(store)
    html = material_view(
        G,
        result,
        material,
        adversary_only=adversary_only,
        kinds=kinds or None,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )
    output.write_text(html, encoding="utf-8")
    out.print(f"wrote {output}")


# ----------------------------------------------------------------- matching


@match_app.callback()
def match(
    ctx: typer.Context,
    threshold: Annotated[float | None, typer.Option(help="Propose pairs from this score")] = None,
    left: Annotated[
        str | None, typer.Option(help="Left side: records whose dataset starts with this")
    ] = None,
    right: Annotated[
        str | None, typer.Option(help="Right side: records whose dataset starts with this")
    ] = None,
    undecided: Annotated[bool, typer.Option(help="Only pairs without a decision")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """List candidate matches (your records against GLEIF / OpenSanctions records)."""
    if ctx.invoked_subcommand is not None:
        return
    from graphmodel.matching import DEFAULT_THRESHOLD, find_matches

    with _store() as store:
        result = find_matches(
            store,
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
            left_dataset=left,
            right_dataset=right,
            include_decided=not undecided,
        )
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
        return
    table = Table(show_header=True, header_style="bold")
    for col in ("score", "left", "right", "evidence", "decision"):
        table.add_column(col)
    for c in result["candidates"]:
        f = c["features"]
        evidence = f.get("identifier") or f"name {f.get('name')}, country {f.get('country')}"
        if f.get("conflict"):
            evidence += f"; {f['conflict']}"
        mark = "[bold]" if c["proposed"] else ""
        table.add_row(
            f"{mark}{c['score']}",
            f"{c['left'].get('name')} ({c['left'].get('id')})",
            f"{c['right'].get('name')} ({c['right'].get('id')}, {c['right'].get('dataset', '')})",
            evidence,
            c["decision"] or "",
        )
    out.print(table)
    proposed = sum(1 for c in result["candidates"] if c["proposed"] and not c["decision"])
    out.print(
        f"{len(result['candidates'])} candidate pairs; {proposed} proposed at "
        f"score >= {result['threshold']} await a decision "
        "(supplynet match decide LEFT RIGHT same|not_same|unsure)"
    )


@match_app.command("decide")
def match_decide(
    left: Annotated[str, typer.Argument(help="Your record's id")],
    right: Annotated[str, typer.Argument(help="The registry record's id")],
    decision: Annotated[str, typer.Argument(help="same, not_same or unsure")],
) -> None:
    """Record a review decision; same links the records for the analysis."""
    from graphmodel.matching import decide

    settings = _settings()
    with _store(settings) as store:
        row = decide(store, left, right, decision, decided_by="cli")
    out.print(f"{row['left']} / {row['right']}: {row['decision']} (score {row['score']})")


# ---------------------------------------------------------------- scenarios


def _scenario_spec(
    preset: str | None,
    file: Path | None,
    countries: list[str],
    organisations: list[str],
    facilities: list[str],
    items: list[str],
    adversary: bool,
    store: GraphStore | None,
    saved: str | None,
    duration: float | None = None,
    open_ended: bool = False,
    horizon: float | None = None,
) -> Any:
    # A preset, file or saved scenario is the base; every other option adds to it.
    from graphmodel.scenarios import extend_scenario, get_scenario, load_presets, parse_scenario

    chosen = [x for x in (preset, file, saved) if x]
    if len(chosen) > 1:
        raise SupplynetError("Give at most one of --preset, --file and --saved")
    base = None
    if preset:
        presets = load_presets()
        if preset not in presets:
            raise SupplynetError(
                f"No preset called {preset!r}; presets: {', '.join(sorted(presets))}"
            )
        base = presets[preset]
    elif saved:
        assert store is not None
        base = get_scenario(store, saved)
    elif file:
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise SupplynetError(f"Cannot read {file}: {exc.strerror}") from exc
        base = parse_scenario(text)
    return extend_scenario(
        base,
        countries=list(countries),
        organisations=organisations,
        facilities=facilities,
        items=items,
        adversary=adversary,
        duration_days=duration,
        open_ended=open_ended,
        horizon_days=horizon,
    )


def _days(x: Any) -> str:
    return "never" if x is None else f"{x:g}"


def _scenario_summary(result: dict[str, Any]) -> None:
    from graphmodel.analysis.naming import ref_text

    s = result["summary"]
    line = (
        f"[bold]{result['scenario'].get('name') or 'scenario'}[/bold]: "
        f"{s['platforms_lost']} of {s['platforms']} platforms lost, "
        f"{s['platforms_at_risk']} at risk, {s['items_lost']} items lost "
        f"({s['root_causes']} root causes), {s['degraded_items']} items degraded"
    )
    if s.get("volume_computed"):
        line += (
            f"; volume: {s['platforms_at_risk_volume']} platforms at risk, "
            f"{s['items_volume_lost'] + s['items_volume_degraded']} items short, "
            f"lost volume {s['lost_volume']:g} (weighted {s['weighted_lost_volume']:g})"
        )
        if s["unaffected"]:
            line += ", unaffected"
    elif s.get("volume_computed") is False:
        line += f"; volume {s['volume_reason']}"
    out.print(line, highlight=False)
    table = Table(show_header=True, header_style="bold")
    for col in ("platform", "survive (days)", "recover (days)", "at risk"):
        table.add_column(col)
    for p in result["platforms"]:
        table.add_row(
            ref_text(p["platform"]),
            _days(p.get("time_to_survive_days")),
            _days(p.get("time_to_recover_days")),
            "[red]yes[/red]" if p.get("at_risk") else "no",
        )
    if result["platforms"]:
        out.print("[bold]Reachability[/bold] (platforms that cannot be made at all)")
        out.print(table)
    vol = result.get("volume") or {}
    if vol.get("computed"):
        out.print(f"[bold]Volume[/bold]: {vol['network']['sentence']}", highlight=False)
        vt = Table(show_header=True, header_style="bold")
        for col in ("platform", "survive", "baseline", "recover", "at risk", "lost", "bottleneck"):
            vt.add_column(col)
        for p in vol["platforms"]:
            vt.add_row(
                ref_text(p["platform"]),
                _days(p["time_to_survive_days"]),
                _days(p["baseline_time_to_survive_days"]),
                _days(p["time_to_recover_days"]),
                "[red]yes[/red]" if p["at_risk"] else ("unaffected" if p["unaffected"] else "no"),
                f"{p['lost_volume']:g}",
                ", ".join(ref_text(b) for b in p["bottleneck_items"]),
            )
        out.print(vt)
        for b in vol.get("export_ban_sources") or []:
            flags = [
                f
                for f, on in (
                    ("adversary-linked", b["adversary_linked"]),
                    ("unallied", b["unallied"]),
                )
                if on
            ]
            if flags:
                out.print(
                    f"  remaining source {b['site']} of {ref_text(b['item'])} "
                    f"({ref_text(b['country'])}): "
                    f"{' and '.join(flags)}",
                    highlight=False,
                )
    lines = [m["explanation"] for m in vol.get("mitigations") or []]
    for m in result.get("mitigations") or []:
        for o in m.get("options") or []:
            text = o.get("explanation") or o.get("kind")
            lines.append(f"{ref_text(m['item']) if m.get('item') else '-'}: {text}")
    if lines:
        out.print("[bold]Top mitigations[/bold]")
        for text in lines[:10]:
            out.print(f"  - {text}", highlight=False)


@scenario_app.command("run")
def scenario_run(
    preset: Annotated[str | None, typer.Option(help="A shipped preset by name")] = None,
    file: Annotated[Path | None, typer.Option(help="A scenario spec as JSON")] = None,
    saved: Annotated[str | None, typer.Option(help="A saved scenario by name")] = None,
    country: Annotated[
        list[str], typer.Option(help="Remove a country: CN, or an export ban CN:mat-gallium,...")
    ] = [],  # noqa: B006 - typer reads list defaults
    organisation: Annotated[list[str], typer.Option(help="Remove an organisation")] = [],  # noqa: B006
    facility: Annotated[list[str], typer.Option(help="Remove a facility")] = [],  # noqa: B006
    item: Annotated[list[str], typer.Option(help="Remove an item")] = [],  # noqa: B006
    adversary: Annotated[
        bool, typer.Option(help="Also remove every adversary-linked node (default policy)")
    ] = False,
    duration: Annotated[
        float | None,
        typer.Option(
            "--duration",
            help="Days the disruption lasts. Default (neither this nor --open-ended, nor a "
            "preset's timing): each removed source recovers after its own recovery_days",
        ),
    ] = None,
    open_ended: Annotated[
        bool, typer.Option("--open-ended", help="No end in view: removed sources never return")
    ] = False,
    horizon: Annotated[
        float | None,
        typer.Option("--horizon", help="Volume model: cap TTS and lost-volume horizon (days)"),
    ] = None,
    save: Annotated[str | None, typer.Option(help="Save the scenario under this name")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """Run a what-if scenario: what breaks, how long stock lasts, what would fix it.

    A --preset, --file or --saved scenario is the base; --country, --organisation,
    --facility, --item and --adversary add to it, --duration or --open-ended replace its
    timing.
    """
    from graphmodel.analysis.naming import Namer, name_scenario_result
    from graphmodel.scenarios import run_scenario, save_scenario
    from graphmodel.store.tables import graph_from_store

    with _store() as store:
        spec = _scenario_spec(
            preset,
            file,
            country,
            organisation,
            facility,
            item,
            adversary,
            store,
            saved,
            duration,
            open_ended,
            horizon,
        )
        if save:
            spec = spec.model_copy(update={"name": save})
        G = graph_from_store(store)
        result = name_scenario_result(run_scenario(G, spec), Namer.from_graph(G))
        if save:
            save_scenario(store, spec)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
    else:
        _scenario_summary(result)
        if save:
            out.print(f"saved as {save!r}")


@scenario_app.command("presets")
def scenario_presets() -> None:
    """List the shipped presets built from public facts, with their sources."""
    from graphmodel.scenarios import load_presets

    for name, spec in sorted(load_presets().items()):
        out.print(f"[bold]{name}[/bold]: {spec.description}", highlight=False)
        for src in spec.sources:
            out.print(f"    source: {src}", highlight=False)


@scenario_app.command("list")
def scenario_list() -> None:
    """List saved scenarios."""
    from graphmodel.scenarios import list_scenarios

    with _store() as store:
        rows = list_scenarios(store)
    if not rows:
        out.print("no saved scenarios")
    for r in rows:
        out.print(f"{r['name']}: {r.get('description') or ''} (saved {r.get('updated_at')})")


@scenario_app.command("delete")
def scenario_delete(name: Annotated[str, typer.Argument(help="Saved scenario name")]) -> None:
    """Delete a saved scenario."""
    from graphmodel.scenarios import delete_scenario

    with _store() as store:
        delete_scenario(store, name)
    out.print(f"deleted {name!r}")


@scenario_app.command("stress")
def scenario_stress(
    platform: Annotated[str | None, typer.Option(help="Only this platform's network")] = None,
    top: Annotated[int, typer.Option(help="How many of the worst to show")] = 20,
    volume: Annotated[
        bool,
        typer.Option(
            "--volume/--no-volume",
            help="Also run every single-node disruption (organisations, facilities, "
            "countries) as linear programs, where the data has demand and capacity",
        ),
    ] = True,
    workers: Annotated[
        int | None,
        typer.Option(help="Processes for the volume stress test (default: one per core)"),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            help="Run the volume stress test on this Dask scheduler (tcp://host:port; "
            "needs pip install 'supplynet[cluster]'); default SUPPLYNET_CLUSTER"
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """Every single organisation and facility lost alone, ranked by impact; with volume
    data also every country, as linear programs ranked by weighted lost volume."""
    from graphmodel.analysis.naming import Namer, name_scenario_result, ref_text
    from graphmodel.scenarios import stress_test
    from graphmodel.scenarios.volume_stress import volume_stress
    from graphmodel.store.tables import graph_from_store

    with _store() as store:
        G = graph_from_store(store)
    result = stress_test(G, platform, top=top)
    if volume:
        result["volume"] = volume_stress(
            G, platform, top=top, workers=workers, cluster=cluster or Settings().cluster
        )
    result = name_scenario_result(result, Namer.from_graph(G))
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
        return
    out.print(
        f"{result['scenarios']:,} single-node scenarios, {result['with_impact']:,} with impact"
    )
    table = Table(show_header=True, header_style="bold")
    for col in ("rank", "node", "kind", "platforms lost", "items lost", "days at risk"):
        table.add_column(col)
    for r in result["ranking"]:
        table.add_row(
            str(r["rank"]),
            ref_text(r["node"]),
            r["kind"],
            str(r["platforms_lost_count"]),
            str(r["items_lost"]),
            str(r["days_at_risk"]),
        )
    out.print(table)
    vol = result.get("volume")
    if vol is None:
        return
    if not vol["computed"]:
        out.print(f"volume stress test {vol['reason']}", highlight=False)
        return
    out.print(
        f"[bold]Volume[/bold]: {vol['scenarios']:,} single-node LP scenarios, "
        f"{vol['with_impact']:,} with impact, {vol['seconds']:g} s on {vol['engine']}",
        highlight=False,
    )
    vt = Table(show_header=True, header_style="bold")
    for col in ("rank", "node", "kind", "survive (days)", "recover (days)", "lost", "weighted"):
        vt.add_column(col)
    for r in vol["ranking"]:
        vt.add_row(
            str(r["rank"]),
            ref_text(r["node"]),
            r["kind"],
            _days(r["time_to_survive_days"]),
            _days(r["time_to_recover_days"]),
            f"{r['lost_volume']:g}" if r["lost_volume"] is not None else "-",
            f"{r['weighted_lost_volume']:g}" if r["weighted_lost_volume"] is not None else "-",
        )
    out.print(vt)


# --------------------------------------------------------------------- main


def main() -> None:
    """Entry point: run the CLI and turn errors into one clear sentence."""
    try:
        app()
    except ValidationFailed as exc:
        # The message already quotes the first problem; list them all only when several.
        if len(exc.problems) <= 1:
            err.print(f"[red]error:[/red] {exc.message}", highlight=False)
            sys.exit(1)
        head = exc.message.split(":", 1)[0]
        err.print(f"[red]error:[/red] {head}:", highlight=False)
        for p in exc.problems[:50]:
            err.print(f"  {p}", highlight=False)
        if len(exc.problems) > 50:
            err.print(f"  ... and {len(exc.problems) - 50} more", highlight=False)
        sys.exit(1)
    except SupplynetError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted", highlight=False)
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SUPPLYNET_DEBUG"):
            raise
        err.print(
            f"[red]error:[/red] unexpected {type(exc).__name__}: {exc} "
            "(set SUPPLYNET_DEBUG=1 for the traceback)",
            highlight=False,
        )
        sys.exit(2)


def _add_plugins() -> None:
    """Command groups other installed packages add (the HTTP API adds ``serve`` and ``keys``)."""
    from importlib.metadata import entry_points

    for ep in entry_points(group="supplynet.commands"):
        ep.load()(app, hooks)


_add_plugins()

if __name__ == "__main__":  # pragma: no cover
    main()
