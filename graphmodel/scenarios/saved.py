"""Named scenarios saved in the store as ``(:Scenario {id, name, spec_json,
created_at, updated_at})`` nodes (statements ``cypher/scenario_*.cypher``), so
they live and persist with the graph they describe.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from graphmodel.errors import NotFoundError, StoreError
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.store.base import GraphStore

__all__ = ["delete_scenario", "get_scenario", "list_scenarios", "save_scenario", "scenario_id"]


def scenario_id(name: str) -> str:
    """The node id of the scenario called ``name``.

    Examples
    --------
    >>> scenario_id("cn-gallium")
    'scenario:cn-gallium'
    """
    return f"scenario:{name}"


def _summary(row: dict[str, Any]) -> dict[str, Any]:
    spec = _spec(row)
    return {
        "name": row["name"],
        "description": spec.description,
        "created_at": row.get("created_at"),
        "updated_at": row.get("updated_at"),
        "spec": spec.model_dump(mode="json"),
    }


def _spec(row: dict[str, Any]) -> ScenarioSpec:
    try:
        return ScenarioSpec.model_validate_json(row["spec_json"])
    except ValidationError as exc:
        raise StoreError(
            f"The saved scenario {row.get('name')!r} no longer reads as a scenario: "
            f"{exc.errors()[0]['msg']}."
        ) from None


def save_scenario(store: GraphStore, spec: ScenarioSpec) -> dict[str, Any]:
    """Save ``spec`` under its name, replacing a saved scenario of that name.

    Returns ``{"id", "name", "created_at", "updated_at"}``; ``created_at`` is
    kept when a scenario is replaced. Times are ISO 8601 in UTC.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = store.query(
        "scenario_save",
        {
            "id": scenario_id(spec.name),
            "name": spec.name,
            "spec_json": spec.model_dump_json(),
            "now": now,
        },
    )
    return dict(rows[0])


def list_scenarios(store: GraphStore) -> list[dict[str, Any]]:
    """Every saved scenario by name: ``{"name", "description", "created_at",
    "updated_at", "spec"}``."""
    return [_summary(r) for r in store.query("scenario_list")]


def get_scenario(store: GraphStore, name: str) -> ScenarioSpec:
    """The saved scenario called ``name``; ``NotFoundError`` (404) when there is none."""
    rows = store.query("scenario_get", {"id": scenario_id(name)})
    if not rows:
        raise NotFoundError(f"No saved scenario is called {name!r}.")
    return _spec(rows[0])


def delete_scenario(store: GraphStore, name: str) -> None:
    """Delete the saved scenario called ``name``; ``NotFoundError`` (404) when there is none."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    rows = store.query("scenario_delete", {"id": scenario_id(name), "now": now})
    if not rows or not rows[0].get("deleted"):
        raise NotFoundError(f"No saved scenario is called {name!r}.")
