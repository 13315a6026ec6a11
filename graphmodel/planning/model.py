"""A plan: a named set of levers, each with a cost and a lead time (``docs/planning.md``).

Levers (the ``kind`` field tells them apart):

- ``stockpile``: hold ``quantity`` more units of an item (in place before the
  disruption; ships to every buyer);
- ``licence``: qualify ``organisation`` (optionally at ``facility``) as a source of
  an item, with ``capacity_per_day``, after ``qualification_days``; a candidate
  already in the data, or a declared one;
- ``recycling``: a secondary source of a material (a recycler, ``organisation``, new
  or existing, in ``country``) with its own capacity and ``lead_days``;
- ``substitute``: make an item from ``ratio`` units of a substitute item instead of its
  own bill of materials, after ``qualification_days``;
- ``arrangement``: add a country to (or remove it from) an arrangement group (SOSA,
  RDP_MOU, NTIB, NATO or a user-defined group).

A plan file is TOML or JSON with the fields of :class:`PlanSpec`.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphmodel.errors import Problem, SupplynetError, ValidationFailed
from graphmodel.scenarios.model import _where

__all__ = [
    "ArrangementLever",
    "Lever",
    "LicenceLever",
    "PlanSpec",
    "RecyclingLever",
    "StockpileLever",
    "SubstituteLever",
    "lever_cost",
    "lever_lead_days",
    "parse_plan",
    "read_plan_file",
]

_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


class _Lever(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    cost: float | None = Field(
        None, ge=0, description="One-off cost of the lever (currency of the study)."
    )
    note: str = ""


class StockpileLever(_Lever):
    """Hold ``quantity`` more units of ``item``, in place before the disruption."""

    kind: Literal["stockpile"] = "stockpile"
    item: str
    quantity: float = Field(gt=0, description="Units of the item (its `unit`).")
    holder: str | None = Field(
        None,
        description="Who holds it (an organisation or country id); none: a stock that "
        "ships to every buyer and no disruption holds back.",
    )
    lead_days: float = Field(0.0, ge=0, description="Days to build the stock up.")
    unit_cost: float | None = Field(None, ge=0, description="Cost per unit (overrides the plan's).")


class LicenceLever(_Lever):
    """Second-source licensing: qualify ``organisation`` for ``item``."""

    kind: Literal["licence"] = "licence"
    item: str
    organisation: str
    facility: str | None = None
    capacity_per_day: float | None = Field(
        None, gt=0, description="Capacity it adds (none: the candidate's stated capacity)."
    )
    qualification_days: float = Field(ge=0, description="Qualification lead time (days).")


class RecyclingLever(_Lever):
    """A secondary (recycling) source of a material."""

    kind: Literal["recycling"] = "recycling"
    item: str
    organisation: str = Field(description="The recycler: an existing or a new organisation id.")
    name: str | None = Field(None, description="The recycler's name, if new.")
    country: str | None = Field(None, description="The recycler's country, if new.")
    capacity_per_day: float = Field(gt=0)
    lead_days: float = Field(ge=0, description="Days until the secondary supply flows.")


class SubstituteLever(_Lever):
    """Qualify ``substitute`` in place of ``item`` (``ratio`` units per unit)."""

    kind: Literal["substitute"] = "substitute"
    item: str
    substitute: str
    ratio: float = Field(1.0, gt=0, description="Units of the substitute per unit of the item.")
    capacity_per_day: float | None = Field(
        None, gt=0, description="Most units of the item per day made this way (none: unlimited)."
    )
    qualification_days: float = Field(ge=0)


class ArrangementLever(_Lever):
    """Add a country to, or remove it from, an arrangement group."""

    kind: Literal["arrangement"] = "arrangement"
    country: str = Field(min_length=2, max_length=2)
    group: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    action: Literal["add", "remove"] = "add"
    lead_days: float = Field(0.0, ge=0, description="Days to negotiate the arrangement.")
    source: str = Field("", description="The public source recommending it.")

    @field_validator("country")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()


Lever = Annotated[
    StockpileLever | LicenceLever | RecyclingLever | SubstituteLever | ArrangementLever,
    Field(discriminator="kind"),
]


class PlanSpec(BaseModel):
    """A named set of levers.

    Examples
    --------
    >>> p = PlanSpec(name="ga", levers=[{"kind": "stockpile", "item": "mat-gallium",
    ...                                  "quantity": 100, "unit_cost": 2.5}])
    >>> p.levers[0].kind, lever_cost(p, p.levers[0])
    ('stockpile', 250.0)
    >>> PlanSpec.model_validate_json(p.model_dump_json()) == p
    True
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1, max_length=100, pattern=_NAME)
    description: str = ""
    levers: list[Lever] = Field(default_factory=list)
    unit_costs: dict[str, float] = Field(
        default_factory=dict, description="Cost per unit of an item held in stock, by item id."
    )
    secure_groups: list[str] = Field(
        default_factory=list,
        description="Arrangement groups whose members the policy treats as secure: their "
        "nodes leave the stress-test ranking.",
    )
    sources: list[str] = Field(default_factory=list)

    @field_validator("unit_costs")
    @classmethod
    def _costs(cls, v: dict[str, float]) -> dict[str, float]:
        bad = [k for k, x in v.items() if x < 0]
        if bad:
            raise ValueError(f"negative unit cost for {', '.join(sorted(bad))}")
        return v


def lever_cost(plan: PlanSpec, lever: Any) -> float | None:
    """The lever's cost: ``cost`` where given; for a stockpile, else quantity x unit cost
    (the lever's, else the plan's); None when unknown."""
    if lever.cost is not None:
        return float(lever.cost)
    if isinstance(lever, StockpileLever):
        unit = lever.unit_cost if lever.unit_cost is not None else plan.unit_costs.get(lever.item)
        return None if unit is None else float(unit) * lever.quantity
    if isinstance(lever, ArrangementLever):
        return 0.0
    return None


def lever_lead_days(lever: Any) -> float:
    """Days until the lever takes effect."""
    if isinstance(lever, LicenceLever | SubstituteLever):
        return float(lever.qualification_days)
    return float(lever.lead_days)


def parse_plan(data: Mapping[str, Any] | str, *, file: str = "plan") -> PlanSpec:
    """Read a plan from a mapping or JSON text; every problem at once (``ValidationFailed``).

    Examples
    --------
    >>> parse_plan({"name": "x", "levers": [{"kind": "moon", "item": "a"}]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.ValidationFailed: The plan has 1 problem: ...
    """
    try:
        if isinstance(data, str):
            return PlanSpec.model_validate_json(data)
        return PlanSpec.model_validate(dict(data))
    except ValidationError as exc:
        problems = [
            Problem(
                file, None, _where(tuple(e["loc"])).replace("scenario", "plan", 1), f"{e['msg']}."
            )
            for e in exc.errors()
        ]
        raise ValidationFailed(problems, what="plan") from None


def read_plan_file(path: str | Path) -> PlanSpec:
    """A plan from a ``.toml`` or ``.json`` file (the file name only in messages)."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise SupplynetError(f"Cannot read {p.name}: {exc.strerror}") from None
    try:
        if p.suffix.lower() == ".toml":
            data = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValidationFailed([Problem(p.name, None, None, f"{exc}.")], what="plan") from None
    if not isinstance(data, dict):
        raise ValidationFailed([Problem(p.name, None, None, "not a table.")], what="plan")
    return parse_plan(data, file=p.name)
