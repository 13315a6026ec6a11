"""``read_bundle`` and ``read_bundle_bytes``: bytes in, a validated :class:`Bundle` out."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from graphmodel.bundle.model import Bundle
from graphmodel.bundle.read import (
    MAX_UNCOMPRESSED,
    RawTable,
    read_bytes_source,
    read_path_source,
)
from graphmodel.bundle.reference import reference_country_codes
from graphmodel.bundle.validate import (
    bom_cycle_problems,
    collision_problems,
    normalise_known,
    reference_problems,
    type_tables,
)
from graphmodel.errors import Problem, ValidationFailed

__all__ = ["read_bundle", "read_bundle_bytes"]


def _finish(
    raw: Mapping[str, RawTable],
    problems: list[Problem],
    source: str,
    *,
    require_items: bool,
    references: bool,
    known: Mapping[str, set[str]] | None,
    defer: bool = False,
) -> Bundle:
    bundle = type_tables(raw, problems, require_items=require_items)
    bundle.source = source
    norm = normalise_known(known)
    ref_codes = reference_country_codes()
    codes = (
        ref_codes
        | norm["countries"]
        | {r["code"] for r in bundle.tables.get("countries", ()) if "code" in r}
    )
    # Collisions inside the bundle are structure; they need no store.
    problems += collision_problems(bundle, norm, codes)
    if references:
        # Against the rows that typed (a bad cell does not hide the rest).
        problems += reference_problems(bundle, norm, ref_codes)
        problems += bom_cycle_problems(bundle)
    if problems and defer:
        bundle.problems = list(dict.fromkeys(problems))
    elif problems:
        raise ValidationFailed(list(dict.fromkeys(problems)))
    return bundle


def read_bundle(
    path: str | Path,
    *,
    references: bool = False,
    known: Mapping[str, set[str]] | None = None,
    require_items: bool = True,
    defer: bool = False,
) -> Bundle:
    """Read and validate a bundle folder, ``.zip`` or ``.json`` file.

    Parameters
    ----------
    path
        A folder of CSV files, a ``.zip`` of one (a single top-level folder
        inside is fine) or a JSON document with ``"format": "supplynet-bundle/1"``.
    references
        Also check every reference (against the bundle, ``known`` and the
        reference countries), so that one call reports every problem.
    known
        Ids already in the store, by table name or label (with ``references``).
    require_items
        Refuse a bundle without items (the reference bundle may lack them).
    defer
        Keep the problems found in ``Bundle.problems`` instead of raising, for
        a caller that checks references against a store next
        (:func:`~graphmodel.bundle.validate_references` raises them all at once).

    Raises
    ------
    BundleError
        The path does not exist or is not a bundle.
    ValidationFailed
        With every problem found (file, line, column, message).

    Examples
    --------
    >>> from graphmodel.bundle import reference_bundle_path
    >>> b = read_bundle(reference_bundle_path())
    >>> b.tables["countries"][0]["code"]
    'AD'
    """
    p = Path(path)
    raw, problems = read_path_source(p)
    return _finish(
        raw,
        problems,
        str(p),
        require_items=require_items,
        references=references,
        known=known,
        defer=defer,
    )


def read_bundle_bytes(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = MAX_UNCOMPRESSED,
    references: bool = False,
    known: Mapping[str, set[str]] | None = None,
    require_items: bool = True,
) -> Bundle:
    """Read and validate an uploaded bundle (a ``.zip`` or a JSON document) from memory.

    Nothing is written to disk. A zip with more than
    :data:`~graphmodel.bundle.read.MAX_ENTRIES` entries, more than ``max_bytes``
    unpacked, or an entry path that is absolute or climbs out (``..``) is refused.

    Examples
    --------
    >>> doc = (b'{"format": "supplynet-bundle/1", '
    ...        b'"items": [{"id": "x", "name": "X", "kind": "material"}]}')
    >>> read_bundle_bytes(doc, "b.json").tables["items"]
    [{'id': 'x', 'name': 'X', 'kind': 'material'}]
    """
    raw, problems = read_bytes_source(data, filename, max_bytes)
    return _finish(
        raw, problems, filename, require_items=require_items, references=references, known=known
    )
