"""The packaged reference countries, read with the bundle reader itself."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from graphmodel.bundle.model import reference_bundle_path
from graphmodel.bundle.read import parse_csv
from graphmodel.bundle.validate import type_tables
from graphmodel.errors import Problem, ValidationFailed

__all__ = ["reference_countries", "reference_country_codes", "reference_item_ids"]


@lru_cache
def reference_countries() -> dict[str, dict[str, Any]]:
    """Reference country rows by ISO code (empty when the file is not there)."""
    path = reference_bundle_path() / "countries.csv"
    if not path.is_file():
        return {}
    problems: list[Problem] = []
    raw = parse_csv("countries", path.read_bytes(), problems)
    if raw is None:
        raise ValidationFailed(problems, what="reference country list")
    bundle = type_tables({"countries": raw}, problems, require_items=False)
    if problems:
        raise ValidationFailed(problems, what="reference country list")
    return {row["code"]: row for row in bundle.tables["countries"]}


def reference_country_codes() -> set[str]:
    """The ISO codes of the reference countries."""
    return set(reference_countries())


@lru_cache
def reference_item_ids() -> frozenset[str]:
    """The ids of the reference items (for a hint when a bundle names one)."""
    path = reference_bundle_path() / "items.csv"
    if not path.is_file():
        return frozenset()
    problems: list[Problem] = []
    raw = parse_csv("items", path.read_bytes(), problems)
    return frozenset(str(r["id"]) for r in (raw.rows if raw else ()) if "id" in r)
