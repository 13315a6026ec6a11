"""The :class:`Bundle` and where the packaged bundles live."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Bundle", "demo_bundle_path", "reference_bundle_path"]

_DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass
class Bundle:
    """A validated bundle: typed rows per table, and where they came from.

    ``tables`` maps a table name (``"items"``, ``"bom"``, ...) to its rows;
    each row holds the declared columns that have a value (defaults applied)
    and any extra columns. ``lines`` and ``files`` locate each row for later
    problems (reference checks); they may be left empty.
    """

    tables: dict[str, list[dict[str, Any]]]
    source: str = "<memory>"
    lines: dict[str, list[int]] = field(default_factory=dict, repr=False)
    files: dict[str, str] = field(default_factory=dict, repr=False)
    #: Problems found while reading, kept (``read_bundle(..., defer=True)``) until the
    #: references can be checked too, so that one message lists every problem. A
    #: bundle with problems is never written: the load's reference check raises.
    problems: list[Any] = field(default_factory=list, repr=False)

    def where(self, table: str, index: int) -> tuple[str, int]:
        """The file and line of row ``index`` of ``table``."""
        lines = self.lines.get(table)
        line = lines[index] if lines and index < len(lines) else index + 1
        return self.files.get(table, table), line

    def count(self) -> dict[str, int]:
        """Rows per table."""
        return {name: len(rows) for name, rows in self.tables.items()}


def reference_bundle_path() -> Path:
    """The packaged reference bundle (ISO countries, NATO critical materials, USGS shares)."""
    return _DATA / "reference"


def demo_bundle_path() -> Path:
    """The packaged demo bundle (fictional organisations)."""
    return _DATA / "demo"
