"""Typing, structure and reference checks of bundle tables, all derived from ``schema.TABLES``.

Every check adds :class:`~graphmodel.errors.Problem` objects to a list rather
than raising, so a user sees every problem of a bundle at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graphmodel.bundle.columns import default_value, validate_cells
from graphmodel.bundle.engine_values import engine_problems
from graphmodel.bundle.model import Bundle
from graphmodel.bundle.read import RawTable
from graphmodel.errors import Problem, ValidationFailed
from graphmodel.schema import TABLES, Table

__all__ = [
    "ID_TABLES",
    "RESERVED_COLUMNS",
    "bom_cycle_problems",
    "collision_problems",
    "duplicate_problems",
    "normalise_known",
    "reference_problems",
    "type_tables",
    "validate_references",
]

#: Tables whose ``id`` shares one namespace (and must not be a country code).
ID_TABLES: Final = ("organisations", "facilities", "items")
#: Extra column names the graph or the NetworkX contract already uses.
RESERVED_COLUMNS: Final = frozenset({"id", "label", "type", "key", "designations", "stockpiles"})

_LABEL_TO_TABLE: Final = {t.label: t.name for t in TABLES if t.label}


def _missing_message(table: Table) -> str:
    if table.required:
        return f"{table.filename} is missing; every bundle needs its items"
    return f"{table.filename} is missing"


def _extras(table: Table, raw: RawTable, problems: list[Problem]) -> list[str]:
    declared = set(table.column_names)
    extras: list[str] = []
    for col in raw.columns:
        if col in declared:
            continue
        if col in RESERVED_COLUMNS or col.startswith("analysis_"):
            line: int | None = raw.header_line
            if line is None:
                line = next(
                    (ln for r, ln in zip(raw.rows, raw.lines, strict=True) if col in r), None
                )
            problems.append(
                Problem(
                    raw.file,
                    line,
                    col,
                    "the column name is reserved "
                    "(id, label, type, key, designations, stockpiles, "
                    "analysis_*); rename it",
                )
            )
            continue
        extras.append(col)
    return extras


def _type_table(
    table: Table, raw: RawTable, problems: list[Problem], require_items: bool = True
) -> list[dict[str, Any]]:
    present = set(raw.columns)
    if raw.header_line is not None:
        for col in table.columns:
            if col.required and col.name not in present:
                problems.append(
                    Problem(raw.file, raw.header_line, col.name, "missing required column")
                )
    extras = _extras(table, raw, problems)
    # Column by column: one pydantic call per column, rows filled in declared order.
    rows: list[dict[str, Any]] = [{} for _ in raw.rows]
    for col in table.columns:
        name = col.name
        filled: set[int] = set()
        if name in present:
            where = [i for i, r in enumerate(raw.rows) if name in r]
            values, bad = validate_cells(table.name, name, [raw.rows[i][name] for i in where])
            for pos, message in engine_problems(values).items():
                bad.setdefault(pos, message)
                values[pos] = None
            for pos, message in bad.items():
                problems.append(Problem(raw.file, raw.lines[where[pos]], name, message))
            for i, value in zip(where, values, strict=True):
                if value is not None:
                    rows[i][name] = value
            filled = set(where)  # a bad cell is reported once, not again as missing
        if len(filled) == len(rows):
            continue
        missing = [i for i in range(len(rows)) if i not in filled]
        if col.required:
            if name in present or raw.header_line is None:
                problems.extend(
                    Problem(raw.file, raw.lines[i], name, "a value is required") for i in missing
                )
        elif col.default is not None:
            for i in missing:
                rows[i][name] = default_value(col)
    for name in extras:
        where = [i for i, r in enumerate(raw.rows) if name in r]
        refused = engine_problems([raw.rows[i][name] for i in where])
        for pos, message in refused.items():
            problems.append(Problem(raw.file, raw.lines[where[pos]], name, message))
        for i in where:
            rows[i][name] = raw.rows[i][name]
    empty = table.required and require_items and not raw.rows
    if empty and not any(p.file == raw.file for p in problems):
        problems.append(
            Problem(
                raw.file,
                None,
                None,
                f"{table.filename} has no rows; a bundle needs at least one item",
            )
        )
    return rows


def type_tables(
    raw: Mapping[str, RawTable], problems: list[Problem], *, require_items: bool = True
) -> Bundle:
    """Type every table and run the checks that need only the bundle itself."""
    bundle = Bundle(tables={})
    for table in TABLES:
        r = raw.get(table.name)
        if r is None:
            unreadable = any(p.file == table.filename for p in problems)
            if table.required and require_items and not unreadable:
                problems.append(Problem(table.filename, None, None, _missing_message(table)))
            continue
        bundle.tables[table.name] = _type_table(table, r, problems, require_items)
        bundle.lines[table.name] = r.lines
        bundle.files[table.name] = r.file
    problems.extend(duplicate_problems(bundle))
    return bundle


def duplicate_problems(bundle: Bundle) -> list[Problem]:
    """Rows whose key (``Table.key``) repeats an earlier row's."""
    problems: list[Problem] = []
    for table in TABLES:
        rows = bundle.tables.get(table.name, [])
        required = [k for k in table.key if table.column(k).required]
        keys = [
            None if any(k not in r for k in required) else tuple(r.get(k) for k in table.key)
            for r in rows
        ]
        if len(set(keys)) + keys.count(None) - (None in keys) == len(keys):
            continue  # the common case: no duplicates
        seen: dict[tuple[Any, ...], int] = {}
        for i, key in enumerate(keys):
            if key is None:
                continue  # a missing key value, already reported
            if key in seen:
                file, line = bundle.where(table.name, i)
                _, first = bundle.where(table.name, seen[key])
                problems.append(
                    Problem(
                        file,
                        line,
                        table.key[0],
                        f"duplicate {', '.join(table.key)} {key!r}: the same as line {first}",
                    )
                )
            else:
                seen[key] = i
    return problems


