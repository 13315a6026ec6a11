"""Importers: real data in as ordinary bundles.

Each importer turns one format into bundle tables (:class:`ImportResult`); the
tables are written by :func:`graphmodel.bundle.write_bundle` and loaded by the
ordinary load path, so an import has the same all-or-nothing guarantees as
``supplynet load``. Every row keeps its provenance (``dataset``,
``source_file``, ``record_id``, ``retrieved_on``).

=========== ======================================================= ==========================
kind        format                                                  module
=========== ======================================================= ==========================
gleif       GLEIF Level 1 LEI-CDF and Level 2 RR-CDF / reporting     :mod:`.gleif`
            exceptions, golden-copy CSV or XML
ftm         OpenSanctions / FollowTheMoney entities, JSON lines      :mod:`.ftm`
cyclonedx   CycloneDX 1.5 / 1.6 hardware BOM, JSON or XML            :mod:`.cyclonedx`
suppliers   a loose supplier-list CSV                                :mod:`.suppliers`
=========== ======================================================= ==========================
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, Final, Literal

from graphmodel.errors import SupplynetError
from graphmodel.importers.common import ImportResult, Source
from graphmodel.store.base import GraphStore

__all__ = [
    "KINDS",
    "ImportResult",
    "Source",
    "bundle_bytes",
    "graph_organisations",
    "run_import",
    "write_import",
]

Importer = Callable[..., ImportResult]


def _gleif(
    sources: Sequence[Source],
    retrieved_on: str | None,
    *,
    known: Collection[str] | None = None,
    **_: Any,
) -> ImportResult:
    from graphmodel.importers.gleif import import_gleif

    return import_gleif(sources, retrieved_on, known)


def _ftm(sources: Sequence[Source], retrieved_on: str | None, **_: Any) -> ImportResult:
    from graphmodel.importers.ftm import import_ftm

    return import_ftm(sources, retrieved_on)


def _cyclonedx(
    sources: Sequence[Source],
    retrieved_on: str | None,
    *,
    qualified: bool = False,
    **_: Any,
) -> ImportResult:
    from graphmodel.importers.cyclonedx import import_cyclonedx

    return import_cyclonedx(sources, retrieved_on, qualified=qualified)


def _suppliers(sources: Sequence[Source], retrieved_on: str | None, **_: Any) -> ImportResult:
    from graphmodel.importers.suppliers import import_suppliers

    return import_suppliers(sources, retrieved_on)


#: Import kinds and what reads them.
KINDS: Final[dict[str, Importer]] = {
    "gleif": _gleif,
    "ftm": _ftm,
    "cyclonedx": _cyclonedx,
    "suppliers": _suppliers,
}


def run_import(
    kind: str,
    sources: Sequence[Source],
    *,
    retrieved_on: str | None = None,
    qualified: bool = False,
    known: Collection[str] | None = None,
) -> ImportResult:
    """Read ``sources`` with the importer for ``kind``.

    ``known`` holds the organisation ids already in the graph the import is loaded
    into (a GLEIF relationship may name them without their Level 1 record).

    Raises
    ------
    SupplynetError
        An unknown kind or no files.
    ValidationFailed
        Every problem in the files, with file, line and column.
    """
    importer = KINDS.get(kind)
    if importer is None:
        raise SupplynetError(f"No importer called {kind!r}; importers: {', '.join(KINDS)}")
    if not sources:
        raise SupplynetError(f"Give at least one file to import as {kind}")
    if retrieved_on is not None:
        from graphmodel.analysis.asof import as_of_date

        retrieved_on = as_of_date(retrieved_on)
    return importer(sources, retrieved_on, qualified=qualified, known=known)


def graph_organisations(store: GraphStore) -> set[str]:
    """The organisation ids in the graph (what an incremental import may refer to)."""
    from graphmodel.load import known_ids

    return known_ids(store)["organisations"]


def write_import(
    result: ImportResult, directory: str | Path, fmt: Literal["csv", "json"] = "csv"
) -> None:
    """Write an import as an ordinary bundle (a folder of CSV files, or ``*.json``)."""
    from graphmodel.bundle import write_bundle

    write_bundle(result.tables, directory, fmt=fmt)


def bundle_bytes(result: ImportResult) -> bytes:
    """An import as a JSON bundle document (for the HTTP import path)."""
    from graphmodel.bundle import bundle_document

    return json.dumps(bundle_document(result.tables), ensure_ascii=False).encode("utf-8")
