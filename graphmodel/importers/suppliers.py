"""A supplier list CSV in the loose form people have (an ERP export, a spreadsheet).

Columns are recognised by name, case and punctuation ignored (:data:`COLUMNS`):
a name is required; country (a code or a name in any common language, read
with ``followthemoney``'s country normalisation), address, an id, LEI, CAGE,
DUNS, registration and VAT numbers, and what the supplier supplies are optional.
Rows with the same id (or, without one, the same name and country) are merged.

Each supplier becomes an organisation (id: the list's own id, else
``sup:<name>-<country>``); each thing it supplies (``;`` or ``,``-separated)
becomes an item ``part:<name>`` (kind ``component``) with a qualified source:
the list is the user's own record of who supplies what.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from typing import Final

from followthemoney import registry

from graphmodel.bundle.checks import check_cage, check_lei
from graphmodel.importers.common import (
    ImportResult,
    Source,
    TableBuilder,
    known_countries,
    slug,
    unique,
)

__all__ = ["COLUMNS", "import_suppliers"]

#: Field -> header spellings recognised (compared lowercase, letters and digits only).
COLUMNS: Final = {
    "id": ("id", "supplierid", "vendorid", "vendorno", "suppliercode", "vendorcode", "code"),
    "name": ("name", "supplier", "suppliername", "vendor", "vendorname", "company", "legalname"),
    "country": ("country", "countrycode", "nation", "iso", "iso2"),
    "address": ("address", "street", "fulladdress", "location", "city"),
    "lei": ("lei", "leicode"),
    "cage": ("cage", "cagecode", "ncage"),
    "duns": ("duns", "dunsnumber"),
    "registration": (
        "registrationnumber",
        "regno",
        "companynumber",
        "companyno",
        "registration",
        "ogrn",
        "uscc",
    ),
    "vat": ("vat", "vatnumber", "vatid", "taxid"),
    "supplies": ("supplies", "item", "items", "part", "parts", "product", "products", "commodity"),
}

_SPLIT: Final = re.compile(r"[;,]")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


def _mapping(header: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for h in header:
        k = _key(h)
        for field, names in COLUMNS.items():
            if k in names and field not in found:
                found[field] = h
    return found


def _country(value: str, known: set[str]) -> str | None:
    code = registry.country.clean_text(value)
    code = code.upper() if code else None
    return code if code in known else None


def import_suppliers(sources: Sequence[Source], retrieved_on: str | None = None) -> ImportResult:
    """Import supplier list CSV files.

    Raises
    ------
    ValidationFailed
        Every row without a name, every unknown country and every invalid LEI or
        CAGE code, with file, line and column.
    """
    b = TableBuilder("suppliers", retrieved_on)
    known = known_countries()
    for source in sources:
        with source.open() as raw:
            try:
                text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="").read()
            except UnicodeDecodeError as exc:
                b.problem(source.name, None, None, f"the file is not UTF-8: {exc.reason}")
                continue
        # The delimiter the header line uses most (a spreadsheet export's ; or tab, else ,).
        first = text.split("\n", 1)[0]
        delimiter = max(";,\t|", key=lambda d: (first.count(d), d == ","))
        reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
        cols = _mapping(reader.fieldnames or [])
        if "name" not in cols:
            b.problem(
                source.name,
                1,
                None,
                "no name column: call one of the columns name, supplier, vendor or company",
            )
            continue
        for row in reader:
            _row(b, source.name, reader.line_num, row, cols, known)
    return b.result()


def _row(
    b: TableBuilder,
    file: str,
    line: int,
    row: Mapping[str, str | None],
    cols: Mapping[str, str],
    known: set[str],
) -> None:
    def get(field: str) -> str:
        col = cols.get(field)
        return (row.get(col) or "").strip() if col else ""

    name = get("name")
    if not name:
        if any((v or "").strip() for v in row.values()):
            b.problem(file, line, cols["name"], "a supplier needs a name")
        return
    country = None
    if get("country"):
        country = _country(get("country"), known)
        if country is None:
            b.problem(file, line, cols["country"], f"{get('country')!r} is not a country we know")
            return
    lei = get("lei").upper() or None
    if lei and check_lei(lei):
        b.problem(file, line, cols["lei"], str(check_lei(lei)))
        return
    cage = get("cage").upper() or None
    if cage and check_cage(cage):
        b.problem(file, line, cols["cage"], str(check_cage(cage)))
        return
    identifiers = unique(
        f"{field}:{get(field)}" for field in ("duns", "registration", "vat") if get(field)
    )
    oid = get("id") or f"sup:{slug(name)}" + (f"-{country.lower()}" if country else "")
    org = {
        "id": oid,
        "name": name,
        "country": country,
        "lei": lei,
        "cage": cage,
        "identifiers": identifiers,
        "address": get("address") or None,
        **b.provenance("suppliers", file, get("id") or f"line {line}"),
    }
    b.add("organisations", (oid,), org)
    for part in unique(_SPLIT.split(get("supplies"))):
        iid = f"part:{slug(part)}"
        b.add("items", (iid,), {"id": iid, "name": part, "kind": "component"})
        b.add(
            "sources",
            (iid, oid, None),
            {
                "item": iid,
                "supplier": oid,
                "qualified": True,
                **b.provenance("suppliers", file, f"line {line}"),
            },
        )
