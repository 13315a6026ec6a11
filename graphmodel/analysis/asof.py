"""The graph as it stood on a date, with reviewed matches linked.

Two steps turn the stored tables into what the analysis sees:

:func:`tables_as_of`
    Ownership rows whose validity period (``valid_from`` .. ``valid_to``, both
    inclusive) does not contain the date, and designations not in force on it
    (``listed_on`` after it, or ``delisted_on`` on or before it), are left out.
    Nothing is deleted from the store: ended relationships stay there as facts.

:func:`link_same_as`
    Records reviewed as the same entity (``SAME_AS`` with ``decision = same``)
    become one node for the analysis: the supplier's own record where one is a
    supplier or operator, so ownership and designations found in the registries
    reach the user's supplier. Every row moved onto that node keeps
    ``via_same_as`` (the record it came from), so the evidence names it.

Examples
--------
>>> t = {"ownership": [
...     {"owner": "A", "owned": "B", "percentage": 60.0, "valid_from": "2020-01-01",
...      "valid_to": "2021-12-31"}],
...     "designations": [{"entity": "A", "list": "L", "listed_on": "2019-05-01",
...                       "delisted_on": "2022-06-01"}]}
>>> [len(tables_as_of(t, d)["ownership"]) for d in ("2019-12-31", "2020-01-01", "2022-01-01")]
[0, 1, 0]
>>> [len(tables_as_of(t, d)["designations"]) for d in ("2019-04-30", "2022-05-31", "2022-06-01")]
[0, 1, 0]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

__all__ = ["as_of_date", "link_same_as", "tables_as_of"]

Tables = dict[str, list[dict[str, Any]]]


def as_of_date(value: str | dt.date | None) -> str:
    """The date as ``YYYY-MM-DD``; today (UTC) when ``None``.

    Examples
    --------
    >>> as_of_date("2024-02-29")
    '2024-02-29'
    >>> as_of_date(dt.date(2020, 1, 2))
    '2020-01-02'
    """
    from graphmodel.errors import SupplynetError

    if value is None:
        return dt.datetime.now(dt.UTC).date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise SupplynetError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _in_period(row: Mapping[str, Any], day: str) -> bool:
    start, end = row.get("valid_from"), row.get("valid_to")
    return (not start or str(start) <= day) and (not end or day <= str(end))


def _in_force(row: Mapping[str, Any], day: str) -> bool:
    listed, delisted = row.get("listed_on"), row.get("delisted_on")
    return (not listed or str(listed) <= day) and (not delisted or day < str(delisted))


def tables_as_of(tables: Mapping[str, list[dict[str, Any]]], day: str) -> Tables:
    """``tables`` with only the ownership and designations valid on ``day`` (``YYYY-MM-DD``)."""
    out: Tables = dict(tables)
    out["ownership"] = [r for r in tables.get("ownership", ()) if _in_period(r, day)]
    out["designations"] = [r for r in tables.get("designations", ()) if _in_force(r, day)]
    return out


class _Clusters:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        root = x
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(x, x) != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _canonical(members: list[str], tables: Mapping[str, list[dict[str, Any]]]) -> str:
    used = {r["supplier"] for r in tables.get("sources", ())} | {
        f["operator"] for f in tables.get("facilities", ()) if f.get("operator")
    }
    orgs = {r["id"]: r for r in tables.get("organisations", ())}
    # A supplier or operator first, then a record of the user's own (no dataset).
    return min(
        members,
        key=lambda m: (m not in used, bool(orgs.get(m, {}).get("dataset")), m),
    )


def link_same_as(tables: Mapping[str, list[dict[str, Any]]]) -> Tables:
    """Merge records reviewed as the same entity into one node per cluster.

    Examples
    --------
    >>> t = {"organisations": [{"id": "s1", "name": "Acme"},
    ...                        {"id": "os-1", "name": "ACME LLC", "dataset": "os"}],
    ...      "sources": [{"item": "i", "supplier": "s1"}],
    ...      "designations": [{"entity": "os-1", "list": "L"}],
    ...      "matches": [{"left": "s1", "right": "os-1", "decision": "same"}]}
    >>> out = link_same_as(t)
    >>> [o["id"] for o in out["organisations"]], out["designations"]
    (['s1'], [{'entity': 's1', 'list': 'L', 'via_same_as': 'os-1'}])
    >>> out["organisations"][0]["same_as"]
    ['os-1']
    """
    same = [m for m in tables.get("matches", ()) if m.get("decision") == "same"]
    out: Tables = dict(tables)
    if not same:
        return out
    orgs = {r["id"]: r for r in tables.get("organisations", ())}
    clusters = _Clusters()
    nodes: set[str] = set()
    for m in same:
        if m["left"] in orgs and m["right"] in orgs:
            clusters.union(m["left"], m["right"])
            nodes |= {m["left"], m["right"]}
    groups: dict[str, list[str]] = {}
    for node in sorted(nodes):
        groups.setdefault(clusters.find(node), []).append(node)
    to: dict[str, str] = {}
    for group in groups.values():
        ordered = sorted(set(group))
        head = _canonical(ordered, tables)
        for member in ordered:
            if member != head:
                to[member] = head
    if not to:
        return out

    def move(row: dict[str, Any], col: str) -> dict[str, Any]:
        target = to.get(row.get(col))  # type: ignore[arg-type]
        if target is None:
            return row
        return {**row, col: target, "via_same_as": row.get("via_same_as") or row[col]}

    merged: dict[str, list[str]] = {}
    for member, head in sorted(to.items()):
        merged.setdefault(head, []).append(member)
    organisations = []
    for r in tables.get("organisations", ()):
        if r["id"] in to:
            continue
        if r["id"] in merged:
            r = dict(r)
            r["same_as"] = merged[r["id"]]
            if not r.get("country"):
                country = next((orgs[m].get("country") for m in merged[r["id"]] if m in orgs), None)
                if country:
                    r["country"] = country
        organisations.append(r)
    out["organisations"] = organisations
    ownership: dict[tuple[str, str, str], dict[str, Any]] = {}
    for r in tables.get("ownership", ()):
        row = move(move(r, "owner"), "owned")
        if row["owner"] == row["owned"]:
            continue  # a record owning its own duplicate
        key = (row["owner"], row["owned"], str(row.get("kind") or "equity"))
        prev = ownership.get(key)
        if prev is None or float(row["percentage"]) > float(prev["percentage"]):
            ownership[key] = row
    out["ownership"] = list(ownership.values())
    designations: dict[tuple[str, str], dict[str, Any]] = {}
    for r in tables.get("designations", ()):
        row = move(r, "entity")
        designations.setdefault((row["entity"], row["list"]), row)
    out["designations"] = list(designations.values())
    out["sources"] = [move(r, "supplier") for r in tables.get("sources", ())]
    out["facilities"] = [move(r, "operator") for r in tables.get("facilities", ())]
    return out
