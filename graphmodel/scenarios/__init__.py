"""What-if disruption scenarios: remove countries (wholly or by export ban),
organisations, facilities, items or every adversary-linked node; see which
platforms are lost, time to survive against time to recover, ranked
mitigations, public-fact presets, saved scenarios and the single-node stress
test. ``docs/scenarios.md`` describes the model.
"""

from __future__ import annotations

from graphmodel.scenarios.engine import run_scenario
from graphmodel.scenarios.model import (
    CountryRemoval,
    ScenarioSpec,
    extend_scenario,
    parse_scenario,
)
from graphmodel.scenarios.presets import load_presets
from graphmodel.scenarios.saved import (
    delete_scenario,
    get_scenario,
    list_scenarios,
    save_scenario,
)
from graphmodel.scenarios.stress import stress_test
from graphmodel.scenarios.validate import validate_scenario

__all__ = [
    "CountryRemoval",
    "ScenarioSpec",
    "delete_scenario",
    "extend_scenario",
    "get_scenario",
    "list_scenarios",
    "load_presets",
    "parse_scenario",
    "run_scenario",
    "save_scenario",
    "stress_test",
    "validate_scenario",
]
