"""Writing tables as a bundle folder of CSV files or as one JSON document."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from graphmodel.bundle.cells import escape_text
from graphmodel.bundle.read import FORMAT
from graphmodel.errors import BundleError
from graphmodel.schema import TABLES, table

__all__ = [
    "JSON_FILENAME",
    "bundle_document",
    "csv_cell",
    "csv_field",
    "table_columns",
    "write_bundle",
]

#: The file name ``write_bundle(..., fmt="json")`` writes inside the directory.
JSON_FILENAME = "bundle.json"

Rows = Sequence[Mapping[str, Any]]


def csv_cell(value: Any) -> str:
    """One value as CSV text that the reader turns back into the same value.

    Examples
    --------
    >>> [csv_cell(v) for v in (None, True, 0.1, 3, ["NATO", "EU"])]
    ['', 'true', '0.1', '3', 'NATO;EU']
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if not math.isfinite(value):
            raise BundleError(f"cannot write the non-finite number {value!r}")
        return repr(value)
    if isinstance(value, list | tuple):
        return ";".join(csv_cell(v) for v in value)
    return str(value)


def csv_field(value: Any) -> str:
    """One CSV field: :func:`csv_cell`, with text quoted against formula injection
    (:mod:`graphmodel.bundle.cells`; numbers are never quoted).

    Examples
    --------
    >>> [csv_field(v) for v in ("=cmd", -5.0, ["-x", "y"], "ok")]
    ["'=cmd", '-5.0', "'-x;y", 'ok']
    """
    text = csv_cell(value)
    return escape_text(text) if isinstance(value, str | list | tuple) else text


def table_columns(name: str, rows: Rows) -> list[str]:
    """Declared columns in declared order, then extra columns sorted by name."""
    declared = list(table(name).column_names)
    extra = sorted({k for r in rows for k in r} - set(declared))
    return declared + extra


def _clean(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items() if v is not None}


def bundle_document(tables: Mapping[str, Rows]) -> dict[str, Any]:
    """The JSON form of ``tables``: ``{"format": ..., "<table>": [rows], ...}``."""
    doc: dict[str, Any] = {"format": FORMAT}
    for t in TABLES:
        rows = tables.get(t.name)
        if rows or t.required:
            doc[t.name] = [_clean(r) for r in rows or ()]
    return doc


def write_bundle(
    tables: Mapping[str, Rows],
    directory: str | Path,
    fmt: Literal["csv", "json"] = "csv",
) -> None:
    """Write ``tables`` as a bundle.

    ``fmt="csv"`` writes one ``<table>.csv`` per non-empty table (``items.csv``
    always) into ``directory`` and removes stale table files of tables that are
    now empty; ``fmt="json"`` writes ``directory/bundle.json`` (or ``directory``
    itself when it ends in ``.json``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> write_bundle({"items": [{"id": "x", "name": "X", "kind": "material", "cas": "7440"}]}, d)
    >>> header, row = (d / "items.csv").read_text().splitlines()
    >>> header.split(",")[:4], header.split(",")[-1], row
    (['id', 'name', 'kind', 'nsn'], 'cas', 'x,X,material,,,,,,,,,,,7440')
    """
    unknown = set(tables) - {t.name for t in TABLES}
    if unknown:
        raise BundleError(f"unknown tables {sorted(unknown)}; known: {[t.name for t in TABLES]}")
    out = Path(directory)
    if fmt == "json":
        target = out if out.suffix.lower() == ".json" else out / JSON_FILENAME
        target.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(bundle_document(tables), ensure_ascii=False, indent=1, allow_nan=False)
        target.write_text(text + "\n", encoding="utf-8")
        return
    if fmt != "csv":
        raise BundleError(f"unknown bundle format {fmt!r}; use csv or json")
    out.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        rows = tables.get(t.name) or []
        path = out / t.filename
        if not rows and not t.required:
            path.unlink(missing_ok=True)
            continue
        columns = table_columns(t.name, rows)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows([csv_field(r.get(c)) for c in columns] for r in rows)
