"""GLEIF: Level 1 LEI records (LEI-CDF) and Level 2 relationships and reporting exceptions.

Reads the golden-copy CSV files and the XML files GLEIF publishes, recognising
each by its header (CSV) or root element (XML):

- **Level 1** (LEI-CDF 3.1: ``LEI``, ``Entity.LegalName``, ...; XML ``lei:LEIData``):
  one organisation per LEI, id ``lei:<LEI>``, with legal name, other and
  transliterated names as ``aliases``, legal-address country, status,
  registration-authority number (``identifiers`` ``reg:<number>``).
- **Level 2 relationships** (RR-CDF 2.1: ``Relationship.StartNode.NodeID``, ...;
  XML ``rr:RelationshipData``): ``IS_DIRECTLY_CONSOLIDATED_BY`` and
  ``IS_ULTIMATELY_CONSOLIDATED_BY`` become ``OWNS`` edges of kind ``control``
  from the parent (end node) to the child (start node), with the
  ``RELATIONSHIP_PERIOD`` as ``valid_from`` / ``valid_to`` and the status kept.
  Accounting consolidation means control, so the row carries percentage 100
  unless the record gives a percentage quantifier. An ``INACTIVE`` relationship
  without an end date ends on the record's last update (the latest day it is
  known to have ended by); it is kept, not dropped.
- **Reporting exceptions** (``ExceptionCategory``, ``ExceptionReason``; XML
  ``repex:ReportingExceptionData``): kept on the organisation as
  ``parent_exceptions`` (``DIRECT_ACCOUNTING_CONSOLIDATION_PARENT:NATURAL_PERSONS``),
  the fact "no parent reported, and why". They need the entity's Level 1 record
  in the same import.

Duplicate records of one LEI keep the most recently updated one.
"""

from __future__ import annotations

import csv
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Final

from lxml import etree

from graphmodel.bundle.checks import check_lei
from graphmodel.importers.common import (
    ImportResult,
    Source,
    TableBuilder,
    clean_date,
    country_or_none,
    csv_rows,
    known_countries,
    unique,
)

__all__ = ["import_gleif", "lei_id"]

DATASET_L1: Final = "gleif-lei"
DATASET_RR: Final = "gleif-rr"
DATASET_REPEX: Final = "gleif-repex"

_PARENT_TYPES: Final = {
    "IS_DIRECTLY_CONSOLIDATED_BY": "direct",
    "IS_ULTIMATELY_CONSOLIDATED_BY": "ultimate",
}
_KIND: Final = {"RESIDENT_GOVERNMENT_ENTITY": "government", "INTERNATIONAL_ORGANIZATION": "other"}


def lei_id(lei: str) -> str:
    """The organisation id of an LEI.

    Examples
    --------
    >>> lei_id("5493001KJTIIGC8Y1R12")
    'lei:5493001KJTIIGC8Y1R12'
    """
    return f"lei:{lei}"


