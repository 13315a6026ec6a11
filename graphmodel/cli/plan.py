"""``supplynet plan ...``: stockpile sizing, plan comparison, recommendations, briefs,
arrangement what-ifs and saved plans (``docs/planning.md``).

A plan's scenario is read by :func:`graphmodel.cli.scenario.scenario_spec`, the same
options as ``supplynet scenario run``; errors are reported by :func:`graphmodel.cli.main`
(one sentence, non-zero exit).
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path
from typing import Annotated, Any

import typer

from graphmodel.cli.common import days, out, print_json, print_table, settings, store_context
from graphmodel.cli.scenario import scenario_spec
from graphmodel.errors import Problem, SupplynetError, ValidationFailed

__all__ = ["plan_app"]

plan_app = typer.Typer(
    help="From diagnosis to plan: stockpiles, licences, recycling, substitutes, arrangements.",
    no_args_is_help=True,
)
_Preset = Annotated[str | None, typer.Option(help="Scenario: a shipped preset by name")]
_File = Annotated[Path | None, typer.Option(help="Scenario: a spec as JSON")]
_Saved = Annotated[str | None, typer.Option(help="Scenario: a saved scenario by name")]
_Country = Annotated[
    list[str], typer.Option(help="Scenario: remove a country (CN, or CN:mat-gallium,...)")
]
_Org = Annotated[list[str], typer.Option(help="Scenario: remove an organisation")]
_Json = Annotated[bool, typer.Option("--json", help="Print the JSON result")]


def _scenario(
    store: Any,
    preset: str | None,
    file: Path | None,
    saved: str | None,
    country: list[str],
    organisation: list[str],
) -> Any:
    """The scenario the options name, or None (the stress test) when they name none."""
    if not (preset or file or saved or country or organisation):
        return None
    return scenario_spec(preset, file, country, organisation, [], [], False, store, saved)


def _plans(store: Any, refs: list[str]) -> list[Any]:
    """Plans by reference: a ``.toml``/``.json`` file, else a saved plan's name."""
    from graphmodel.planning.model import read_plan_file
    from graphmodel.planning.saved import get_plan

    out_: list[Any] = []
    for ref in refs:
        p = Path(ref)
        if p.suffix.lower() in (".toml", ".json") and p.exists():
            out_.append(read_plan_file(p))
        else:
            out_.append(get_plan(store, ref))
    return out_


def _costs(path: Path | None) -> dict[str, float]:
    if path is None:
        return {}
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode()) if path.suffix == ".toml" else json.loads(raw)
    except OSError as exc:
        raise SupplynetError(f"Cannot read {path.name}: {exc.strerror}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem(path.name, None, None, f"{exc}.")], what="costs") from None
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(path.name, None, None, "not a table.")], what="costs")
    bad = [
        Problem(path.name, None, str(k), "a unit cost must be a number >= 0.")
        for k, v in data.items()
        if not isinstance(v, int | float) or isinstance(v, bool) or v < 0
    ]
    if bad:
        raise ValidationFailed(bad, what="costs")
    return {str(k): float(v) for k, v in data.items()}


def _load(
    preset: str | None = None,
    file: Path | None = None,
    saved: str | None = None,
    country: list[str] | None = None,
    organisation: list[str] | None = None,
    plans: list[str] | None = None,
) -> tuple[Any, Any, list[Any]]:
    """The graph from the store, the scenario the options name (None: the stress test)
    and the plans named."""
    from graphmodel.store.tables import graph_from_store

    with store_context() as store:
        G = graph_from_store(store)
        spec = _scenario(store, preset, file, saved, country or [], organisation or [])
        chosen = _plans(store, plans or [])
    return G, spec, chosen


