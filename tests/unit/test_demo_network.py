"""The demo network in graphmodel/data/demo/ holds what docs/demo-network.md promises.

The checks here use their own small walk over the CSV rows (no store, no
analysis package), so they state the planted features independently of the
analysis code that is expected to find them.
"""

from __future__ import annotations

import csv
import importlib.util
import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Iterable
from functools import cache
from pathlib import Path
from types import ModuleType

import networkx as nx
import pytest

from graphmodel.schema import TABLES, ItemKind, OrgKind

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "graphmodel" / "data" / "demo"
REFERENCE = ROOT / "graphmodel" / "data" / "reference"
DOC = ROOT / "docs" / "demo-network.md"

Row = dict[str, str]

# Real defence primes, energetics makers, miners and refiners: no demo name may
# contain one of these as a whole word or phrase.
REAL_COMPANIES = tuple(
    n.strip()
    for n in """
northrop, grumman, lockheed, raytheon, rtx, l3harris, aerojet, general dynamics, boeing
airbus, bae systems, bae, thales, leonardo, safran, saab, kongsberg, nammo, rheinmetall
hensoldt, diehl, mbda, elbit, rafael, hanwha, knds, nexter, krauss-maffei, chemring
eurenco, expal, nitrochemie, poongsan, mesko, denel, roketsan, aselsan, norinco, avic
cetc, casic, rostec, almaz-antey, huawei, hikvision, rio tinto, bhp, anglo american
glencore, lynas, mp materials, albemarle, sqm, ganfeng, tianqi, cmoc, umicore, alcoa
rusal, chalco, norsk hydro, vsmpo, iluka, freeport, sibanye, implats, nornickel, norilsk
materion, almonty, molycorp, teck, eramet, south32, huayou, zijin, tronox, timet, howmet
precision castparts, american pacific, ampac, day & zimmermann, olin, orbital atk
wolfspeed, qorvo, coherent, infineon, mitsubishi, sumitomo, dowa, 5n plus, teledyne
flir, lynred, vital materials, pilbara minerals, syrah, wolfram bergbau, sandvik, ovako
outokumpu, vacuumschmelze, shin-etsu, hitachi, honeywell, moog, curtiss-wright, heraeus
osaka titanium, toho titanium, constellium, arconic, allegheny, explosia, nitro-chem
hirtenberger, mecar, dynamit nobel, bofors
""".replace("\n", ",").split(",")
    if n.strip()
)
_REAL = re.compile(r"\b(" + "|".join(re.escape(n) for n in REAL_COMPANIES) + r")\b")

ADVERSARY = {"CN", "RU", "IR", "KP"}
LISTS = {"US-OFAC-SDN", "US-BIS-ENTITY", "US-DOD-1260H", "EU-FSF", "UK-SANCTIONS"}
PLATFORMS = ("p-155-round", "p-guided-rocket", "p-ad-radar", "p-thermal-sight")


def _read(folder: Path, name: str) -> list[Row]:
    path = folder / f"{name}.csv"
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@cache
def demo(name: str) -> tuple[Row, ...]:
    return tuple(_read(DEMO, name))


@cache
def reference(name: str) -> tuple[Row, ...]:
    return tuple(_read(REFERENCE, name))


@cache
def orgs() -> dict[str, Row]:
    return {r["id"]: r for r in demo("organisations")}


@cache
def facilities() -> dict[str, Row]:
    return {r["id"]: r for r in demo("facilities")}


@cache
def items() -> dict[str, Row]:
    return {r["id"]: r for r in (*reference("items"), *demo("items"))}


@cache
def countries() -> dict[str, Row]:
    return {r["code"]: r for r in (*reference("countries"), *demo("countries"))}


@cache
def children() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for r in demo("bom"):
        out[r["parent"]].append(r["child"])
    return out


@cache
def sources() -> dict[str, list[Row]]:
    out: dict[str, list[Row]] = defaultdict(list)
    for r in demo("sources"):
        out[r["item"]].append(r)
    return out


def closure(item: str) -> list[str]:
    seen = [item]
    for it in seen:
        seen.extend(c for c in children().get(it, ()) if c not in seen)
    return seen


def source_country(s: Row) -> str:
    if s["facility"]:
        return facilities()[s["facility"]]["country"]
    return orgs()[s["supplier"]]["country"]


