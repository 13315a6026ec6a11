"""The what-if scenario specification: what a scenario removes and the assumptions
its time-to-survive / time-to-recover figures rest on (``docs/scenarios.md``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from graphmodel.errors import Problem, ValidationFailed

__all__ = [
    "DEFAULT_QUALIFICATION_DAYS",
    "DEFAULT_SUBSTITUTION_DAYS",
    "CountryRemoval",
    "ScenarioSpec",
    "extend_scenario",
    "parse_scenario",
]

#: Assumed days to qualify a candidate source that states no ``recovery_days``.
DEFAULT_QUALIFICATION_DAYS = 365.0
#: Assumed days to switch production to a qualified substitute item.
DEFAULT_SUBSTITUTION_DAYS = 90.0


class CountryRemoval(BaseModel):
    """A country taken out: wholly (``items`` None) or only for sources of ``items``.

    ``items`` set makes it an export ban: the country is lost only for the
    qualified sources of those items whose country (the facility's where the
    source names one, else the organisation's) is this country.

    Examples
    --------
    >>> CountryRemoval(code="cn", items=["mat-gallium"]).code
    'CN'
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    code: str = Field(min_length=2, max_length=2, description="ISO 3166-1 alpha-2 code")
    items: list[str] | None = Field(
        None, description="Only sources of these items are lost (an export ban); None = all."
    )
    measure: Literal["loss", "ban", "licensing", "permits"] = Field(
        "loss",
        description="What the removal stands for; licensing and permits are modelled as "
        "refusal (a ban), the worst case of the measure.",
    )
    note: str = ""

    @field_validator("code")
    @classmethod
    def _upper(cls, v: str) -> str:
        return v.upper()


class ScenarioSpec(BaseModel):
    """A what-if disruption: the nodes it removes and the timing assumptions.

    Examples
    --------
    >>> s = ScenarioSpec(name="fire", facilities=["f-1"], countries=["CN"])
    >>> s.countries[0].code, s.countries[0].items
    ('CN', None)
    >>> ScenarioSpec.model_validate_json(s.model_dump_json()) == s
    True
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field("ad-hoc", min_length=1, max_length=100)
    description: str = ""
    countries: list[CountryRemoval] = Field(default_factory=list)
    organisations: list[str] = Field(default_factory=list)
    facilities: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    adversary_policy: bool | str = Field(
        False,
        description="Also remove every adversary-linked node: true for the shipped "
        "policy, or the path of a policy file.",
    )
    duration_days: float | None = Field(
        None,
        ge=0,
        description="How long the removal lasts; removed sources are back after it. "
        "None: each removed source recovers after its own recovery_days.",
    )
    open_ended: bool = Field(False, description="No end in view: removed sources never come back.")
    qualification_days: float = Field(
        DEFAULT_QUALIFICATION_DAYS,
        ge=0,
        description="Days to qualify a candidate source that states no recovery_days.",
    )
    substitution_days: float = Field(
        DEFAULT_SUBSTITUTION_DAYS, ge=0, description="Days to switch to a qualified substitute."
    )
    data_gaps_unavailable: bool = Field(
        False, description="Count items without any source as unavailable."
    )
    horizon_days: float | None = Field(
        None,
        gt=0,
        description="Volume model: cap the time to survive and the lost-volume horizon at this "
        "many days (None: no cap; an open-ended disruption with no way back then has no finite "
        "lost volume).",
    )
    stock_ships_when_disrupted: bool = Field(
        True,
        description="Volume model: a disrupted site's stock still ships (the model's "
        "assumption); false holds it back too (say, stock inside a banning country).",
    )
    sources: list[str] = Field(default_factory=list, description="Citations for the scenario.")
    notes: str = ""

    @field_validator("countries", mode="before")
    @classmethod
    def _codes(cls, v: Any) -> Any:
        # "CN" is shorthand for {"code": "CN"} (the whole country).
        if isinstance(v, list):
            return [{"code": c} if isinstance(c, str) else c for c in v]
        return v

    def is_empty(self) -> bool:
        """Whether the scenario removes nothing at all."""
        return not (
            self.countries
            or self.organisations
            or self.facilities
            or self.items
            or self.adversary_policy
        )


def _where(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "scenario"


def parse_scenario(data: Mapping[str, Any] | str) -> ScenarioSpec:
    """Read a scenario from a mapping or JSON text; bad input raises ``ValidationFailed``.

    Every problem becomes one sentence naming the field it concerns.

    Examples
    --------
    >>> parse_scenario({"name": "x", "organisations": ["o-1"]}).organisations
    ['o-1']
    >>> parse_scenario({"name": "x", "planets": ["Mars"]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.ValidationFailed: The scenario has 1 problem: ... planets: ...
    """
    try:
        if isinstance(data, str):
            return ScenarioSpec.model_validate_json(data)
        return ScenarioSpec.model_validate(dict(data))
    except ValidationError as exc:
        problems = [
            Problem("scenario", None, _where(tuple(e["loc"])), f"{e['msg']}.") for e in exc.errors()
        ]
        raise ValidationFailed(problems, what="scenario") from None


def extend_scenario(
    base: ScenarioSpec | None,
    *,
    countries: list[str | Mapping[str, Any]] | None = None,
    organisations: list[str] | None = None,
    facilities: list[str] | None = None,
    items: list[str] | None = None,
    adversary: bool = False,
    duration_days: float | None = None,
    open_ended: bool | None = None,
    horizon_days: float | None = None,
) -> ScenarioSpec:
    """``base`` (a preset, file or saved scenario; None for an empty one) with more
    removals and timing added: lists are appended, ``adversary`` switches the
    adversary removal on, ``duration_days`` or ``open_ended`` replace the timing.

    Country strings read ``"CN"`` (whole country) or ``"CN:mat-gallium,mat-germanium"``
    (an export ban). Bad input raises ``ValidationFailed``.

    Examples
    --------
    >>> s = extend_scenario(ScenarioSpec(name="p", countries=["CN"], open_ended=True),
    ...                     countries=["RU:mat-gallium"], adversary=True, duration_days=30)
    >>> [(c.code, c.items) for c in s.countries], s.adversary_policy, s.duration_days, s.open_ended
    ([('CN', None), ('RU', ['mat-gallium'])], True, 30.0, False)
    """
    data: dict[str, Any] = (base or ScenarioSpec()).model_dump(mode="json")
    for c in countries or ():
        if isinstance(c, str):
            code, _, scoped = c.partition(":")
            data["countries"].append(
                {"code": code, "items": [x for x in scoped.split(",") if x] if scoped else None}
            )
        else:
            data["countries"].append(dict(c))
    for key, extra in (
        ("organisations", organisations),
        ("facilities", facilities),
        ("items", items),
    ):
        data[key] += [x for x in extra or () if x not in data[key]]
    if adversary and data["adversary_policy"] is False:
        data["adversary_policy"] = True
    if duration_days is not None:
        data["duration_days"], data["open_ended"] = duration_days, False
    if open_ended:
        data["duration_days"], data["open_ended"] = None, True
    if duration_days is not None and open_ended:
        data["duration_days"] = duration_days  # both given: validation says so
    if horizon_days is not None:
        data["horizon_days"] = horizon_days
    return parse_scenario(data)
