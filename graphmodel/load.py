"""Loading a validated bundle into a store, following the graph shape of :mod:`graphmodel.schema`.

Everything is validated before the first write; on any problem nothing is
written. Writes are batched ``UNWIND $rows`` named statements (``cypher/load_*``),
nodes before relationships. A load is idempotent: loading the same bundle
twice gives the same nodes, relationships and properties. Properties whose
names start with ``analysis_`` (written back by the analysis) are never touched.

Two shortcuts keep a first load fast and change nothing in the result: node
rows whose id is not in the store yet are CREATEd rather than MERGEd (the ids
in the store are read first anyway, to check references), and relationship
tables whose type has no edge in the store yet are CREATEd (the bundle's keys
are unique, so a MERGE could not have matched anything).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any, Final

from graphmodel.bundle import Bundle, read_bundle, reference_bundle_path, validate_references
from graphmodel.bundle.reference import reference_countries
from graphmodel.schema import TABLES, table
from graphmodel.store.base import GraphStore

__all__ = [
    "LoadReport",
    "ProgressCallback",
    "known_ids",
    "load_bundle",
    "load_reference",
    "node_columns",
    "relationship_columns",
]

#: ``progress(step, done, total)``: rows written so far in a step, of its total.
ProgressCallback = Callable[[str, int, int], None]

_NODE_TABLES: Final = ("countries", "organisations", "facilities", "items", "stockpiles")
_LABELS: Final = {t.name: t.label for t in TABLES if t.label}
_TABLE_OF_LABEL: Final = {label: name for name, label in _LABELS.items()}
# Relationship tables: (the two row columns naming the ends, the type, the merge-key property).
_REL_TABLES: Final = {
    "bom": ("parent", "child", "NEEDS"),
    "sources": ("item", "supplier", "SOURCED_FROM"),
    "ownership": ("owner", "owned", "OWNS"),
    "designations": ("entity", "list", "LISTED_ON"),
    "substitutes": ("item", "substitute", "SUBSTITUTED_BY"),
    "production": ("material", "country", "PRODUCED_IN"),
    "matches": ("left", "right", "SAME_AS"),
}


@dataclass
class LoadReport:
    """What a load wrote."""

    source: str
    #: Rows per bundle table.
    tables: dict[str, int]
    #: Nodes created or updated (including reference countries and sanctions lists).
    nodes: int = 0
    #: Relationships created or updated (including derived ones such as REGISTERED_IN).
    relationships: int = 0
    seconds: float = 0.0
    replaced: bool = False
    #: Seconds spent writing nodes and relationships (benchmarks).
    node_seconds: float = 0.0
    relationship_seconds: float = 0.0
    #: Seconds per statement (benchmarks).
    steps: dict[str, float] = field(default_factory=dict)

    def summary(self) -> str:
        """One sentence for the CLI.

        Examples
        --------
        >>> LoadReport("b", {"items": 2}, nodes=2, relationships=1, seconds=0.5).summary()
        'Loaded b: 2 nodes and 1 relationships in 0.50 s.'
        """
        return (
            f"Loaded {self.source}: {self.nodes:,} nodes and {self.relationships:,} "
            f"relationships in {self.seconds:.2f} s."
        )


@dataclass
class _StoreState:
    ids: dict[str, set[str]] = field(default_factory=dict)
    #: Count and property keys per label and relationship type.
    counts: dict[str, int] = field(default_factory=dict)
    keys: dict[str, set[str]] = field(default_factory=dict)


def known_ids(store: GraphStore) -> dict[str, set[str]]:
    """The ids in the store, by table name (``countries``, ``organisations``, ...)."""
    out: dict[str, set[str]] = {name: set() for name in _NODE_TABLES}
    for row in store.query("load_known_ids"):
        name = _TABLE_OF_LABEL.get(str(row["label"]))
        if name:
            out[name] = {str(i) for i in row["ids"] or ()}
    return out


def _store_state(store: GraphStore) -> _StoreState:
    state = _StoreState(ids=known_ids(store))
    if any(state.ids.values()):
        for row in store.query("load_property_keys"):
            state.counts[str(row["name"])] = int(row["count"] or 0)
            state.keys[str(row["name"])] = {str(k) for k in row["keys"] or ()}
    return state


def _drop(props: dict[str, Any], old_keys: Iterable[str]) -> dict[str, Any]:
    """Add nulls for stored keys the new row no longer has (never analysis_* or merge keys)."""
    for k in old_keys:
        if k not in props and not k.startswith("analysis_"):
            props[k] = None
    return props


class _Plan:
    """The ordered write steps of one load.

    Rows are maps for statements reading ``r.name``, or lists for the fast
    ``*_create`` statements that read ``r[i]`` (cheaper to send and parse).
    """

    def __init__(self) -> None:
        self.steps: list[tuple[str, str, list[Any], str]] = []

    def add(self, step: str, statement: str, rows: list[Any], kind: str) -> None:
        if rows:
            self.steps.append((step, statement, rows, kind))


def _props(row: Mapping[str, Any], drop: Sequence[str] = ()) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None and k not in drop}


def _referenced_countries(bundle: Bundle) -> set[str]:
    codes: set[str] = set()
    for t in TABLES:
        for col in t.columns:
            if col.ref == "countries" or "countries" in col.ref_also:
                codes |= {r[col.name] for r in bundle.tables.get(t.name, ()) if r.get(col.name)}
    return codes


def node_columns(name: str) -> tuple[str, ...]:
    """The property order of ``load_<name>_create`` rows (``id`` first)."""
    cols = table(name).column_names
    return cols if cols[0] == "id" else ("id", *cols)


def relationship_columns(name: str) -> tuple[str, ...]:
    """The order of ``load_<name>_create`` rows: start id, end id, then the other columns."""
    start, end, _ = _REL_TABLES[name]
    return (start, end, *(c for c in table(name).column_names if c not in (start, end)))


def _has_extra(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> bool:
    # chain.from_iterable walks every row's keys in C; far faster than a Python loop.
    return not set(chain.from_iterable(rows)) <= set(columns)


def _node_rows(bundle: Bundle, state: _StoreState) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    countries = [{"id": r["code"], **_props(r)} for r in bundle.tables.get("countries", ())]
    have = {r["id"] for r in countries} | state.ids.get("countries", set())
    reference = reference_countries()
    # Countries the bundle names but neither it nor the store holds come from the reference.
    for code in sorted(_referenced_countries(bundle) - have):
        if code in reference:
            countries.append({"id": code, **_props(reference[code])})
    rows["countries"] = countries
    for name in ("organisations", "facilities", "items"):
        rows[name] = list(bundle.tables.get(name, ()))
    rows["stockpiles"] = [
        {"id": f"{r['item']}|{r['holder']}", **r} for r in bundle.tables.get("stockpiles", ())
    ]
    return rows


def _plan_nodes(plan: _Plan, rows: dict[str, list[dict[str, Any]]], state: _StoreState) -> None:
    for name in _NODE_TABLES:
        existing = state.ids.get(name, set())
        old_keys = state.keys.get(_LABELS[name], set()) - {"id"}
        cols = node_columns(name)
        new = [r for r in rows[name] if r["id"] not in existing]
        update = [_drop(_props(r), old_keys) for r in rows[name] if r["id"] in existing]
        if _has_extra(new, cols):
            update = [_props(r) for r in new] + update
        else:
            lists = [list(map(r.get, cols)) for r in new]
            plan.add(name, f"load_{name}_create", lists, "node")
        plan.add(name, f"load_{name}_merge", update, "node")


def _plan_relationship_tables(plan: _Plan, bundle: Bundle, state: _StoreState) -> None:
    for name, (start, end, rel) in _REL_TABLES.items():
        rows = bundle.tables.get(name, [])
        cols = relationship_columns(name)
        sources = name == "sources"
        if state.counts.get(rel, 0) == 0 and not _has_extra(rows, cols):
            lists = [list(map(r.get, cols)) for r in rows]
            if sources:
                for values in lists:
                    # MERGE cannot match on null: no facility is stored as ''.
                    values[2] = values[2] or ""
            plan.add(name, f"load_{name}_create", lists, "rel")
            continue
        old_keys = state.keys.get(rel, set())
        maps = []
        for r in rows:
            props = _props(r, (start, end))
            if sources:
                props["facility"] = r.get("facility") or ""
            maps.append({"s": r[start], "e": r[end], "p": _drop(props, old_keys)})
        plan.add(name, f"load_{name}_merge", maps, "rel")


def _plan_links(
    plan: _Plan, bundle: Bundle, rows: dict[str, list[dict[str, Any]]], state: _StoreState
) -> None:
    orgs = rows["organisations"]
    facs = rows["facilities"]
    # Existing nodes lose their old derived edges first: a reload may move them.
    old_orgs = state.ids.get("organisations", set())
    old_facs = state.ids.get("facilities", set())
    plan.add(
        "organisations",
        "load_organisations_unlink",
        [{"id": r["id"]} for r in orgs if r["id"] in old_orgs],
        "unlink",
    )
    plan.add(
        "facilities",
        "load_facilities_unlink",
        [{"id": r["id"]} for r in facs if r["id"] in old_facs],
        "unlink",
    )
    plan.add(
        "REGISTERED_IN",
        "load_registered_in",
        [[r["id"], r["country"]] for r in orgs if r.get("country")],
        "rel",
    )
    plan.add(
        "OPERATED_BY",
        "load_operated_by",
        [[r["id"], r["operator"]] for r in facs if r.get("operator")],
        "rel",
    )
    plan.add(
        "LOCATED_IN",
        "load_located_in",
        [[r["id"], r["country"]] for r in facs if r.get("country")],
        "rel",
    )
    lists = sorted({r["list"] for r in bundle.tables.get("designations", ())})
    plan.add("designations", "load_sanctions_lists", [{"id": x} for x in lists], "node")
    _plan_relationship_tables(plan, bundle, state)
    # Review decisions outlive their records (load --replace keeps MatchDecision nodes).
    plan.add(
        "matches",
        "match_decisions_save",
        [{"id": f"{r['left']}|{r['right']}", **r} for r in bundle.tables.get("matches", ())],
        "node",
    )
    made_at = [
        [r["item"], r["facility"], r["supplier"]]
        for r in bundle.tables.get("sources", ())
        if r.get("facility")
    ]
    if state.counts.get("MADE_AT", 0) == 0:
        plan.add("MADE_AT", "load_made_at_create", made_at, "rel")
    else:
        plan.add(
            "MADE_AT",
            "load_made_at_merge",
            [{"s": s, "e": e, "p": p} for s, e, p in made_at],
            "rel",
        )
    org_ids = {r["id"] for r in orgs} | old_orgs
    stock = rows["stockpiles"]
    plan.add("STOCK_OF", "load_stock_of", [{"s": r["id"], "e": r["item"]} for r in stock], "rel")
    plan.add(
        "HELD_BY",
        "load_held_by_organisation",
        [{"s": r["id"], "e": r["holder"]} for r in stock if r["holder"] in org_ids],
        "rel",
    )
    plan.add(
        "HELD_BY",
        "load_held_by_country",
        [{"s": r["id"], "e": r["holder"]} for r in stock if r["holder"] not in org_ids],
        "rel",
    )


def load_bundle(
    store: GraphStore,
    bundle: Bundle,
    *,
    replace: bool = False,
    reference: bool = False,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
    wait_seconds: float = 0.0,
) -> LoadReport:
    """Validate ``bundle`` against the store, then write it, all or nothing.

    The load is written into a staged graph (:meth:`GraphStore.staged_load`)
    that replaces the live one in one atomic step when everything is written:
    whatever fails (a refused value, a killed loader, a killed store), readers
    and the next load see the graph exactly as it was. Once it is in, the
    store's change listeners are told (:meth:`GraphStore.mark_changed`).

    Parameters
    ----------
    store
        The store to write to.
    bundle
        A bundle from :func:`graphmodel.bundle.read_bundle`.
    replace
        Start from an empty graph (saved scenarios are kept).
    reference
        Load the packaged reference bundle first, in the same staged load.
    progress
        Called as ``progress(step, done, total)`` after every batch.
    batch_size
        Rows per statement; the store's default when ``None``.
    wait_seconds
        How long to wait for another load of the same graph to finish.

    Raises
    ------
    ValidationFailed
        With every dangling reference or id collision; nothing is written.
    LoadInProgressError
        Another load holds the graph's load lock; nothing is written.
    """
    started = time.perf_counter()
    with store.staged_load(replace=replace, wait_seconds=wait_seconds) as target:
        if reference:
            _write_reference(target)
        report = _write_bundle(target, bundle, progress=progress, batch_size=batch_size)
    store.mark_changed()
    report.replaced = replace
    report.seconds = time.perf_counter() - started
    return report


def _write_bundle(
    store: GraphStore,
    bundle: Bundle,
    *,
    progress: ProgressCallback | None = None,
    batch_size: int | None = None,
) -> LoadReport:
    """Validate and write ``bundle`` into ``store`` as it is (a staged graph)."""
    started = time.perf_counter()
    state = _store_state(store)
    validate_references(bundle, state.ids)
    store.ensure_schema()
    rows = _node_rows(bundle, state)
    plan = _Plan()
    _plan_nodes(plan, rows, state)
    _plan_links(plan, bundle, rows, state)
    report = LoadReport(bundle.source, bundle.count())
    totals: dict[str, int] = {}
    for step, _, step_rows, _ in plan.steps:
        totals[step] = totals.get(step, 0) + len(step_rows)
    done: dict[str, int] = dict.fromkeys(totals, 0)
    for step, statement, step_rows, kind in plan.steps:
        t0 = time.perf_counter()

        def tick(n: int, step: str = step) -> None:
            done[step] += n
            if progress:
                progress(step, done[step], totals[step])

        written = store.write_batch(statement, step_rows, batch_size=batch_size, progress=tick)
        took = time.perf_counter() - t0
        if kind == "node":
            report.nodes += written
            report.node_seconds += took
        else:
            report.relationships += written if kind == "rel" else 0
            report.relationship_seconds += took
        report.steps[statement] = report.steps.get(statement, 0.0) + took
    # Every kept decision whose two records are now present links them again.
    store.query("match_relink")
    report.seconds = time.perf_counter() - started
    return report


def _write_reference(store: GraphStore) -> LoadReport:
    bundle = read_bundle(reference_bundle_path(), require_items=False)
    ids = known_ids(store)
    for name, key in (("countries", "code"), ("items", "id")):
        if name in bundle.tables:
            keep = [i for i, r in enumerate(bundle.tables[name]) if r[key] not in ids[name]]
            bundle.tables[name] = [bundle.tables[name][i] for i in keep]
            if name in bundle.lines:
                bundle.lines[name] = [bundle.lines[name][i] for i in keep]
    return _write_bundle(store, bundle)


def load_reference(store: GraphStore, progress: ProgressCallback | None = None) -> LoadReport:
    """Load the packaged reference bundle (countries, critical materials, production shares).

    Countries and items already in the store are left as they are, so a
    user's own rows override the reference ones. All or nothing, like
    :func:`load_bundle`.
    """
    with store.staged_load(replace=False) as target:
        report = _write_reference(target)
    store.mark_changed()
    return report