def producible(platform: str, lost: Collection[str] = (), qualify: Iterable[str] = ()) -> bool:
    """All-of over the bill of materials, any-of over qualified sources.

    ``lost`` holds organisations, facilities or countries; ``qualify`` holds
    suppliers whose unqualified sources count as qualified. Items with no
    source at all are data gaps and count as available.
    """
    extra = set(qualify)
    for it in closure(platform):
        rows = sources().get(it)
        if not rows:
            continue
        if not any(
            (s["qualified"] == "true" or s["supplier"] in extra)
            and s["supplier"] not in lost
            and s["facility"] not in lost
            and source_country(s) not in lost
            for s in rows
        ):
            return False
    return True


def order1(platform: str) -> set[str]:
    candidates = set(orgs()) | set(facilities()) | {source_country(s) for s in demo("sources")}
    return {x for x in candidates if not producible(platform, {x})}


def ownership_graph(kinds: Collection[str] = ("equity", "voting")) -> nx.DiGraph:
    g = nx.DiGraph()
    for r in demo("ownership"):
        if r["kind"] in kinds:
            g.add_edge(r["owner"], r["owned"], pct=float(r["percentage"]))
    return g


def designated() -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in demo("designations"):
        out[r["entity"]].add(r["list"])
    return out


def ofac_blocked(seed_lists: Collection[str] = ("US-OFAC-SDN",)) -> set[str]:
    """OFAC 50 Percent Rule as a fixed point over equity holdings (FAQ 398-401)."""
    blocked = {e for e, lists in designated().items() if lists & set(seed_lists)}
    g = ownership_graph(("equity",))
    while True:
        held: dict[str, float] = defaultdict(float)
        for owner, owned, d in g.edges(data=True):
            if owner in blocked:
                held[owned] += d["pct"]
        grown = {e for e, pct in held.items() if pct >= 50.0} - blocked
        if not grown:
            return blocked
        blocked |= grown


def roots() -> set[str]:
    """Adversary roots: registered in a covered nation, or designated."""
    return {o for o, r in orgs().items() if r["country"] in ADVERSARY} | set(designated())


def effective_adversary_share(target: str) -> float:
    """Sum over simple ownership paths from a root (stopping at the first root) in %."""
    g = ownership_graph()
    rts = roots()
    total = 0.0
    for root in rts & set(g):
        for path in nx.all_simple_paths(g, root, target):
            if any(p in rts for p in path[1:]):
                continue
            share = 1.0
            for a, b in itertools.pairwise(path):
                share *= g[a][b]["pct"] / 100.0
            total += share
    return total * 100.0


def linked() -> set[str]:
    """Strictly adversary-linked organisations and facilities: any link at all."""
    own = ownership_graph(("equity", "voting", "control"))
    rts = roots()
    orgs_linked = set(rts) | ofac_blocked(LISTS)
    for r in rts & set(own):
        orgs_linked |= nx.descendants(own, r)
    facs = {
        f
        for f, row in facilities().items()
        if row["country"] in ADVERSARY or row["operator"] in orgs_linked
    }
    return orgs_linked | facs


# --------------------------------------------------------------------------
# Shape, counts and references


def _load_build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "scripts" / "build_demo.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_csv_files_are_the_generator_output(tmp_path: Path) -> None:
    build_demo = _load_build_script()
    first = build_demo.write(build_demo.build(), tmp_path / "a")
    build_demo.write(build_demo.build(), tmp_path / "b")
    assert first
    for path in first:
        shipped = DEMO / path.name
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
        assert path.read_bytes() == shipped.read_bytes(), f"run scripts/build_demo.py: {path.name}"


def test_demo_files_are_schema_tables_with_their_required_columns() -> None:
    names = {t.name for t in TABLES}
    files = {p.stem for p in DEMO.glob("*.csv")}
    assert files <= names
    for table in TABLES:
        rows = demo(table.name)
        if not rows:
            continue
        required = {c.name for c in table.columns if c.required}
        assert required <= set(rows[0]), table.name
        keys = [tuple(r[k] for k in table.key) for r in rows]
        assert len(keys) == len(set(keys)), f"duplicate key in {table.name}"


def test_counts() -> None:
    platforms = [i for i, r in items().items() if r["kind"] == ItemKind.PLATFORM]
    assert len(platforms) >= 3
    assert set(PLATFORMS) <= set(platforms)
    assert len(orgs()) >= 150
    used = {r["country"] for r in demo("organisations")} | {
        r["country"] for r in demo("facilities")
    }
    assert len(used) >= 20
    assert len(demo("facilities")) >= 100


