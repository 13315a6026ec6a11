"""The JSON Schema of the JSON bundle form, generated from ``schema.TABLES``."""

from __future__ import annotations

from typing import Any, Final

from graphmodel.bundle.read import FORMAT
from graphmodel.bundle.validate import RESERVED_COLUMNS
from graphmodel.schema import TABLES, Column

__all__ = ["SCHEMA_ID", "bundle_json_schema"]

SCHEMA_ID: Final = "https://supplynet.example/schemas/bundle-1.schema.json"

# Format checks as patterns; the LEI checksum cannot be expressed, the loader checks it.
_PATTERNS: Final = {
    "iso2": "^[A-Z]{2}$",
    "lei": "^[0-9A-Z]{18}[0-9]{2}$",
    "cage": "^[0-9A-Za-z]{5}$",
    "nsn": "^([0-9]{13}|[0-9]{4}-[0-9]{2}-[0-9]{3}-[0-9]{4})$",
    "id": "^\\S(.*\\S)?$",
}
_TYPES: Final = {
    "str": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "string",
    "list": "array",
}


def _column_schema(col: Column) -> dict[str, Any]:
    s: dict[str, Any] = {"type": _TYPES[col.type]}
    if col.type == "list":
        s["items"] = {"type": "string"}
    if col.type == "date":
        s["format"] = "date"
    if col.enum:
        s["enum"] = list(col.enum)
    if col.minimum is not None:
        s["minimum"] = col.minimum
    if col.maximum is not None:
        s["maximum"] = col.maximum
    if col.check:
        s["pattern"] = _PATTERNS[col.check]
    if col.type == "str" and col.required:
        s["minLength"] = 1
    if col.default not in (None, ()):
        s["default"] = col.default
    if col.default == ():
        s["default"] = []
    notes = [col.description] if col.description else []
    if col.ref:
        targets = " or ".join((col.ref, *col.ref_also))
        notes.append(f"references {targets}")
    if col.check == "lei":
        notes.append("check digits (ISO 7064 MOD 97-10) are verified by the loader")
    if notes:
        s["description"] = "; ".join(notes)
    if not col.required:
        s = (
            {"anyOf": [s, {"type": "null"}]}
            if "description" not in s
            else {"description": s.pop("description"), "anyOf": [s, {"type": "null"}]}
        )
    return s


_EXTRA: Final = {
    "anyOf": [
        {"type": ["string", "number", "boolean", "null"]},
        {"type": "array", "items": {"type": ["string", "number", "boolean"]}},
    ]
}


def bundle_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a JSON bundle.

    Examples
    --------
    >>> s = bundle_json_schema()
    >>> s["properties"]["format"]["const"], s["required"]
    ('supplynet-bundle/1', ['format', 'items'])
    """
    props: dict[str, Any] = {"format": {"const": FORMAT}}
    for t in TABLES:
        row: dict[str, Any] = {
            "type": "object",
            "properties": {c.name: _column_schema(c) for c in t.columns},
            "required": [c.name for c in t.columns if c.required],
            "propertyNames": {
                "not": {
                    "anyOf": [
                        {"enum": sorted(RESERVED_COLUMNS - set(t.column_names))},
                        {"pattern": "^analysis_"},
                    ]
                }
            },
            "additionalProperties": _EXTRA if t.extra_columns_allowed else False,
        }
        arr: dict[str, Any] = {
            "description": f"{t.description} Key: {', '.join(t.key)}.",
            "type": "array",
            "items": row,
        }
        if t.required:
            arr["minItems"] = 1
        props[t.name] = arr
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "supplynet bundle, format 1 (JSON form)",
        "description": "Generated from graphmodel/schema.py by "
        "graphmodel.bundle.bundle_json_schema(); do not edit by hand.",
        "type": "object",
        "properties": props,
        "required": ["format", *[t.name for t in TABLES if t.required]],
        "additionalProperties": False,
    }
