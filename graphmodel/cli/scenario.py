"""``supplynet scenario run|presets|list|delete|stress``: what-if disruptions.

:func:`scenario_spec` turns the scenario options into one spec; ``supplynet plan``
takes its scenario through it too, so the two groups read a scenario alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphmodel.cli.common import days, out, print_json, print_table, settings, store_context
from graphmodel.errors import SupplynetError

if TYPE_CHECKING:
    from graphmodel.store.base import GraphStore

__all__ = ["scenario_app", "scenario_spec"]

scenario_app = typer.Typer(help="What-if disruption scenarios.", no_args_is_help=True)


def scenario_spec(
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
    """The scenario the options name: a preset, file or saved scenario is the base;
    every other option adds to it."""
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


def _summary_line(result: dict[str, Any]) -> str:
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
    return line


def _print_volume(vol: dict[str, Any]) -> None:
    """The volume model's part of a scenario: the network sentence, a row per platform
    and the remaining sources of an export ban that are no safer."""
    from graphmodel.analysis.naming import ref_text

    out.print(f"[bold]Volume[/bold]: {vol['network']['sentence']}", highlight=False)
    print_table(
        ("platform", "survive", "baseline", "recover", "at risk", "lost", "bottleneck"),
        [
            (
                ref_text(p["platform"]),
                days(p["time_to_survive_days"]),
                days(p["baseline_time_to_survive_days"]),
                days(p["time_to_recover_days"]),
                "[red]yes[/red]" if p["at_risk"] else ("unaffected" if p["unaffected"] else "no"),
                f"{p['lost_volume']:g}",
                ", ".join(ref_text(b) for b in p["bottleneck_items"]),
            )
            for p in vol["platforms"]
        ],
    )
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


def _scenario_summary(result: dict[str, Any]) -> None:
    from graphmodel.analysis.naming import ref_text

    out.print(_summary_line(result), highlight=False)
    if result["platforms"]:
        out.print("[bold]Reachability[/bold] (platforms that cannot be made at all)")
        print_table(
            ("platform", "survive (days)", "recover (days)", "at risk"),
            [
                (
                    ref_text(p["platform"]),
                    days(p.get("time_to_survive_days")),
                    days(p.get("time_to_recover_days")),
                    "[red]yes[/red]" if p.get("at_risk") else "no",
                )
                for p in result["platforms"]
            ],
        )
    vol = result.get("volume") or {}
    if vol.get("computed"):
        _print_volume(vol)
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

    with store_context() as store:
        spec = scenario_spec(
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
        print_json(result, sort_keys=True)
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

    with store_context() as store:
        rows = list_scenarios(store)
    if not rows:
        out.print("no saved scenarios")
    for r in rows:
        out.print(f"{r['name']}: {r.get('description') or ''} (saved {r.get('updated_at')})")


@scenario_app.command("delete")
def scenario_delete(name: Annotated[str, typer.Argument(help="Saved scenario name")]) -> None:
    """Delete a saved scenario."""
    from graphmodel.scenarios import delete_scenario

    with store_context() as store:
        delete_scenario(store, name)
    out.print(f"deleted {name!r}")


def _lost(x: float | None) -> str:
    return f"{x:g}" if x is not None else "-"


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

    with store_context() as store:
        G = graph_from_store(store)
    result = stress_test(G, platform, top=top)
    if volume:
        result["volume"] = volume_stress(
            G, platform, top=top, workers=workers, cluster=cluster or settings().cluster
        )
    result = name_scenario_result(result, Namer.from_graph(G))
    if as_json:
        print_json(result, sort_keys=True)
        return
    out.print(
        f"{result['scenarios']:,} single-node scenarios, {result['with_impact']:,} with impact"
    )
    print_table(
        ("rank", "node", "kind", "platforms lost", "items lost", "days at risk"),
        [
            (
                str(r["rank"]),
                ref_text(r["node"]),
                r["kind"],
                str(r["platforms_lost_count"]),
                str(r["items_lost"]),
                str(r["days_at_risk"]),
            )
            for r in result["ranking"]
        ],
    )
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
    print_table(
        ("rank", "node", "kind", "survive (days)", "recover (days)", "lost", "weighted"),
        [
            (
                str(r["rank"]),
                ref_text(r["node"]),
                r["kind"],
                days(r["time_to_survive_days"]),
                days(r["time_to_recover_days"]),
                _lost(r["lost_volume"]),
                _lost(r["weighted_lost_volume"]),
            )
            for r in vol["ranking"]
        ],
    )
