"""What every importer shares: its input, its problems, its output and provenance.

An importer reads one or more :class:`Source` files and returns an
:class:`ImportResult`: ordinary bundle tables (written by
:func:`graphmodel.bundle.write_bundle`, loaded by the ordinary load path) plus
notes on what it left out and why. Bad input is collected as
:class:`~graphmodel.errors.Problem` objects and raised together as one
:class:`~graphmodel.errors.ValidationFailed`, so nothing is half-imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import IO, Any

from graphmodel.errors import Problem, ValidationFailed

__all__ = [
    "MAX_WARNINGS",
    "ImportResult",
    "Source",
    "TableBuilder",
    "clean_date",
    "country_or_none",
    "csv_rows",
    "json_lines",
    "known_countries",
    "slug",
    "unique",
]

#: Warnings kept per import (the total is noted when there are more).
MAX_WARNINGS = 1_000

Tables = dict[str, list[dict[str, Any]]]


@dataclass(frozen=True)
class Source:
    """One input file: its name (for messages and provenance) and how to open it."""

    name: str
    opener: Callable[[], IO[bytes]]

    @classmethod
    def from_path(cls, path: str | Path) -> Source:
        p = Path(path)
        return cls(p.name, lambda: p.open("rb"))

    @classmethod
    def from_bytes(cls, name: str, data: bytes) -> Source:
        return cls(PurePath(name or "upload").name, lambda: io.BytesIO(data))

    def open(self) -> IO[bytes]:
        return self.opener()

    def head(self, n: int = 4096) -> bytes:
        """The first ``n`` bytes (to recognise the format)."""
        with self.open() as fh:
            return fh.read(n)


@dataclass
class ImportResult:
    """Bundle tables and notes on what was left out, merged or assumed."""

    kind: str
    tables: Tables
    notes: list[str] = field(default_factory=list)
    #: Records kept in another form or skipped, each with its file and line.
    warnings: list[Problem] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items() if rows}

    def summary(self) -> str:
        """One sentence for the CLI.

        Examples
        --------
        >>> ImportResult("gleif", {"organisations": [{}, {}], "ownership": [{}]}).summary()
        'gleif: 2 organisations, 1 ownership'
        """
        parts = ", ".join(f"{n:,} {name}" for name, n in self.counts().items())
        return f"{self.kind}: {parts or 'nothing'}"


def clean_date(value: Any) -> str | None:
    """The ``YYYY-MM-DD`` part of a date or date-time string, or ``None``.

    Examples
    --------
    >>> clean_date("2017-12-14T00:00:00Z "), clean_date("2021-03"), clean_date("")
    ('2017-12-14', None, None)
    """
    if value is None:
        return None
    text = str(value).strip()[:10]
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


_NON_WORD = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """A lowercase ASCII id part for a name.

    Examples
    --------
    >>> slug("Nordlicht Präzision GmbH & Co. KG")
    'nordlicht-prazision-gmbh-co-kg'
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub("-", ascii_text.lower()).strip("-") or "x"