def _depth(item: str) -> int:
    return 1 + max((_depth(c) for c in children().get(item, ())), default=0)


@pytest.mark.parametrize("platform", PLATFORMS)
def test_every_platform_is_at_least_five_tiers_deep(platform: str) -> None:
    assert _depth(platform) >= 5
    kinds = {items()[i]["kind"] for i in closure(platform)}
    assert kinds == {"platform", "assembly", "component", "material"}


def test_bill_of_materials_is_acyclic() -> None:
    g = nx.DiGraph((r["parent"], r["child"]) for r in demo("bom"))
    assert nx.is_directed_acyclic_graph(g)


def test_every_reference_resolves_against_demo_and_reference() -> None:
    known: dict[str, set[str]] = {
        "countries": set(countries()),
        "organisations": set(orgs()),
        "facilities": set(facilities()),
        "items": set(items()),
    }
    for table in TABLES:
        for col in table.columns:
            if not col.ref:
                continue
            allowed = set().union(*(known[t] for t in (col.ref, *col.ref_also)))
            for row in demo(table.name):
                value = row.get(col.name, "")
                if value:
                    assert value in allowed, f"{table.name}.{col.name} = {value!r}"


def test_ids_are_prefixed_unique_and_never_country_codes() -> None:
    ids = [*orgs(), *facilities(), *(r["id"] for r in demo("items"))]
    assert len(ids) == len(set(ids))
    assert not set(ids) & set(countries())
    assert all(i.startswith("o-") for i in orgs())
    assert all(i.startswith("f-") for i in facilities())
    prefixes = {"platform": "p-", "assembly": "a-", "component": "c-"}
    for r in demo("items"):
        assert r["id"].startswith(prefixes[r["kind"]]), r["id"]
    assert not [r for r in demo("items") if r["id"] in {i["id"] for i in reference("items")}]


def test_materials_are_reference_items() -> None:
    mats = {c for r in demo("bom") for c in (r["child"],) if items()[c]["kind"] == "material"}
    assert mats == {r["id"] for r in reference("items")}
    assert all(r["kind"] != "material" for r in demo("items"))


def test_facilities_have_coordinates_in_range_and_operators() -> None:
    for f in demo("facilities"):
        assert -90 <= float(f["lat"]) <= 90 and -180 <= float(f["lon"]) <= 180
        assert f["operator"] in orgs()


def test_names_are_fictional() -> None:
    for o in demo("organisations"):
        name = o["name"].lower()
        assert not _REAL.search(name), o["name"]
        if o["kind"] == OrgKind.GOVERNMENT:
            assert o["name"].startswith("Government of "), o["name"]
        else:
            assert "government" not in name
    for f in demo("facilities"):
        assert not _REAL.search(f["name"].lower()), f["name"]


def test_deny_list_catches_a_real_name() -> None:
    assert _REAL.search("northrop grumman systems")
    assert not _REAL.search("valence optronique")


def test_shares_of_an_item_at_most_one_and_candidates_have_none() -> None:
    totals: dict[str, float] = defaultdict(float)
    for s in demo("sources"):
        assert s["qualified"] in ("true", "false")
        if s["qualified"] == "false":
            assert s["share"] == ""
        elif s["share"]:
            totals[s["item"]] += float(s["share"])
        assert float(s["recovery_days"]) >= 0 and float(s["capacity"]) > 0
    assert max(totals.values()) <= 1.0 + 1e-9


# --------------------------------------------------------------------------
# Planted single points of failure (docs/demo-network.md, section 2)


def test_baseline_every_platform_is_producible() -> None:
    assert all(producible(p) for p in PLATFORMS)


@pytest.mark.parametrize(
    ("platform", "expected"),
    [
        ("p-155-round", {"o-hollis", "f-hollis-lap", "f-kessler-aap", "US"}),
        ("p-guided-rocket", {"o-castellan", "f-castellan-cedar-flats", "US", "FR"}),
        ("p-ad-radar", set()),
        ("p-thermal-sight", set()),
    ],
)
def test_order1_single_points_of_failure(platform: str, expected: set[str]) -> None:
    assert order1(platform) == expected


