"""CycloneDX 1.5 / 1.6 hardware BOMs (JSON or XML), read with ``cyclonedx-python-lib``.

- The BOM's ``metadata.component`` becomes the top item (kind ``platform``, or
  ``assembly`` with ``--top-kind``); every component becomes an item (id
  ``cdx:<bom-ref>``; a component without a ``bom-ref`` gets one from its name and
  version), kind ``assembly`` when it has nested components, else ``component``.
  Nested components and ``dependencies`` both become ``NEEDS`` edges.
- Part numbers come from a component property whose name ends in
  ``partNumber`` / ``part_number`` / ``mpn``; ``cpe``, ``purl`` and ``swid``
  tag ids are kept as ``identifiers``; the component ``type`` (device,
  firmware, ...) is kept as ``component_type``.
- ``supplier`` and ``manufacturer`` become organisations (id ``cdx-org:<name>``,
  country from their address) and **candidate** sources (``qualified = false``):
  a BOM says who made a part, not that the source is qualified. ``qualified=True``
  marks them qualified.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final
from xml.etree import ElementTree

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component

from graphmodel.importers.common import (
    ImportResult,
    Source,
    TableBuilder,
    clean_date,
    country_or_none,
    known_countries,
    slug,
    unique,
)

__all__ = ["import_cyclonedx"]

DATASET: Final = "cyclonedx"
_PART_NUMBER_SUFFIXES: Final = ("partnumber", "part_number", "mpn")


def _item_id(c: Component) -> str:
    ref = c.bom_ref.value if c.bom_ref is not None else None
    return f"cdx:{ref}" if ref else f"cdx:{slug(c.name)}-{slug(c.version or '')}".rstrip("-")


def _part_number(c: Component) -> str | None:
    for p in c.properties:
        if p.name.replace(":", ".").split(".")[-1].lower() in _PART_NUMBER_SUFFIXES and p.value:
            return str(p.value)
    return None


def _identifiers(c: Component) -> list[str]:
    values = [f"cpe:{c.cpe}" if c.cpe else None, f"purl:{c.purl}" if c.purl else None]
    if c.swid is not None and getattr(c.swid, "tag_id", None):
        values.append(f"swid:{c.swid.tag_id}")
    return unique(values)


def _parse(source: Source, b: TableBuilder) -> Bom | None:
    with source.open() as fh:
        data = fh.read()
    text = data.decode("utf-8-sig", errors="replace").lstrip()
    try:
        if text.startswith("<"):
            return Bom.from_xml(ElementTree.fromstring(text))  # type: ignore[attr-defined,no-any-return]
        doc = json.loads(text)
        if not isinstance(doc, dict) or doc.get("bomFormat") != "CycloneDX":
            b.problem(source.name, 1, "bomFormat", 'not a CycloneDX BOM: "bomFormat" is missing')
            return None
        spec = str(doc.get("specVersion") or "")
        if spec not in ("1.5", "1.6"):
            b.note(f"{source.name}: specVersion {spec or '?'}; read as 1.6 (1.5 and 1.6 supported)")
        return Bom.from_json(doc)  # type: ignore[attr-defined,no-any-return]
    except json.JSONDecodeError as exc:
        b.problem(source.name, exc.lineno, None, f"invalid JSON: {exc.msg}")
    except ElementTree.ParseError as exc:
        b.problem(source.name, exc.position[0], None, f"malformed XML: {exc}")
    except Exception as exc:  # the library raises many kinds on a malformed BOM
        b.problem(source.name, None, None, f"not a readable CycloneDX BOM: {exc}")
    return None


def _all_components(top: Component, components: Any) -> list[Component]:
    out = [top]
    stack = list(components)
    while stack:
        c = stack.pop()
        out.append(c)
        stack.extend(c.components)
    return out


class _Builder:
    def __init__(self, b: TableBuilder, file: str, qualified: bool, retrieved: str | None) -> None:
        self.b = b
        self.file = file
        self.qualified = qualified
        self.retrieved = retrieved
        self.countries = known_countries()

    def prov(self, record: str) -> dict[str, Any]:
        return self.b.provenance(DATASET, self.file, record, self.retrieved)

    def organisation(self, entity: Any) -> str | None:
        name = (getattr(entity, "name", None) or "").strip()
        if not name:
            return None
        address = getattr(entity, "address", None)
        country = country_or_none(getattr(address, "country", None), self.countries)
        oid = f"cdx-org:{slug(name)}"
        row = {"id": oid, "name": name, "country": country, **self.prov(name)}
        self.b.add("organisations", (oid,), row, prefer=lambda new, old: bool(new.get("country")))
        return oid

    def item(self, c: Component, kind: str) -> str:
        iid = _item_id(c)
        name = c.name + (f" {c.version}" if c.version else "")
        row = {
            "id": iid,
            "name": name,
            "kind": kind,
            "part_number": _part_number(c),
            "identifiers": _identifiers(c),
            "component_type": c.type.value if c.type is not None else None,
            **self.prov(c.bom_ref.value if c.bom_ref is not None and c.bom_ref.value else name),
        }
        self.b.add("items", (iid,), row)
        for entity in (c.supplier, c.manufacturer):
            org = self.organisation(entity)
            if org:
                source = {
                    "item": iid,
                    "supplier": org,
                    "qualified": self.qualified,
                    **self.prov(f"{iid}<-{org}"),
                }
                self.b.add("sources", (iid, org, None), source)
        return iid

    def tree(self, parent: str, components: Any) -> None:
        for c in components:
            child = self.item(c, "assembly" if len(c.components) else "component")
            self.b.add("bom", (parent, child), {"parent": parent, "child": child, "quantity": 1.0})
            self.tree(child, c.components)


def import_cyclonedx(
    sources: Sequence[Source],
    retrieved_on: str | None = None,
    *,
    qualified: bool = False,
    top_kind: str = "platform",
) -> ImportResult:
    """Import CycloneDX 1.5/1.6 hardware BOMs as items, BOM edges and candidate sources.

    Raises
    ------
    ValidationFailed
        A file that is not a readable CycloneDX BOM.
    """
    b = TableBuilder("cyclonedx", retrieved_on)
    for source in sources:
        bom = _parse(source, b)
        if bom is None:
            continue
        stamp = clean_date(bom.metadata.timestamp.isoformat()) if bom.metadata.timestamp else None
        build = _Builder(b, source.name, qualified, retrieved_on or stamp)
        top = bom.metadata.component
        if top is None:
            b.problem(source.name, None, "metadata.component", "the BOM names no top component")
            continue
        root = build.item(top, top_kind)
        build.tree(root, bom.components)
        refs = {c.bom_ref.value: _item_id(c) for c in _all_components(top, bom.components)}
        for dep in bom.dependencies:
            parent = refs.get(dep.ref.value)
            for d in dep.dependencies:
                child = refs.get(d.ref.value)
                if parent and child and parent != child:
                    key = (parent, child)
                    if not b.has("bom", key):
                        b.add("bom", key, {"parent": parent, "child": child, "quantity": 1.0})
        for row in b.tables.get("bom", {}).values():
            if "dataset" not in row:
                row.update(build.prov(f"{row['parent']}>{row['child']}"))
    sources_rows = b.tables.get("sources", {}).values()
    if sources_rows and not any(r.get("qualified") for r in sources_rows):
        b.note("suppliers and manufacturers are candidate sources (qualified = false)")
    return b.result()