@plan_app.command("size-stock")
def size_stock(
    horizon: Annotated[float, typer.Option(help="Days every platform's demand must be met")],
    preset: _Preset = None,
    file: _File = None,
    saved: _Saved = None,
    country: _Country = [],  # noqa: B006 - typer reads list defaults
    organisation: _Org = [],  # noqa: B006
    platform: Annotated[
        list[str], typer.Option(help="Only these platforms' demand (default: every platform)")
    ] = [],  # noqa: B006
    costs: Annotated[
        Path | None, typer.Option(help="Unit costs: TOML or JSON, item id = cost per unit")
    ] = None,
    objective: Annotated[str, typer.Option(help="days, cost, units or auto")] = "auto",
    workers: Annotated[int | None, typer.Option(help="Processes (default: one per core)")] = None,
    cluster: Annotated[str | None, typer.Option(help="A Dask scheduler tcp://host:port")] = None,
    as_json: _Json = False,
) -> None:
    """The least stock per item keeping every platform's time to survive >= HORIZON, under
    one scenario or (no scenario option) the whole single-node stress test."""
    from graphmodel.planning.stockpile import size_stockpiles

    G, spec, _ = _load(preset, file, saved, country, organisation)
    result = size_stockpiles(
        G,
        None if spec is None else [spec],
        horizon=horizon,
        platforms=list(platform) or None,
        unit_costs=_costs(costs),
        objective=objective,
        workers=workers,
        cluster=cluster or settings().cluster,
    )
    if as_json:
        print_json(result, sort_keys=True)
        return
    if not result["computed"]:
        out.print(f"stockpile sizing {result['reason']}", highlight=False)
        return
    out.print(
        f"[bold]Stock for {result['horizon_days']:g} days[/bold] against "
        f"{result['scenarios']} scenario(s), {result['scenarios_needing_stock']} needing stock; "
        f"objective {result['objective']} = {result['total']['objective']:g} "
        f"(bounds {result['lower_bound']:g}..{result['upper_bound']:g}, {result['rounds']} "
        f"round(s)); {result['seconds']:g} s on {result['engine']}",
        highlight=False,
    )
    print_table(
        ("item", "name", "units", "days of demand", "cost", "held at", "worst scenario"),
        [
            (
                r["item"],
                r["name"] or "",
                f"{r['units']:g}",
                f"{r['days_of_demand']:g}",
                "-" if r["cost"] is None else f"{r['cost']:g}",
                r["held_at"],
                r["worst_scenario"] or "",
            )
            for r in result["items"]
        ],
    )
    if result["infeasible"]:
        out.print(f"no stock covers: {', '.join(result['infeasible'])}", highlight=False)


@plan_app.command("compare")
def compare(
    plans: Annotated[
        list[str], typer.Argument(help="Plan files (.toml/.json) or saved plan names")
    ],
    preset: _Preset = None,
    file: _File = None,
    saved: _Saved = None,
    country: _Country = [],  # noqa: B006
    organisation: _Org = [],  # noqa: B006
    in_place: Annotated[
        bool, typer.Option("--in-place", help="Levers already in place when it strikes")
    ] = False,
    workers: Annotated[int | None, typer.Option(help="Processes for the stress test")] = None,
    as_json: _Json = False,
) -> None:
    """Compare plans side by side against a scenario or (no scenario option) the whole
    stress test: platforms protected, volume restored, TTR, cost, lead time, and the
    adversary-linked dependencies each removes."""
    from graphmodel.planning.compare import compare_plans

    G, spec, chosen = _load(preset, file, saved, country, organisation, plans)
    result = compare_plans(G, chosen, spec, in_place=in_place, workers=workers)
    if as_json:
        print_json(result, sort_keys=True)
        return
    print_table(
        (
            "plan",
            "cost",
            "lead (days)",
            "protected",
            "volume restored",
            "TTR (days)",
            "adversary deps removed",
        ),
        [
            (
                r["plan"],
                "unknown" if r["cost"] is None else f"{r['cost']:,.2f}",
                f"{r['lead_days']:g}",
                ", ".join(r.get("platforms_protected") or []) or "-",
                days(r.get("volume_restored")),
                days(r.get("time_to_recover_days")),
                str(len((r.get("adversary_dependencies") or {}).get("removed") or [])),
            )
            for r in result["plans"]
        ],
    )