def normalise_known(known: Mapping[str, set[str]] | None) -> dict[str, set[str]]:
    """Known ids keyed by table name; labels (``"Item"``) are accepted too."""
    out: dict[str, set[str]] = {name: set() for name in ("countries", *ID_TABLES)}
    for key, ids in (known or {}).items():
        name = _LABEL_TO_TABLE.get(key, key)
        if name in out:
            out[name] |= set(ids)
    return out


def collision_problems(
    bundle: Bundle, known: Mapping[str, set[str]], country_codes: set[str]
) -> list[Problem]:
    """Ids shared across organisations/facilities/items, or equal to a country code."""
    problems: list[Problem] = []
    owner: dict[str, tuple[str, str, int]] = {}
    for name in ID_TABLES:
        for known_id in known.get(name, ()):
            owner.setdefault(known_id, (name, "the store", 0))
    for name in ID_TABLES:
        for i, row in enumerate(bundle.tables.get(name, ())):
            ident = row.get("id")
            if ident is None:
                continue
            file, line = bundle.where(name, i)
            if ident in country_codes:
                problems.append(
                    Problem(
                        file,
                        line,
                        "id",
                        f"the id {ident!r} is also a country "
                        "code; ids must not collide with country codes",
                    )
                )
                continue
            prev = owner.get(ident)
            if prev is not None and prev[0] != name:
                at = "the store" if prev[2] == 0 else f"{prev[1]} line {prev[2]}"
                problems.append(
                    Problem(
                        file,
                        line,
                        "id",
                        f"the id {ident!r} is already used by "
                        f"{prev[0]} ({at}); organisation, facility and item "
                        "ids share one namespace",
                    )
                )
            elif prev is None:
                owner[ident] = (name, file, line)
    return problems


def reference_problems(
    bundle: Bundle, known: Mapping[str, set[str]], reference_codes: set[str]
) -> list[Problem]:
    """Every reference column whose value is in neither the bundle, the store nor the reference."""
    ids: dict[str, set[str]] = {}
    for name in ("countries", *ID_TABLES):
        key = "code" if name == "countries" else "id"
        ids[name] = {r[key] for r in bundle.tables.get(name, ()) if key in r} | known.get(
            name, set()
        )
    ids["countries"] |= reference_codes
    from graphmodel.bundle.reference import reference_item_ids

    hint_items = reference_item_ids()
    problems: list[Problem] = []
    for table in TABLES:
        rows = bundle.tables.get(table.name, [])
        for col in (c for c in table.columns if c.ref):
            targets = (col.ref or "", *col.ref_also)
            allowed = set().union(*(ids.get(t, set()) for t in targets))
            values = [r.get(col.name) for r in rows]
            if col.type == "list":
                # A list column references each of its entries.
                flat = {v for vs in values if vs for v in vs}
                dangling = flat - allowed
                if not dangling:
                    continue
                values = [next((v for v in vs or () if v in dangling), None) for vs in values]
            dangling = set(values) - allowed - {None}
            if not dangling:
                continue  # the common case, checked with set operations only
            what = " or ".join(targets)
            for i, value in enumerate(values):
                if value not in dangling:
                    continue
                file, line = bundle.where(table.name, i)
                message = (
                    f"{value!r} is not in {what}: not in this bundle, the store "
                    "or the reference countries"
                )
                if value in hint_items:
                    message += "; it is a reference item: load the reference bundle first"
                problems.append(Problem(file, line, col.name, message))
    return problems


