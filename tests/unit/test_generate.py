"""The synthetic network generator: sizes, structure, realism, determinism."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphmodel.bundle import read_bundle, validate_references, write_bundle
from graphmodel.generate import GenerateError, count_relationships, generate_tables
from graphmodel.nxgraph import graph_from_tables
from graphmodel.schema import TABLES

pytestmark = pytest.mark.unit

Tables = dict[str, list[dict[str, Any]]]
ADVERSARIES = {"CN", "RU", "IR", "KP"}
NODE_TABLES = ("countries", "organisations", "facilities", "items")


def node_count(t: Tables) -> int:
    return sum(len(t[k]) for k in NODE_TABLES)


@pytest.fixture(scope="module")
def tables() -> Tables:
    return generate_tables(4000, seed=7)


def bom_graph(t: Tables) -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_nodes_from(r["id"] for r in t["items"])
    g.add_edges_from((r["parent"], r["child"]) for r in t["bom"])
    return g


def test_same_seed_same_tables_other_seed_differs() -> None:
    a = generate_tables(600, seed=11)
    assert a == generate_tables(600, seed=11)
    assert a != generate_tables(600, seed=12)


def test_same_tables_whatever_the_string_hash_seed() -> None:
    code = (
        "import hashlib, json; from graphmodel.generate import generate_tables; "
        "print(hashlib.sha256(json.dumps(generate_tables(500, seed=3)).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(h)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for h in (1, 2)
    }
    assert len(digests) == 1


@pytest.mark.parametrize(
    ("nodes", "relationships"),
    [(300, None), (1000, None), (2500, 7500), (6000, None), (5000, 50_000)],
)
def test_node_and_relationship_counts_within_tolerance(
    nodes: int, relationships: int | None
) -> None:
    t = generate_tables(nodes, relationships, seed=1)
    target = relationships or 5 * nodes
    assert abs(node_count(t) - nodes) <= nodes * 0.01
    assert abs(count_relationships(t) - target) <= target * 0.03


def test_all_bundle_tables_present_with_schema_columns(tables: Tables) -> None:
    assert set(tables) == {t.name for t in TABLES}
    for table in TABLES:
        allowed = set(table.column_names)
        for row in tables[table.name]:
            assert set(row) <= allowed, table.name
            assert all(row.get(c.name) is not None for c in table.columns if c.required)


def test_typed_values(tables: Tables) -> None:
    assert all(isinstance(r["groups"], list) for r in tables["countries"])
    assert all(isinstance(r["qualified"], bool) for r in tables["sources"])
    assert all(isinstance(r["share"], float) for r in tables["sources"])
    assert all(isinstance(r["quantity"], float) for r in tables["bom"])
    assert all(isinstance(r["percentage"], float) for r in tables["ownership"])
    assert all(isinstance(r["year"], int) for r in tables["production"])


def test_graph_builds_with_every_node(tables: Tables) -> None:
    G = graph_from_tables(tables)
    assert G.number_of_nodes() == node_count(tables)
    # The NetworkX graph keeps designations and stockpiles as attributes, not edges.
    in_graph = (
        count_relationships(tables) - len(tables["designations"]) - 2 * len(tables["stockpiles"])
    )
    assert G.number_of_edges() == in_graph


def test_ids_unique_prefixed_and_every_reference_resolves(tables: Tables) -> None:
    codes = {r["code"] for r in tables["countries"]}
    orgs = [r["id"] for r in tables["organisations"]]
    facs = [r["id"] for r in tables["facilities"]]
    items = [r["id"] for r in tables["items"]]
    ids = orgs + facs + items
    assert len(ids) == len(set(ids))
    assert not set(ids) & codes
    assert all(i.startswith("g-") for i in ids)
    known = {"countries": codes, "organisations": set(orgs), "facilities": set(facs),
             "items": set(items)}  # fmt: skip
    for table in TABLES:
        for col in table.columns:
            if not col.ref:
                continue
            targets = set().union(known[col.ref], *(known[r] for r in col.ref_also))
            values = {r[col.name] for r in tables[table.name] if r.get(col.name)}
            assert values <= targets, (table.name, col.name, sorted(values - targets)[:3])


def test_keys_unique(tables: Tables) -> None:
    for table in TABLES:
        keys = [tuple(r.get(k) for k in table.key) for r in tables[table.name]]
        assert len(keys) == len(set(keys)), table.name


def test_bom_is_acyclic_and_platform_depth_within_tiers() -> None:
    t = generate_tables(3000, seed=5, tiers=(6, 10))
    g = bom_graph(t)
    assert nx.is_directed_acyclic_graph(g)
    depth: dict[str, int] = {}
    for v in reversed(list(nx.topological_sort(g))):
        depth[v] = 1 + max((depth[c] for c in g.successors(v)), default=0)
    platforms = [r["id"] for r in t["items"] if r["kind"] == "platform"]
    depths = [depth[p] for p in platforms]
    assert len(platforms) == 20
    assert min(depths) == 6
    assert max(depths) == 10
    # Every item is reachable from some platform and leaves are materials.
    reach = set(platforms).union(*(nx.descendants(g, p) for p in platforms))
    assert reach == set(g.nodes)
    kinds = {r["id"]: r["kind"] for r in t["items"]}
    assert {kinds[v] for v in g if g.out_degree(v) == 0} == {"material"}


def test_other_tiers_respected() -> None:
    t = generate_tables(2000, seed=2, tiers=(4, 5))
    g = bom_graph(t)
    longest = nx.dag_longest_path_length(g) + 1
    assert longest == 5


def test_shares_in_range_and_sum_to_one(tables: Tables) -> None:
    total: dict[str, float] = defaultdict(float)
    for r in tables["sources"]:
        assert 0.0 <= r["share"] <= 1.0
        if not r["qualified"]:
            assert r["share"] == 0.0
        total[r["item"]] += r["share"]
    assert set(total) == {r["id"] for r in tables["items"]}
    assert all(abs(s - 1.0) < 1e-6 for s in total.values())
    for r in tables["production"]:
        assert 0.0 < r["share"] <= 1.0
    per_material: dict[str, float] = defaultdict(float)
    for r in tables["production"]:
        per_material[r["material"]] += r["share"]
    # Published shares are rounded: titanium's 69+17+6+5+4 adds up to 101%.
    assert max(per_material.values()) <= 1.02


def test_sourcing_mix_sole_multiple_and_candidates(tables: Tables) -> None:
    qualified = Counter(r["item"] for r in tables["sources"] if r["qualified"])
    spread = Counter(qualified.values())
    assert spread[1] > 0.1 * len(qualified)  # many sole-sourced items
    assert spread[2] + spread[3] + spread[4] > 0.4 * len(qualified)
    assert any(not r["qualified"] for r in tables["sources"])
    assert any(r["facility"] for r in tables["sources"])


def test_supplier_degree_heavy_tailed(tables: Tables) -> None:
    degree = Counter(r["supplier"] for r in tables["sources"])
    assert max(degree.values()) >= 20 * statistics.median(degree.values())
    child_use = Counter(r["child"] for r in tables["bom"])
    assert max(child_use.values()) >= 20 * statistics.median(child_use.values())


def test_shared_subtier_items_across_platforms(tables: Tables) -> None:
    g = bom_graph(tables)
    platforms = [r["id"] for r in tables["items"] if r["kind"] == "platform"]
    used_by = Counter(v for p in platforms for v in nx.descendants(g, p))
    assert sum(1 for n in used_by.values() if n >= len(platforms) // 2) > 10


def test_raw_materials_reuse_reference_ids_with_prefix(tables: Tables) -> None:
    ids = {r["id"] for r in tables["items"]}
    assert {"g-mat-aluminium", "g-mat-gallium", "g-mat-tungsten", "g-mat-antimony"} <= ids
    gallium = {r["country"]: r["share"] for r in tables["production"]
               if r["material"] == "g-mat-gallium"}  # fmt: skip
    assert gallium == {"CN": 0.99}


def test_ownership_percentages_and_totals(tables: Tables) -> None:
    total: dict[str, float] = defaultdict(float)
    for r in tables["ownership"]:
        assert 0.0 < r["percentage"] <= 100.0
        assert r["owner"] != r["owned"]
        total[r["owned"]] += r["percentage"]
    assert max(total.values()) <= 100.0
    orgs = {r["id"]: r for r in tables["organisations"]}
    cross = sum(orgs[r["owner"]]["country"] != orgs[r["owned"]]["country"]
                for r in tables["ownership"])  # fmt: skip
    assert cross > 0.1 * len(tables["ownership"])
    assert any(orgs[r["owner"]]["kind"] == "government" for r in tables["ownership"])
    g = nx.DiGraph((r["owner"], r["owned"]) for r in tables["ownership"])
    assert not nx.is_directed_acyclic_graph(g)  # rare cross-holdings exist


def test_holding_chains_one_to_four_deep(tables: Tables) -> None:
    owners: dict[str, list[str]] = defaultdict(list)
    for r in tables["ownership"]:
        owners[r["owned"]].append(r["owner"])
    companies = {r["id"] for r in tables["organisations"] if r["kind"] == "company"}

    def depth(org: str, seen: frozenset[str]) -> int:
        ups = [o for o in owners.get(org, []) if o not in seen and o in companies]
        return max((1 + depth(o, seen | {org}) for o in ups), default=0)

    depths = Counter(depth(o, frozenset()) for o in companies if o.startswith("g-org-"))
    assert {1, 2, 3, 4} <= set(depths)


def test_adversary_links_by_registration_designation_and_chain(tables: Tables) -> None:
    orgs = {r["id"]: r for r in tables["organisations"]}
    by_registration = {o for o, r in orgs.items() if r["country"] in ADVERSARIES}
    designated = {r["entity"] for r in tables["designations"]}
    owners: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in tables["ownership"]:
        owners[r["owned"]].append((r["owner"], r["percentage"]))
    flagged = by_registration | designated

    def linked(org: str, seen: frozenset[str]) -> bool:
        return any(o in flagged or linked(o, seen | {org})
                   for o, _ in owners.get(org, []) if o not in seen)  # fmt: skip

    by_chain = {o for o in orgs if o not in flagged and linked(o, frozenset())}
    assert by_registration
    assert designated
    assert by_chain
    suppliers = {r["supplier"] for r in tables["sources"]}
    assert by_registration & suppliers
    assert by_chain & suppliers
    share = len((by_registration | by_chain) & suppliers) / len(suppliers)
    assert 0.01 < share < 0.2
    adversary_rows = [r for r in tables["countries"] if r["code"] in ADVERSARIES]
    assert {r["concern"] for r in adversary_rows} == {"adversary"}


def test_no_adversaries_when_share_is_zero() -> None:
    t = generate_tables(1000, seed=3, adversary_share=0.0)
    assert not t["designations"]
    assert not {r["country"] for r in t["organisations"] if r["kind"] == "company"} & ADVERSARIES


def test_country_groups_and_stockpiles(tables: Tables) -> None:
    groups = {r["code"]: r["groups"] for r in tables["countries"]}
    assert "NATO" in groups["DE"] and "EU" in groups["DE"]
    assert "NTIB" in groups["AU"] and "NATO" not in groups["AU"]
    assert groups["CN"] == []
    holders = {r["holder"] for r in tables["stockpiles"]}
    assert holders & set(groups)  # national stockpiles
    assert any(h.startswith("g-org-") for h in holders)  # primes' stocks
    assert tables["substitutes"]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"nodes": 100}, "at least 300"),
        ({"nodes": 1000, "relationships": 1000}, "between 2.5 and 20"),
        ({"nodes": 1000, "tiers": (3, 8)}, "tiers"),
        ({"nodes": 1000, "adversary_share": 0.9}, "adversary_share"),
        ({"nodes": 1000, "platforms": 0}, "platforms"),
    ],
)
def test_unfit_requests_raise_one_sentence(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(GenerateError, match=match) as exc:
        generate_tables(**kwargs)
    assert exc.value.message.endswith(".")


def test_written_bundle_reads_back_valid(tmp_path: Path) -> None:
    t = generate_tables(800, seed=4)
    for fmt in ("csv", "json"):
        out = tmp_path / fmt
        write_bundle(t, out, fmt=fmt)
        path = out if fmt == "csv" else out / "bundle.json"
        bundle = read_bundle(path, references=True)
        validate_references(bundle)
        assert {k: len(v) for k, v in bundle.tables.items()} == {
            k: len(v) for k, v in t.items() if v
        }
        assert bundle.tables["sources"][0] == {
            k: v for k, v in t["sources"][0].items() if v is not None
        }
