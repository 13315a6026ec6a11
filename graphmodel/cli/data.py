"""``supplynet load``, ``import``, ``export``, ``generate`` and ``stats``: data into and
out of the graph.

``load`` and ``import`` share one load path (:func:`load_checked`): the same checks, one
staged load, and the load kept as a snapshot run.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graphmodel.cli.analysis import run_and_save
from graphmodel.cli.common import Column, err, out, print_table, progress, settings, store_context
from graphmodel.errors import SupplynetError

if TYPE_CHECKING:
    from graphmodel.load import LoadReport

__all__ = ["BundleFormat", "export", "generate", "import_files", "load", "load_checked", "stats"]


class BundleFormat(StrEnum):
    csv = "csv"
    json = "json"


# The options load, import, export and generate share, declared once.
_Replace = Annotated[bool, typer.Option("--replace", help="Start from an empty graph")]
_Reference = Annotated[bool, typer.Option(help="Also load the shipped reference data first")]
_Format = Annotated[BundleFormat, typer.Option("--format", help="csv or json")]


class ImportKind(StrEnum):
    gleif = "gleif"
    ftm = "ftm"
    cyclonedx = "cyclonedx"
    suppliers = "suppliers"


def _print_load_report(report: LoadReport) -> None:
    if report.tables:
        print_table(
            ("table", Column("rows", justify="right")),
            [(name, f"{n:,}") for name, n in report.tables.items()],
        )
    out.print(report.summary(), highlight=False)


def load(
    path: Annotated[Path, typer.Argument(help="Bundle folder, .zip or .json")],
    replace: _Replace = False,
    reference: _Reference = True,
) -> None:
    """Validate a bundle and load it; on any problem nothing is written."""
    from graphmodel.bundle import read_bundle

    # Problems of every stage in one message: reading keeps them until the
    # references are checked against the store too.
    load_checked(read_bundle(path, defer=True), path.name, replace=replace, reference=reference)


def load_checked(bundle: Any, label: str, *, replace: bool, reference: bool) -> None:
    """The load path of ``supplynet load`` (and ``supplynet import``): one staged load.

    It consumes ``bundle``: its rows are dropped once they are written, before the
    load's snapshot analysis reads the graph back (at 1,000,000 nodes they are
    gigabytes the analysis would otherwise hold beside its own copy).
    """
    from graphmodel.bundle import validate_references
    from graphmodel.load import known_ids, load_bundle

    s = settings()
    if bundle.problems:
        # Never written: report these with the reference problems, without a load.
        with store_context(s) as store:
            validate_references(bundle, None if replace else known_ids(store))
    with store_context(s) as store, progress(f"loading {label}") as advance:
        # One staged load: references are checked against what will be there,
        # and the live graph changes only once everything is written.
        report = load_bundle(store, bundle, replace=replace, reference=reference, progress=advance)
    _print_load_report(report)
    from graphmodel.runs import bundle_digest, record_load

    record_load(s.data_dir, label, report.tables)
    # The load is a snapshot: its findings are kept, so two loads can be diffed.
    snapshot = (
        {
            "source": label,
            "counts": report.tables,
            "digest": bundle_digest(bundle.tables),
            "replace": replace,
        }
        if s.snapshot_loads
        else None
    )
    bundle.tables.clear()
    bundle.lines.clear()
    if snapshot is not None:
        try:
            with store_context(s) as store:
                run_and_save(store, s, None, None, load=snapshot)
        except SupplynetError as exc:
            # The load itself is complete and stays; only its snapshot is missing.
            err.print(
                f"[yellow]warning:[/yellow] loaded, but the analysis of the load failed, so "
                f"it is not kept as a snapshot: {exc.message}",
                highlight=False,
            )


def export(
    directory: Annotated[Path, typer.Argument(help="Folder to write the bundle into")],
    fmt: _Format = BundleFormat.csv,
) -> None:
    """Write the whole graph as a bundle (load -> export -> load round-trips)."""
    from graphmodel.export import export_bundle

    with store_context() as store:
        counts = export_bundle(store, directory, fmt=fmt.value)
    out.print(f"wrote {sum(counts.values()):,} rows in {len(counts)} tables to {directory}")


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
    replace: _Replace = False,
    reference: _Reference = True,
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

        with store_context() as store:
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
        load_checked(bundle, bundle.source, replace=replace, reference=reference)


def stats() -> None:
    """Count nodes by label and relationships by type."""
    with store_context() as store:
        rows = store.query("stats")
    print_table(
        ("what", "name", Column("count", justify="right")),
        [
            (r["what"], r["name"] or "", f"{r['count']:,}")
            for r in sorted(rows, key=lambda r: (r["what"], r["name"] or ""))
        ],
    )


def generate(
    directory: Annotated[Path, typer.Argument(help="Folder to write the bundle into")],
    nodes: Annotated[int, typer.Option(help="Approximate number of nodes")] = 10_000,
    relationships: Annotated[
        int | None, typer.Option(help="Approximate relationships (default 5 x nodes)")
    ] = None,
    platforms: Annotated[int, typer.Option(help="Number of platforms")] = 20,
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    fmt: _Format = BundleFormat.csv,
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
