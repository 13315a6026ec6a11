"""Named plans saved in the store as ``(:Plan {id, name, plan_json, created_at,
updated_at})`` nodes (statements ``cypher/plan_*.cypher``), like saved scenarios
(:mod:`graphmodel.scenarios.saved`): they live and persist with the graph, and a
``load --replace`` keeps them.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from graphmodel.errors import NotFoundError, StoreError
from graphmodel.planning.model import PlanSpec
from graphmodel.store.base import GraphStore

__all__ = ["delete_plan", "get_plan", "list_plans", "plan_id", "save_plan"]


def plan_id(name: str) -> str:
    """The node id of the plan called ``name``.

    Examples
    --------
    >>> plan_id("gallium-hedge")
    'plan:gallium-hedge'
    """
    return f"plan:{name}"


def _plan(row: dict[str, Any]) -> PlanSpec:
    try:
        return PlanSpec.model_validate_json(row["plan_json"])
    except ValidationError as exc:
        raise StoreError(
            f"The saved plan {row.get('name')!r} no longer reads as a plan: "
            f"{exc.errors()[0]['msg']}."
        ) from None


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(row)
    return {
        "name": row["name"],
        "description": plan.description,
        "levers": len(plan.levers),
        "created_at": row.get("created_at"),
        "updated_at": row.get("updated_at"),
        "plan": plan.model_dump(mode="json"),
    }


def save_plan(store: GraphStore, plan: PlanSpec) -> dict[str, Any]:
    """Save ``plan`` under its name, replacing a saved plan of that name (``created_at``
    kept). Returns ``{"id", "name", "created_at", "updated_at"}`` (ISO 8601, UTC)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = store.query(
        "plan_save",
        {
            "id": plan_id(plan.name),
            "name": plan.name,
            "plan_json": plan.model_dump_json(),
            "now": now,
        },
    )
    return dict(rows[0])


def list_plans(store: GraphStore) -> list[dict[str, Any]]:
    """Every saved plan by name: ``{"name", "description", "levers", "created_at",
    "updated_at", "plan"}``."""
    return [_summary(r) for r in store.query("plan_list")]


def get_plan(store: GraphStore, name: str) -> PlanSpec:
    """The saved plan called ``name``; ``NotFoundError`` (404) when there is none."""
    rows = store.query("plan_get", {"id": plan_id(name)})
    if not rows:
        raise NotFoundError(f"No saved plan is called {name!r}.")
    return _plan(rows[0])


def delete_plan(store: GraphStore, name: str) -> None:
    """Delete the saved plan called ``name``; ``NotFoundError`` (404) when there is none.

    Like ``delete_scenario``, the node is marked deleted, never DELETEd (the FalkorDB
    engine bug of docs/stores.md); the next replace drops it.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = store.query("plan_delete", {"id": plan_id(name), "now": now})
    if not rows or not rows[0].get("deleted"):
        raise NotFoundError(f"No saved plan is called {name!r}.")
