"""Response and request models, named by role: ``XBase`` (shared fields),
``XPublic`` (what a client reads), ``XCreate`` (what a client sends),
``XPage`` (one page of a list)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AdHocQuery",
    "AdversaryLinkPage",
    "AdversaryLinkPublic",
    "AnalysisRunPublic",
    "AuditEntryPublic",
    "AuditPage",
    "ConcentrationPublic",
    "CountryPage",
    "CountryPublic",
    "DataGapPublic",
    "DependencyPage",
    "DependencyPublic",
    "FacilityPage",
    "FacilityPublic",
    "FeasibilityPublic",
    "HealthPublic",
    "ImportReportPublic",
    "ItemPage",
    "ItemPublic",
    "KeyCreate",
    "KeyCreatedPublic",
    "KeyPublic",
    "NamedQueryPublic",
    "NamedQueryRun",
    "NamedRefPublic",
    "NodeKind",
    "NodeRefPublic",
    "OrganisationPage",
    "OrganisationPublic",
    "OverviewPublic",
    "PageBase",
    "PathPublic",
    "PathsPublic",
    "PlatformAnalysisPublic",
    "PlatformPage",
    "PlatformRiskPublic",
    "PresetPublic",
    "QueryResultPublic",
    "ReasonPublic",
    "SavedScenarioPublic",
    "ScenarioResultPublic",
    "ScenarioSavedPublic",
    "SearchHitPublic",
    "SearchPublic",
    "SoleSourceItemPublic",
    "SoleSourcePublic",
    "SpofPublic",
    "StressTestPublic",
    "TreeNodePublic",
    "TreePublic",
    "WhereUsedPage",
]

NodeKind = Literal["item", "organisation", "facility", "country"]
LABEL_OF_KIND: dict[str, str] = {
    "item": "Item",
    "organisation": "Organisation",
    "facility": "Facility",
    "country": "Country",
}


class PageBase(BaseModel):
    """Offset pagination: ``total`` matching rows, this page's ``limit`` and ``offset``."""

    total: int = Field(ge=0)
    limit: int = Field(ge=0)
    offset: int = Field(ge=0)


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    store: Literal["ok", "unreachable"]
    version: str


# ------------------------------------------------------------------ look-ups


class NodeBase(BaseModel):
    id: str
    name: str | None = None
    #: Every stored property, including analysis results (``analysis_*``).
    properties: dict[str, Any] = Field(default_factory=dict)


class ItemPublic(NodeBase):
    kind: str | None = None
    nsn: str | None = None


class OrganisationPublic(NodeBase):
    kind: str | None = None
    country: str | None = None
    lei: str | None = None
    cage: str | None = None


class FacilityPublic(NodeBase):
    country: str | None = None
    operator: str | None = None


class CountryPublic(NodeBase):
    groups: list[str] = Field(default_factory=list)
    concern: str | None = None


class ItemPage(PageBase):
    items: list[ItemPublic]


class OrganisationPage(PageBase):
    items: list[OrganisationPublic]


class FacilityPage(PageBase):
    items: list[FacilityPublic]


class CountryPage(PageBase):
    items: list[CountryPublic]


# -------------------------------------------------------------- dependencies


class SearchHitPublic(BaseModel):
    id: str
    name: str | None = None
    kind: NodeKind
    detail: str | None = Field(default=None, description="Item or organisation kind")
    country: str | None = Field(default=None, description="Where it is registered or located")
    matched: Literal["id", "lei", "cage", "nsn", "name", "country"] = Field(
        description="What matched the query"
    )
    score: float = Field(description="Higher is better; whole identifiers score 200")


class SearchPublic(BaseModel):
    query: str
    items: list[SearchHitPublic]


class NodeRefPublic(BaseModel):
    id: str
    label: str
    name: str | None = None
    kind: str | None = None
    country: str | None = None


class PlatformPage(PageBase):
    items: list[NodeRefPublic]


class DependencyPublic(NodeRefPublic):
    tier: int = Field(ge=0)
    adversary_linked: bool | None = Field(
        default=None, description="From the last analysis; null when no analysis has run"
    )


