"""The synthetic network generator (see the package docstring for the model)."""

from __future__ import annotations

import gc
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from graphmodel.errors import SupplynetError
from graphmodel.generate.reference import (
    ADVERSARY_CODES,
    COUNTRIES,
    GOVERNMENT_CODES,
    HOLDING_HUBS,
    NATIONAL_STOCKPILE_HOLDERS,
    RAW_MATERIALS,
    SANCTIONS_LISTS,
    Country,
    groups_of,
)
from graphmodel.generate.sampling import Weighted, Zipf, split_shares

__all__ = ["GenerateError", "count_relationships", "generate_tables"]

Row = dict[str, Any]
Tables = dict[str, list[Row]]

#: Below this many nodes the tiers and country table no longer fit.
MIN_NODES: Final = 300
MIN_RATIO: Final = 2.5
MAX_RATIO: Final = 20.0

_ADVERSARY_MIX: Final = (("CN", 0.75), ("RU", 0.17), ("IR", 0.05), ("KP", 0.03))
# Supplier classes: primes make platforms and assemblies, component makers
# make components, materials producers make (processed and raw) materials.
_CLASS_SHARE: Final = {"prime": 0.08, "component": 0.72, "materials": 0.20}
# How much more often than average a class is registered in an adversary country.
_CLASS_ADVERSARY: Final = {"prime": 0.2, "component": 1.0, "materials": 2.5}
_HOLDING_LEVELS: Final = (0.45, 0.25, 0.18, 0.12)

_PLATFORM_NOUNS: Final = (
    "Frigate",
    "Fighter",
    "Main battle tank",
    "Air-defence missile",
    "Radar",
    "Submarine",
    "Helicopter",
    "Howitzer",
    "Drone",
    "Satellite",
)
_ASSEMBLY_NOUNS: Final = (
    "Propulsion",
    "Avionics",
    "Fire-control",
    "Hull",
    "Power",
    "Guidance",
    "Turret",
    "Sensor",
    "Landing-gear",
    "Communications",
)
_COMPONENT_NOUNS: Final = (
    "Circuit board",
    "Bearing",
    "Valve",
    "Seeker head",
    "Magnet",
    "Actuator",
    "Connector",
    "Housing",
    "Cable harness",
    "Capacitor",
    "Gear",
    "Fastener",
    "Pump",
    "Motor",
    "Lens",
    "Battery cell",
    "Casting",
    "Forging",
)
_PROCESSED_NOUNS: Final = (
    "Alloy",
    "Powder",
    "Composite",
    "Energetic",
    "Propellant",
    "Ceramic",
    "Polymer",
    "Sheet",
    "Bar stock",
    "Magnet alloy",
)
_SYLLABLES: Final = (
    "Nor",
    "Val",
    "Kest",
    "Bryn",
    "Ast",
    "Cal",
    "Dor",
    "Elm",
    "Fen",
    "Gar",
    "Hal",
    "Isk",
    "Jor",
    "Kel",
    "Lun",
    "Mar",
    "Nev",
    "Orm",
    "Pel",
    "Quen",
    "Ros",
    "Sul",
    "Tor",
    "Ulv",
    "Ves",
    "Wyn",
    "Yar",
    "Zel",
)
_SUFFIXES: Final = ("vik", "dale", "mora", "tek", "sund", "holm", "brae", "lint", "wick", "stad")
_ORG_TYPES: Final = {
    "prime": ("Systems", "Defence", "Aerospace", "Dynamics"),
    "component": ("Precision", "Components", "Electronics", "Engineering", "Industries"),
    "materials": ("Metals", "Mining", "Materials", "Chemicals", "Refining"),
    "holding": ("Holdings", "Group", "Capital", "Investments"),
}  # fmt: skip

# Cached float objects: millions of rows share a handful of values, which keeps
# memory down at the 1M-node scale.
_PART_QTY: Final = (1.0, 1.0, 1.0, 1.0, 2.0, 2.0, 4.0, 6.0, 8.0, 12.0)
_MATERIAL_QTY: Final = (0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 25.0)
_RECOVERY_DAYS: Final = {
    "prime": (180.0, 270.0, 365.0, 540.0, 730.0),
    "component": (30.0, 45.0, 60.0, 90.0, 120.0, 180.0, 270.0),
    "materials": (90.0, 180.0, 365.0, 540.0, 730.0, 1095.0),
}
_MAJORITY: Final = (100.0, 100.0, 100.0, 80.0, 75.0, 60.0, 51.0)
_MINORITY: Final = (5.0, 10.0, 15.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0, 49.0)
_REASONS: Final = (
    "military end user (synthetic)",
    "sanctions evasion (synthetic)",
    "weapons programme supplier (synthetic)",
    "state-controlled (synthetic)",
)


class GenerateError(SupplynetError):
    """The requested synthetic network cannot be generated."""

    slug = "bad-generate-request"
    title = "Generation refused"


