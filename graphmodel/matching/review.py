"""Matching against the store: candidates with their decisions, and recording a decision.

A decision (``same``, ``not_same``, ``unsure``) is written twice, on purpose:
as the ``SAME_AS`` edge the analysis and the bundle export read (the
``matches`` table, statement ``load_matches_merge``), and as a
``MatchDecision`` node that ``load --replace`` keeps, from which every load
re-creates the edge once both records are back (``match_relink``). Nothing is
linked without a decision: candidates are proposals only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.matching.candidates import candidates, is_registry
from graphmodel.matching.score import DEFAULT_THRESHOLD, score_pair
from graphmodel.schema import MatchDecision
from graphmodel.store.base import GraphStore
from graphmodel.store.tables import flatten_row

__all__ = ["decide", "decisions", "find_matches"]


def _organisations(store: GraphStore) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for r in store.query("graph_organisations"):
        row = flatten_row(r)
        out[str(row["id"])] = row
    return out


def _related(store: GraphStore) -> list[tuple[str, str]]:
    return [(str(r["owner"]), str(r["owned"])) for r in store.query("export_ownership")]


def decisions(store: GraphStore) -> dict[tuple[str, str], dict[str, Any]]:
    """Every kept decision, keyed by ``(left, right)``."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for r in store.query("match_decisions_list"):
        d = dict(r.get("props") or {})
        out[(str(d["left"]), str(d["right"]))] = d
    return out


def _brief(rec: Mapping[str, Any] | None) -> dict[str, Any]:
    if rec is None:
        return {}
    keys = ("id", "name", "country", "lei", "cage", "dataset", "source_file", "record_id")
    return {k: rec[k] for k in keys if rec.get(k)}


def find_matches(
    store: GraphStore,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    floor: float = 0.5,
    left_dataset: str | None = None,
    right_dataset: str | None = None,
    include_decided: bool = True,
) -> dict[str, Any]:
    """Candidate pairs in the store, each with both records, score, features and decision.

    The left side is every record not from a registry (or of ``left_dataset``),
    the right side every registry record (or of ``right_dataset``).
    ``proposed`` says whether the score reaches ``threshold``.
    """
    orgs = _organisations(store)

    def side(rec: Mapping[str, Any], dataset: str | None, registry: bool) -> bool:
        if dataset is not None:
            return str(rec.get("dataset") or "").startswith(dataset)
        return is_registry(rec) is registry

    left = [r for r in orgs.values() if side(r, left_dataset, False)]
    right = [r for r in orgs.values() if side(r, right_dataset, True)]
    found = candidates(left, right, floor=floor, related=_related(store))
    kept = decisions(store)
    rows = []
    seen: set[tuple[str, str]] = set()
    for c in found:
        d = kept.get((c.left, c.right)) or kept.get((c.right, c.left))
        if d is not None and not include_decided:
            continue
        seen.add((c.left, c.right))
        rows.append(
            {
                "left": _brief(orgs.get(c.left)),
                "right": _brief(orgs.get(c.right)),
                "score": c.score,
                "features": c.features,
                "proposed": c.score >= threshold,
                "decision": d.get("decision") if d else None,
                "decided_by": d.get("decided_by") if d else None,
                "decided_at": d.get("decided_at") if d else None,
            }
        )
    if include_decided:
        # Decisions on pairs no longer proposed are still shown (and still apply).
        for (lid, rid), d in sorted(kept.items()):
            if (lid, rid) in seen or (rid, lid) in seen:
                continue
            rows.append(
                {
                    "left": _brief(orgs.get(lid)) or {"id": lid},
                    "right": _brief(orgs.get(rid)) or {"id": rid},
                    "score": d.get("score"),
                    "features": json.loads(d["features"]) if d.get("features") else {},
                    "proposed": False,
                    "decision": d.get("decision"),
                    "decided_by": d.get("decided_by"),
                    "decided_at": d.get("decided_at"),
                }
            )
    return {
        "threshold": threshold,
        "left": len(left),
        "right": len(right),
        "candidates": rows,
    }


def decide(
    store: GraphStore, left: str, right: str, decision: str, *, decided_by: str = "cli"
) -> dict[str, Any]:
    """Record a review decision on the pair ``left`` / ``right``.

    Raises
    ------
    SupplynetError
        An unknown decision, or a record matched with itself.
    NotFoundError
        Either record is not in the store.
    """
    allowed = [d.value for d in MatchDecision]
    if decision not in allowed:
        raise SupplynetError(f"{decision!r} is not a decision; use one of {', '.join(allowed)}")
    if left == right:
        raise SupplynetError("A record cannot be matched with itself")
    if (right, left) in decisions(store):
        left, right = right, left  # one decision per pair, in the order first decided
    orgs = _organisations(store)
    for rid in (left, right):
        if rid not in orgs:
            raise NotFoundError(f"No organisation {rid!r} in the store")
    related = {frozenset(p) for p in _related(store)}
    s = score_pair(orgs[left], orgs[right], related=frozenset((left, right)) in related)
    row = {
        "left": left,
        "right": right,
        "decision": decision,
        "score": s.score,
        "features": json.dumps(s.features, ensure_ascii=False, sort_keys=True),
        "decided_by": decided_by,
        "decided_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with store.live_write():
        store.write_batch("match_decisions_save", [{"id": f"{left}|{right}", **row}])
        store.write_batch(
            "load_matches_merge",
            [
                {
                    "s": left,
                    "e": right,
                    "p": {k: v for k, v in row.items() if k not in ("left", "right")},
                }
            ],
        )
    store.mark_changed()
    return row