class DependencyPage(PageBase):
    platform: str
    max_tier_present: int = Field(ge=0, description="Deepest tier of the platform")
    items: list[DependencyPublic]


class TreeNodePublic(BaseModel):
    id: str
    label: str
    name: str | None = None
    kind: str | None = None
    tier: int = Field(ge=0)
    via: str | None = Field(default=None, description="Relationship type from the parent")
    repeated: bool = Field(
        default=False, description="Already shown elsewhere in the tree; children omitted"
    )
    children: list[TreeNodePublic] = Field(default_factory=list)


class TreePublic(BaseModel):
    platform: str
    node_count: int
    truncated: bool
    root: TreeNodePublic


class PathPublic(BaseModel):
    nodes: list[NodeRefPublic]
    relationships: list[str]


class PathsPublic(BaseModel):
    platform: str
    target: str
    paths: list[PathPublic]


class WhereUsedPublic(NodeRefPublic):
    distance: int = Field(
        ge=0,
        description="The target's tier below this item (as in the item's dependency listing): "
        "0 when one of the item's own qualified sources is, or sits in, the target",
    )


class WhereUsedPage(PageBase):
    node: str
    platforms: list[NodeRefPublic] = Field(
        description="Every platform that depends on the node, with its name"
    )
    items: list[WhereUsedPublic]


# ------------------------------------------------------------------ analysis


class AnalysisRunPublic(BaseModel):
    available: bool
    started_at: str | None = None
    finished_at: str | None = None
    platform: str | None = Field(default=None, description="Only this platform was analysed")
    platforms: list[str] = Field(default_factory=list)
    actor: str | None = None


class _Open(BaseModel):
    # The analysis may add evidence members; they pass through unchanged.
    model_config = ConfigDict(extra="allow")


class NamedRefPublic(BaseModel):
    """An id with its name and kind, as every id in an analysis answer is given."""

    id: str
    name: str | None = Field(default=None, description="Null when the graph has no such node")
    kind: Literal["item", "organisation", "facility", "country", "list"] | None = None


class Order1Public(_Open):
    organisations: list[NamedRefPublic] = Field(default_factory=list)
    facilities: list[NamedRefPublic] = Field(default_factory=list)
    countries: list[NamedRefPublic] = Field(default_factory=list)
    items: list[NamedRefPublic] = Field(default_factory=list)


class SpofPublic(_Open):
    platform: NamedRefPublic
    order1: Order1Public
    order2: list[list[NamedRefPublic]] = Field(default_factory=list)


class SoleSourceItemPublic(BaseModel):
    item: NamedRefPublic
    supplier: NamedRefPublic | None = Field(description="The one qualified source")
    facility: NamedRefPublic | None = None
    country: NamedRefPublic | None = None
    path: list[NamedRefPublic] = Field(description="From the platform down to the item")


class DataGapPublic(BaseModel):
    item: NamedRefPublic
    missing: Literal["source", "qualified_source"] = Field(
        description="source: no supplier recorded; qualified_source: none of the recorded "
        "suppliers is qualified"
    )
    detail: str = Field(description="What is missing and how to fill it")
    path: list[NamedRefPublic]


class SoleSourcePublic(BaseModel):
    platform: NamedRefPublic
    sole_source_items: list[SoleSourceItemPublic]
    data_gaps: list[DataGapPublic]


class FeasibilityPublic(_Open):
    platform: NamedRefPublic
    feasible: bool | None = None
    blocking_items: list[NamedRefPublic] = Field(default_factory=list)


class ConcentrationPublic(BaseModel):
    platform: NamedRefPublic
    concentration: dict[str, Any] = Field(
        default_factory=dict,
        description="Per item: node, sources, supplier and country HHI, country_shares "
        "[{node, share}], concern_share and the shares from adversary-owned suppliers",
    )


class PlatformAnalysisPublic(_Open):
    platform: str