@plan_app.command("recommend")
def recommend_cmd(
    horizon: Annotated[float, typer.Option(help="Days each platform must be out of risk for")],
    preset: _Preset = None,
    file: _File = None,
    saved: _Saved = None,
    country: _Country = [],  # noqa: B006
    organisation: _Org = [],  # noqa: B006
    plan: Annotated[list[str], typer.Option(help="Also consider this plan (file or name)")] = [],  # noqa: B006
    costs: Annotated[Path | None, typer.Option(help="Unit costs: TOML or JSON")] = None,
    as_json: _Json = False,
) -> None:
    """For each platform at risk under the scenario: the cheapest plan bringing it out of
    risk, and the Pareto set of cost against days covered, with evidence."""
    from graphmodel.planning.compare import recommend

    G, spec, chosen = _load(preset, file, saved, country, organisation, plan)
    if spec is None:
        raise SupplynetError("Name a scenario (--preset, --file, --saved, --country, ...)")
    result = recommend(G, spec, horizon=horizon, plans=chosen, unit_costs=_costs(costs))
    if as_json:
        print_json(result, sort_keys=True)
        return
    if not result["computed"]:
        out.print(f"recommendations {result['reason']}", highlight=False)
        return
    if not result["platforms"]:
        out.print("no platform is at risk under this scenario")
    for p in result["platforms"]:
        out.print(
            f"[bold]{p['name'] or p['platform']}[/bold] ({p['platform']}): TTS "
            f"{days(p['time_to_survive_days'])}, TTR {days(p['time_to_recover_days'])}; "
            f"cheapest out of risk: {p['cheapest'] or 'none of the options'}; Pareto: "
            f"{', '.join(p['pareto']) or '-'}",
            highlight=False,
        )
        for o in p["options"]:
            ev = "; ".join(r for e in o["evidence"] for r in e["relieves"][:1])
            out.print(
                f"  {o['plan']}: cost {days(o['cost'])}, lead {days(o['lead_days'])} d, "
                f"covers {days(o['days_covered'])} d, out of risk: {o['out_of_risk']}"
                + (f" ({ev})" if ev else ""),
                highlight=False,
            )


@plan_app.command("brief")
def brief(
    plan: Annotated[str, typer.Argument(help="The plan (file or saved name)")],
    others: Annotated[
        list[str], typer.Option("--against-plan", help="Other options for the table")
    ] = [],  # noqa: B006
    preset: _Preset = None,
    file: _File = None,
    saved: _Saved = None,
    country: _Country = [],  # noqa: B006
    organisation: _Org = [],  # noqa: B006
    html: Annotated[bool, typer.Option("--html", help="HTML instead of Markdown")] = False,
    output: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    workers: Annotated[int | None, typer.Option(help="Processes for the stress test")] = None,
) -> None:
    """A printable brief of one plan (Markdown, or HTML with --html) with the table of
    options compared."""
    from graphmodel.planning.brief import plan_brief
    from graphmodel.planning.compare import compare_plans

    G, spec, chosen = _load(preset, file, saved, country, organisation, [plan, *others])
    result = compare_plans(G, chosen, spec, workers=workers)
    text = plan_brief(result["plans"][0], result, "html" if html else "md")
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise SupplynetError(f"Cannot write {output.name}: {exc.strerror}") from None
    out.print(f"wrote {output.name}", highlight=False)


def _arrangement_row(p: dict[str, Any]) -> list[str]:
    b, a = p["allied_coverage"]["before"], p["allied_coverage"]["after"]
    fb = p["adversary_free"]["before"]["feasible_with_allied_candidates"]
    fa = p["adversary_free"]["after"]["feasible_with_allied_candidates"]
    return [
        p["platform"],
        f"{days(b['allied_item_share'])} -> {days(a['allied_item_share'])}",
        f"{days(b['allied_capacity_share'])} -> {days(a['allied_capacity_share'])}",
        f"{fb} -> {fa}",
    ]