def _newer(new: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
    return str(new.get("_updated") or "") > str(old.get("_updated") or "")


# --------------------------------------------------------------- records


def _entity_row(
    rec: Mapping[str, Any], b: TableBuilder, source: str, line: int | None, countries: set[str]
) -> None:
    lei = (rec.get("lei") or "").strip()
    problem = check_lei(lei) if lei else "the record has no LEI"
    if problem:
        b.problem(source, line, "LEI", problem)
        return
    name = (rec.get("name") or "").strip()
    if not name:
        b.problem(source, line, "Entity.LegalName", "the record has no legal name")
        return
    raw_country = rec.get("country") or rec.get("jurisdiction")
    country = country_or_none(raw_country, countries)
    if raw_country and not country:
        b.note(f"{source}: LEI {lei} names the country {raw_country!r}, not an ISO code; left out")
    address = ", ".join(
        unique([rec.get("street"), rec.get("city"), rec.get("postal"), raw_country])
    )
    ra_number = rec.get("ra_entity_id")
    row = {
        "id": lei_id(lei),
        "name": name,
        "kind": _KIND.get(str(rec.get("category") or ""), "company"),
        "country": country,
        "lei": lei,
        "aliases": [a for a in unique(rec.get("aliases") or []) if a != name],
        "identifiers": [f"reg:{ra_number}"] if ra_number else [],
        "status": rec.get("status"),
        "address": address or None,
        **b.provenance(DATASET_L1, source, lei, clean_date(rec.get("retrieved"))),
        "_updated": rec.get("updated") or "",
    }
    b.add("organisations", (row["id"],), row, prefer=_newer)


def _relationship_row(
    rec: Mapping[str, Any], b: TableBuilder, source: str, line: int | None
) -> None:
    which = _PARENT_TYPES.get(str(rec.get("type") or ""))
    if which is None:
        return  # branches and other relationship types are not ownership
    child, parent = (rec.get("start") or "").strip(), (rec.get("end") or "").strip()
    for col, value in (("StartNode", child), ("EndNode", parent)):
        message = check_lei(value) if value else "missing node id"
        if message:
            b.problem(source, line, f"Relationship.{col}.NodeID", message)
            return
    periods = rec.get("periods") or []
    chosen = next((p for p in periods if p.get("type") == "RELATIONSHIP_PERIOD"), None)
    chosen = chosen or (periods[0] if periods else {})
    valid_from, valid_to = clean_date(chosen.get("start")), clean_date(chosen.get("end"))
    status = str(rec.get("status") or "").strip() or None
    if status == "INACTIVE" and not valid_to:
        valid_to = clean_date(rec.get("updated"))
    percentage = 100.0
    for q in rec.get("quantifiers") or []:
        if str(q.get("units") or "").upper() == "PERCENTAGE":
            try:
                amount = float(str(q.get("amount")))
            except ValueError:
                continue
            if 0 < amount <= 100:
                percentage = amount
    row = {
        "owner": lei_id(parent),
        "owned": lei_id(child),
        "percentage": percentage,
        "kind": "control",
        "valid_from": valid_from,
        "valid_to": valid_to,
        "status": status,
        **b.provenance(
            DATASET_RR,
            source,
            f"{child}>{parent}:{rec.get('type')}",
            clean_date(rec.get("retrieved")),
        ),
        "_updated": rec.get("updated") or "",
        "_which": which,
        "_where": (source, line),
    }

    def prefer(new: Mapping[str, Any], old: Mapping[str, Any]) -> bool:
        # The direct parent's record is the one to keep when it is also the ultimate one.
        if new.get("_which") != old.get("_which"):
            return new.get("_which") == "direct"
        return _newer(new, old)

    b.add("ownership", (row["owner"], row["owned"], "control"), row, prefer=prefer)


def _exception_row(rec: Mapping[str, Any], b: TableBuilder, source: str, line: int | None) -> None:
    lei = (rec.get("lei") or "").strip()
    problem = check_lei(lei) if lei else "the record has no LEI"
    if problem:
        b.problem(source, line, "LEI", problem)
        return
    category = str(rec.get("category") or "").strip()
    reasons = unique(rec.get("reasons") or []) or ["UNSPECIFIED"]
    pending = b.tables.setdefault("_exceptions", {})
    entry = pending.setdefault((lei,), {"lei": lei, "facts": []})
    entry["facts"] = unique([*entry["facts"], *(f"{category}:{r}" for r in reasons)])


# ------------------------------------------------------------------- CSV


def _numbered(row: Mapping[str, str], prefix: str, fields: Sequence[str]) -> list[dict[str, str]]:
    out = []
    n = 1
    while any(f"{prefix}.{n}.{f}" in row for f in fields):
        item = {f: row.get(f"{prefix}.{n}.{f}", "") for f in fields}
        if any(item.values()):
            out.append(item)
        n += 1
    return out


def _alias_columns(header: Sequence[str]) -> list[str]:
    """The other-name and transliterated-name columns (``...OtherEntityName.N``)."""
    prefixes = (
        "Entity.OtherEntityNames.OtherEntityName.",
        "Entity.TransliteratedOtherEntityNames.TransliteratedOtherEntityName.",
    )
    return [h for h in header if h.startswith(prefixes) and h.count(".") == 3]


def _l1_csv(row: Mapping[str, str], alias_columns: Sequence[str]) -> dict[str, Any]:
    aliases = [row[c] for c in alias_columns if row.get(c)]
    return {
        "lei": row.get("LEI"),
        "name": row.get("Entity.LegalName"),
        "aliases": aliases,
        "country": row.get("Entity.LegalAddress.Country"),
        "jurisdiction": row.get("Entity.LegalJurisdiction"),
        "street": row.get("Entity.LegalAddress.FirstAddressLine"),
        "city": row.get("Entity.LegalAddress.City"),
        "postal": row.get("Entity.LegalAddress.PostalCode"),
        "category": row.get("Entity.EntityCategory"),
        "status": row.get("Entity.EntityStatus"),
        "ra_entity_id": row.get("Entity.RegistrationAuthority.RegistrationAuthorityEntityID"),
        "updated": row.get("Registration.LastUpdateDate"),
    }


def _rr_csv(row: Mapping[str, str]) -> dict[str, Any]:
    periods = [
        {"start": p["startDate"], "end": p["endDate"], "type": p["periodType"]}
        for p in _numbered(row, "Relationship.Period", ("startDate", "endDate", "periodType"))
    ]
    quantifiers = [
        {"amount": q["QuantifierAmount"], "units": q["QuantifierUnits"]}
        for q in _numbered(
            row,
            "Relationship.Quantifiers",
            ("MeasurementMethod", "QuantifierAmount", "QuantifierUnits"),
        )
    ]
    return {
        "start": row.get("Relationship.StartNode.NodeID"),
        "end": row.get("Relationship.EndNode.NodeID"),
        "type": row.get("Relationship.RelationshipType"),
        "status": row.get("Relationship.RelationshipStatus"),
        "periods": periods,
        "quantifiers": quantifiers,
        "updated": row.get("Registration.LastUpdateDate"),
    }


def _repex_csv(row: Mapping[str, str]) -> dict[str, Any]:
    reasons = [v for k, v in row.items() if k and k.startswith("ExceptionReason") and v]
    return {"lei": row.get("LEI"), "category": row.get("ExceptionCategory"), "reasons": reasons}


def _read_csv(source: Source, b: TableBuilder, countries: set[str]) -> None:
    head = source.head(65536).decode("utf-8-sig", errors="replace").splitlines()
    header = next(csv.reader(head[:1]), []) if head else []
    if "Entity.LegalName" in header:
        alias_columns = _alias_columns(header)
        for line, row in csv_rows(source, b):
            _entity_row(_l1_csv(row, alias_columns), b, source.name, line, countries)
    elif "Relationship.StartNode.NodeID" in header:
        for line, row in csv_rows(source, b):
            _relationship_row(_rr_csv(row), b, source.name, line)
    elif "ExceptionCategory" in header:
        for line, row in csv_rows(source, b):
            _exception_row(_repex_csv(row), b, source.name, line)
    else:
        b.problem(
            source.name,
            1,
            None,
            "not a GLEIF golden-copy CSV: the header has none of LEI + Entity.LegalName, "
            "Relationship.StartNode.NodeID or ExceptionCategory",
        )


# ------------------------------------------------------------------- XML


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _child(el: Any, *path: str) -> Any:
    for name in path:
        if el is None:
            return None
        el = next((c for c in el if _local(c.tag) == name), None)
    return el


def _text(el: Any, *path: str) -> str | None:
    found = _child(el, *path)
    if found is None or found.text is None:
        return None
    return str(found.text).strip() or None


def _children(el: Any, *path: str) -> list[Any]:
    parent = _child(el, *path[:-1]) if len(path) > 1 else el
    if parent is None:
        return []
    return [c for c in parent if _local(c.tag) == path[-1]]


def _l1_xml(rec: Any) -> dict[str, Any]:
    entity = _child(rec, "Entity")
    aliases = [c.text for c in _children(entity, "OtherEntityNames", "OtherEntityName")]
    aliases += [
        c.text
        for c in _children(
            entity, "TransliteratedOtherEntityNames", "TransliteratedOtherEntityName"
        )
    ]
    return {
        "lei": _text(rec, "LEI"),
        "name": _text(entity, "LegalName"),
        "aliases": aliases,
        "country": _text(entity, "LegalAddress", "Country"),
        "jurisdiction": _text(entity, "LegalJurisdiction"),
        "street": _text(entity, "LegalAddress", "FirstAddressLine"),
        "city": _text(entity, "LegalAddress", "City"),
        "postal": _text(entity, "LegalAddress", "PostalCode"),
        "category": _text(entity, "EntityCategory"),
        "status": _text(entity, "EntityStatus"),
        "ra_entity_id": _text(entity, "RegistrationAuthority", "RegistrationAuthorityEntityID"),
        "updated": _text(rec, "Registration", "LastUpdateDate"),
    }


def _rr_xml(rec: Any) -> dict[str, Any]:
    rel = _child(rec, "Relationship")
    periods = [
        {
            "start": _text(p, "StartDate"),
            "end": _text(p, "EndDate"),
            "type": _text(p, "PeriodType"),
        }
        for p in _children(rel, "RelationshipPeriods", "RelationshipPeriod")
    ]
    quantifiers = [
        {"amount": _text(q, "QuantifierAmount"), "units": _text(q, "QuantifierUnits")}
        for q in _children(rel, "RelationshipQuantifiers", "RelationshipQuantifier")
    ]
    return {
        "start": _text(rel, "StartNode", "NodeID"),
        "end": _text(rel, "EndNode", "NodeID"),
        "type": _text(rel, "RelationshipType"),
        "status": _text(rel, "RelationshipStatus"),
        "periods": periods,
        "quantifiers": quantifiers,
        "updated": _text(rec, "Registration", "LastUpdateDate"),
    }


def _repex_xml(rec: Any) -> dict[str, Any]:
    return {
        "lei": _text(rec, "LEI"),
        "category": _text(rec, "ExceptionCategory"),
        "reasons": [c.text for c in _children(rec, "ExceptionReason")],
    }


_XML_RECORDS: Final = {
    "LEIData": ("LEIRecord", _l1_xml),
    "RelationshipData": ("RelationshipRecord", _rr_xml),
    "ReportingExceptionData": ("Exception", _repex_xml),
}


def _read_xml(source: Source, b: TableBuilder, countries: set[str]) -> None:
    kind: str | None = None
    content_date: str | None = None
    try:
        with source.open() as fh:
            events = etree.iterparse(
                fh, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=True
            )
            for event, el in events:
                name = _local(el.tag)
                if event == "start":
                    if kind is None:
                        if name not in _XML_RECORDS:
                            b.problem(
                                source.name,
                                el.sourceline,
                                None,
                                f"not a GLEIF XML file: the root element is {name!r}, not "
                                "LEIData, RelationshipData or ReportingExceptionData",
                            )
                            return
                        kind = name
                    continue
                if name == "ContentDate" and el.text:
                    content_date = clean_date(el.text)
                if kind is None or name != _XML_RECORDS[kind][0]:
                    continue
                line = el.sourceline
                rec = _XML_RECORDS[kind][1](el) | {"retrieved": content_date}
                if kind == "LEIData":
                    _entity_row(rec, b, source.name, line, countries)
                elif kind == "RelationshipData":
                    _relationship_row(rec, b, source.name, line)
                else:
                    _exception_row(rec, b, source.name, line)
                el.clear(keep_tail=False)
    except etree.XMLSyntaxError as exc:
        b.problem(source.name, exc.lineno, None, f"malformed XML: {exc.msg}")


# ------------------------------------------------------------------ entry


def _outside_parents(b: TableBuilder, known: Collection[str]) -> None:
    """Relationships naming an LEI with no Level 1 record in the import (nor in ``known``).

    A parent outside the file still owns the child: it is kept as an external
    parent organisation (a stub: its LEI, a name saying it is outside the import,
    status ``NOT_IN_IMPORT`` and the relationship record's provenance), so the
    ownership chain the analysis follows is not cut. A child outside the file is
    an entity the import says nothing else about: the relationship is skipped.
    Each case is a warning with its file and line.
    """
    orgs = b.tables.setdefault("organisations", {})
    owners = b.tables.get("ownership", {})
    known_ids = set(known)

    def present(org: str) -> bool:
        return (org,) in orgs or org in known_ids

    made: set[str] = set()
    for key, row in list(owners.items()):
        file, line = row.get("_where") or ("GLEIF", None)
        child, parent = row["owned"][4:], row["owner"][4:]
        if not present(row["owned"]):
            del owners[key]
            b.warn(
                file,
                line,
                "Relationship.StartNode.NodeID",
                f"the child LEI {child} has no Level 1 record in this import: the "
                f"relationship to its parent {parent} is skipped",
            )
            continue
        if row["owner"] not in made and present(row["owner"]):
            continue
        made.add(row["owner"])
        orgs[(row["owner"],)] = {
            "id": row["owner"],
            "name": f"LEI {parent} (parent outside this import)",
            "kind": "company",
            "lei": parent,
            "status": "NOT_IN_IMPORT",
            **{k: row[k] for k in ("dataset", "source_file", "record_id", "retrieved_on")},
        }
        b.warn(
            file,
            line,
            "Relationship.EndNode.NodeID",
            f"the parent LEI {parent} of {child} has no Level 1 record in this import: kept "
            "as an external parent organisation (its LEI only), so the ownership still counts",
        )
    if made:
        b.note(
            f"{len(made):,} parents have no Level 1 record in this import and are kept as "
            "external parent organisations (status NOT_IN_IMPORT); import their Level 1 "
            "records to name them"
        )


def import_gleif(
    sources: Sequence[Source],
    retrieved_on: str | None = None,
    known: Collection[str] | None = None,
) -> ImportResult:
    """Import GLEIF Level 1, relationship and reporting-exception files (CSV or XML) together.

    Parameters
    ----------
    sources
        The files; each is recognised by its header or root element.
    retrieved_on
        When the files were downloaded (``YYYY-MM-DD``); default the XML header's
        ``ContentDate``, else today.
    known
        Organisation ids already in the graph the import is loaded into: a
        relationship may name them without a Level 1 record in the files.

    A relationship naming an LEI with neither a Level 1 record in the files nor
    an organisation in ``known`` does not refuse the import: a parent becomes an
    external parent organisation stub, a child's relationship is skipped, and
    each is listed in :attr:`ImportResult.warnings` with its file and line.

    Raises
    ------
    ValidationFailed
        Every bad record (an invalid LEI, a record without a name), with file and line.
    """
    b = TableBuilder("gleif", retrieved_on)
    countries = known_countries()
    for source in sources:
        head = source.head(512).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith(b"<"):
            _read_xml(source, b, countries)
        else:
            _read_csv(source, b, countries)
    pending = b.tables.pop("_exceptions", {})
    orgs = b.tables.get("organisations", {})
    skipped = 0
    for (lei,), entry in pending.items():
        row = orgs.get((lei_id(lei),))
        if row is None:
            skipped += 1
            continue
        row["parent_exceptions"] = unique([*row.get("parent_exceptions", []), *entry["facts"]])
    if skipped:
        b.note(
            f"{skipped:,} reporting exceptions name an LEI whose Level 1 record is not in this "
            "import; import them together with the Level 1 file"
        )
    _outside_parents(b, known or ())
    for table in ("organisations", "ownership"):
        for row in b.tables.get(table, {}).values():
            row.pop("_updated", None)
            row.pop("_which", None)
            row.pop("_where", None)
    ended = sum(1 for r in b.tables.get("ownership", {}).values() if r.get("valid_to"))
    if ended:
        b.note(f"{ended:,} relationships have ended; they are kept with their period")
    return b.result()