def bom_cycle_problems(bundle: Bundle, limit: int = 10) -> list[Problem]:
    """Cycles in the bundle's bill of materials (an item that needs itself), up to ``limit``.

    Kahn's algorithm peels every item that is not on or below a cycle, then the
    items below one (from the bottom up); from what is left, a walk along
    children that are also left must close a cycle. Each
    cycle is reported at the ``bom`` row that closes it, with the whole path.

    Examples
    --------
    >>> b = Bundle({"bom": [{"parent": "a", "child": "b"}, {"parent": "b", "child": "a"}]})
    >>> [p.message for p in bom_cycle_problems(b)]
    ["the bill of materials has a cycle: 'a' -> 'b' -> 'a' (an item on it can never be made)"]
    >>> b.tables["bom"].append({"parent": "a", "child": "below"})
    >>> len(bom_cycle_problems(b))
    1
    """
    rows = bundle.tables.get("bom", [])
    children: dict[str, list[tuple[str, int]]] = {}
    indegree: dict[str, int] = {}
    for i, r in enumerate(rows):
        parent, child = r.get("parent"), r.get("child")
        if parent is None or child is None:
            continue
        children.setdefault(parent, []).append((child, i))
        indegree[child] = indegree.get(child, 0) + 1
        indegree.setdefault(parent, 0)
    ready = [n for n, d in indegree.items() if d == 0]
    while ready:
        node = ready.pop()
        for child, _ in children.get(node, ()):
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    left = {n for n, d in indegree.items() if d > 0}
    # What is left also holds items below a cycle (reached from it, on none); peel
    # those from the bottom, so that every item left has a child left and a walk
    # along such children closes a cycle.
    parents: dict[str, list[str]] = {}
    outdegree: dict[str, int] = dict.fromkeys(left, 0)
    for parent, kids in children.items():
        if parent in left:
            for child, _ in kids:
                if child in left:
                    outdegree[parent] += 1
                    parents.setdefault(child, []).append(parent)
    sinks = [n for n, d in outdegree.items() if d == 0]
    while sinks:
        node = sinks.pop()
        left.discard(node)
        for parent in parents.get(node, ()):
            outdegree[parent] -= 1
            if outdegree[parent] == 0:
                sinks.append(parent)
    problems: list[Problem] = []
    done: set[str] = set()
    for start in sorted(left):
        if len(problems) >= limit or start in done:
            break
        path: list[str] = []
        at: dict[str, int] = {}
        node, row = start, -1
        while node not in at and node not in done:
            at[node] = len(path)
            path.append(node)
            node, row = next((c, i) for c, i in children[node] if c in left)
        done.update(path)
        if node in done and node not in at:
            continue  # reached a cycle already reported
        cycle = [*path[at[node] :], node]
        file, line = bundle.where("bom", row)
        shown = " -> ".join(repr(n) for n in cycle)
        problems.append(
            Problem(
                file,
                line,
                "child",
                f"the bill of materials has a cycle: {shown} (an item on it can never be made)",
            )
        )
    return problems


def validate_references(bundle: Bundle, known: Mapping[str, set[str]] | None = None) -> None:
    """Check every reference and id collision against the bundle, ``known`` and the reference.

    Parameters
    ----------
    bundle
        A bundle from :func:`graphmodel.bundle.read_bundle`.
    known
        Ids already in the store, keyed by table name (``"items"``) or label
        (``"Item"``); ``None`` when there is no store.

    Raises
    ------
    ValidationFailed
        With every dangling reference and id collision.

    Examples
    --------
    >>> b = Bundle({"items": [{"id": "a", "name": "A", "kind": "platform"}],
    ...             "bom": [{"parent": "a", "child": "b", "quantity": 1.0}]})
    >>> validate_references(b)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.ValidationFailed: The bundle has 1 problem: bom, line 1, column child: ...
    >>> validate_references(b, {"Item": {"b"}})
    """
    from graphmodel.bundle.reference import reference_country_codes

    norm = normalise_known(known)
    codes = reference_country_codes()
    country_codes = (
        codes
        | norm["countries"]
        | {r["code"] for r in bundle.tables.get("countries", ()) if "code" in r}
    )
    # What reading found (kept by ``read_bundle(..., defer=True)``) comes first.
    problems: list[Problem] = list(bundle.problems)
    problems += collision_problems(bundle, norm, country_codes)
    problems += reference_problems(bundle, norm, codes)
    problems += bom_cycle_problems(bundle)
    if problems:
        raise ValidationFailed(list(dict.fromkeys(problems)))
