"""Named scenarios saved in the store as ``(:Scenario {id, name, spec_json,
created_at, updated_at})`` nodes (statements ``cypher/scenario_*.cypher``), so
they live and persist with the graph they describe. The logic is the one of every
saved document, :class:`graphmodel.store.saved.SavedDocuments`.

Examples
--------
>>> scenario_id("cn-gallium")
'scenario:cn-gallium'
"""

from __future__ import annotations

from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.store.saved import SavedDocuments

__all__ = [
    "SAVED_SCENARIOS",
    "delete_scenario",
    "get_scenario",
    "list_scenarios",
    "save_scenario",
    "scenario_id",
]

#: Saved scenarios; a listing row is ``{"name", "description", "created_at",
#: "updated_at", "spec"}``.
SAVED_SCENARIOS: SavedDocuments[ScenarioSpec] = SavedDocuments(
    "scenario", ScenarioSpec, json_field="spec_json", doc_field="spec"
)

scenario_id = SAVED_SCENARIOS.node_id
save_scenario = SAVED_SCENARIOS.save
list_scenarios = SAVED_SCENARIOS.list
get_scenario = SAVED_SCENARIOS.get
delete_scenario = SAVED_SCENARIOS.delete
