"""``supplynet match`` and ``match decide``: entity resolution of your records against
registry records (GLEIF, OpenSanctions), and the review decisions."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from graphmodel.cli.common import out, print_json, print_table, settings, store_context

__all__ = ["match_app"]

match_app = typer.Typer(
    help="Entity resolution: match your records against registry records, and review.",
    invoke_without_command=True,
)


def _candidate_row(c: dict[str, Any]) -> list[str]:
    f = c["features"]
    evidence = f.get("identifier") or f"name {f.get('name')}, country {f.get('country')}"
    if f.get("conflict"):
        evidence += f"; {f['conflict']}"
    mark = "[bold]" if c["proposed"] else ""
    return [
        f"{mark}{c['score']}",
        f"{c['left'].get('name')} ({c['left'].get('id')})",
        f"{c['right'].get('name')} ({c['right'].get('id')}, {c['right'].get('dataset', '')})",
        evidence,
        c["decision"] or "",
    ]


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

    with store_context() as store:
        result = find_matches(
            store,
            threshold=DEFAULT_THRESHOLD if threshold is None else threshold,
            left_dataset=left,
            right_dataset=right,
            include_decided=not undecided,
        )
    if as_json:
        print_json(result, sort_keys=True)
        return
    print_table(
        ("score", "left", "right", "evidence", "decision"),
        [_candidate_row(c) for c in result["candidates"]],
    )
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

    with store_context(settings()) as store:
        row = decide(store, left, right, decision, decided_by="cli")
    out.print(f"{row['left']} / {row['right']}: {row['decision']} (score {row['score']})")
