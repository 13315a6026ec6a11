"""Findings as files: CSV and XLSX tables, and a one-page brief per platform.

The tables are :func:`graphmodel.analysis.findings.platform_findings`, flattened
by :func:`~graphmodel.analysis.findings.flat_row` (names beside ids, paths as
``A → B → C``). :func:`write_findings` is ``supplynet export-findings``: one CSV
per kind of finding over every platform (a ``platform`` column first), the same
tables as sheets of ``findings.xlsx``, and ``brief-<platform>.md`` / ``.html``
with the headline findings and their evidence.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import networkx as nx

from graphmodel.analysis.findings import TABLES, flat_row, platform_findings
from graphmodel.analysis.naming import Namer, ref_text
from graphmodel.bundle.cells import escape_text
from graphmodel.errors import SupplynetError

__all__ = ["brief_html", "brief_markdown", "table_csv", "tables_xlsx", "write_findings"]

#: Rows per table in a brief.
_BRIEF_ROWS: Final = 8

Cell = str | int | float | None


def _safe(value: Cell) -> Cell:
    # The one formula-injection rule (graphmodel.bundle.cells).
    return escape_text(value) if isinstance(value, str) else value


def _columns(rows: Sequence[Mapping[str, Cell]]) -> list[str]:
    cols: dict[str, None] = {}
    for r in rows:
        cols.update(dict.fromkeys(r))
    return list(cols)


def _flat(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Cell]]:
    return [flat_row(r) for r in rows]


def table_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """A findings table as CSV text (header from every row's keys, in order).

    Examples
    --------
    >>> print(table_csv([{"item": {"id": "c1", "name": "Seal", "kind": "item"}, "tier": 2}]))
    item,item_id,tier
    Seal (c1),c1,2
    <BLANKLINE>
    >>> table_csv([{"name": "=cmd()"}]).splitlines()[1]
    "'=cmd()"
    """
    flat = _flat(rows)
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=_columns(flat), lineterminator="\n")
    writer.writeheader()
    for r in flat:
        writer.writerow({k: _safe(v) for k, v in r.items()})
    return buf.getvalue()


def tables_xlsx(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> bytes:
    """Findings tables as one XLSX workbook, one sheet per table (header row frozen)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(title=name[:31])
        flat = _flat(rows)
        cols = _columns(flat) or ["(no findings)"]
        ws.append(cols)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for r in flat:
            ws.append([_safe(r.get(c)) for c in cols])
        ws.freeze_panes = "A2"
        for i, col in enumerate(cols, 1):
            width = max([len(col), *(len(str(r.get(col) or "")) for r in flat[:200])])
            ws.column_dimensions[ws.cell(1, i).column_letter].width = min(60, width + 2)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _headlines(
    G: nx.MultiDiGraph, result: Mapping[str, Any], platform: str, namer: Namer
) -> tuple[str, list[tuple[str, list[str]]]]:
    f = platform_findings(G, result, platform, namer)
    section = (result.get("platforms") or {}).get(platform) or {}
    free = section.get("adversary_free") or {}
    title = ref_text(namer.ref(platform))
    parts: list[tuple[str, list[str]]] = []
    summary = [
        f"Producible: {'yes' if section.get('producible', True) else 'no'}",
        "Producible without adversary-linked sources: " + ("yes" if free.get("feasible") else "no"),
        f"Single points of failure: {sum(1 for r in f['spof'] if r['order'] == 1)} alone, "
        f"{sum(1 for r in f['spof'] if r['order'] == 2)} pairs",
        f"Sole-source items: {len(f['sole_source'])}; data gaps: {len(f['data_gaps'])}",
        f"Adversary-linked nodes in the tree: {len(f['adversary_links'])}",
    ]
    parts.append(("Summary", summary))

    def path(r: Mapping[str, Any]) -> str:
        p = r.get("path") or []
        return " → ".join(ref_text(n) for n in p)

    parts.append(
        (
            "Blocking an adversary-free build",
            [
                f"{ref_text(r['item'])}: only via "
                + ", ".join(ref_text(s["organisation"]) for s in r["linked_sources"])
                + f". Path: {path(r)}"
                for r in f["blocking"][:_BRIEF_ROWS]
            ],
        )
    )
    parts.append(
        (
            "Single points of failure",
            [
                " + ".join(ref_text(n) for n in r["nodes"])
                + (f" (for {ref_text(r['item'])})" if r.get("item") else "")
                + f". Path: {path(r)}"
                for r in f["spof"][:_BRIEF_ROWS]
            ],
        )
    )
    parts.append(
        (
            "Sole sources",
            [
                f"{ref_text(r['item'])} from "
                + (ref_text(r["supplier"]) if r.get("supplier") else "?")
                + (f" in {ref_text(r['country'])}" if r.get("country") else "")
                for r in f["sole_source"][:_BRIEF_ROWS]
            ],
        )
    )
    conc = [r for r in f["concentration"] if (r.get("adversary_owned_share") or 0) > 0]
    conc.sort(key=lambda r: -(r.get("adversary_owned_share") or 0))
    parts.append(
        (
            "Supply from adversary-owned suppliers",
            [
                f"{ref_text(r['item'])}: {100 * (r['adversary_owned_share'] or 0):.0f}% "
                f"from adversary-owned suppliers ("
                + ", ".join(ref_text(o) for o in r["owned_by"])
                + f"); {100 * (r.get('concern_share') or 0):.0f}% from countries of concern"
                for r in conc[:_BRIEF_ROWS]
            ],
        )
    )
    parts.append(
        (
            "Adversary links",
            [
                (r["reasons"][0]["text"] if r["reasons"] else ref_text(r["node"]))
                for r in f["adversary_links"][:_BRIEF_ROWS]
            ],
        )
    )
    parts.append(("Data gaps", [r["detail"] for r in f["data_gaps"][:_BRIEF_ROWS]]))
    return title, [(h, lines) for h, lines in parts if lines]


def brief_markdown(G: nx.MultiDiGraph, result: Mapping[str, Any], platform: str) -> str:
    """A one-page Markdown brief: the platform's headline findings with their evidence."""
    title, parts = _headlines(G, result, platform, Namer.from_graph(G))
    out = [f"# Brief: {title}", ""]
    for heading, lines in parts:
        out += [f"## {heading}", "", *(f"- {line}" for line in lines), ""]
    out.append("Full tables: the CSV files and findings.xlsx beside this brief.")
    return "\n".join(out) + "\n"


def brief_html(G: nx.MultiDiGraph, result: Mapping[str, Any], platform: str) -> str:
    """The same brief as a self-contained HTML page (no external URL)."""
    title, parts = _headlines(G, result, platform, Namer.from_graph(G))
    body = [f"<h1>Brief: {html.escape(title)}</h1>"]
    for heading, lines in parts:
        body.append(f"<h2>{html.escape(heading)}</h2><ul>")
        body += [f"<li>{html.escape(line)}</li>" for line in lines]
        body.append("</ul>")
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>Brief: {html.escape(title)}</title><style>"
        "body{font:14px/1.45 system-ui,sans-serif;max-width:52em;margin:2em auto;color:#1b1f24}"
        "h1{font-size:20px}h2{font-size:15px;margin-top:1.2em}li{margin:3px 0}"
        "</style></head><body>" + "".join(body) + "</body></html>\n"
    )


