"""The ownership computations on plain holdings: OFAC 50 Percent Rule and look-through."""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analysis.ownership import (
    holdings,
    look_through,
    ofac_blocked,
    strongly_connected,
)

pytestmark = pytest.mark.unit


# -- OFAC FAQ 401, the four worked examples, verbatim ------------------------------


def test_faq401_example1_chain_of_fifty_percent_blocks_both() -> None:
    # "X (blocked) owns 50% of A; A owns 50% of B: A and B are blocked."
    r = ofac_blocked({"X": {"A": 50}, "A": {"B": 50}}, {"X"})
    assert r.blocked == {"X", "A", "B"}
    assert r.chain("B") == ["X", "A", "B"]


def test_faq401_example2_indirect_holdings_through_two_blocked_entities_add_up() -> None:
    # "X owns 50% of A and 50% of B; A and B each own 25% of C: C is blocked."
    r = ofac_blocked({"X": {"A": 50, "B": 50}, "A": {"C": 25}, "B": {"C": 25}}, {"X"})
    assert "C" in r.blocked
    assert r.held["C"] == 50.0
    assert r.chains("C") == [["X", "A", "C"], ["X", "B", "C"]]


def test_faq401_example3_direct_and_indirect_holdings_add_up() -> None:
    # "X owns 50% of A and 10% of B; A owns 40% of B: B is blocked (10% + 40%)."
    r = ofac_blocked({"X": {"A": 50, "B": 10}, "A": {"B": 40}}, {"X"})
    assert r.blocked == {"X", "A", "B"}
    assert r.owners["B"] == {"X": 10, "A": 40}
    assert r.by_rule("B")


def test_faq401_example4_unblocked_intermediaries_pass_nothing_on() -> None:
    # "X owns 25% of A and 25% of B; A and B each own 50% of C: C is not blocked."
    r = ofac_blocked({"X": {"A": 25, "B": 25}, "A": {"C": 50}, "B": {"C": 50}}, {"X"})
    assert r.blocked == {"X"}
    assert r.held.get("C", 0.0) == 0.0
    assert not r.by_rule("A")


def test_two_different_blocked_owners_aggregate() -> None:
    r = ofac_blocked({"X": {"C": 25}, "Y": {"C": 25}}, {"X", "Y"})
    assert r.blocked == {"X", "Y", "C"}
    assert r.held["C"] == 50.0


def test_just_below_threshold_is_not_blocked() -> None:
    r = ofac_blocked({"X": {"C": 25}, "Y": {"C": 24.99}}, {"X", "Y"})
    assert "C" not in r.blocked


def test_control_edges_are_not_ownership_for_ofac() -> None:
    edges = [("X", "C", "control", 100.0), ("X", "D", "voting", 60.0), ("X", "E", "equity", 50.0)]
    r = ofac_blocked(holdings(edges, {"equity"}), {"X"})
    assert r.blocked == {"X", "E"}


def test_ownership_cycle_terminates_and_blocks_once() -> None:
    r = ofac_blocked({"X": {"A": 50}, "A": {"B": 60}, "B": {"A": 40}}, {"X"})
    assert r.blocked == {"X", "A", "B"}
    assert r.held["A"] == 90.0
    # B's holding in A reaches A only through A itself: no evidence chain revisits A.
    assert r.chains("A") == [["X", "A"]]


def test_designated_entity_owning_its_own_owner_is_not_blocked_by_the_rule() -> None:
    r = ofac_blocked({"X": {"A": 100}, "A": {"X": 60}}, {"X"})
    assert r.held["X"] == 60.0
    assert not r.by_rule("X")
    assert r.by_rule("A")


def test_holdings_takes_largest_counted_kind_per_pair_and_drops_self() -> None:
    h = holdings(
        [("A", "B", "equity", 30), ("A", "B", "voting", 40), ("A", "A", "equity", 10)],
        {"equity", "voting"},
    )
    assert h == {"A": {"B": 40}}


# -- look-through --------------------------------------------------------------------


