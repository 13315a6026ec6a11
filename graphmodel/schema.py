"""The supplynet data model, declared once as data.

Everything else is derived from these declarations: bundle validation, the
JSON Schema of the JSON bundle form, the load and export statements' field
lists, the NetworkX graph, and ``docs/model.md``.

Graph shape (all dependency edges point *upstream*, so "what does X depend
on" is "what is reachable from X along outgoing edges")::

    (:Item)-[:NEEDS {quantity}]->(:Item)                 bill of materials, ALL-OF
    (:Item)-[:SOURCED_FROM {facility, share, ...}]->(:Organisation)
                                                         sourcing, ANY-OF (qualified only)
    (:Item)-[:MADE_AT {supplier}]->(:Facility)           the facility of a source, if named
    (:Facility)-[:OPERATED_BY]->(:Organisation)
    (:Facility)-[:LOCATED_IN]->(:Country)
    (:Organisation)-[:REGISTERED_IN]->(:Country)
    (:Organisation)-[:OWNS {percentage, kind}]->(:Organisation)
    (:Organisation)-[:LISTED_ON {listed_on, reason}]->(:SanctionsList)
    (:Organisation)-[:SAME_AS {decision, score}]->(:Organisation)
                                                         a reviewed match of two records
    (:Stockpile)-[:STOCK_OF]->(:Item), (:Stockpile)-[:HELD_BY]->(:Organisation|:Country)
    (:Item)-[:SUBSTITUTED_BY {qualified}]->(:Item)
    (:Item)-[:PRODUCED_IN {share, stage, year, source}]->(:Country)

Identifiers: every node has a string ``id``. Countries use their ISO 3166-1
alpha-2 code as ``id`` (and ``code``). Organisation, facility and item ids
share one namespace (the analysis reports them side by side) and must not
collide with each other or with a country code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final, Literal

__all__ = [
    "ALLIED_GROUPS",
    "ALL_OF",
    "ANY_OF",
    "LABELS",
    "PROVENANCE",
    "RELATIONSHIPS",
    "TABLES",
    "Column",
    "ConcernLevel",
    "ItemKind",
    "MatchDecision",
    "OrgKind",
    "OwnershipKind",
    "Relationship",
    "Table",
    "table",
]


class ItemKind(StrEnum):
    PLATFORM = "platform"
    ASSEMBLY = "assembly"
    COMPONENT = "component"
    MATERIAL = "material"


class OrgKind(StrEnum):
    COMPANY = "company"
    GOVERNMENT = "government"
    PERSON = "person"
    OTHER = "other"


class OwnershipKind(StrEnum):
    EQUITY = "equity"
    VOTING = "voting"
    CONTROL = "control"


class MatchDecision(StrEnum):
    SAME = "same"
    NOT_SAME = "not_same"
    UNSURE = "unsure"


class ConcernLevel(StrEnum):
    NONE = "none"
    WATCH = "watch"
    ADVERSARY = "adversary"


#: Security-of-supply groups counted as "allied" by the concentration analysis.
ALLIED_GROUPS: Final = ("NATO", "SOSA", "NTIB", "RDP_MOU")

#: Node labels. ``SanctionsList`` and ``Stockpile`` nodes are created by the loader;
#: ``Scenario`` (saved what-if scenarios), ``Plan`` (saved plans), ``AnalysisRun`` and
#: ``MatchDecision`` (entity resolution review decisions, kept by ``load --replace``) by the
#: product itself.
LABELS: Final = (
    "Country",
    "Organisation",
    "Facility",
    "Item",
    "SanctionsList",
    "Stockpile",
    "Scenario",
    "Plan",
    "AnalysisRun",
    "MatchDecision",
)

ColType = Literal["str", "int", "float", "bool", "list", "date"]


@dataclass(frozen=True)
class Column:
    """One column of a bundle table."""

    name: str
    type: ColType = "str"
    required: bool = False
    default: object = None
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    #: Name of the table whose key this column references ("countries", "items", ...).
    ref: str | None = None
    #: Further tables the reference may also resolve to (stockpile holders).
    ref_also: tuple[str, ...] = ()
    #: Extra format check, implemented in graphmodel.bundle.validate.
    check: Literal["iso2", "lei", "cage", "nsn", "id"] | None = None
    description: str = ""


@dataclass(frozen=True)
class Table:
    """One bundle table (a CSV file, or an array in the JSON form)."""

    name: str
    columns: tuple[Column, ...]
    #: Columns that identify a row; duplicates are errors.
    key: tuple[str, ...]
    description: str
    required: bool = False
    #: The node label a row becomes, or None when the row becomes a relationship.
    label: str | None = None
    #: For relationship tables: the relationship type created from each row.
    relationship: str | None = None
    extra_columns_allowed: bool = True

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


@dataclass(frozen=True)
class Relationship:
    type: str
    start: str
    end: str
    semantics: str
    properties: tuple[str, ...] = field(default_factory=tuple)


#: Bill-of-materials semantics: a parent needs every child.
ALL_OF: Final = "NEEDS"
#: Sourcing semantics: any one qualified source suffices.
ANY_OF: Final = "SOURCED_FROM"

RELATIONSHIPS: Final = (
    Relationship(
        "NEEDS",
        "Item",
        "Item",
        "all-of: the parent needs every child",
        ("quantity", "sites"),
    ),
    Relationship(
        "SOURCED_FROM",
        "Item",
        "Organisation",
        "any-of: one available qualified source suffices; unqualified = candidate only",
        (
            "facility",
            "share",
            "qualified",
            "recovery_days",
            "capacity",
            "stock",
            "qualified_for",
        ),
    ),
    Relationship("MADE_AT", "Item", "Facility", "the facility a source produces at", ("supplier",)),
    Relationship("OPERATED_BY", "Facility", "Organisation", "facility operator"),
    Relationship("LOCATED_IN", "Facility", "Country", "facility location"),
    Relationship("REGISTERED_IN", "Organisation", "Country", "organisation's registration"),
    Relationship(
        "OWNS",
        "Organisation",
        "Organisation",
        "owner -> owned",
        ("percentage", "kind", "valid_from", "valid_to", "status"),
    ),
    Relationship(
        "LISTED_ON",
        "Organisation",
        "SanctionsList",
        "designation",
        ("listed_on", "reason", "delisted_on", "authority", "program"),
    ),
    Relationship(
        "SAME_AS",
        "Organisation",
        "Organisation",
        "a reviewed match: only decision = same links the two records in the analysis",
        ("decision", "score", "features", "decided_by", "decided_at"),
    ),
    Relationship("STOCK_OF", "Stockpile", "Item", "what the stockpile holds"),
    Relationship("HELD_BY", "Stockpile", "Organisation|Country", "who holds the stockpile"),
    Relationship("SUBSTITUTED_BY", "Item", "Item", "item -> substitute", ("qualified",)),
    Relationship(
        "PRODUCED_IN",
        "Item",
        "Country",
        "world production share of a material",
        ("share", "stage", "year", "source"),
    ),
)

_ITEM_KINDS = tuple(k.value for k in ItemKind)

#: Where a row came from; every importer fills these (``graphmodel.importers``).
PROVENANCE: Final = (
    Column("dataset", description="source dataset, e.g. gleif-lei, opensanctions, cyclonedx"),
    Column("source_file", description="name of the file the row was imported from"),
    Column("record_id", description="the record's own id in its source (LEI, FtM id, bom-ref)"),
    Column("retrieved_on", "date", description="when the source was retrieved"),
)
#: The validity period of a relationship; ended relationships are kept, not dropped.
PERIOD: Final = (
    Column("valid_from", "date", description="first day the relationship held"),
    Column("valid_to", "date", description="last day the relationship held (empty: still holds)"),
)

TABLES: Final[tuple[Table, ...]] = (
    Table(
        "countries",
        (
            Column("code", required=True, check="iso2", description="ISO 3166-1 alpha-2"),
            Column("name"),
            Column("groups", "list", default=(), description="';'-separated group names"),
            Column(
                "concern",
                enum=tuple(c.value for c in ConcernLevel),
                default="none",
                description="none | watch | adversary",
            ),
        ),
        key=("code",),
        description="Countries, their security-of-supply groups and level of concern.",
        label="Country",
    ),
    Table(
        "organisations",
        (
            Column("id", required=True, check="id"),
            Column("name", required=True),
            Column("kind", enum=tuple(k.value for k in OrgKind), default="company"),
            Column("country", ref="countries"),
            Column("lei", check="lei", description="ISO 17442 Legal Entity Identifier"),
            Column("cage", check="cage", description="CAGE / NCAGE code, 5 characters"),
            Column("aliases", "list", description="other names, ';'-separated"),
            Column(
                "identifiers",
                "list",
                description="other identifiers as scheme:value, ';'-separated (ogrn:..., uscc:...)",
            ),
            Column("status", description="registry status, e.g. ACTIVE, INACTIVE"),
            Column("address"),
            Column(
                "parent_exceptions",
                "list",
                description="GLEIF reporting exceptions, category:reason, ';'-separated",
            ),
            *PROVENANCE,
        ),
        key=("id",),
        description="Companies, governments, persons and other organisations.",
        label="Organisation",
    ),
    Table(
        "facilities",
        (
            Column("id", required=True, check="id"),
            Column("name", required=True),
            Column("operator", ref="organisations"),
            Column("country", ref="countries"),
            Column("lat", "float", minimum=-90, maximum=90),
            Column("lon", "float", minimum=-180, maximum=180),
            *PROVENANCE,
        ),
        key=("id",),
        description="Plants, mines, depots and other sites.",
        label="Facility",
    ),
    Table(
        "items",
        (
            Column("id", required=True, check="id"),
            Column("name", required=True),
            Column("kind", required=True, enum=_ITEM_KINDS),
            Column("nsn", check="nsn", description="NATO Stock Number, 13 digits"),
            Column("part_number", description="manufacturer part number"),
            Column(
                "identifiers", "list", description="other identifiers, ';'-separated (cpe, purl)"
            ),
            Column(
                "unit",
                description="unit the item is counted in (demand, capacity, stock, BOM quantity)",
            ),
            Column(
                "demand_per_day",
                "float",
                minimum=0,
                description="units per day the network must deliver (platforms; volume model)",
            ),
            Column(
                "priority",
                "float",
                minimum=0,
                description="weight of one unit of lost demand (a priority or unit value); "
                "absent = 1",
            ),
            *PROVENANCE,
        ),
        key=("id",),
        description="Platforms, assemblies, components and materials.",
        required=True,
        label="Item",
    ),
    Table(
        "bom",
        (
            Column("parent", required=True, ref="items"),
            Column("child", required=True, ref="items"),
            Column("quantity", "float", default=1.0, minimum=0),
            Column(
                "sites",
                "list",
                ref="organisations",
                ref_also=("facilities",),
                description="the parent's sites (supplier or facility ids) that use this line; "
                "empty = every site (site-specific recipes)",
            ),
            *PROVENANCE,
        ),
        key=("parent", "child"),
        description="Bill of materials: a parent needs every child (all-of).",
        relationship="NEEDS",
    ),
    Table(
        "sources",
        (
            Column("item", required=True, ref="items"),
            Column("supplier", required=True, ref="organisations"),
            Column("facility", ref="facilities"),
            Column("share", "float", minimum=0, maximum=1),
            Column("qualified", "bool", default=True),
            Column("recovery_days", "float", minimum=0),
            Column(
                "capacity",
                "float",
                minimum=0,
                description="units of the item this site can produce per day; absent = unlimited",
            ),
            Column(
                "stock",
                "float",
                minimum=0,
                description="units of the item held at this site (inventory of its output)",
            ),
            Column(
                "qualified_for",
                "list",
                ref="items",
                ref_also=("organisations", "facilities"),
                description="buyers this source may serve: parent item ids, or the supplier or "
                "facility ids of the sites making them; empty = every buyer",
            ),
            *PROVENANCE,
        ),
        key=("item", "supplier", "facility"),
        description="Who can supply an item: any one qualified source suffices (any-of).",
        relationship="SOURCED_FROM",
    ),
    Table(
        "ownership",
        (
            Column("owner", required=True, ref="organisations"),
            Column("owned", required=True, ref="organisations"),
            Column("percentage", "float", required=True, minimum=0, maximum=100),
            Column("kind", enum=tuple(k.value for k in OwnershipKind), default="equity"),
            *PERIOD,
            Column("status", description="source status of the relationship, e.g. INACTIVE"),
            *PROVENANCE,
        ),
        key=("owner", "owned", "kind"),
        description="Ownership and control between organisations.",
        relationship="OWNS",
    ),
    Table(
        "designations",
        (
            Column("entity", required=True, ref="organisations"),
            Column("list", required=True, description="e.g. US-OFAC-SDN, US-BIS-ENTITY"),
            Column("listed_on", "date"),
            Column("reason"),
            Column("delisted_on", "date", description="when the entity was removed from the list"),
            Column("authority", description="the authority that listed it"),
            Column("program", description="the sanctions programme"),
            *PROVENANCE,
        ),
        key=("entity", "list"),
        description="Designations on sanctions and entity lists.",
        relationship="LISTED_ON",
    ),
    Table(
        "stockpiles",
        (
            Column("item", required=True, ref="items"),
            Column("holder", required=True, ref="organisations", ref_also=("countries",)),
            Column("quantity", "float", minimum=0),
            Column("consumption_per_day", "float", minimum=0),
            Column("days_of_supply", "float", minimum=0),
        ),
        key=("item", "holder"),
        description="Stocks of an item held by an organisation or a country.",
        label="Stockpile",
    ),
    Table(
        "substitutes",
        (
            Column("item", required=True, ref="items"),
            Column("substitute", required=True, ref="items"),
            Column("qualified", "bool", default=True),
        ),
        key=("item", "substitute"),
        description="Items that can replace another item.",
        relationship="SUBSTITUTED_BY",
    ),
    Table(
        "production",
        (
            Column("material", required=True, ref="items"),
            Column("country", required=True, ref="countries"),
            Column("share", "float", required=True, minimum=0, maximum=1),
            Column("stage", default="mine"),
            Column("year", "int"),
            Column("source", description="citation"),
        ),
        key=("material", "country", "stage", "year"),
        description="World production shares of materials by country.",
        relationship="PRODUCED_IN",
    ),
    Table(
        "matches",
        (
            Column("left", required=True, ref="organisations"),
            Column("right", required=True, ref="organisations"),
            Column(
                "decision",
                required=True,
                enum=tuple(d.value for d in MatchDecision),
                description="same | not_same | unsure",
            ),
            Column("score", "float", minimum=0, maximum=1),
            Column("features", description="what produced the score, as JSON"),
            Column("decided_by"),
            Column("decided_at", description="ISO 8601 time of the decision"),
        ),
        key=("left", "right"),
        description="Reviewed entity-resolution decisions; same links the two records.",
        relationship="SAME_AS",
    ),
)

_BY_NAME: Final = {t.name: t for t in TABLES}


def table(name: str) -> Table:
    """Return the table declaration called ``name``.

    Examples
    --------
    >>> table("bom").relationship
    'NEEDS'
    >>> table("items").required
    True
    """
    return _BY_NAME[name]
