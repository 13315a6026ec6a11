"""Time to survive and time to recover of lost items (after Simchi-Levi et al., 2015).

For every lost item ``i`` (children first; ``docs/scenarios.md`` has the long form):

- ``stock(i)``: days of supply of the available stockpiles of ``i`` (summed).
- Time to survive: ``TTS(i) = stock(i)`` when ``i`` is a root cause (removed or
  with no available qualified source); otherwise ``stock(i) + min TTS(c)`` over
  its lost children, since the stock of the inputs can still be turned into
  ``i`` while it lasts (all-of: the first input to run out stops ``i``).
- Time to recover: a root cause's own recovery is the quickest of its options:
  a lost qualified source coming back (the scenario's ``duration_days``, else
  the source's ``recovery_days``; never when open-ended) or an available
  unqualified candidate qualified (its ``recovery_days``, else the assumed
  ``qualification_days``). ``TTR(i)`` is the later of that and ``max TTR(c)``
  over lost children (all-of), and no later than switching to a substitute
  that is still producible (``substitution_days`` if qualified, else
  ``qualification_days``). No option at all gives ``math.inf``.

A platform is at risk when ``TTR > TTS``; ``TTR - TTS`` is its days at risk.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from graphmodel.analysis.index import NO_NODE, SupplyIndex
from graphmodel.scenarios.facts import Facts
from graphmodel.scenarios.model import ScenarioSpec
from graphmodel.scenarios.removal import Removal

__all__ = [
    "Assumptions",
    "Recovery",
    "Timing",
    "available_stock_days",
    "own_recovery",
    "stock_to_cover",
    "timing",
]


@dataclass(frozen=True)
class Assumptions:
    """The timing assumptions of a scenario."""

    qualification_days: float
    substitution_days: float

    @classmethod
    def of(cls, spec: ScenarioSpec) -> Assumptions:
        return cls(spec.qualification_days, spec.substitution_days)


@dataclass(frozen=True)
class Recovery:
    """How an item recovers: ``kind`` is restore, qualify, substitute, inputs or none.

    ``via`` is the source's organisation, the substitute, or (``inputs``) the
    child recovering last; ``waits_for`` a lost child that recovers later than
    the item's own option (``NO_NODE`` if none).
    """

    days: float
    kind: str
    via: int = NO_NODE
    facility: int = NO_NODE
    waits_for: int = NO_NODE


_NO_RECOVERY = Recovery(math.inf, "none")


@dataclass(eq=False)
class Timing:
    """Stock days, time to survive and time to recover per lost item."""

    stock: dict[int, float]
    survive: dict[int, float]
    recover: dict[int, Recovery]


def available_stock_days(facts: Facts, removal: Removal, i: int) -> float:
    """Days of supply of item ``i`` from stockpiles whose holder the scenario leaves.

    A stockpile is lost with its holder, with its holder's country (the holder
    itself when a country, else the organisation's registration) when that is
    removed, or under an export ban of that country on the item.
    """
    banned = removal.scoped.get(i)
    lost = removal.lost
    total = 0.0
    for s in facts.stocks(i):
        if s.holder_index in lost or s.holder_country in lost:
            continue
        if banned is not None and s.holder_country in banned:
            continue
        total += s.days
    return total


def own_recovery(facts: Facts, removal: Removal, i: int, assume: Assumptions) -> Recovery:
    """The quickest way root cause ``i`` gets a qualified source again (children aside)."""
    best = _NO_RECOVERY
    removed_item = i in removal.lost
    for s in facts.sources(i):
        gone = removed_item or removal.source_lost(i, s.organisation, s.facility, s.country)
        if s.qualified:
            if not gone:
                continue
            if removal.restore_days is not None:
                days = removal.restore_days
            else:
                days = s.recovery_days if s.recovery_days is not None else math.inf
            option = Recovery(days, "restore", s.organisation, s.facility)
        else:
            if gone:
                continue
            days = s.recovery_days if s.recovery_days is not None else assume.qualification_days
            option = Recovery(days, "qualify", s.organisation, s.facility)
        if option.days < best.days:
            best = option
    return best


def timing(
    ix: SupplyIndex,
    facts: Facts,
    removal: Removal,
    lost: Iterable[int],
    direct: set[int],
    producible: Callable[[int], bool],
    assume: Assumptions,
    stock_of: Callable[[int], float] | None = None,
) -> Timing:
    """TTS and TTR of every ``lost`` item (children first), per the module docstring.

    ``producible(i)`` tells whether item ``i`` is producible under the scenario
    (for substitutes); ``stock_of(i)`` overrides :func:`available_stock_days`
    (the stress test passes a precomputed form). ``lost`` must be closed
    downwards: every lost child of an item in it is in it too.
    """
    stock: dict[int, float] = {}
    survive: dict[int, float] = {}
    recover: dict[int, Recovery] = {}
    children = ix.children
    substitutes = facts.substitutes
    cached_subs = facts.cached_substitutes
    inf = math.inf
    for i in lost:
        days = stock_of(i) if stock_of is not None else available_stock_days(facts, removal, i)
        stock[i] = days
        if i in direct:
            survive[i] = days
            rec = own_recovery(facts, removal, i, assume)
            for c in children[i]:
                r = recover.get(c)
                if r is not None and r.days > rec.days:
                    rec = Recovery(r.days, rec.kind, rec.via, rec.facility, c)
        else:
            # One pass over the lost children: the first to run out bounds
            # survival, the last to recover bounds recovery (all-of).
            least, latest, last = inf, -1.0, NO_NODE
            for c in children[i]:
                r = recover.get(c)
                if r is None:
                    continue
                sc = survive[c]
                if sc < least:
                    least = sc
                if r.days > latest:
                    latest, last = r.days, c
            survive[i] = days + least
            rec = Recovery(latest, "inputs", last)
        subs = cached_subs.get(i)
        if subs is None:
            subs = substitutes(i)
        for s, qualified in subs:
            if producible(s):
                t = assume.substitution_days if qualified else assume.qualification_days
                if t < rec.days:
                    rec = Recovery(t, "substitute", s)
        recover[i] = rec
    return Timing(stock, survive, recover)


def stock_to_cover(
    ix: SupplyIndex, t: Timing, lost: list[int], direct: set[int], platform: int
) -> dict[int, float]:
    """Extra days of stock per root cause that lift the platform's TTS to its TTR.

    The platform's TTS is the least sum of stock days along a path of lost
    items from it down to a root cause; ``dist(r)`` is that least sum ending at
    ``r``, so ``TTR - dist(r)`` more days at each root cause ``r`` make every
    path last until the platform recovers (and no less would do for ``r``).
    Empty when the platform never recovers (no finite stock covers that).
    """
    ttr = t.recover[platform].days
    if math.isinf(ttr):
        return {}
    dist = {platform: t.stock[platform]}
    children = ix.children
    for i in reversed(lost):
        d = dist.get(i)
        if d is None or i in direct:
            continue
        for c in children[i]:
            if c in t.survive:
                nd = d + t.stock[c]
                if nd < dist.get(c, math.inf):
                    dist[c] = nd
    return {r: ttr - d for r, d in dist.items() if r in direct and ttr - d > 0}