def test_three_hop_chain_multiplies() -> None:
    lt = look_through({"R": {"A": 80}, "A": {"B": 60}, "B": {"C": 50}}, {"R"})
    assert lt.effective["C"] == pytest.approx(24.0)
    assert lt.path("C") == ["R", "A", "B", "C"]


def test_two_distinct_paths_sum() -> None:
    lt = look_through({"R": {"A": 40, "B": 30}, "A": {"C": 50}, "B": {"C": 50}}, {"R"})
    assert lt.effective["C"] == pytest.approx(35.0)
    assert lt.path("C") == ["R", "A", "C"]
    assert [p for _, p in lt.paths("C")] == [["R", "A", "C"], ["R", "B", "C"]]


def test_cycle_a_owns_b_owns_a_terminates_with_simple_paths() -> None:
    lt = look_through({"R": {"A": 60}, "A": {"B": 50}, "B": {"A": 50}}, {"R"})
    assert lt.effective["A"] == pytest.approx(60.0)  # R-A only; R-A-B-A revisits A
    assert lt.effective["B"] == pytest.approx(30.0)
    assert not lt.approximate


def test_paths_stop_at_the_first_root() -> None:
    # R2 is itself a root: its whole 50% of C is adversary; R1's share through R2
    # must not be added on top.
    lt = look_through({"R1": {"R2": 100}, "R2": {"C": 50}}, {"R1", "R2"})
    assert lt.effective["C"] == pytest.approx(50.0)
    assert lt.path("C") == ["R2", "C"]
    assert lt.evidence("R2") == (100.0, ["R1", "R2"])


def test_root_evidence_never_starts_at_the_root_itself() -> None:
    lt = look_through({"R": {"A": 100}, "A": {"R": 60}}, {"R"})
    assert lt.effective["R"] == 0.0
    assert lt.evidence("R") == (100.0, ["R"])


def test_a_root_in_a_cycle_keeps_its_chain_from_another_root() -> None:
    # X (a root) holds 70% of A, R 30%; A holds 40% of X. The strongest chain into A
    # starts at X itself, so X's evidence must come from R: R -> A -> X, 12%.
    lt = look_through({"R": {"A": 30}, "X": {"A": 70}, "A": {"X": 40}}, {"R", "X"})
    assert lt.effective["X"] == pytest.approx(12.0)
    share, path = lt.evidence("X")
    assert path == ["R", "A", "X"] and share == pytest.approx(12.0)


def test_large_cycle_falls_back_to_walk_sum_upper_bound() -> None:
    nodes = [f"N{i}" for i in range(7)]
    h: dict[str, dict[str, float]] = {n: {m: 10.0 for m in nodes if m != n} for n in nodes}
    h["R"] = {"N0": 50.0}
    exact = look_through(h, {"R"})
    bounded = look_through(h, {"R"}, cycle_path_budget=10)
    assert not exact.approximate
    assert bounded.approximate == set(nodes)
    for n in nodes:
        assert bounded.effective[n] >= exact.effective[n] - 1e-9


def test_strongly_connected_orders_owners_after_what_they_own() -> None:
    comps = strongly_connected(["R"], {"R": ["A"], "A": ["B"], "B": ["A", "C"], "C": []})
    assert [sorted(c) for c in comps] == [["C"], ["A", "B"], ["R"]]


# -- brute-force references on small random ownership graphs --------------------------

NAMES = [f"N{i}" for i in range(6)]


@st.composite
def small_holdings(draw: st.DrawFn) -> tuple[dict[str, dict[str, float]], set[str]]:
    pairs = [(a, b) for a in NAMES for b in NAMES if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=14))
    h: dict[str, dict[str, float]] = {}
    for a, b in chosen:
        h.setdefault(a, {})[b] = float(draw(st.integers(1, 100)))
    roots = set(draw(st.lists(st.sampled_from(NAMES), unique=True, min_size=1, max_size=3)))
    return h, roots