@dataclass(frozen=True)
class Plan:
    """Node counts per kind and the tuning knobs derived from the request."""

    relationships: int
    countries: tuple[Country, ...]
    items: int
    suppliers: dict[str, int]
    holdings: int
    governments: tuple[str, ...]
    facilities: int
    platforms: int
    depth: tuple[int, int]
    raw: int
    processed: int
    mean_sources: float
    facility_share: float
    adversary_share: float

    @property
    def organisations(self) -> int:
        return sum(self.suppliers.values()) + self.holdings + len(self.governments)


def plan(
    nodes: int,
    relationships: int | None,
    platforms: int,
    tiers: tuple[int, int],
    adversary_share: float,
) -> Plan:
    """Check the request and size every kind of node; raise :class:`GenerateError` if unfit."""
    if nodes < MIN_NODES:
        raise GenerateError(f"nodes must be at least {MIN_NODES}, got {nodes}.")
    rels = 5 * nodes if relationships is None else relationships
    ratio = rels / nodes
    if not MIN_RATIO <= ratio <= MAX_RATIO:
        raise GenerateError(
            f"relationships must be between {MIN_RATIO:g} and {MAX_RATIO:g} times the nodes "
            f"({math.ceil(MIN_RATIO * nodes)} to {int(MAX_RATIO * nodes)}), got {rels}."
        )
    lo, hi = tiers
    if not 4 <= lo <= hi <= 20:
        raise GenerateError(f"tiers must satisfy 4 <= min <= max <= 20, got {tiers}.")
    if platforms < 1:
        raise GenerateError(f"platforms must be at least 1, got {platforms}.")
    if not 0.0 <= adversary_share <= 0.5:
        raise GenerateError(f"adversary_share must be between 0 and 0.5, got {adversary_share}.")
    countries = COUNTRIES[: min(len(COUNTRIES), max(12, nodes // 40))]
    rest = nodes - len(countries)
    items = round(rest * 0.55)
    orgs = round(rest * 0.28)
    facilities = rest - items - orgs
    codes = {c.code for c in countries}
    governments = tuple(c for c in GOVERNMENT_CODES if c in codes)[: max(2, orgs // 100)]
    holdings = max(6, round(orgs * 0.12))
    n_suppliers = orgs - holdings - len(governments)
    suppliers = {k: max(3, round(n_suppliers * s)) for k, s in _CLASS_SHARE.items()}
    suppliers["component"] += n_suppliers - sum(suppliers.values())
    raw = min(len(RAW_MATERIALS), max(5, items // 20))
    n_platforms = min(platforms, max(1, items // 10))
    processed = max(raw, round(items * 0.04))
    if items - n_platforms - raw - processed < hi - 3:
        raise GenerateError(f"nodes={nodes} is too small for {hi} tiers.")
    return Plan(
        relationships=rels,
        countries=countries,
        items=items,
        suppliers=suppliers,
        holdings=holdings,
        governments=governments,
        facilities=facilities,
        platforms=n_platforms,
        depth=(lo, hi),
        raw=raw,
        processed=processed,
        # Fewer relationships per node are met with fewer sources per item.
        mean_sources=min(3.1, max(1.2, 0.45 * ratio)),
        facility_share=min(0.7, max(0.3, 0.14 * ratio)),
        adversary_share=adversary_share,
    )


def _source_counts(mean: float) -> Weighted[int]:
    """Qualified sources per item (1..4) with the given mean."""
    sole, base, high = (1.0, 0.0, 0.0, 0.0), (0.3, 0.3, 0.22, 0.18), (0.05, 0.2, 0.35, 0.4)
    if mean <= 2.28:
        lam = (mean - 1.0) / 1.28
        mix = [(1 - lam) * a + lam * b for a, b in zip(sole, base, strict=True)]
    else:
        lam = min(1.0, (mean - 2.28) / 0.82)
        mix = [(1 - lam) * a + lam * b for a, b in zip(base, high, strict=True)]
    return Weighted(list(zip((1, 2, 3, 4), mix, strict=True)))


class _Generator:
    """Builds the tables in dependency order; one instance per call."""

    def __init__(self, p: Plan, rng: random.Random) -> None:
        self.p = p
        self.rng = rng
        self.codes = [c.code for c in p.countries]
        allied = [c for c in p.countries if c.code not in ADVERSARY_CODES]
        self.industry = Weighted([(c.code, c.industry) for c in allied])
        self.materials = Weighted([(c.code, c.materials) for c in allied])
        self.hubs = Weighted([(c, 1.0) for c in HOLDING_HUBS if c in self.codes] or [("US", 1)])
        self.adversary = Weighted([(c, w) for c, w in _ADVERSARY_MIX if c in self.codes])
        self.tables: Tables = {}
        self.org_country: dict[str, str] = {}
        self.owned_total: dict[str, float] = {}
        self.ownership_keys: set[tuple[str, str]] = set()
        self.mean_sources = p.mean_sources
        self.facility_share = p.facility_share

    # -- organisations -----------------------------------------------------

    def _name(self, i: int, kind: str) -> str:
        rand, types = self.rng.random, _ORG_TYPES[kind]
        first = _SYLLABLES[int(rand() * len(_SYLLABLES))]
        second = _SUFFIXES[int(rand() * len(_SUFFIXES))]
        return f"{first}{second} {types[int(rand() * len(types))]} {i}"

    def organisations(self) -> None:
        p, rng = self.p, self.rng
        n_sup = sum(p.suppliers.values())
        reg_share = p.adversary_share * 0.6
        norm = sum(_CLASS_SHARE[k] * _CLASS_ADVERSARY[k] for k in _CLASS_SHARE)
        rows: list[Row] = []
        self.classes: dict[str, list[str]] = {}
        self.class_zipf: dict[str, Zipf] = {}
        i = 0
        for cls, n in p.suppliers.items():
            prob = min(0.9, reg_share * _CLASS_ADVERSARY[cls] / norm)
            weights = self.materials if cls == "materials" else self.industry
            ids = []
            for _ in range(n):
                i += 1
                oid = f"g-org-{i}"
                adv = rng.random() < prob
                country = self.adversary.draw(rng) if adv else weights.draw(rng)
                rows.append({"id": oid, "name": self._name(i, cls), "kind": "company",
                             "country": country, "lei": None, "cage": None})  # fmt: skip
                self.org_country[oid] = country
                ids.append(oid)
            self.classes[cls] = ids
            self.class_zipf[cls] = Zipf(n, exponent=1.0, offset=5.0)
        if p.adversary_share > 0 and not any(
            self.org_country[o] in ADVERSARY_CODES for o in self.classes["materials"]
        ):
            # Small bundles still get an adversary-registered materials producer.
            first = self.classes["materials"][0]
            self.org_country[first] = "CN"
            rows[n_sup - p.suppliers["materials"]]["country"] = "CN"
        self.by_country: dict[str, list[str]] = {}
        for oid in self.classes["materials"]:
            self.by_country.setdefault(self.org_country[oid], []).append(oid)
        self.holding_rows(rows)
        for code in p.governments:
            gid = f"g-gov-{code.lower()}"
            name = next(c.name for c in p.countries if c.code == code)
            rows.append(
                {
                    "id": gid,
                    "name": f"Government of {name} (state holdings)",
                    "kind": "government",
                    "country": code,
                    "lei": None,
                    "cage": None,
                }
            )
            self.org_country[gid] = code
        self.tables["organisations"] = rows

    def holding_rows(self, rows: list[Row]) -> None:
        p, rng = self.p, self.rng
        adv_holdings = max(2, round(p.holdings * p.adversary_share * 1.5)) if (
            p.adversary_share > 0) else 0  # fmt: skip
        self.holding_level: dict[str, int] = {}
        self.levels: list[list[str]] = [[] for _ in _HOLDING_LEVELS]
        self.adv_holdings: list[str] = []
        # Fronts: allied-hub holdings that adversary holdings own (see adversary_chains).
        n_fronts = max(1, adv_holdings // 2) if adv_holdings else 0
        self.fronts: list[str] = []
        for j in range(p.holdings):
            hid = f"g-hold-{j + 1}"
            adv = j < adv_holdings
            if adv:
                country = self.adversary.draw(rng)
                level = 0 if j % 2 == 0 else 1
                self.adv_holdings.append(hid)
            elif j < adv_holdings + n_fronts:
                country, level = self.hubs.draw(rng), 1
                self.fronts.append(hid)
            else:
                country = self.hubs.draw(rng) if rng.random() < 0.5 else self.industry.draw(rng)
                level = Weighted(list(enumerate(_HOLDING_LEVELS))).draw(rng)
            rows.append(
                {
                    "id": hid,
                    "name": self._name(j + 1, "holding"),
                    "kind": "company",
                    "country": country,
                    "lei": None,
                    "cage": None,
                }
            )
            self.org_country[hid] = country
            self.holding_level[hid] = level
            if not adv and hid not in self.fronts:
                self.levels[level].append(hid)
        # Small bundles may leave a level empty: close the gaps so chains stay connected.
        kept = [lvl for lvl in self.levels if lvl]
        self.levels = kept + [[] for _ in range(len(self.levels) - len(kept))]

    # -- ownership ---------------------------------------------------------

    def _own(self, owner: str, owned: str, pct: float) -> bool:
        """Add a stake unless it duplicates one or pushes the owned past 100%."""
        if owner == owned or (owner, owned) in self.ownership_keys:
            return False
        total = self.owned_total.get(owned, 0.0)
        if total + pct > 100.0:
            return False
        self.owned_total[owned] = total + pct
        self.ownership_keys.add((owner, owned))
        self.tables["ownership"].append(
            {"owner": owner, "owned": owned, "percentage": pct, "kind": "equity"}
        )
        return True

    def _pick_holding(self, pool: list[str], country: str) -> str:
        """A holding from ``pool``: half the time one at home, else big groups more often."""
        rng = self.rng
        if rng.random() < 0.5:
            same = [h for h in pool[:50] if self.org_country[h] == country]
            if same:
                return rng.choice(same)
        z = self._pool_zipf.get(len(pool))
        if z is None:
            z = self._pool_zipf[len(pool)] = Zipf(len(pool), 1.0, 3.0)
        return pool[z.draw(rng)]

    def ownership(self) -> None:
        p, rng = self.p, self.rng
        self.tables["ownership"] = []
        self._pool_zipf: dict[int, Zipf] = {}
        govs = {c: f"g-gov-{c.lower()}" for c in p.governments}
        self.parent: dict[str, str] = {}
        # Holding pyramids: a level-h holding is majority-owned by a level h-1 holding.
        for lvl in range(1, len(self.levels)):
            for hid in self.levels[lvl]:
                owner = self._pick_holding(self.levels[lvl - 1], self.org_country[hid])
                if self._own(owner, hid, rng.choice(_MAJORITY)):
                    self.parent[hid] = owner
        for hid in self.levels[0]:
            gov = govs.get(self.org_country[hid])
            if gov and rng.random() < 0.12:
                self._own(gov, hid, rng.choice((100.0, 51.0, 30.0, 25.0, 15.0)))
        for hid in self.adv_holdings:
            gov = govs.get(self.org_country[hid])
            if self.holding_level[hid] == 1 and len(self.adv_holdings) > 1:
                top = self.adv_holdings[0]
                if top != hid and self._own(top, hid, rng.choice(_MAJORITY)):
                    continue
            if gov and rng.random() < 0.5:
                self._own(gov, hid, rng.choice((100.0, 51.0, 30.0)))
        # Suppliers: owned through 1-4 deep chains, some joint ventures, some state stakes.
        level_pick = Weighted([(0, 0.3), (1, 0.3), (2, 0.25), (3, 0.15)])
        linked = self.adversary_chains()
        adv_pools: dict[str, list[str]] = {}
        for hid in self.adv_holdings:
            adv_pools.setdefault(self.org_country[hid], []).append(hid)
        for cls, ids in self.classes.items():
            for oid in ids:
                if oid in linked or rng.random() >= 0.4:
                    continue
                country = self.org_country[oid]
                if country in ADVERSARY_CODES:
                    pool = adv_pools.get(country) or self.adv_holdings
                else:
                    pool = self.levels[level_pick.draw(rng)] or self.levels[0]
                if not pool:
                    continue
                major = rng.random() < 0.65
                pct = rng.choice(_MAJORITY if major else _MINORITY)
                self._own(self._pick_holding(pool, country), oid, pct)
                if rng.random() < 0.05 and pool is not self.adv_holdings:
                    self._own(self._pick_holding(self.levels[0] or pool, country), oid,
                              rng.choice(_MINORITY))  # fmt: skip
                gov = govs.get(country)
                if gov and cls != "component" and rng.random() < 0.03:
                    self._own(gov, oid, rng.choice((10.0, 25.0, 51.0)))
        self.cycles()

    def adversary_chains(self) -> set[str]:
        """Allied-registered suppliers owned through chains that end in an adversary."""
        p, rng = self.p, self.rng
        if p.adversary_share <= 0 or not self.adv_holdings:
            return set()
        n_sup = sum(p.suppliers.values())
        m = max(1, round(n_sup * p.adversary_share * 0.4))
        candidates = [o for o in self.classes["component"] + self.classes["materials"]
                      if self.org_country[o] not in ADVERSARY_CODES]  # fmt: skip
        chosen = rng.sample(candidates, min(m, len(candidates)))
        fronts = self.fronts
        for f in fronts:
            self._own(rng.choice(self.adv_holdings), f, rng.choice(_MAJORITY))
        for k, oid in enumerate(chosen):
            style = k % 4 if fronts else 0
            if style in (0, 1):  # direct stake, cross-border
                self._own(rng.choice(self.adv_holdings), oid, rng.choice(_MAJORITY))
            elif style == 2:  # through a front in a holding hub
                self._own(rng.choice(fronts), oid, rng.choice(_MAJORITY))
            else:  # stakes below 50% that only add up past 50% (OFAC aggregation)
                self._own(rng.choice(self.adv_holdings), oid, 30.0)
                self._own(rng.choice(fronts), oid, 25.0)
        return set(chosen)

    def cycles(self) -> None:
        """A few cross-holdings: a subsidiary holds a small stake in its own parent."""
        rng = self.rng
        kids = [h for h in self.levels[1] if h in self.parent] if len(self.levels) > 1 else []
        for hid in rng.sample(kids, min(len(kids), max(1, self.p.holdings // 2000))):
            self._own(hid, self.parent[hid], rng.choice((5.0, 10.0, 15.0)))

    # -- designations ------------------------------------------------------

    def designations(self) -> None:
        p, rng = self.p, self.rng
        rows: list[Row] = []
        self.tables["designations"] = rows
        if p.adversary_share <= 0:
            return
        candidates = [(o, 0.25) for ids in self.classes.values() for o in ids
                      if self.org_country[o] in ADVERSARY_CODES]  # fmt: skip
        candidates += [(h, 0.5) for h in self.adv_holdings]
        allied = [o for o in self.classes["component"] if o not in self.owned_total]
        # A few allied-registered fronts are listed themselves.
        n_fronts = round(len(allied) * p.adversary_share * 0.01)
        candidates += [(o, 1.0) for o in rng.sample(allied, min(n_fronts, len(allied)))]
        for oid, prob in candidates:
            if rng.random() >= prob and (rows or oid != candidates[-1][0]):
                continue
            lists = rng.sample(SANCTIONS_LISTS, 1 if rng.random() < 0.7 else 2)
            for lst in lists:
                date = (
                    f"{rng.randint(2014, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                )
                rows.append({"entity": oid, "list": lst, "listed_on": date,
                             "reason": rng.choice(_REASONS)})  # fmt: skip

    # -- facilities --------------------------------------------------------

    def facilities(self) -> None:
        p, rng = self.p, self.rng
        where = {c.code: (c.lat, c.lon) for c in p.countries}
        # Popular suppliers get plants first, in rank order across classes.
        order: list[str] = []
        classes = list(self.classes.values())
        for rank in range(max(len(ids) for ids in classes)):
            order.extend(ids[rank] for ids in classes if rank < len(ids))
        operators = order[: p.facilities]
        cls_pick = Weighted([(k, float(len(v))) for k, v in self.classes.items()])
        while len(operators) < p.facilities:
            cls = cls_pick.draw(rng)
            operators.append(self.classes[cls][self.class_zipf[cls].draw(rng)])
        rows: list[Row] = []
        self.plants: dict[str, list[str]] = {}
        for j, op in enumerate(operators, start=1):
            fid = f"g-fac-{j}"
            home = self.org_country[op]
            country = (
                home
                if rng.random() < 0.8
                else (self.materials if op in self._materials_set else self.industry).draw(rng)
            )
            lat, lon = where[country]
            rows.append(
                {
                    "id": fid,
                    "name": f"Plant {j}",
                    "operator": op,
                    "country": country,
                    "lat": round(max(-90.0, min(90.0, lat + rng.uniform(-2, 2))), 3),
                    "lon": round(max(-180.0, min(180.0, lon + rng.uniform(-2, 2))), 3),
                }
            )
            self.plants.setdefault(op, []).append(fid)
        self.tables["facilities"] = rows

    # -- items and the bill of materials -----------------------------------

    def items(self) -> None:
        p, rng = self.p, self.rng
        lo, hi = p.depth
        n_levels = hi
        middle = p.items - p.platforms - p.raw - p.processed
        sizes = _geometric(middle, hi - 3, p.platforms)
        per_level: list[list[int]] = [[] for _ in range(n_levels)]  # platforms by level
        depths = [hi, lo] + [rng.randint(lo, hi) for _ in range(p.platforms - 2)]
        rows: list[Row] = []
        self.item_level: list[int] = []
        self.item_kind: list[str] = []
        self.children: list[list[int]] = []  # non-platform items per level
        n_assembly_levels = max(1, round((hi - 3) * 0.4))
        for i in range(p.platforms):
            per_level[hi - depths[i]].append(i)
        idx = 0
        raws = RAW_MATERIALS[: p.raw]
        self.raw_index: dict[str, int] = {}
        for level in range(n_levels):
            cands: list[int] = []
            for k in per_level[level]:
                noun = _PLATFORM_NOUNS[k % len(_PLATFORM_NOUNS)]
                rows.append({"id": f"g-plt-{k + 1}", "name": f"{noun} type {k + 1}",
                             "kind": "platform", "nsn": None})  # fmt: skip
                self._add_item("platform", level)
                idx += 1
            if level == 0:
                n, kind = 0, ""
            elif level <= hi - 3:
                n = sizes[level - 1]
                kind = "assembly" if level <= n_assembly_levels else "component"
            elif level == hi - 2:
                n, kind = p.processed, "processed"
            else:
                n, kind = p.raw, "raw"
            for j in range(n):
                if kind == "raw":
                    m = raws[j]
                    iid, name = f"g-mat-{m.key}", m.name
                    self.raw_index[m.key] = idx
                elif kind == "processed":
                    iid, name = f"g-mat-{j + 1}", f"{_PROCESSED_NOUNS[j % 10]} {j + 1}"
                elif kind == "assembly":
                    iid, name = f"g-asm-{idx}", f"{_ASSEMBLY_NOUNS[j % 10]} assembly {idx}"
                else:
                    iid, name = f"g-cmp-{idx}", f"{_COMPONENT_NOUNS[j % 18]} {idx}"
                item_kind = "material" if kind in ("raw", "processed") else kind
                rows.append({"id": iid, "name": name, "kind": item_kind, "nsn": None})
                self._add_item(kind, level)
                cands.append(idx)
                idx += 1
            self.children.append(cands)
        self.tables["items"] = rows
        self.ids = [r["id"] for r in rows]

    def _add_item(self, kind: str, level: int) -> None:
        self.item_level.append(level)
        self.item_kind.append(kind)

    def bom_skeleton(self) -> None:
        """The edges every tier needs: each item has a parent above and a child below.

        Edges only go to deeper levels, so the BOM is a DAG, and every item on
        level ``k`` has a path of exactly ``max_tier - k`` items to a raw material.
        """
        rand, n = self.rng.random, len(self.ids)
        levels, children = self.item_level, self.children
        last = self.p.depth[1] - 1
        by_level: list[list[int]] = [[] for _ in range(last + 1)]
        for i, lv in enumerate(levels):
            by_level[lv].append(i)
        self.zipfs = [Zipf(len(c), 0.9, 3.0) if c else None for c in children]
        self.seen: set[int] = set()
        self.parents_of: list[int] = []
        self.children_of: list[int] = []
        for lv in range(1, last + 1):
            above = by_level[lv - 1]
            for c in children[lv]:
                self._edge(above[int(rand() * len(above))], c)
        has_child = bytearray(n)
        for par in self.parents_of:
            has_child[par] = 1
        for i in range(n):
            if not has_child[i] and levels[i] < last:
                z = self.zipfs[levels[i] + 1]
                assert z is not None
                self._edge(i, children[levels[i] + 1][z.draw(self.rng)])

    def _edge(self, parent: int, child: int) -> bool:
        key = parent * len(self.ids) + child
        if key in self.seen:
            return False
        self.seen.add(key)
        self.parents_of.append(parent)
        self.children_of.append(child)
        return True

    def bom(self, target: int) -> None:
        """Extra edges up to ``target``: mostly one level down, 20% skipping levels.

        Children are drawn by Zipf rank (shared common parts); if the tiers
        fill up, the draw falls back to uniform so dense requests still fit.
        """
        rng, ids = self.rng, self.ids
        rand = rng.random
        n = len(ids)
        levels, children = self.item_level, self.children
        last = self.p.depth[1] - 1
        seen, parents_of, children_of = self.seen, self.parents_of, self.children_of
        parents = [i for i in range(n) if levels[i] < last]
        n_parents = len(parents)
        draws = [(z.sampler(rng), children[lv]) if z else None for lv, z in enumerate(self.zipfs)]
        attempts = 0
        needed = max(0, target - len(parents_of))
        zipf_until, limit = 2 * needed + 1000, 6 * needed + 1000
        while len(parents_of) < target and attempts < limit:
            attempts += 1
            par = parents[int(rand() * n_parents)]
            lv = levels[par] + 1
            if lv < last and rand() < 0.2:
                lv += 1 + int(rand() * (last - lv))
            draw, pool = draws[lv]  # type: ignore[misc]
            c = pool[draw()] if attempts < zipf_until else pool[int(rand() * len(pool))]
            key = par * n + c
            if key not in seen:
                seen.add(key)
                parents_of.append(par)
                children_of.append(c)
        del self.seen
        material = bytearray(k in ("raw", "processed") for k in self.item_kind)
        mq, pq = _MATERIAL_QTY, _PART_QTY
        nm, np_ = len(mq), len(pq)
        self.tables["bom"] = [
            {"parent": ids[a], "child": ids[b],
             "quantity": mq[int(rand() * nm)] if material[b] else pq[int(rand() * np_)]}
            for a, b in zip(parents_of, children_of, strict=True)
        ]  # fmt: skip

    # -- sources -----------------------------------------------------------

    def sources(self) -> None:
        p, rng = self.p, self.rng
        counts = _source_counts(self.mean_sources)
        rows: list[Row] = []
        cls_of = {"platform": "prime", "assembly": "prime", "component": "component",
                  "processed": "materials", "raw": "materials"}  # fmt: skip
        raw_of = {idx: key for key, idx in self.raw_index.items()}
        producers = {m.key: self._producer_countries(m.key) for m in RAW_MATERIALS[: p.raw]}
        plants = self.plants
        fac_share = self.facility_share
        rand = rng.random
        per_class = {
            cls: (pool, self.class_zipf[cls].sampler(rng), _RECOVERY_DAYS[cls])
            for cls, pool in self.classes.items()
        }
        n_counts = counts.sampler(rng)
        for i, iid in enumerate(self.ids):
            kind = self.item_kind[i]
            pool, draw, recovery = per_class[cls_of[kind]]
            if kind == "raw":
                k = min(len(pool), rng.randint(4, 12))
                chosen = self._raw_suppliers(producers[raw_of[i]], k)
            else:
                k = min(len(pool), n_counts())
                chosen = []
                for _ in range(4 * k):
                    s = pool[draw()]
                    if s not in chosen:
                        chosen.append(s)
                        if len(chosen) == k:
                            break
            n_rec = len(recovery)
            shares = split_shares(rng, len(chosen))
            qualified = [True] * len(chosen)
            if rand() < 0.12:
                candidate = pool[int(rand() * len(pool))]
                if candidate not in chosen:
                    chosen.append(candidate)
                    shares.append(0.0)
                    qualified.append(False)
            for s, share, ok in zip(chosen, shares, qualified, strict=True):
                own = plants.get(s)
                fac = own[int(rand() * len(own))] if own and rand() < fac_share else None
                rows.append({"item": iid, "supplier": s, "facility": fac, "share": share,
                             "qualified": ok, "recovery_days": recovery[int(rand() * n_rec)],
                             "capacity": None})  # fmt: skip
        self.tables["sources"] = rows

    def _producer_countries(self, key: str) -> Weighted[str]:
        shares = self.production_shares.get(key) or [("CN", 1.0)]
        return Weighted(shares)

    def _raw_suppliers(self, countries: Weighted[str], k: int) -> list[str]:
        """Raw-material suppliers registered where the material is produced, where possible."""
        rng = self.rng
        pool, zipf = self.classes["materials"], self.class_zipf["materials"]
        chosen: list[str] = []
        for _ in range(6 * k):
            local = self.by_country.get(countries.draw(rng))
            s = rng.choice(local) if local else pool[zipf.draw(rng)]
            if s not in chosen:
                chosen.append(s)
                if len(chosen) == k:
                    break
        return chosen

    # -- production, stockpiles, substitutes, countries --------------------

    def production(self) -> None:
        rng = self.rng
        rows: list[Row] = []
        self.production_shares: dict[str, list[tuple[str, float]]] = {}
        synthetic = Weighted([(c.code, c.materials) for c in self.p.countries] +
                             [("CN", 12.0), ("RU", 3.0)])  # fmt: skip
        for m in RAW_MATERIALS[: self.p.raw]:
            shares = [(c, s) for c, s in m.shares if c in self.codes]
            if not m.shares:
                picked: list[str] = []
                for _ in range(30):
                    c = synthetic.draw(rng)
                    if c not in picked:
                        picked.append(c)
                    if len(picked) == rng.randint(3, 5):
                        break
                total = rng.uniform(0.7, 0.95)
                split = split_shares(rng, len(picked))
                shares = [(c, round(s * total, 3)) for c, s in zip(picked, split, strict=True)]
            self.production_shares[m.key] = shares
            for country, share in shares:
                rows.append(
                    {
                        "material": f"g-mat-{m.key}",
                        "country": country,
                        "share": share,
                        "stage": m.stage,
                        "year": m.year,
                        "source": m.source,
                    }
                )
        self.tables["production"] = rows

    def stockpiles(self) -> None:
        p, rng = self.p, self.rng
        rows: list[Row] = []
        keys: set[tuple[str, str]] = set()

        def add(item: str, holder: str) -> None:
            if (item, holder) in keys:
                return
            keys.add((item, holder))
            qty = rng.choice((50.0, 100.0, 250.0, 500.0, 1000.0, 5000.0))
            per_day = rng.choice((1.0, 2.0, 5.0, 10.0, 20.0))
            rows.append({"item": item, "holder": holder, "quantity": qty,
                         "consumption_per_day": per_day,
                         "days_of_supply": round(qty / per_day, 1)})  # fmt: skip

        holders = [c for c in NATIONAL_STOCKPILE_HOLDERS if c in self.codes]
        for m in RAW_MATERIALS[: p.raw]:
            for h in holders:
                if rng.random() < 0.35:
                    add(f"g-mat-{m.key}", h)
        parts = [i for i, k in enumerate(self.item_kind) if k in ("assembly", "component")]
        primes = self.classes["prime"]
        for _ in range(max(1, round(p.items * 0.005))):
            item = self.ids[rng.choice(parts)]
            add(item, primes[self.class_zipf["prime"].draw(rng)])
        self.tables["stockpiles"] = rows

    def substitutes(self) -> None:
        rng = self.rng
        rows: list[Row] = []
        keys: set[tuple[int, int]] = set()
        levels = [lv for lv, c in enumerate(self.children) if len(c) > 1]
        n = round(self.p.items * 0.03)
        for _ in range(n):
            lv = rng.choice(levels)
            a, b = rng.sample(self.children[lv], 2)
            if self.item_kind[a] == "raw" or (a, b) in keys:
                continue
            keys.add((a, b))
            rows.append({"item": self.ids[a], "substitute": self.ids[b],
                         "qualified": rng.random() < 0.6})  # fmt: skip
        self.tables["substitutes"] = rows

    def countries(self) -> None:
        self.tables["countries"] = [
            {"code": c.code, "name": c.name, "groups": groups_of(c.code),
             "concern": "adversary" if c.code in ADVERSARY_CODES else "none"}
            for c in self.p.countries
        ]  # fmt: skip

    def fit_sources(self, left: int) -> None:
        """Fewer sources and named facilities when the relationship budget is tight."""
        raw = self.p.raw
        rows = (len(self.ids) - raw) * (self.mean_sources + 0.12) + raw * 8.9
        estimate = rows * (1 + 0.9 * self.facility_share)
        if estimate > 0.85 * left:
            scale = 0.85 * max(left, 0) / estimate
            self.mean_sources = max(1.0, self.mean_sources * scale)
            self.facility_share = max(0.15, self.facility_share * scale)

    def run(self) -> Tables:
        target = self.p.relationships
        self.countries()
        self.organisations()
        self._materials_set = set(self.classes["materials"])
        self.ownership()
        self.designations()
        self.facilities()
        self.items()
        self.bom_skeleton()
        self.production()
        self.stockpiles()
        self.substitutes()
        self.fit_sources(target - count_relationships(self.tables) - len(self.parents_of))
        self.sources()
        self.bom(target - count_relationships(self.tables))
        order = (
            "countries",
            "organisations",
            "facilities",
            "items",
            "bom",
            "sources",
            "ownership",
            "designations",
            "stockpiles",
            "substitutes",
            "production",
            "matches",
        )
        tables = {name: self.tables.get(name, []) for name in order}
        got = count_relationships(tables)
        if abs(got - target) > 0.05 * target:
            raise GenerateError(
                f"cannot fit {target} relationships to {sum(self.p.suppliers.values())} "
                f"suppliers and {self.p.items} items with these tiers (about {got} fit); "
                "ask for a relationships-to-nodes ratio nearer 5."
            )
        return tables


def _geometric(total: int, levels: int, first: int) -> list[int]:
    """``levels`` sizes summing to ``total`` that grow geometrically from about ``first``."""
    lo_b, hi_b = 0.05, 100.0
    for _ in range(80):
        b = (lo_b + hi_b) / 2
        if sum(first * b**j for j in range(1, levels + 1)) > total:
            hi_b = b
        else:
            lo_b = b
    sizes = [max(1, round(first * lo_b**j)) for j in range(1, levels + 1)]
    sizes[-1] += total - sum(sizes)
    if sizes[-1] < 1:
        sizes = [total // levels + (1 if j < total % levels else 0) for j in range(levels)]
    return sizes


def generate_tables(
    nodes: int,
    relationships: int | None = None,
    *,
    platforms: int = 20,
    seed: int = 0,
    tiers: tuple[int, int] = (6, 10),
    adversary_share: float = 0.05,
) -> dict[str, list[dict[str, Any]]]:
    """Generate a synthetic defence supply network as bundle tables.

    Parameters
    ----------
    nodes
        Total countries + organisations + facilities + items (met exactly).
    relationships
        Target number of relationships as the graph stores them (see
        :func:`count_relationships`); default ``5 * nodes``. Must be 2.5 to
        20 times ``nodes`` (met within 5%, else GenerateError).
    platforms
        Number of top-level platforms (fewer if ``nodes`` is small).
    seed
        Seed of the pseudo-random generator; equal arguments give equal tables.
    tiers
        Minimum and maximum bill-of-materials depth of a platform, in levels
        (platform to raw material inclusive).
    adversary_share
        Roughly the share of suppliers linked to an adversary, by registration
        (60%) or through ownership chains (40%).

    Returns
    -------
    dict
        Rows per bundle table, keyed by the names in :data:`graphmodel.schema.TABLES`.

    Raises
    ------
    GenerateError
        When the request cannot be met (too few nodes, ratio out of range, ...).

    Examples
    --------
    >>> t = generate_tables(1000, seed=1)
    >>> n = sum(len(t[k]) for k in ("countries", "organisations", "facilities", "items"))
    >>> n
    1000
    >>> abs(count_relationships(t) - 5000) < 150
    True
    """
    p = plan(nodes, relationships, platforms, tiers, adversary_share)
    # Millions of new row dicts would trigger full cyclic-GC passes again and
    # again (none of them can form a cycle); pausing the collector halves the time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _Generator(p, random.Random(seed)).run()
    finally:
        if was_enabled:
            gc.enable()


def count_relationships(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
    """Relationships the graph stores for these tables, counted per the schema.

    One per bom, sources, ownership, designations, substitutes and production
    row; one MADE_AT per source that names a facility; OPERATED_BY and
    LOCATED_IN per facility and REGISTERED_IN per organisation where the
    column is set; two (STOCK_OF, HELD_BY) per stockpile.

    Examples
    --------
    >>> count_relationships({"organisations": [{"id": "o", "country": "FR"}],
    ...                      "sources": [{"item": "i", "supplier": "o", "facility": "f"}],
    ...                      "stockpiles": [{"item": "i", "holder": "FR"}]})
    5
    """

    def rows(name: str) -> Sequence[Mapping[str, Any]]:
        return tables.get(name, ())

    one_each = ("bom", "sources", "ownership", "designations", "substitutes", "production")
    total = sum(len(rows(t)) for t in one_each)
    total += 2 * len(rows("stockpiles"))
    total += sum(1 for r in rows("sources") if r.get("facility"))
    total += sum(bool(r.get("operator")) + bool(r.get("country")) for r in rows("facilities"))
    total += sum(1 for r in rows("organisations") if r.get("country"))
    return total
