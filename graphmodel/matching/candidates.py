"""Candidate pairs: which records of one source may be which records of another.

Every record of the *left* side (by default the user's own records: suppliers,
operators, anything without a registry dataset) is compared with the records
of the *right* side (registry records: GLEIF, OpenSanctions / FtM) that share
an identifier or a name token (blocking, so the work grows with the matches,
not with the product of the two sides). Each pair is scored by
:func:`graphmodel.matching.score.score_pair`; pairs at or above ``floor`` are
returned, best first, with their features.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graphmodel.matching.score import identifiers, name_forms, score_pair

__all__ = ["REGISTRY_PREFIXES", "Candidate", "candidates", "is_registry"]

#: Datasets whose records are the registries matched against.
REGISTRY_PREFIXES: Final = ("gleif", "opensanctions", "ftm")

_MIN_TOKEN: Final = 3
_MAX_BLOCK: Final = 500


@dataclass(frozen=True)
class Candidate:
    left: str
    right: str
    score: float
    features: dict[str, Any]


def is_registry(rec: Mapping[str, Any]) -> bool:
    """Whether a record comes from a registry import.

    Examples
    --------
    >>> is_registry({"dataset": "gleif-lei"}), is_registry({"dataset": "suppliers"})
    (True, False)
    """
    return str(rec.get("dataset") or "").startswith(REGISTRY_PREFIXES)


def _keys(rec: Mapping[str, Any]) -> set[str]:
    aliases = rec.get("aliases") or []
    if isinstance(aliases, str):
        aliases = aliases.split(";")
    keys = {f"id={i.split(':', 1)[-1]}" for i in identifiers(rec)}
    for form in name_forms([str(rec.get("name") or ""), *map(str, aliases)]):
        if " " in form:
            keys |= {f"t={t}" for t in form.split() if len(t) >= _MIN_TOKEN}
        else:
            keys.add(f"p={form[:5]}")
    return keys


def candidates(
    left: Sequence[Mapping[str, Any]],
    right: Sequence[Mapping[str, Any]],
    *,
    floor: float = 0.5,
    related: Iterable[tuple[str, str]] = (),
) -> list[Candidate]:
    """Scored candidate pairs between ``left`` and ``right`` records, best first.

    ``related`` lists ``(owner, owned)`` pairs: records linked by ownership are a
    parent and a subsidiary, never the same entity.

    Examples
    --------
    >>> left = [{"id": "s1", "name": "Brightwater Systems Limited", "country": "GB"}]
    >>> right = [{"id": "g1", "name": "Brightwater Systems Ltd", "country": "GB"},
    ...          {"id": "g2", "name": "Harbour Foods Ltd", "country": "GB"}]
    >>> [(c.left, c.right) for c in candidates(left, right)]
    [('s1', 'g1')]
    """
    index: dict[str, list[int]] = defaultdict(list)
    for j, rec in enumerate(right):
        for k in _keys(rec):
            index[k].append(j)
    pairs = {frozenset(p) for p in related}
    out: list[Candidate] = []
    for rec in left:
        hits: set[int] = set()
        for k in _keys(rec):
            block = index.get(k, [])
            if len(block) <= _MAX_BLOCK:  # a token in every name blocks nothing
                hits.update(block)
        for j in sorted(hits):
            other = right[j]
            if other["id"] == rec["id"]:
                continue
            s = score_pair(rec, other, related=frozenset((rec["id"], other["id"])) in pairs)
            if s.score >= floor:
                out.append(Candidate(str(rec["id"]), str(other["id"]), s.score, s.features))
    out.sort(key=lambda c: (-c.score, c.left, c.right))
    return out