def write_findings(
    G: nx.MultiDiGraph,
    result: Mapping[str, Any],
    directory: str | Path,
    *,
    platforms: Sequence[str] | None = None,
) -> dict[str, int]:
    """Write every findings table and a brief per platform into ``directory``.

    Returns the rows written per table. The files are written to a temporary
    name and renamed, so a reader never sees half a file.
    """
    target = Path(directory)
    chosen = list(platforms) if platforms else sorted(result.get("platforms") or {})
    missing = [p for p in chosen if p not in (result.get("platforms") or {})]
    if missing:
        raise SupplynetError(f"The analysis has no platform {missing[0]!r}.")
    namer = Namer.from_graph(G)
    tables: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    for p in chosen:
        for name, rows in platform_findings(G, result, p, namer).items():
            tables[name] += [{"platform": namer.ref(p), **r} for r in rows]
    try:
        target.mkdir(parents=True, exist_ok=True)
        files: dict[str, str | bytes] = {f"{t}.csv": table_csv(rows) for t, rows in tables.items()}
        files["findings.xlsx"] = tables_xlsx(tables)
        for p in chosen:
            files[f"brief-{p}.md"] = brief_markdown(G, result, p)
            files[f"brief-{p}.html"] = brief_html(G, result, p)
        for name, content in files.items():
            tmp = target / f".{name}.tmp"
            if isinstance(content, bytes):
                tmp.write_bytes(content)
            else:
                tmp.write_text(content, encoding="utf-8")
            tmp.replace(target / name)
    except OSError as exc:
        raise SupplynetError(f"Cannot write the findings to {target}: {exc.strerror}.") from None
    return {t: len(rows) for t, rows in tables.items()}
