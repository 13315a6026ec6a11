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
db_app = typer.Typer(help="Manage the embedded store.", no_args_is_help=True)
keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
viz_app = typer.Typer(help="Write interactive network views as HTML.", no_args_is_help=True)
scenario_app = typer.Typer(help="What-if disruption scenarios.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(scenario_app, name="scenario")
app.add_typer(keys_app, name="keys")
app.add_typer(viz_app, name="viz")

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


def _graph_changed(settings: Settings) -> None:
    """Tell running API processes to rebuild their in-memory indexes."""
    from api.state import mark_graph_changed

    mark_graph_changed(settings.data_dir)


def _run_and_save(
    store: GraphStore, settings: Settings, platform: str | None, policy: Path | None
) -> dict[str, Any]:
    """Run the analysis (written back to the graph) and keep it as the API's latest."""
    from api.db import utc_now
    from api.state import save_latest_analysis
    from graphmodel.analysis.report import run_analysis

    started = utc_now()
    result = run_analysis(store, platform=platform, policy_path=policy)
    save_latest_analysis(settings.data_dir, result, started_at=started, platform=platform)
    return result


# --------------------------------------------------------------------- db


@db_app.command("start")
def db_start() -> None:
    """Start the embedded store (no-op when it is already running)."""
    from graphmodel.store.embedded import EmbeddedServer

    s = _settings()
    status = EmbeddedServer(s.data_dir, bolt_port=s.bolt_port).start()
    out.print(status.describe())


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded store."""
    from graphmodel.store.embedded import EmbeddedServer

    s = _settings()
    server = EmbeddedServer(s.data_dir)
    if server.stop():
        out.print(f"embedded store stopped (data kept in {server.data_dir})")
    else:
        out.print("embedded store was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded store is running, and where its data lives."""
    from graphmodel.store.embedded import EmbeddedServer

    s = _settings()
    if s.store == "neo4j":
        with _store(s) as store:
            ok = store.ping()
        out.print(f"neo4j store at {s.neo4j_uri}: {'reachable' if ok else 'not reachable'}")
        raise typer.Exit(0 if ok else 1)
    status = EmbeddedServer(s.data_dir).status()
    out.print(status.describe())


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
    from graphmodel.bundle import read_bundle, reference_bundle_path, validate_references
    from graphmodel.load import known_ids, load_bundle, load_reference

    bundle = read_bundle(path)
    settings = _settings()
    with _store(settings) as store:
        # Every reference is checked against what will be there before anything
        # is written, so that --replace never empties the graph for a bad bundle.
        known: dict[str, set[str]] = {} if replace else known_ids(store)
        if reference:
            for name, rows in read_bundle(reference_bundle_path()).tables.items():
                key = "code" if name == "countries" else "id"
                ids = {str(r[key]) for r in rows if key in r}
                known[name] = known.get(name, set()) | ids
        validate_references(bundle, known)
        if replace:
            store.clear()
        store.ensure_schema()
        if reference:
            load_reference(store)
        with _progress(f"loading {path.name}") as advance:
            report = load_bundle(store, bundle, progress=advance)
        _print_load_report(report)
    _graph_changed(settings)


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


def _analysis_summary(result: dict[str, Any]) -> None:
    table = Table(show_header=True, header_style="bold", title="Platforms")
    table.add_column("platform")
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


@app.command("analyze")
def analyze(
    platform: Annotated[str | None, typer.Option(help="Only this platform")] = None,
    policy: Annotated[Path | None, typer.Option(help="Policy file (TOML or YAML)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the JSON result")] = False,
) -> None:
    """Tiers, single points of failure, adversary links, feasibility, concentration."""
    settings = _settings()
    with _store(settings) as store:
        result = _run_and_save(store, settings, platform, policy)
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2, sort_keys=True, default=str) + "\n")
    else:
        _analysis_summary(result)


# --------------------------------------------------------------------- demo