class ReasonPublic(_Open):
    kind: str = Field(description="registration, location, designation, ofac_50, ...")
    text: str = Field(description="The reason as a sentence, names beside ids")
    path: list[NamedRefPublic] = Field(default_factory=list, description="The evidence path")


class AdversaryLinkPublic(BaseModel):
    id: str
    label: str | None = None
    name: str | None = None
    kind: str | None = None
    country: NamedRefPublic | None = None
    adversary_linked: bool
    reasons: list[ReasonPublic] = Field(
        description="Why: kind, level, percentage and the evidence path of each reason"
    )


class AdversaryLinkPage(PageBase):
    items: list[AdversaryLinkPublic]


# --------------------------------------------------------------- imports


class ImportReportPublic(BaseModel):
    replace: bool
    counts: dict[str, int] = Field(default_factory=dict)
    nodes: int | None = None
    relationships: int | None = None
    seconds: float | None = None
    snapshot: dict[str, Any] | None = Field(
        None,
        description="The load kept as a snapshot run (its analysis): {id, previous, summary} "
        "with the changes since the previous run (GET /v1/runs/{previous}/diff/{id}), or "
        "{error}; null when SUPPLYNET_SNAPSHOT_LOADS is false",
    )


class SourceImportPublic(ImportReportPublic):
    """An import of registry, sanctions, BOM or supplier-list files (``/v1/imports/{kind}``)."""

    kind: str
    notes: list[str] = Field(default_factory=list, description="What was merged or left out")
    warnings: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Records kept in another form or skipped (e.g. a GLEIF parent outside the "
        "files, kept as a stub), each as {file, line, column, message}",
    )


# ------------------------------------------------------------------ cypher


class NamedQueryPublic(BaseModel):
    name: str
    group: Literal["library", "internal"] = Field(
        description="library: curated analyst queries; internal: supplynet's own statements"
    )
    description: str
    params: list[str]
    mode: Literal["read", "write", "autocommit"]
    runnable: bool = Field(description="Read-mode statements can be run through the API")
    example: dict[str, Any] = Field(default_factory=dict)
    text: str


class NamedQueryRun(BaseModel):
    params: dict[str, Any] = Field(default_factory=dict)


class AdHocQuery(BaseModel):
    statement: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class QueryResultPublic(BaseModel):
    columns: list[str]
    rows: list[dict[str, Any]] = Field(
        description="Nodes as {type: node, labels, id, properties}; relationships as "
        "{type: relationship, rel_type, start, end, properties} (endpoints by id); paths as "
        "{type: path, nodes, relationships}; the same on both stores"
    )
    row_count: int
    truncated: bool = Field(
        description="The reply was cut at the row cap or the byte cap; the rest was never read"
    )
    truncated_by: Literal["rows", "bytes"] | None = Field(
        None, description="Which cap cut the reply, when it was cut"
    )


# ------------------------------------------------------------------- admin


class KeyCreate(BaseModel):
    role: Literal["viewer", "analyst", "editor", "admin"]
    note: str = Field(default="", max_length=500)


class KeyPublic(BaseModel):
    id: str
    role: str
    note: str
    created_at: str
    revoked_at: str | None = None


class KeyCreatedPublic(KeyPublic):
    secret: str = Field(description="Shown once; only its hash is stored")


class AuditEntryPublic(BaseModel):
    seq: int
    at: str
    actor: str
    action: str
    target: str
    outcome: str
    detail: dict[str, Any]


class AuditPage(PageBase):
    items: list[AuditEntryPublic]


# ------------------------------------------------------------------- views


class OverviewAnalysisPublic(BaseModel):
    sources: list[Literal["latest", "on-demand"]] = Field(
        description="Where the figures come from: the last analysis run, or an analysis "
        "of the current graph computed on demand (no run covers the platform)"
    )
    finished_at: str | None = Field(default=None, description="When the last run finished")


