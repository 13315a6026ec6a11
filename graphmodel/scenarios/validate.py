"""Checks a scenario against the graph: every id it names must exist with the right label."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from graphmodel.errors import Problem, ValidationFailed
from graphmodel.scenarios.model import ScenarioSpec

__all__ = ["scenario_problems", "validate_scenario"]

_LABEL_OF_FIELD = {
    "organisations": ("Organisation", "an organisation"),
    "facilities": ("Facility", "a facility"),
    "items": ("Item", "an item"),
}


def _has(G: nx.MultiDiGraph, node: str, label: str) -> bool:
    return node in G and G.nodes[node].get("label") == label


def scenario_problems(G: nx.MultiDiGraph, spec: ScenarioSpec) -> list[Problem]:
    """Every problem of ``spec`` against ``G``, one sentence each (empty when fine)."""
    problems: list[Problem] = []

    def add(column: str, message: str) -> None:
        problems.append(Problem("scenario", None, column, message))

    if spec.is_empty():
        add(
            "scenario",
            "The scenario removes nothing; name at least one country, organisation, "
            "facility or item, or set adversary_policy.",
        )
    for k, country in enumerate(spec.countries):
        if not _has(G, country.code, "Country"):
            add(f"countries[{k}].code", f"{country.code!r} is not a country in the graph.")
        if country.items is None:
            continue
        if not country.items:
            add(
                f"countries[{k}].items",
                "An empty item list bans nothing; leave items out to remove the whole country.",
            )
        for j, item in enumerate(country.items):
            if not _has(G, item, "Item"):
                add(
                    f"countries[{k}].items[{j}]",
                    f"{item!r} is not a material or other item in the graph.",
                )
    for field, (label, what) in _LABEL_OF_FIELD.items():
        for k, node in enumerate(getattr(spec, field)):
            if not _has(G, node, label):
                add(f"{field}[{k}]", f"{node!r} is not {what} in the graph.")
    if isinstance(spec.adversary_policy, str) and not Path(spec.adversary_policy).is_file():
        add("adversary_policy", f"The policy file {spec.adversary_policy!r} does not exist.")
    if spec.open_ended and spec.duration_days is not None:
        add("duration_days", "A scenario cannot be both open-ended and last duration_days.")
    return problems


def validate_scenario(G: nx.MultiDiGraph, spec: ScenarioSpec) -> None:
    """Raise ``ValidationFailed`` (status 422) listing every problem of ``spec`` against ``G``.

    Examples
    --------
    >>> from graphmodel.nxgraph import graph_from_tables
    >>> G = graph_from_tables({"items": [{"id": "M", "name": "M", "kind": "material"}],
    ...                        "countries": [{"code": "CN"}]})
    >>> validate_scenario(G, ScenarioSpec(countries=[{"code": "CN", "items": ["M"]}]))
    >>> validate_scenario(G, ScenarioSpec(organisations=["nobody"]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphmodel.errors.ValidationFailed: ... 'nobody' is not an organisation in the graph.
    """
    problems = scenario_problems(G, spec)
    if problems:
        raise ValidationFailed(problems, what="scenario")