class TableBuilder:
    """Collects rows per table, merges duplicates by key, and gathers problems and notes."""

    def __init__(self, kind: str, retrieved_on: str | None = None) -> None:
        self.kind = kind
        self.retrieved_on = retrieved_on or dt.datetime.now(dt.UTC).date().isoformat()
        self.tables: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {}
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.warnings: list[Problem] = []
        self.warning_count = 0
        self.duplicates: dict[str, int] = {}

    def provenance(
        self, dataset: str, source: str, record_id: str | None, retrieved_on: str | None = None
    ) -> dict[str, Any]:
        return {
            "dataset": dataset,
            "source_file": source,
            "record_id": record_id,
            "retrieved_on": retrieved_on or self.retrieved_on,
        }

    def add(
        self,
        table: str,
        key: tuple[Any, ...],
        row: Mapping[str, Any],
        *,
        prefer: Callable[[Mapping[str, Any], Mapping[str, Any]], bool] | None = None,
    ) -> None:
        """Add ``row`` under ``key``; a duplicate key keeps the preferred of the two.

        ``prefer(new, old)`` says whether the new row replaces the old one
        (default: keep the first). Lists (aliases, identifiers) are unioned.
        """
        rows = self.tables.setdefault(table, {})
        clean = {k: v for k, v in row.items() if v not in (None, "", [], ())}
        old = rows.get(key)
        if old is None:
            rows[key] = clean
            return
        self.duplicates[table] = self.duplicates.get(table, 0) + 1
        keep, other = (clean, old) if prefer and prefer(clean, old) else (old, clean)
        merged = dict(other) | keep
        for k, v in other.items():
            if isinstance(v, list) and isinstance(keep.get(k), list):
                merged[k] = list(dict.fromkeys([*keep[k], *v]))
        rows[key] = merged

    def has(self, table: str, key: tuple[Any, ...]) -> bool:
        return key in self.tables.get(table, {})

    def problem(self, file: str, line: int | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(file, line, column, message))

    def note(self, message: str) -> None:
        self.notes.append(message)

    def warn(self, file: str, line: int | None, column: str | None, message: str) -> None:
        """A record kept in another form, or skipped: the import goes on, and says so."""
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(Problem(file, line, column, message))

    def result(self) -> ImportResult:
        """The tables, or every problem at once."""
        if self.problems:
            raise ValidationFailed(self.problems, what="import")
        notes = list(self.notes)
        for table, n in sorted(self.duplicates.items()):
            notes.append(f"{n:,} duplicate {table} records were merged into one each")
        if self.warning_count > len(self.warnings):
            notes.append(
                f"{self.warning_count:,} warnings; the first {len(self.warnings):,} are listed"
            )
        return ImportResult(
            self.kind,
            {name: list(rows.values()) for name, rows in self.tables.items()},
            notes,
            list(self.warnings),
        )


def csv_rows(source: Source, b: TableBuilder) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a UTF-8 CSV file (a BOM allowed) with the line each ends on.

    A file that is not UTF-8 is one problem, with the line reached.

    Examples
    --------
    >>> b = TableBuilder("x")
    >>> src = Source.from_bytes("a.csv", b"LEI,Name\\nX1,Alpha\\n")
    >>> list(csv_rows(src, b))
    [(2, {'LEI': 'X1', 'Name': 'Alpha'})]
    """
    line = 1
    try:
        with source.open() as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
            reader = csv.DictReader(text)
            for row in reader:
                line = reader.line_num
                yield line, row
    except UnicodeDecodeError as exc:
        b.problem(source.name, line, None, f"the file is not UTF-8: {exc.reason}")
    except csv.Error as exc:
        b.problem(source.name, line, None, f"malformed CSV: {exc}")


def json_lines(source: Source, b: TableBuilder) -> Iterator[tuple[int, Any]]:
    """The JSON value on each non-blank line of a JSON-lines file, with its line number.

    A line that is not JSON is a problem at that line; reading goes on.

    Examples
    --------
    >>> b = TableBuilder("x")
    >>> list(json_lines(Source.from_bytes("e.json", b'{"id": 1}\\n\\nnope\\n'), b))
    [(1, {'id': 1})]
    >>> str(b.problems[0]).split(":")[0]
    'e.json, line 3'
    """
    with source.open() as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.strip()
            if not line:
                continue
            try:
                yield number, json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                b.problem(source.name, number, None, f"invalid JSON: {exc}")


def known_countries() -> set[str]:
    """The ISO codes the reference bundle holds (the only ones a load accepts unlisted)."""
    from graphmodel.bundle.reference import reference_country_codes

    return set(reference_country_codes())


def country_or_none(value: Any, known: set[str]) -> str | None:
    """An ISO 3166-1 alpha-2 code from a country or jurisdiction (``US-DE`` -> ``US``).

    Examples
    --------
    >>> country_or_none("us-de", {"US"}), country_or_none("XX", {"US"})
    ('US', None)
    """
    if not value:
        return None
    code = str(value).strip().upper()[:2]
    return code if code in known else None


def unique(values: Iterable[Any]) -> list[str]:
    """Non-empty strings, first occurrence kept.

    Examples
    --------
    >>> unique(["a", "", None, "b", "a"])
    ['a', 'b']
    """
    return list(dict.fromkeys(str(v).strip() for v in values if v and str(v).strip()))
