"""What every command group shares: the settings, a store for the length of a command,
a progress bar, and the two ways a command prints a result (an aligned table, JSON).

One table helper and one JSON helper, so every command's output has the same shape
(bold headers, right-aligned counts, ids never cut) and a change to it is made once.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Column, Table

from graphmodel.settings import Settings

if TYPE_CHECKING:
    from graphmodel.store.base import GraphStore

__all__ = [
    "Column",
    "days",
    "err",
    "out",
    "print_json",
    "print_table",
    "progress",
    "settings",
    "store_context",
]

#: Results go to stdout; warnings, run notes and errors to stderr, so a result can be
#: piped (``--json``) while the notes still reach the person running the command.
out = Console()
err = Console(stderr=True)


def settings() -> Settings:
    """The settings of this run (``SUPPLYNET_*`` environment, ``.env``)."""
    return Settings()


@contextmanager
def store_context(chosen: Settings | None = None) -> Iterator[GraphStore]:
    """The configured store, open for the ``with`` block and closed after it."""
    # Imported here: opening a store pulls in the engines' clients, which commands
    # such as ``--help`` or ``scenario presets`` never need.
    from graphmodel.store import open_store

    s = open_store(chosen or settings())
    try:
        yield s
    finally:
        s.close()


@contextmanager
def progress(label: str) -> Iterator[Callable[[str, int, int], None]]:
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
    ) as bar:
        tasks: dict[str, Any] = {}

        def advance(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(f"{label}: {step}", total=total)
            bar.update(tasks[step], completed=done)

        yield advance


def print_table(
    columns: Sequence[str | Column],
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
) -> None:
    """Print rows as an aligned table with bold headers.

    A column is its header, or a :class:`rich.table.Column` where it needs more (counts
    ``justify="right"``, ids ``no_wrap=True`` since they are copied into other commands).
    Pass new ``Column`` objects on each call: a table keeps its cells in them.
    """
    table = Table(*columns, show_header=True, header_style="bold", title=title)
    for row in rows:
        table.add_row(*row)
    out.print(table)


def print_json(value: Any, *, sort_keys: bool = False) -> None:
    """Print a result as indented JSON on stdout (dates and other values as strings)."""
    sys.stdout.write(json.dumps(value, indent=2, sort_keys=sort_keys, default=str) + "\n")


def days(x: Any) -> str:
    """A number of days as printed: ``never`` for none, a list (before -> after) in turn."""
    if isinstance(x, list):
        return " -> ".join(days(y) for y in x)
    return "never" if x is None else f"{x:g}"
