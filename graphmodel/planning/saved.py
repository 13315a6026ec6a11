"""Named plans saved in the store as ``(:Plan {id, name, plan_json, created_at,
updated_at})`` nodes (statements ``cypher/plan_*.cypher``), like saved scenarios
(:mod:`graphmodel.scenarios.saved`), by the same code
(:class:`graphmodel.store.saved.SavedDocuments`): they live and persist with the
graph, and a ``load --replace`` keeps them.

Examples
--------
>>> plan_id("gallium-hedge")
'plan:gallium-hedge'
"""

from __future__ import annotations

from graphmodel.planning.model import PlanSpec
from graphmodel.store.saved import SavedDocuments

__all__ = ["SAVED_PLANS", "delete_plan", "get_plan", "list_plans", "plan_id", "save_plan"]

#: Saved plans; a listing row is ``{"name", "description", "levers", "created_at",
#: "updated_at", "plan"}`` (``levers``: how many).
SAVED_PLANS: SavedDocuments[PlanSpec] = SavedDocuments(
    "plan",
    PlanSpec,
    json_field="plan_json",
    doc_field="plan",
    extra=lambda plan: {"levers": len(plan.levers)},
)

plan_id = SAVED_PLANS.node_id
save_plan = SAVED_PLANS.save
list_plans = SAVED_PLANS.list
get_plan = SAVED_PLANS.get
delete_plan = SAVED_PLANS.delete