def brute_force_ofac(h: dict[str, dict[str, float]], seeds: set[str]) -> set[str]:
    blocked = set(seeds)
    while True:
        grown = {
            n
            for n in NAMES
            if n not in blocked
            and sum(row.get(n, 0.0) for o, row in h.items() if o in blocked) >= 50.0
        }
        if not grown:
            return blocked
        blocked |= grown


def brute_force_lookthrough(
    h: dict[str, dict[str, float]], roots: set[str]
) -> tuple[dict[str, float], dict[str, float]]:
    """Sum and maximum of path products over simple paths that stop at the first root."""
    G = nx.DiGraph([(a, b, {"w": p / 100}) for a, row in h.items() for b, p in row.items()])
    out: dict[str, float] = {}
    strongest: dict[str, float] = {}
    for r, x in itertools.product(sorted(roots), NAMES):
        if r == x or r not in G or x not in G:
            continue
        for path in nx.all_simple_paths(G, r, x):
            if any(n in roots for n in path[1:-1]):
                continue
            product = math.prod(G[a][b]["w"] for a, b in itertools.pairwise(path))
            out[x] = out.get(x, 0.0) + product
            strongest[x] = max(strongest.get(x, 0.0), product)
    return {n: 100 * v for n, v in out.items()}, {n: 100 * v for n, v in strongest.items()}


@settings(max_examples=150, deadline=None)
@given(small_holdings())
def test_ofac_matches_brute_force(case: tuple[dict[str, dict[str, float]], set[str]]) -> None:
    h, seeds = case
    assert ofac_blocked(h, seeds).blocked == brute_force_ofac(h, seeds)


@settings(max_examples=150, deadline=None)
@given(small_holdings())
def test_a_seed_is_blocked_by_the_rule_only_if_it_would_be_undesignated(
    case: tuple[dict[str, dict[str, float]], set[str]],
) -> None:
    h, seeds = case
    r = ofac_blocked(h, seeds)
    for s in seeds:
        assert r.by_rule(s) == (s in brute_force_ofac(h, seeds - {s}))


@settings(max_examples=150, deadline=None)
@given(small_holdings())
def test_lookthrough_matches_simple_path_enumeration(
    case: tuple[dict[str, dict[str, float]], set[str]],
) -> None:
    h, roots = case
    lt = look_through(h, roots)
    expected, strongest = brute_force_lookthrough(h, roots)
    for n in NAMES:
        assert lt.effective.get(n, 0.0) == pytest.approx(expected.get(n, 0.0), abs=1e-9)
    for n, share in lt.best.items():
        if n not in roots:
            path = lt.path(n)
            assert path[0] in roots and len(set(path)) == len(path)
            product = 100 * math.prod(h[a][b] / 100 for a, b in itertools.pairwise(path))
            assert share == pytest.approx(product)
            assert share == pytest.approx(strongest[n])
            assert share <= lt.effective[n] + 1e-9
    for n in roots:
        # A root's evidence is the strongest chain from another root that passes
        # through no root, inside cycles too; [n] when there is none.
        evidence_share, path = lt.evidence(n)
        if n not in strongest:
            assert path == [n]
            continue
        assert path[0] in roots and path[-1] == n and len(set(path)) == len(path)
        assert not any(m in roots for m in path[1:-1])
        product = 100 * math.prod(h[a][b] / 100 for a, b in itertools.pairwise(path))
        assert evidence_share == pytest.approx(product)
        assert evidence_share == pytest.approx(strongest[n])


@settings(max_examples=100, deadline=None)
@given(small_holdings())
def test_strongly_connected_matches_networkx(
    case: tuple[dict[str, dict[str, float]], set[str]],
) -> None:
    h, _ = case
    G = nx.DiGraph()
    G.add_nodes_from(NAMES)
    G.add_edges_from((a, b) for a, row in h.items() for b in row)
    ours = strongly_connected(NAMES, {n: list(h.get(n, {})) for n in NAMES})
    assert sorted(map(sorted, ours)) == sorted(map(sorted, nx.strongly_connected_components(G)))
    position = {n: i for i, comp in enumerate(ours) for n in comp}
    for a, b in G.edges:
        assert position[a] >= position[b]  # owners come after what they own