@plan_app.command("arrangement")
def arrangement(
    preset: Annotated[list[str], typer.Option(help="An arrangement preset (sosa-jp, ...)")] = [],  # noqa: B006
    add: Annotated[list[str], typer.Option(help="Add a country to a group: TW:SOSA")] = [],  # noqa: B006
    remove: Annotated[list[str], typer.Option(help="Remove a country from a group")] = [],  # noqa: B006
    secure: Annotated[
        list[str], typer.Option(help="Treat members of this group as secure (stress ranking)")
    ] = [],  # noqa: B006
    top: Annotated[int, typer.Option(help="Rows of the stress ranking shown")] = 10,
    workers: Annotated[int | None, typer.Option(help="Processes for the stress test")] = None,
    as_json: _Json = False,
) -> None:
    """What-if: a country added to (or removed from) SOSA, RDP_MOU, NTIB or a group of your
    own; the change in allied coverage, adversary-free feasibility and, with --secure, the
    stress-test ranking."""
    from graphmodel.planning.arrangements import arrangement_whatif, load_arrangement_presets
    from graphmodel.planning.model import ArrangementLever

    presets = load_arrangement_presets()
    changes: list[ArrangementLever] = []
    for name in preset:
        if name not in presets:
            raise SupplynetError(
                f"No arrangement preset called {name!r}; presets: {', '.join(sorted(presets))}"
            )
        changes.append(presets[name])
    for action, refs in (("add", add), ("remove", remove)):
        for ref in refs:
            code, _, group = ref.partition(":")
            if not group:
                raise SupplynetError(
                    f"Write --{action} as COUNTRY:GROUP, e.g. TW:SOSA (not {ref!r})"
                )
            try:
                changes.append(ArrangementLever(country=code, group=group, action=action))
            except ValueError as exc:
                raise SupplynetError(f"--{action} {ref}: {str(exc).splitlines()[-1]}") from None
    if not changes:
        raise SupplynetError("Name a change: --preset, --add or --remove")
    G, _, _ = _load()
    result = arrangement_whatif(G, changes, secure_groups=secure, top=top, workers=workers)
    if as_json:
        print_json(result, sort_keys=True)
        return
    for c in result["countries"]:
        out.print(
            f"{c['country']}: groups {', '.join(c['groups_before']) or '-'} -> "
            f"{', '.join(c['groups_after']) or '-'}" + ("" if c["changed"] else " (no change)"),
            highlight=False,
        )
    print_table(
        ("platform", "allied items", "allied capacity", "adversary-free w/ allied cand."),
        [_arrangement_row(p) for p in result["platforms"]],
    )
    sr = result.get("stress_ranking")
    if sr and "before" in sr:
        out.print(
            f"stress ranking with {', '.join(sr['secure_groups'])} secure: "
            f"{len(sr['left_ranking'])} node(s) leave it ({', '.join(sr['left_ranking'][:10])})",
            highlight=False,
        )


@plan_app.command("arrangement-presets")
def arrangement_presets() -> None:
    """List the shipped arrangement presets with their sources."""
    from graphmodel.planning.arrangements import load_arrangement_presets

    for name, lv in sorted(load_arrangement_presets().items()):
        out.print(f"[bold]{name}[/bold]: {lv.note}", highlight=False)
        out.print(f"    source: {lv.source}", highlight=False)


@plan_app.command("save")
def save(
    file: Annotated[Path, typer.Argument(help="A plan file (.toml or .json)")],
    name: Annotated[str | None, typer.Option(help="Save under this name")] = None,
) -> None:
    """Save a plan in the store (it survives restarts and load --replace)."""
    from graphmodel.planning.apply import check_plan
    from graphmodel.planning.model import read_plan_file
    from graphmodel.planning.saved import save_plan

    plan = read_plan_file(file)
    if name:
        plan = plan.model_copy(update={"name": name})
    from graphmodel.store.tables import graph_from_store

    with store_context() as store:
        check_plan(graph_from_store(store), plan)
        save_plan(store, plan)
    out.print(f"saved plan {plan.name!r}", highlight=False)


@plan_app.command("list")
def list_cmd() -> None:
    """List saved plans."""
    from graphmodel.planning.saved import list_plans

    with store_context() as store:
        rows = list_plans(store)
    if not rows:
        out.print("no saved plans")
    for r in rows:
        out.print(
            f"{r['name']}: {r['levers']} lever(s) {r['description']} (saved {r['updated_at']})",
            highlight=False,
        )


@plan_app.command("show")
def show(name: Annotated[str, typer.Argument(help="Saved plan name")]) -> None:
    """Print a saved plan as JSON."""
    from graphmodel.planning.saved import get_plan

    with store_context() as store:
        plan = get_plan(store, name)
    print_json(plan.model_dump(mode="json"), sort_keys=True)


@plan_app.command("delete")
def delete(name: Annotated[str, typer.Argument(help="Saved plan name")]) -> None:
    """Delete a saved plan."""
    from graphmodel.planning.saved import delete_plan

    with store_context() as store:
        delete_plan(store, name)
    out.print(f"deleted {name!r}", highlight=False)
