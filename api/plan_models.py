"""Request models of the plans API (``/v1/plans``); the plan itself is
:class:`graphmodel.planning.model.PlanSpec`."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from graphmodel.planning.model import ArrangementLever, PlanSpec
from graphmodel.scenarios.model import ScenarioSpec

__all__ = [
    "ArrangementRequest",
    "BriefRequest",
    "CompareRequest",
    "PlanSavedPublic",
    "PlanTarget",
    "RecommendRequest",
    "SavedPlanPublic",
    "StockpileRequest",
]


class PlanTarget(BaseModel):
    """What to plan against: one of ``scenario`` (inline), ``preset`` or
    ``saved_scenario``; none of them is the whole single-node stress test."""

    model_config = ConfigDict(extra="forbid")

    scenario: ScenarioSpec | None = None
    preset: str | None = Field(None, description="A shipped scenario preset by name")
    saved_scenario: str | None = Field(None, description="A saved scenario by name")


class StockpileRequest(PlanTarget):
    horizon_days: float = Field(gt=0, description="Days every platform's demand must be met")
    platforms: list[str] | None = Field(None, description="Only these platforms' demand")
    unit_costs: dict[str, float] = Field(default_factory=dict, description="Cost per unit, by item")
    objective: Literal["auto", "days", "cost", "units"] = "auto"


class CompareRequest(PlanTarget):
    plans: list[str | PlanSpec] = Field(
        min_length=1, max_length=20, description="Saved plan names or inline plans"
    )
    in_place: bool = Field(False, description="Levers already in place when the disruption hits")


class RecommendRequest(PlanTarget):
    horizon_days: float = Field(gt=0)
    plans: list[str | PlanSpec] = Field(default_factory=list, max_length=20)
    unit_costs: dict[str, float] = Field(default_factory=dict)


class BriefRequest(PlanTarget):
    against_plans: list[str | PlanSpec] = Field(
        default_factory=list, max_length=20, description="Other options for the table"
    )
    format: Literal["md", "html"] = "md"


class ArrangementRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    presets: list[str] = Field(default_factory=list, description="Arrangement presets by name")
    changes: list[ArrangementLever] = Field(default_factory=list)
    secure_groups: list[str] = Field(
        default_factory=list, description="Groups whose members the policy treats as secure"
    )
    top: int = Field(20, ge=1, le=1000)


class SavedPlanPublic(BaseModel):
    name: str
    description: str = ""
    levers: int
    created_at: str | None = None
    updated_at: str | None = None
    plan: dict[str, Any] = Field(description="The plan (PlanSpec)")


class PlanSavedPublic(BaseModel):
    id: str
    name: str
    created_at: str | None = None
    updated_at: str | None = None
