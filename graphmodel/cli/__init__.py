"""The ``supplynet`` command line.

Every command reports failures as one sentence on stderr and exits non-zero;
set ``SUPPLYNET_DEBUG=1`` to see the traceback of an unexpected error, and
``SUPPLYNET_STACKS_AFTER=SECONDS`` to have every thread's stack written to stderr
if the command is still running after that long (where a stuck command waits).

A module per command group: :mod:`~graphmodel.cli.data` (load, import, export,
generate, stats), :mod:`~graphmodel.cli.analysis` (analyze, runs, diff,
export-findings), :mod:`~graphmodel.cli.questions` (search, deps, where-used, paths,
adversary, cypher), :mod:`~graphmodel.cli.demo`, and the groups ``db``, ``scenario``,
``viz``, ``plan`` and ``match``; :mod:`~graphmodel.cli.common` is what they share
(settings, the store, progress, tables and JSON). This module only assembles them,
turns errors into sentences (:func:`main`) and adds the commands of other packages.
"""

from __future__ import annotations

import faulthandler
import os
import sys

import typer

from graphmodel.cli import analysis, data, demo, questions
from graphmodel.cli.common import err
from graphmodel.cli.db import db_app
from graphmodel.cli.demo import hooks
from graphmodel.cli.match import match_app
from graphmodel.cli.plan import plan_app
from graphmodel.cli.scenario import scenario_app
from graphmodel.cli.viz import viz_app
from graphmodel.errors import SupplynetError, ValidationFailed

__all__ = ["app", "hooks", "main"]

app = typer.Typer(
    help="supplynet: multi-tier supply network modeller for defence-critical supply chains.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

# `supplynet --help` lists commands in the order they are added: this is that order.
for _name, _command in (
    ("load", data.load),
    ("export", data.export),
    ("import", data.import_files),
    ("stats", data.stats),
    ("generate", data.generate),
    ("analyze", analysis.analyze),
    ("search", questions.search),
    ("deps", questions.deps),
    ("where-used", questions.where_used),
    ("paths", questions.paths),
    ("adversary", questions.adversary),
    ("cypher", questions.cypher),
    ("export-findings", analysis.export_findings),
    ("runs", analysis.runs),
    ("diff", analysis.diff),
    ("demo", demo.demo),
):
    app.command(_name)(_command)
for _name, _group in (
    ("db", db_app),
    ("scenario", scenario_app),
    ("viz", viz_app),
    ("plan", plan_app),
    ("match", match_app),
):
    app.add_typer(_group, name=_name)


def main() -> None:
    """Entry point: run the CLI and turn errors into one clear sentence."""
    stacks_after = os.environ.get("SUPPLYNET_STACKS_AFTER")
    if stacks_after:
        faulthandler.dump_traceback_later(float(stacks_after), exit=False)
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
