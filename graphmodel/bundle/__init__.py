"""Bundles, format 1: a folder (or .zip) of UTF-8 CSV files, or one JSON document.

See ``docs/bundle-format.md``. Everything about tables and columns comes from
:data:`graphmodel.schema.TABLES`.
"""

from __future__ import annotations

from graphmodel.bundle.json_schema import bundle_json_schema
from graphmodel.bundle.model import Bundle, demo_bundle_path, reference_bundle_path
from graphmodel.bundle.read import FORMAT, MAX_ENTRIES, MAX_UNCOMPRESSED
from graphmodel.bundle.reader import read_bundle, read_bundle_bytes
from graphmodel.bundle.reference import reference_countries
from graphmodel.bundle.validate import validate_references
from graphmodel.bundle.write import bundle_document, write_bundle

__all__ = [
    "FORMAT",
    "MAX_ENTRIES",
    "MAX_UNCOMPRESSED",
    "Bundle",
    "bundle_document",
    "bundle_json_schema",
    "demo_bundle_path",
    "read_bundle",
    "read_bundle_bytes",
    "reference_bundle_path",
    "reference_countries",
    "validate_references",
    "write_bundle",
]