@app.command("demo")
def demo(
    serve: Annotated[bool, typer.Option(help="Serve the API after loading")] = False,
    host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Start the embedded store, load reference data and the demo network, analyse it."""
    from graphmodel.bundle import demo_bundle_path, read_bundle
    from graphmodel.load import load_bundle, load_reference

    s = _settings()
    t0 = time.perf_counter()
    with _store(s) as store:
        store.clear()
        store.ensure_schema()
        load_reference(store)
        load_bundle(store, read_bundle(demo_bundle_path()))
        out.print(f"[bold]Demo network loaded[/bold] in {time.perf_counter() - t0:.1f} s")
        rows = store.query("stats")
        nodes = {r["name"]: r["count"] for r in rows if r["what"] == "node"}
        rels = sum(r["count"] for r in rows if r["what"] == "relationship")
        out.print(
            ", ".join(f"{n:,} {label}" for label, n in sorted(nodes.items()))
            + f"; {rels:,} relationships"
        )
        _graph_changed(s)
        _analysis_summary(_run_and_save(store, s, None, None))
    if serve:
        _serve(s, host, port, demo_key=True)


# -------------------------------------------------------------------- serve


def _serve(
    settings: Settings, host: str, port: int, demo_key: bool = False, workers: int = 1
) -> None:
    from api.keys import create_key
    from api.server import serve as run_server

    if demo_key:
        _, secret = create_key(settings, "admin", note="make demo")
        out.print(f"\nServing on [bold]http://{host}:{port}/[/bold]")
        out.print(f"Demo API key (admin, shown once): [bold]{secret}[/bold]")
        out.print(f"Try: curl -H 'Authorization: Bearer {secret}' http://{host}:{port}/v1/items\n")
    run_server(settings, host=host, port=port, workers=workers)


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (one per core)")] = 1,
) -> None:
    """Run the HTTP API with uvicorn."""
    if workers < 1:
        raise SupplynetError("--workers must be at least 1")
    _serve(_settings(), host, port, workers=workers)


# --------------------------------------------------------------------- keys


class Role(StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    editor = "editor"
    admin = "admin"


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="viewer, analyst, editor or admin")],
    note: Annotated[str, typer.Option(help="Who or what the key is for")] = "",
) -> None:
    """Create an API key; the secret is shown once and stored only hashed."""
    from api.keys import create_key

    key_id, secret = create_key(_settings(), role.value, note=note)
    out.print(f"key id: {key_id}\nrole: {role.value}\nsecret (shown once): {secret}")


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (never their secrets)."""
    from api.keys import list_keys

    table = Table(show_header=True, header_style="bold")
    for col in ("id", "role", "note", "created", "revoked"):
        table.add_column(col)
    for k in list_keys(_settings()):
        table.add_row(
            str(k["id"]),
            k["role"],
            k.get("note") or "",
            str(k.get("created_at")),
            str(k.get("revoked_at") or ""),
        )
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="Key id")]) -> None:
    """Revoke an API key."""
    from api.keys import revoke_key

    revoke_key(_settings(), key_id)
    out.print(f"revoked {key_id}")


# ---------------------------------------------------------------------- viz


def _viz_inputs(store: GraphStore) -> tuple[Any, dict[str, Any]]:
    from graphmodel.analysis.loader import graph_from_store
    from graphmodel.analysis.report import analyze as run

    G = graph_from_store(store)
    return G, run(G)


@viz_app.command("platform")
def viz_platform(
    platform: Annotated[str, typer.Argument(help="Platform item id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
    max_tier: Annotated[int | None, typer.Option(help="Deepest tier to draw")] = None,
    adversary_only: Annotated[bool, typer.Option(help="Only adversary-linked paths")] = False,
) -> None:
    """A platform's dependency network, by tier, with flags and evidence."""
    from graphmodel.viz import platform_view

    with _store() as store:
        G, result = _viz_inputs(store)
    html = platform_view(G, result, platform, max_tier=max_tier, adversary_only=adversary_only)
    output.write_text(html, encoding="utf-8")
    out.print(f"wrote {output}")


@viz_app.command("ownership")
def viz_ownership(
    organisation: Annotated[str, typer.Argument(help="Organisation id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
) -> None:
    """An organisation's ownership network up to its ultimate owners."""
    from graphmodel.viz import ownership_view

    with _store() as store:
        G, result = _viz_inputs(store)
    output.write_text(ownership_view(G, result, organisation), encoding="utf-8")
    out.print(f"wrote {output}")


@viz_app.command("material")
def viz_material(
    material: Annotated[str, typer.Argument(help="Material item id")],
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")],
) -> None:
    """Which countries feed a material, and which items and platforms use it."""
    from graphmodel.viz import material_view

    with _store() as store:
        G, result = _viz_inputs(store)
    output.write_text(material_view(G, result, material), encoding="utf-8")
    out.print(f"wrote {output}")


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
            p["platform"],
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
                p["platform"],
                _days(p["time_to_survive_days"]),
                _days(p["baseline_time_to_survive_days"]),
                _days(p["time_to_recover_days"]),
                "[red]yes[/red]" if p["at_risk"] else ("unaffected" if p["unaffected"] else "no"),
                f"{p['lost_volume']:g}",
                ", ".join(p["bottleneck_items"]),
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
                    f"  remaining source {b['site']} of {b['item']} ({b['country']}): "
                    f"{' and '.join(flags)}",
                    highlight=False,
                )
    lines = [m["explanation"] for m in vol.get("mitigations") or []]
    for m in result.get("mitigations") or []:
        for o in m.get("options") or []:
            text = o.get("explanation") or o.get("kind")
            lines.append(f"{m.get('item')}: {text}")
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
    from graphmodel.analysis.loader import graph_from_store
    from graphmodel.scenarios import run_scenario, save_scenario

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
        result = run_scenario(G, spec)
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
    from graphmodel.analysis.loader import graph_from_store
    from graphmodel.scenarios import stress_test
    from graphmodel.scenarios.volume_stress import volume_stress

    with _store() as store:
        G = graph_from_store(store)
    result = stress_test(G, platform, top=top)
    if volume:
        result["volume"] = volume_stress(
            G, platform, top=top, workers=workers, cluster=cluster or Settings().cluster
        )
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
            r["node"],
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
            r["node"],
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
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
        for p in exc.problems[:50]:
            err.print(f"  {p}", highlight=False)
        if len(exc.problems) > 50:
            err.print(f"  ... and {len(exc.problems) - 50} more", highlight=False)
        sys.exit(1)
    except SupplynetError as exc:
        err.print(f"[red]error:[/red] {exc.message}", highlight=False)
        sys.exit(1)
    except KeyboardInterrupt:
        err.print("interrupted")
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


if __name__ == "__main__":  # pragma: no cover
    main()