def test_sole_source_organisation_for_ammonium_perchlorate() -> None:
    qualified = [s for s in sources()["c-ammonium-perchlorate"] if s["qualified"] == "true"]
    assert [s["supplier"] for s in qualified] == ["o-castellan"]
    assert any(s["qualified"] == "false" for s in sources()["c-ammonium-perchlorate"])


def test_only_qualified_site_for_nitrocellulose_with_two_organisations() -> None:
    qualified = [s for s in sources()["c-nitrocellulose"] if s["qualified"] == "true"]
    assert {s["supplier"] for s in qualified} == {"o-kessler-ops", "o-marlow"}
    assert {s["facility"] for s in qualified} == {"f-kessler-aap"}
    # Neither organisation alone stops the round; the site does.
    assert producible("p-155-round", {"o-marlow"})
    assert not producible("p-155-round", {"f-kessler-aap"})


def test_country_loss_stops_a_platform_without_any_single_organisation() -> None:
    gyro = [s for s in sources()["c-ring-laser-gyro"] if s["qualified"] == "true"]
    assert len(gyro) == 3 and {source_country(s) for s in gyro} == {"FR"}
    assert not producible("p-guided-rocket", {"FR"})
    assert all(producible("p-guided-rocket", {s["supplier"]}) for s in gyro)
    assert all(producible(p, {"FR"}) for p in PLATFORMS if p != "p-guided-rocket")


def test_data_gap_is_the_eyecup_seal_only() -> None:
    reachable = {i for p in PLATFORMS for i in closure(p)}
    gaps = {i for i in reachable if i not in sources()}
    assert gaps == {"c-eyecup-seal"}
    assert "c-eyecup-seal" in closure("p-thermal-sight")


@pytest.mark.parametrize(
    ("platform", "pair"),
    [
        ("p-155-round", ("o-pembrook", "o-wexley")),
        ("p-155-round", ("f-pembrook", "f-wexley")),
        ("p-155-round", ("o-kessler-ops", "o-marlow")),
        ("p-guided-rocket", ("o-motor-1", "o-motor-2")),
        ("p-thermal-sight", ("o-mb-cn", "o-mb-sg")),
        ("p-ad-radar", ("CN", "RU")),
    ],
)
def test_order2_pairs(platform: str, pair: tuple[str, str]) -> None:
    a, b = pair
    assert producible(platform, {a}) and producible(platform, {b})
    assert not producible(platform, {a, b})


# --------------------------------------------------------------------------
# Planted adversary links (section 3)


def _suppliers() -> set[str]:
    return {s["supplier"] for s in demo("sources")}


def test_registered_in_each_covered_nation_and_supplying() -> None:
    supplying = {orgs()[o]["country"] for o in _suppliers()} & ADVERSARY
    assert supplying == ADVERSARY
    assert orgs()["o-ga-cn1"]["country"] == "CN"
    assert orgs()["o-w-kp"]["country"] == "KP"
    assert orgs()["o-hex-ir"]["country"] == "IR"


def test_facility_located_in_a_covered_nation_of_an_allied_registered_company() -> None:
    fac = facilities()["f-ga-sg-cn"]
    assert fac["country"] == "CN" and fac["operator"] == "o-ga-sg"
    assert orgs()["o-ga-sg"]["country"] == "SG"
    assert any(s["facility"] == "f-ga-sg-cn" for s in sources()["mat-gallium"])


def test_adversary_government_owns_a_foreign_supplier() -> None:
    edges = {(r["owner"], r["owned"]): float(r["percentage"]) for r in demo("ownership")}
    assert orgs()["o-gov-ru"]["kind"] == "government"
    assert edges[("o-gov-ru", "o-ti-kz")] > 50
    assert orgs()["o-ti-kz"]["country"] == "KZ"
    assert "o-ti-kz" in _suppliers()
    govs = {o for o, r in orgs().items() if r["kind"] == "government"}
    assert {orgs()[g]["country"] for g in govs} >= {"CN", "RU", "IR"}


def test_every_list_has_a_designated_fictional_company() -> None:
    assert set().union(*designated().values()) == LISTS
    assert "o-trader-ae" in designated() and orgs()["o-trader-ae"]["country"] == "AE"
    assert "o-trader-ae" in _suppliers()
    for r in demo("designations"):
        assert r["reason"].startswith("illustrative")


