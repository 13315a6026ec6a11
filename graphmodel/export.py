"""Exporting the store as bundle tables (``cypher/export_*``), the inverse of loading.

Rows come back shaped exactly as bundle rows: declared columns first, extra
properties kept, ``analysis_*`` properties left out, a source's ``facility``
of ``''`` mapped back to absent. ``load -> export -> load`` round-trips.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Final, Literal

from graphmodel.bundle import write_bundle
from graphmodel.schema import TABLES, Table
from graphmodel.store.base import GraphStore
from graphmodel.store.tables import flatten_row

__all__ = ["export_bundle", "export_tables", "rows_from_export"]

# Node-internal properties that are not bundle columns.
_INTERNAL: Final = {"countries": ("id",), "stockpiles": ("id",)}


def _typed(table: Table, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for col in table.columns:
        value = row.get(col.name)
        if value is None or value == "":
            continue
        # A float column may come back as an int from another writer.
        if col.type == "float" and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        out[col.name] = value
    for name in sorted(set(row) - set(table.column_names)):
        if row[name] is not None:
            out[name] = row[name]
    return out


def rows_from_export(table: Table, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn the records of ``export_<table>`` into bundle rows, sorted by the table key."""
    rows: list[dict[str, Any]] = []
    drop = _INTERNAL.get(table.name, ())
    for rec in records:
        merged = flatten_row(rec)
        if table.name == "countries" and "code" not in merged:
            merged["code"] = merged.get("id")
        rows.append(_typed(table, {k: v for k, v in merged.items() if k not in drop}))
    rows.sort(key=lambda r: tuple(str(r.get(k, "")) for k in table.key))
    return rows


def export_tables(store: GraphStore) -> dict[str, list[dict[str, Any]]]:
    """Every bundle table as rows, read from the store with one statement per table.

    Examples
    --------
    >>> from graphmodel.schema import table
    >>> rows_from_export(table("sources"),
    ...     [{"item": "i", "supplier": "o", "props": {"facility": "", "qualified": True}}])
    [{'item': 'i', 'supplier': 'o', 'qualified': True}]
    """
    return {t.name: rows_from_export(t, store.query(f"export_{t.name}")) for t in TABLES}


def export_bundle(
    store: GraphStore, directory: str | Path, fmt: Literal["csv", "json"] = "csv"
) -> dict[str, int]:
    """Write the store as a bundle to ``directory``; returns rows per table."""
    tables = export_tables(store)
    write_bundle(tables, directory, fmt=fmt)
    return {name: len(rows) for name, rows in tables.items()}