class PlatformRiskPublic(BaseModel):
    id: str
    name: str | None = None
    analysed: bool = Field(description="False when the analysis has no entry for the platform")
    spof_order1: dict[str, int] | None = Field(
        default=None,
        description="Order-1 single points of failure by kind: organisations, facilities, "
        "countries",
    )
    spof_order1_count: int | None = Field(
        default=None,
        description="Organisations, facilities and countries whose loss alone stops the platform",
    )
    spof_order1_items: int | None = Field(
        default=None, description="Items whose loss alone stops the platform"
    )
    adversary_free: bool | None = Field(
        default=None, description="Can the platform be built without adversary-linked sources?"
    )
    sole_source_count: int | None = None
    data_gap_count: int | None = None


class OverviewPublic(BaseModel):
    analysis: OverviewAnalysisPublic
    platforms: list[PlatformRiskPublic]


# --------------------------------------------------------------- scenarios


class ScenarioResultPublic(_Open):
    """The result of ``graphmodel.scenarios.run_scenario`` (docs/scenarios.md); every id
    outside ``scenario`` (the scenario as run) and ``assumptions`` comes as
    {id, name, kind}."""

    scenario: dict[str, Any] = Field(description="The scenario as run")
    removed: Any = Field(description="What the scenario took out")
    summary: dict[str, Any]
    platforms_lost: list[dict[str, Any]] = Field(
        description="The platforms that cannot be made, each as {id, name, kind}"
    )
    platforms: list[dict[str, Any]] = Field(
        description="Per lost platform: time to survive and to recover, at risk, lost items"
    )
    items_lost: list[dict[str, Any]]
    mitigations: list[dict[str, Any]]
    degraded_items: Any = None
    assumptions: dict[str, Any]
    volume: dict[str, Any] | None = Field(
        None,
        description="The volume (TTS/TTR linear programming) result: network and per-platform "
        "time to survive, baseline, time to recover, lost volume, item lost shares, "
        "bottlenecks, export-ban remaining sources, mitigations; or computed: false with "
        "the reason (docs/scenarios.md)",
    )


class ScenarioAdditions(BaseModel):
    """What to add to a preset before running it (as ``supplynet scenario run --preset``)."""

    model_config = ConfigDict(extra="forbid")

    countries: list[str | dict[str, Any]] = Field(
        default_factory=list,
        description='More countries: "CN", "CN:mat-gallium,mat-germanium" or a CountryRemoval',
    )
    organisations: list[str] = Field(default_factory=list)
    facilities: list[str] = Field(default_factory=list)
    items: list[str] = Field(default_factory=list)
    adversary: bool = Field(False, description="Also remove every adversary-linked node")
    duration_days: float | None = Field(None, ge=0, description="Replace the preset's timing")
    open_ended: bool | None = Field(None, description="Replace the preset's timing")
    horizon_days: float | None = Field(None, gt=0, description="Volume model horizon cap")


class PresetPublic(BaseModel):
    name: str
    description: str
    sources: list[str] = Field(description="Public facts the preset rests on")
    spec: dict[str, Any] = Field(description="The scenario specification (ScenarioSpec)")


class SavedScenarioPublic(BaseModel):
    name: str
    description: str = ""
    created_at: str | None = None
    updated_at: str | None = None
    spec: dict[str, Any] = Field(description="The scenario specification (ScenarioSpec)")


class ScenarioSavedPublic(BaseModel):
    id: str
    name: str
    created_at: str | None = None
    updated_at: str | None = None


class StressTestPublic(_Open):
    """The result of ``graphmodel.scenarios.stress_test`` for one platform; every id in it
    (platform, ranking rows, lost platforms, root causes) as {id, name, kind}."""

    platform: dict[str, Any] = Field(description="The platform, as {id, name, kind}")
    scenarios: int = Field(description="Single-node scenarios run")
    with_impact: int = Field(description="Scenarios that lose at least one item")
    ranking: list[dict[str, Any]] = Field(
        description="Most damaging first: node, platforms lost, items lost, days at risk"
    )
    volume: dict[str, Any] | None = Field(
        None,
        description="The volume stress test (graphmodel.scenarios.volume_stress): ranking by "
        "weighted lost volume and time to survive, or computed: false with the reason",
    )