def test_ofac_50_percent_rule_faq_401_examples() -> None:
    blocked = ofac_blocked()
    # Examples 1-3 and the aggregation of two blocked persons: blocked.
    for entity in ("o-ofac-a1", "o-sb-tj", "o-ofac-a2", "o-ofac-b2", "o-ofac-c2"):
        assert entity in blocked, entity
    assert {"o-ofac-a3", "o-ofac-b3", "o-ofac-d"} <= blocked
    # Example 4 and control without ownership (FAQ 398): not blocked.
    assert not {"o-ofac-a4", "o-ofac-b4", "o-ofac-c4", "o-ctrl-e"} & blocked
    assert blocked == {
        "o-sdn-x", "o-sdn-y", "o-sdn-z", "o-trader-ae", "o-ofac-a1", "o-sb-tj", "o-ofac-a2",
        "o-ofac-b2", "o-ofac-c2", "o-ofac-a3", "o-ofac-b3", "o-ofac-d",
    }  # fmt: skip
    # The blocked and the near-miss companies actually supply something.
    assert {"o-sb-tj", "o-ofac-c2", "o-ofac-b3", "o-ofac-c4", "o-ofac-d"} <= _suppliers()


@pytest.mark.parametrize(
    ("org", "percent"),
    [
        ("o-lt-de1", 63.0),  # control, CN -> SG -> NL -> DE
        ("o-lt-it2", 36.0),  # significant, CN -> LU -> CH -> IT
        ("o-lt-ca3", 12.0),  # influence, CN -> AE -> GB -> CA
        ("o-ti-kz", 51.0),  # adversary government, direct
        ("o-mb-sg", 70.0),
        ("o-ofac-c4", 25.0),
        ("o-cyc-a", 45.0),
        ("o-cyc-b", 27.0),
        ("o-cyc-c", 13.5),
    ],
)
def test_look_through_effective_adversary_ownership(org: str, percent: float) -> None:
    assert effective_adversary_share(org) == pytest.approx(percent)


def test_look_through_chains_are_three_hops_across_borders() -> None:
    g = ownership_graph()
    for target in ("o-lt-de1", "o-lt-it2", "o-lt-ca3"):
        (path,) = list(nx.all_simple_paths(g, "o-cnsg", target))
        assert len(path) == 4
        assert len({orgs()[o]["country"] for o in path}) == 4
        assert target in _suppliers()


def test_control_edge_with_low_percentage() -> None:
    ctrl = [r for r in demo("ownership") if r["kind"] == "control"]
    assert [(r["owner"], r["owned"]) for r in ctrl] == [("o-sdn-x", "o-ctrl-e")]
    assert float(ctrl[0]["percentage"]) < 25
    assert "o-ctrl-e" in _suppliers()


def test_ownership_cycle_exists() -> None:
    cycles = [sorted(c) for c in nx.simple_cycles(ownership_graph())]
    assert ["o-cyc-a", "o-cyc-b", "o-cyc-c"] in cycles
    assert "o-kamaport" in nx.ancestors(ownership_graph(), "o-cyc-a")


def test_allied_state_ownership_is_not_a_link() -> None:
    assert not {"o-rdx-no", "o-skarvik", "o-wislomet", "o-tnt-pl", "o-rlg-fr1"} & linked()


# --------------------------------------------------------------------------
# Adversary-free feasibility and concentration (section 4)


def _clean_producible(platform: str, qualify: Iterable[str] = ()) -> bool:
    return producible(platform, linked() | ADVERSARY, qualify)


def test_155_round_and_rocket_can_be_built_adversary_free() -> None:
    assert _clean_producible("p-155-round")
    assert _clean_producible("p-guided-rocket")


def test_radar_is_blocked_by_gallium_and_an_allied_candidate_unblocks_it() -> None:
    assert not _clean_producible("p-ad-radar")
    qualified_ga = [s for s in sources()["mat-gallium"] if s["qualified"] == "true"]
    assert all(
        s["supplier"] in linked() or s["facility"] in linked() or source_country(s) in ADVERSARY
        for s in qualified_ga
    )
    assert _clean_producible("p-ad-radar", {"o-ga-jp"})
    assert countries()["JP"]["groups"]


def test_thermal_sight_is_blocked_and_no_candidate_helps() -> None:
    every_supplier = _suppliers()
    assert not _clean_producible("p-thermal-sight", every_supplier)
    assert {s["supplier"] for s in sources()["c-microbolometer"]} <= linked()


