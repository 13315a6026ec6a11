"""Mitigations of a scenario's losses, ranked and explained.

Per lost item, the options in rank order (``docs/scenarios.md``):

1. ``qualify_candidate``: an unqualified source of a root-cause item that lies
   outside the removed set (time: its ``recovery_days``, else the assumed
   ``qualification_days``);
2. ``qualified_substitute``: a qualified substitute still producible
   (``substitution_days``);
3. ``substitute_to_qualify``: an unqualified substitute still producible
   (``qualification_days``);
4. ``stockpile``: the extra days of stock of a root cause that would cover the
   gap between a platform's time to recover and its time to survive.

Within a kind, sources in allied countries (:data:`graphmodel.schema.ALLIED_GROUPS`)
come before others, then the quicker option, then the one in more allied groups. Qualified
sources outside the removed set cannot exist for a lost item (one would keep it
available), so they are reported for *degraded* items instead: items still
available that lost some qualified sources (:func:`degraded_items`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from graphmodel.analysis.index import NO_NODE, SupplyIndex
from graphmodel.scenarios.facts import Facts, Source
from graphmodel.scenarios.removal import Removal
from graphmodel.scenarios.survive import Assumptions, Timing

__all__ = ["KIND_RANK", "degraded_items", "mitigations"]

KIND_RANK: Mapping[str, int] = {
    "qualify_candidate": 1,
    "qualified_substitute": 2,
    "substitute_to_qualify": 3,
    "stockpile": 4,
}


def _days(x: float) -> float | None:
    return None if math.isinf(x) else round(x, 2)


def source_entry(ix: SupplyIndex, facts: Facts, s: Source) -> dict[str, Any]:
    """A source as JSON-ready data with its country's allied groups."""
    ids = ix.ids
    groups = facts.allied_groups(s.country)
    return {
        "organisation": ids[s.organisation],
        "facility": ids[s.facility] if s.facility != NO_NODE else None,
        "country": ids[s.country] if s.country != NO_NODE else None,
        "allied_groups": groups,
        "recovery_days": s.recovery_days,
        "share": s.share,
    }


def _where(e: Mapping[str, Any]) -> str:
    at = str(e["organisation"])
    if e["facility"]:
        at += f" at {e['facility']}"
    if e["country"]:
        at += f" ({e['country']})"
    return at


def _allied_text(groups: list[str]) -> str:
    return f"allied ({', '.join(groups)})" if groups else "not in an allied group"


def _options(
    ix: SupplyIndex,
    facts: Facts,
    removal: Removal,
    i: int,
    direct: bool,
    producible: Callable[[int], bool],
    assume: Assumptions,
) -> list[dict[str, Any]]:
    ids = ix.ids
    item = ids[i]
    out: list[dict[str, Any]] = []
    if direct and i not in removal.lost:
        for s in facts.sources(i):
            if s.qualified or removal.source_lost(i, s.organisation, s.facility, s.country):
                continue
            e = source_entry(ix, facts, s)
            basis = "its recovery_days" if s.recovery_days is not None else "qualification_days"
            t = s.recovery_days if s.recovery_days is not None else assume.qualification_days
            out.append(
                {
                    "kind": "qualify_candidate",
                    **e,
                    "time_days": t,
                    "explanation": f"Qualify {_where(e)} as a source of {item}: it lies outside "
                    f"the removed set and is {_allied_text(e['allied_groups'])}; about {t:g} "
                    f"days ({basis}).",
                }
            )
    for sub, qualified in facts.substitutes(i):
        if not producible(sub):
            continue
        t = assume.substitution_days if qualified else assume.qualification_days
        kind = "qualified_substitute" if qualified else "substitute_to_qualify"
        verb = "Switch to the qualified substitute" if qualified else "Qualify the substitute"
        basis = "substitution_days" if qualified else "qualification_days"
        out.append(
            {
                "kind": kind,
                "substitute": ids[sub],
                "allied_groups": [],
                "time_days": t,
                "explanation": f"{verb} {ids[sub]} for {item}; it is still producible; "
                f"about {t:g} days ({basis}).",
            }
        )
    return out


