"""``supplynet analyze``, ``runs``, ``diff`` and ``export-findings``: running the analysis,
keeping each run, and what changed between two of them.

:func:`run_and_save` is the one way the CLI runs an analysis, so ``analyze``, a load's
snapshot and ``demo`` all write it back, keep it as a run and as the API's latest alike.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphmodel.cli.common import Column, err, out, print_json, print_table, settings, store_context
from graphmodel.errors import SupplynetError
from graphmodel.gcpause import paused_gc
from graphmodel.settings import Settings

if TYPE_CHECKING:
    from graphmodel.store.base import GraphStore

__all__ = [
    "analysis_summary",
    "analyze",
    "diff",
    "export_findings",
    "run_and_save",
    "runs",
]


@paused_gc()
def run_and_save(
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
    from graphmodel.runs import keep_analysis, snapshot_load
    from graphmodel.workspace import utc_now

    url, timeout = settings.webhook_url, settings.webhook_timeout_s
    if load is not None:
        result, kept = snapshot_load(
            store,
            settings.data_dir,
            actor="cli",
            webhook_url=url,
            webhook_timeout_s=timeout,
            keep_runs=settings.keep_runs,
            **load,
        )
    else:
        started = utc_now()
        result = run_analysis(
            store, platform=platform, policy_path=policy, as_of=as_of, on_graph=on_graph
        )
        kept, _ = keep_analysis(
            settings.data_dir,
            result,
            started_at=started,
            webhook_url=url,
            webhook_timeout_s=timeout,
            keep_runs=settings.keep_runs,
            platform=platform,
            as_of=result.get("as_of"),
            actor="cli",
        )
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


def _platform_row(pid: str, p: dict[str, Any]) -> list[str]:
    o1 = p.get("spof", {}).get("order1", {})
    tiers = p.get("tiers", {})
    feasible = p.get("adversary_free", {}).get("feasible")
    blocking = p.get("adversary_free", {}).get("blocking_items", [])
    return [
        pid,
        str(max(tiers.values()) if tiers else 0),
        "/".join(str(len(o1.get(k, []))) for k in ("organisations", "facilities", "countries")),
        str(len(p.get("spof", {}).get("order2", []))),
        str(len(p.get("sole_source_items", []))),
        str(len(p.get("data_gaps", []))),
        "yes" if feasible else f"[red]no[/red]: {_blocking_cell(blocking)}",
    ]


#: Blocking items named in the platforms table; the findings below list them with names.
_BLOCKING_SHOWN = 3


def _blocking_cell(blocking: list[str]) -> str:
    """The items that block an adversary-free build, as a table cell: all of them when
    few, else how many and the first ones (at 1M nodes a platform has thousands, and
    a cell of them all took the table 21 s to lay out).

    Examples
    --------
    >>> _blocking_cell(["A", "B"])
    'A, B'
    >>> _blocking_cell([f"I{k}" for k in range(1200)])
    '1,200 items: I0, I1, I2, ...'
    """
    if len(blocking) <= _BLOCKING_SHOWN:
        return ", ".join(blocking)
    return f"{len(blocking):,} items: {', '.join(blocking[:_BLOCKING_SHOWN])}, ..."


def analysis_summary(result: dict[str, Any], G: Any = None, top: int = 5) -> None:
    """The platforms table, the adversary-linked count and (given the graph) the top
    findings of each platform with names."""
    platforms = result.get("platforms", {})
    print_table(
        [
            # Ids are copied into other commands: never cut or wrapped.
            Column("platform", no_wrap=True, min_width=max([8, *map(len, platforms)])),
            Column("depth", justify="right"),
            Column("SPOF org/fac/country", justify="right"),
            Column("pairs", justify="right"),
            Column("sole src", justify="right"),
            Column("gaps", justify="right"),
            "adversary-free",
        ],
        [_platform_row(pid, p) for pid, p in sorted(platforms.items())],
        title="Platforms",
    )
    from graphmodel.workspace import adversary_linked_ids

    linked = adversary_linked_ids(result)
    out.print(f"{len(linked)} adversary-linked organisations and facilities")
    if G is not None:
        _top_findings(G, result, top)


def _top_findings(G: Any, result: dict[str, Any], top: int) -> None:
    """The headline findings of each platform, with names beside ids."""
    from graphmodel.analysis.findings import platform_findings
    from graphmodel.analysis.naming import Namer, ref_text

    namer = Namer.from_graph(G)
    for pid in sorted(result.get("platforms", {})):
        f = platform_findings(G, result, pid, namer, limit=top)
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

    s = settings()
    graphs: list[Any] = []
    with store_context(s) as store:
        result = run_and_save(store, s, platform, policy, as_of, graphs.append)
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
        analysis_summary(result, graphs[0] if graphs else None, top)


def export_findings(
    directory: Annotated[Path, typer.Argument(help="Folder to write the findings into")],
    platform: Annotated[list[str], typer.Option(help="Only this platform (repeatable)")] = [],  # noqa: B006 - typer reads list defaults
) -> None:
    """Write the last analysis as tables (one CSV per kind of finding, and findings.xlsx)
    plus a one-page brief per platform (Markdown and HTML), names beside ids."""
    from graphmodel.analysis.export_findings import write_findings
    from graphmodel.store.tables import graph_from_store
    from graphmodel.workspace import LatestAnalysis, Workspace

    s = settings()
    doc = LatestAnalysis(Workspace(s.data_dir)).latest()
    if doc is None:
        raise SupplynetError("No analysis has run yet; run `supplynet analyze` first.")
    with store_context(s) as store:
        G = graph_from_store(store)
    counts = write_findings(G, doc.get("result") or {}, directory, platforms=platform or None)
    for name, n in counts.items():
        out.print(f"{name}.csv: {n:,} rows", highlight=False)
    out.print(f"wrote the findings and a brief per platform to {directory}", highlight=False)


def runs() -> None:
    """List the kept runs: analysis runs and load snapshots (what supplynet diff compares)."""
    from graphmodel.runs import list_runs

    print_table(
        ("run", "kind", "finished", "platform", "as of", "by", "load of"),
        [
            (
                r["id"],
                r["kind"],
                str(r.get("finished_at")),
                str(r.get("platform") or "all"),
                str(r.get("as_of") or ""),
                str(r.get("actor") or ""),
                str(r.get("source") or ""),
            )
            for r in list_runs(settings().data_dir)
        ],
    )


def diff(
    run_a: Annotated[str | None, typer.Argument(help="Earlier run (default: the previous)")] = None,
    run_b: Annotated[str | None, typer.Argument(help="Later run (default: the latest)")] = None,
    threshold: Annotated[
        float, typer.Option(help="Report concentration changes of at least this (0..1)")
    ] = 0.1,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """What changed between two runs (analyses or load snapshots), per platform, with evidence."""
    from graphmodel.runs import diff_runs, previous_pair

    data_dir = settings().data_dir
    a, b = previous_pair(data_dir, run_a, run_b)
    result = diff_runs(data_dir, a, b, threshold=threshold)
    metas = result["runs"]
    if as_json:
        print_json(result, sort_keys=True)
        return

    def what(meta: dict[str, Any]) -> str:
        if meta.get("kind") == "load":
            return f"{meta['id']} (load of {meta.get('source')}, {meta.get('bundle_digest')})"
        return str(meta["id"])

    out.print(f"[bold]{what(metas['from'])} -> {what(metas['to'])}[/bold]", highlight=False)
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