def test_gallium_sourcing_is_concentrated_in_china() -> None:
    cn = sum(
        float(s["share"])
        for s in sources()["mat-gallium"]
        if s["qualified"] == "true" and source_country(s) == "CN"
    )
    assert cn >= 0.9


def test_stockpiles_and_substitutes() -> None:
    for s in demo("stockpiles"):
        assert s["consumption_per_day"] or s["days_of_supply"]
    holders = {s["holder"] for s in demo("stockpiles")}
    assert holders & set(countries()) and holders & set(orgs())
    assert {s["qualified"] for s in demo("substitutes")} == {"true", "false"}


def test_document_names_every_planted_id() -> None:
    text = DOC.read_text(encoding="utf-8")
    planted = {o for o, r in orgs().items() if r["note"].startswith("planted")}
    planted |= {"f-hollis-lap", "f-kessler-aap", "f-castellan-cedar-flats", "f-ga-sg-cn"}
    planted |= {"c-eyecup-seal", "c-ammonium-perchlorate", "c-nitrocellulose", *PLATFORMS}
    missing = sorted(i for i in planted if f"`{i}`" not in text)
    assert not missing


ORDER2 = {
    "p-155-round": {
        ("f-pembrook", "f-wexley"),
        ("f-pembrook", "o-wexley"),
        ("f-wexley", "o-pembrook"),
        ("o-pembrook", "o-wexley"),
        ("o-kessler-ops", "o-marlow"),
    },
    "p-guided-rocket": {
        ("f-motor-1", "f-motor-2"),
        ("f-motor-1", "o-motor-2"),
        ("f-motor-2", "o-motor-1"),
        ("o-motor-1", "o-motor-2"),
    },
    "p-ad-radar": set(),
    "p-thermal-sight": {
        ("f-mb-cn", "f-mb-sg"),
        ("f-mb-cn", "o-mb-sg"),
        ("f-mb-sg", "o-mb-cn"),
        ("o-mb-cn", "o-mb-sg"),
    },
}


@pytest.mark.parametrize("platform", PLATFORMS)
def test_the_planted_pairs_are_the_only_order2_pairs(platform: str) -> None:
    # Brute force over every pair of organisations and facilities, with the
    # source sets precomputed so the ~10^4 pairs stay cheap.
    first = order1(platform)
    per_item = [
        [{s["supplier"], s["facility"]} for s in rows if s["qualified"] == "true"]
        for it in closure(platform)
        if (rows := sources().get(it))
    ]
    nodes = sorted({x for sets in per_item for src in sets for x in src if x} - first)
    # A pair can only empty an item whose sources involve its first member.
    involving: dict[str, list[list[set[str]]]] = defaultdict(list)
    for sets in per_item:
        for x in set().union(*sets):
            involving[x].append(sets)
    pairs = {
        (a, b)
        for a, b in itertools.combinations(nodes, 2)
        if any(all(a in src or b in src for src in sets) for sets in involving[a])
    }
    assert pairs == ORDER2[platform]
    for a, b in pairs:
        assert not producible(platform, {a, b})


# --------------------------------------------------------------------------
# The shipped bundles pass the bundle reader's own validation


def test_reference_and_demo_bundles_pass_bundle_validation() -> None:
    from graphmodel.bundle import (
        demo_bundle_path,
        read_bundle,
        reference_bundle_path,
        validate_references,
    )
    from graphmodel.errors import ValidationFailed

    ref = read_bundle(reference_bundle_path())
    validate_references(ref)
    assert len(ref.tables["countries"]) == 249
    assert len(ref.tables["items"]) == 13
    known = {
        "countries": {r["code"] for r in ref.tables["countries"]},
        "items": {r["id"] for r in ref.tables["items"]},
    }
    bundle = read_bundle(demo_bundle_path())
    validate_references(bundle, known)
    assert bundle.count()["organisations"] == len(orgs())
    # Extra columns survive as properties (empty cells are left out); typed columns are typed.
    by_id = {r["id"]: r for r in bundle.tables["organisations"]}
    assert by_id["o-castellan"]["note"].startswith("planted")
    assert {type(r["qualified"]) for r in bundle.tables["sources"]} == {bool}
    # Without the reference materials the demo's bill of materials dangles.
    with pytest.raises(ValidationFailed, match=r"mat-\S+.* is not in items"):
        validate_references(bundle, {"countries": known["countries"]})
