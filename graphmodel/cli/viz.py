"""``supplynet viz platform|ownership|material``: the interactive views as HTML files,
with the same options as the API's ``graph.html`` pages."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from graphmodel.cli.common import out, store_context

__all__ = ["viz_app"]

viz_app = typer.Typer(help="Write interactive network views as HTML.", no_args_is_help=True)


class CollapseBy(StrEnum):
    tier = "tier"
    country = "country"


# The options every view shares, declared once so their help reads the same.
_Output = Annotated[Path, typer.Option("-o", "--output", help="HTML file to write")]
_AdversaryOnly = Annotated[bool, typer.Option(help="Only adversary-linked paths")]
_Kinds = Annotated[
    list[str],
    typer.Option(
        help="Only these kinds (repeatable): platform, assembly, component, material, "
        "organisation, facility, country"
    ),
]
_NodeBudget = Annotated[int, typer.Option(help="Most nodes drawn (then grouped)")]
_CollapseByOpt = Annotated[CollapseBy, typer.Option(help="Group by tier or country")]


def _write_view(view: Callable[..., str], node: str, output: Path, **options: Any) -> None:
    """Draw one view of ``node`` and write it to ``output``."""
    # A view draws the analysis's findings, so it needs the graph and its analysis.
    from graphmodel.analysis.report import analyze as run
    from graphmodel.store.tables import graph_from_store

    with store_context() as store:
        G = graph_from_store(store)
    output.write_text(view(G, run(G), node, **options), encoding="utf-8")
    out.print(f"wrote {output}")


@viz_app.command("platform")
def viz_platform(
    platform: Annotated[str, typer.Argument(help="Platform item id")],
    output: _Output,
    max_tier: Annotated[int | None, typer.Option(help="Deepest tier to draw")] = None,
    adversary_only: _AdversaryOnly = False,
    kinds: _Kinds = [],  # noqa: B006 - typer reads list defaults
    node_budget: _NodeBudget = 300,
    collapse_by: _CollapseByOpt = CollapseBy.tier,
) -> None:
    """A platform's dependency network, by tier, with flags and evidence (the same
    options as GET /v1/platforms/{id}/graph.html)."""
    from graphmodel.viz import platform_view

    _write_view(
        platform_view,
        platform,
        output,
        max_tier=max_tier,
        adversary_only=adversary_only,
        kinds=kinds or None,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )


@viz_app.command("ownership")
def viz_ownership(
    organisation: Annotated[str, typer.Argument(help="Organisation id")],
    output: _Output,
    adversary_only: _AdversaryOnly = False,
    node_budget: _NodeBudget = 300,
    collapse_by: _CollapseByOpt = CollapseBy.tier,
) -> None:
    """An organisation's ownership network up to its ultimate owners."""
    from graphmodel.viz import ownership_view

    _write_view(
        ownership_view,
        organisation,
        output,
        adversary_only=adversary_only,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )


@viz_app.command("material")
def viz_material(
    material: Annotated[str, typer.Argument(help="Material item id")],
    output: _Output,
    adversary_only: _AdversaryOnly = False,
    kinds: _Kinds = [],  # noqa: B006 - typer reads list defaults
    node_budget: _NodeBudget = 300,
    collapse_by: _CollapseByOpt = CollapseBy.tier,
) -> None:
    """Which countries feed a material, and which items and platforms use it."""
    from graphmodel.viz import material_view

    _write_view(
        material_view,
        material,
        output,
        adversary_only=adversary_only,
        kinds=kinds or None,
        node_budget=node_budget,
        collapse_by=collapse_by.value,
    )
