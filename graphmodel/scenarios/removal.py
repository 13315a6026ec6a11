"""What a scenario removes, resolved to :class:`SupplyIndex` indices, and producibility
under it: the scoped-ban extension of :mod:`graphmodel.analysis.producibility`.

A scenario's removal has two parts:

- ``lost``: nodes removed outright (items, organisations, facilities, whole
  countries, adversary-linked nodes). A qualified source is lost when its
  organisation, facility or country is in ``lost`` (the analysis core's rule).
- ``scoped``: export bans, item -> countries banned for that item's sources. A
  qualified source of item ``i`` is lost as well when its country (facility's
  where named, else the organisation's) is banned for ``i``.

Without scoped bans :func:`producible_flags` equals
:func:`graphmodel.analysis.producibility.producibility` (tested).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import networkx as nx

from graphmodel.analysis.index import ITEM, SupplyIndex
from graphmodel.analysis.policy import Policy, load_policy
from graphmodel.scenarios.model import ScenarioSpec

__all__ = ["Outcome", "Removal", "evaluate", "locally_available", "producible_flags", "resolve"]

_NONE: frozenset[int] = frozenset()


@dataclass(frozen=True, eq=False)
class Removal:
    """A scenario's removal as indices (see the module docstring).

    Attributes
    ----------
    lost : frozenset[int]
        Nodes removed outright.
    scoped : Mapping[int, frozenset[int]]
        Item -> countries whose sources of that item are lost (export bans).
    why : Mapping[int, str]
        Why each node of ``lost`` is removed, for explanations.
    restore_days : float or None
        When removed sources come back: ``None`` means after each source's own
        ``recovery_days``; ``math.inf`` means never (open-ended).
    whole_countries : frozenset[int]
        Countries removed outright (their stockpiles go with them).
    adversary_linked : tuple[str, ...]
        Ids removed because a policy found them adversary-linked.
    """

    lost: frozenset[int]
    scoped: Mapping[int, frozenset[int]] = field(default_factory=dict)
    why: Mapping[int, str] = field(default_factory=dict)
    restore_days: float | None = None
    whole_countries: frozenset[int] = _NONE
    adversary_linked: tuple[str, ...] = ()

    def source_lost(self, item: int, o: int, f: int, c: int) -> bool:
        """Whether the source ``(o, f, c)`` of ``item`` is unavailable."""
        lost = self.lost
        if o in lost or f in lost or c in lost:
            return True
        banned = self.scoped.get(item)
        return banned is not None and c in banned

    def why_source_lost(self, item: int, o: int, f: int, c: int, ids: list[str]) -> list[str]:
        """One phrase per reason the source ``(o, f, c)`` of ``item`` is unavailable."""
        out = [f"{self.why.get(x, 'removed')} {ids[x]}" for x in (o, f, c) if x in self.lost]
        banned = self.scoped.get(item)
        if banned is not None and c in banned:
            out.append(f"export ban of {ids[c]} on {ids[item]}")
        return out


def resolve(
    G: nx.MultiDiGraph, ix: SupplyIndex, spec: ScenarioSpec, policy: Policy | None = None
) -> Removal:
    """The removal ``spec`` describes on ``G``; ``policy`` overrides ``spec.adversary_policy``.

    Ids that are not in the graph are ignored here; :func:`validate_scenario`
    reports them.
    """
    pos = ix.pos
    why: dict[int, str] = {}
    whole: set[int] = set()
    scoped: dict[int, set[int]] = {}
    for country in spec.countries:
        c = pos.get(country.code)
        if c is None:
            continue
        if country.items is None:
            whole.add(c)
            why[c] = "removed country"
            continue
        for item in country.items:
            if item in pos:
                scoped.setdefault(pos[item], set()).add(c)
    for ids, what in (
        (spec.organisations, "removed organisation"),
        (spec.facilities, "removed facility"),
        (spec.items, "removed item"),
    ):
        for x in ids:
            if x in pos:
                why[pos[x]] = what
    linked: list[str] = []
    if spec.adversary_policy is not False or policy is not None:
        from graphmodel.analysis.adversary import adversary_links, linked_set

        if policy is None:
            path = spec.adversary_policy if isinstance(spec.adversary_policy, str) else None
            policy = load_policy(path)
        linked = sorted(linked_set(adversary_links(G, policy)))
        for x in linked:
            if x in pos:
                why.setdefault(pos[x], "adversary-linked")
    if spec.open_ended:
        restore: float | None = math.inf
    else:
        restore = spec.duration_days
    return Removal(
        lost=frozenset(why),
        scoped={i: frozenset(cs) for i, cs in scoped.items()},
        why=why,
        restore_days=restore,
        whole_countries=frozenset(whole),
        adversary_linked=tuple(linked),
    )


def locally_available(ix: SupplyIndex, i: int, removal: Removal, gaps_unavailable: bool) -> bool:
    """Item ``i`` is not removed and has an available qualified source (or is a data gap)."""
    if i in removal.lost:
        return False
    q = ix.qualified[i]
    if not q:
        return not ix.has_source[i] and not gaps_unavailable
    return any(not removal.source_lost(i, q[k], q[k + 1], q[k + 2]) for k in range(0, len(q), 3))


def producible_flags(ix: SupplyIndex, removal: Removal, gaps_unavailable: bool) -> bytearray:
    """1 per producible item under ``removal`` (least fixed point, as the analysis core)."""
    ok = bytearray(len(ix.ids))
    children = ix.children
    if not removal.lost and not removal.scoped:
        local = ix.available(_NONE, gaps_unavailable)
        for i in ix.topo:
            if local[i] and all(ok[c] for c in children[i]):
                ok[i] = 1
        return ok
    for i in ix.topo:
        if all(ok[c] for c in children[i]) and locally_available(ix, i, removal, gaps_unavailable):
            ok[i] = 1
    return ok


@dataclass(eq=False)
class Outcome:
    """Items lost by a scenario.

    Attributes
    ----------
    base_ok, ok : bytearray
        Producible before and under the scenario, per index.
    lost : list[int]
        Items producible before and not under the scenario, children first.
    direct : set[int]
        Lost items that are themselves removed or have no available qualified
        source (the root causes); every other lost item lost a child.
    """

    base_ok: bytearray
    ok: bytearray
    lost: list[int]
    direct: set[int]


def evaluate(
    ix: SupplyIndex,
    removal: Removal,
    gaps_unavailable: bool = False,
    base_ok: bytearray | None = None,
) -> Outcome:
    """Producibility before and under ``removal`` and the items it loses."""
    base = (
        base_ok if base_ok is not None else producible_flags(ix, Removal(_NONE), gaps_unavailable)
    )
    ok = producible_flags(ix, removal, gaps_unavailable)
    kind = ix.kind
    lost = [i for i in ix.topo if base[i] and not ok[i] and kind[i] == ITEM]
    direct = {i for i in lost if not locally_available(ix, i, removal, gaps_unavailable)}
    return Outcome(base, ok, lost, direct)