def mitigations(
    ix: SupplyIndex,
    facts: Facts,
    removal: Removal,
    t: Timing,
    direct: set[int],
    producible: Callable[[int], bool],
    assume: Assumptions,
    affected: Mapping[int, list[int]],
    cover: Mapping[int, Mapping[int, float]],
) -> list[dict[str, Any]]:
    """Ranked mitigations per lost item (module docstring).

    Parameters
    ----------
    affected : mapping
        Lost item -> the lost platforms whose bill of materials holds it.
    cover : mapping
        Platform -> (root cause -> extra stock days to cover its gap), from
        :func:`graphmodel.scenarios.survive.stock_to_cover`.

    Returns
    -------
    list of dict
        ``{"item", "root_cause", "platforms", "options": [{"rank", "kind",
        "time_days", "beats_survival", "explanation", ...}]}``, items that stop
        the most platforms first; items without any option are left out.
    """
    ids = ix.ids
    need: dict[int, list[tuple[float, int]]] = {}
    for p, per_root in cover.items():
        for r, days in per_root.items():
            need.setdefault(r, []).append((days, p))
    blocks: list[dict[str, Any]] = []
    for i in t.recover:
        options = _options(ix, facts, removal, i, i in direct, producible, assume)
        if i in need:
            days, p = max(need[i])
            rates = [s.consumption_per_day for s in facts.stocks(i) if s.consumption_per_day]
            qty = f" (about {days * max(rates):.4g} units at {max(rates):g} a day)" if rates else ""
            ttr = t.recover[p].days
            options.append(
                {
                    "kind": "stockpile",
                    "allied_groups": [],
                    "extra_days_of_supply": round(days, 2),
                    "extra_quantity": round(days * max(rates), 4) if rates else None,
                    "time_days": 0.0,
                    "explanation": f"Hold {days:.4g} more days of supply of {ids[i]}{qty} so "
                    f"that {ids[p]} survives until it recovers in {ttr:g} days.",
                }
            )
        if not options:
            continue
        platforms = affected.get(i, [])
        tts = min((t.survive[p] for p in platforms), default=math.inf)
        options.sort(
            key=lambda o: (
                KIND_RANK[o["kind"]],
                not o["allied_groups"],
                o["time_days"],
                -len(o["allied_groups"]),
                o.get("organisation") or o.get("substitute") or "",
                o.get("facility") or "",
            )
        )
        for rank, o in enumerate(options, 1):
            o["rank"] = rank
            o["beats_survival"] = o["kind"] == "stockpile" or o["time_days"] <= tts
        blocks.append(
            {
                "item": ids[i],
                "root_cause": i in direct,
                "platforms": sorted(ids[p] for p in platforms),
                "time_to_survive_days": _days(tts) if platforms else None,
                "options": options,
            }
        )
    blocks.sort(key=lambda b: (-len(b["platforms"]), not b["root_cause"], b["item"]))
    return blocks


def degraded_items(
    ix: SupplyIndex,
    facts: Facts,
    removal: Removal,
    ok: bytearray,
    *,
    limit: int = 100,
) -> tuple[list[dict[str, Any]], int]:
    """Items still producible that lost some qualified sources, with the rest.

    Their remaining qualified sources (allied first) are where the lost
    volume would have to go. Returns the first ``limit`` (fewest remaining
    sources first) and the total count.
    """
    if not removal.lost and not removal.scoped:
        return [], 0
    found: list[tuple[int, int, int]] = []
    q = ix.qualified
    for i, srcs in enumerate(q):
        if not srcs or not ok[i]:
            continue
        lost = sum(
            removal.source_lost(i, srcs[k], srcs[k + 1], srcs[k + 2])
            for k in range(0, len(srcs), 3)
        )
        if lost:
            found.append((len(srcs) // 3 - lost, lost, i))
    found.sort(key=lambda x: (x[0], -x[1], ix.ids[x[2]]))
    out: list[dict[str, Any]] = []
    for remaining, lost, i in found[:limit]:
        rest = [
            source_entry(ix, facts, s)
            for s in facts.sources(i)
            if s.qualified and not removal.source_lost(i, s.organisation, s.facility, s.country)
        ]
        rest.sort(key=lambda e: (-len(e["allied_groups"]), e["organisation"], e["facility"] or ""))
        out.append(
            {
                "item": ix.ids[i],
                "qualified_sources_lost": lost,
                "qualified_sources_left": remaining,
                "remaining_sources": rest,
                "explanation": f"{ix.ids[i]} keeps {remaining} qualified source"
                f"{'s' if remaining != 1 else ''}; shift the lost volume to them, allied first.",
            }
        )
    return out, len(found)
