"""Adversary linkage on NetworkX graphs built with graph_from_tables."""

from __future__ import annotations

import gc
from dataclasses import replace
from typing import Any

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analysis.adversary import (
    KINDS,
    REGIMES,
    adversary_links,
    concern_countries,
    linked_set,
)
from graphmodel.analysis.policy import Policy
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


def org(id_: str, country: str = "FR", kind: str = "company") -> dict[str, Any]:
    return {"id": id_, "name": f"Fictional {id_}", "country": country, "kind": kind}


def owns(owner: str, owned: str, pct: float, kind: str = "equity") -> dict[str, Any]:
    return {"owner": owner, "owned": owned, "percentage": pct, "kind": kind}


def sdn(entity: str, list_: str = "US-OFAC-SDN") -> dict[str, Any]:
    return {"entity": entity, "list": list_, "listed_on": "2024-01-01", "reason": "test"}


def graph(orgs: list[dict[str, Any]], **tables: Any) -> nx.MultiDiGraph:
    return graph_from_tables({"organisations": orgs, **tables})


def kinds(links: dict[str, list[dict[str, Any]]], node: str) -> list[str]:
    return [r["kind"] for r in links.get(node, [])]


def reason(links: dict[str, list[dict[str, Any]]], node: str, kind: str) -> dict[str, Any]:
    found = [r for r in links.get(node, []) if r["kind"] == kind and not r.get("via")]
    assert len(found) == 1, links.get(node)
    return found[0]


# -- countries, governments, lists ---------------------------------------------------


def test_registration_government_and_location() -> None:
    G = graph(
        [org("GOV", "RU", "government"), org("CO", "IR"), org("OK")],
        facilities=[{"id": "F1", "name": "Plant", "country": "KP", "operator": "OK"}],
    )
    links = adversary_links(G)
    assert linked_set(links) == {"GOV", "CO", "F1"}
    assert kinds(links, "GOV") == ["registration", "government"]
    assert reason(links, "CO", "registration")["path"] == ["CO", "IR"]
    loc = reason(links, "F1", "location")
    assert loc["path"] == ["F1", "KP"] and loc["country"] == "KP"
    assert loc["regime"] == "country of concern"


def test_concern_property_adversary_counts_unless_policy_says_no() -> None:
    tables = {"countries": [{"code": "ZZ", "name": "Zedland", "concern": "adversary"}]}
    G = graph([org("Z", "ZZ")], **tables)
    assert kinds(adversary_links(G), "Z") == ["registration"]
    strict = replace(Policy(), include_adversary_concern=False)
    assert adversary_links(G, strict) == {}
    assert concern_countries(G) == {"CN", "RU", "IR", "KP", "ZZ"}
    assert concern_countries(G, strict) == {"CN", "RU", "IR", "KP"}


def test_designation_on_counted_list_only() -> None:
    G = graph(
        [org("D"), org("N")],
        designations=[sdn("D", "US-BIS-ENTITY"), sdn("N", "SOME-OTHER-LIST")],
    )
    links = adversary_links(G)
    assert linked_set(links) == {"D"}
    r = reason(links, "D", "designation")
    assert r["path"] == ["D", "US-BIS-ENTITY"] and r["list"] == "US-BIS-ENTITY"
    assert r["listed_on"] == "2024-01-01"


def test_designated_person_blocks_company_it_half_owns() -> None:
    G = graph(
        [org("P", "GB", "person"), org("C")],
        designations=[sdn("P", "UK-SANCTIONS")],
        ownership=[owns("P", "C", 50)],
    )
    links = adversary_links(G)
    assert kinds(links, "P") == ["designation"]
    assert kinds(links, "C") == ["ofac_50", "lookthrough"]
    assert reason(links, "C", "ofac_50")["path"] == ["P", "C"]
    assert reason(links, "C", "lookthrough")["level"] == "control"


# -- OFAC FAQ 401 worked examples, verbatim -----------------------------------------


def test_faq401_example1() -> None:
    G = graph(
        [org("X"), org("A"), org("B")],
        designations=[sdn("X")],
        ownership=[owns("X", "A", 50), owns("A", "B", 50)],
    )
    links = adversary_links(G)
    assert reason(links, "A", "ofac_50")["percentage"] == 50.0
    b = reason(links, "B", "ofac_50")
    assert b["path"] == ["X", "A", "B"] and b["root"] == "X"
    assert b["regime"] == "OFAC 50 Percent Rule"


def test_faq401_example2() -> None:
    G = graph(
        [org(i) for i in "XABC"],
        designations=[sdn("X")],
        ownership=[owns("X", "A", 50), owns("X", "B", 50), owns("A", "C", 25), owns("B", "C", 25)],
    )
    c = reason(adversary_links(G), "C", "ofac_50")
    assert c["percentage"] == 50.0
    assert c["paths"] == [["X", "A", "C"], ["X", "B", "C"]]


def test_faq401_example3() -> None:
    G = graph(
        [org(i) for i in "XAB"],
        designations=[sdn("X")],
        ownership=[owns("X", "A", 50), owns("X", "B", 10), owns("A", "B", 40)],
    )
    b = reason(adversary_links(G), "B", "ofac_50")
    assert b["percentage"] == 50.0
    assert b["owners"] == {"A": 40.0, "X": 10.0}
    assert b["paths"] == [["X", "A", "B"], ["X", "B"]]


def test_faq401_example4() -> None:
    G = graph(
        [org(i) for i in "XABC"],
        designations=[sdn("X")],
        ownership=[owns("X", "A", 25), owns("X", "B", 25), owns("A", "C", 50), owns("B", "C", 50)],
    )
    links = adversary_links(G)
    for n in "ABC":
        assert "ofac_50" not in kinds(links, n)
    # Look-through still sees X's 25% of A and B, and 25% of C through them.
    assert reason(links, "C", "lookthrough")["percentage"] == 25.0


def test_aggregation_by_two_blocked_owners() -> None:
    G = graph(
        [org(i) for i in "XYC"],
        designations=[sdn("X"), sdn("Y", "EU-FSF")],
        ownership=[owns("X", "C", 25), owns("Y", "C", 25)],
    )
    c = reason(adversary_links(G), "C", "ofac_50")
    assert c["percentage"] == 50.0
    assert sorted(p[0] for p in c["paths"]) == ["X", "Y"]


def test_control_is_not_ownership_for_ofac_but_is_a_control_edge() -> None:
    G = graph(
        [org("X"), org("C"), org("V")],
        designations=[sdn("X")],
        ownership=[owns("X", "C", 10, "control"), owns("X", "V", 60, "voting")],
    )
    links = adversary_links(G)
    assert kinds(links, "C") == ["control_edge"]
    ce = reason(links, "C", "control_edge")
    assert ce["path"] == ["X", "C"] and ce["percentage"] == 10.0
    assert "ofac_50" not in kinds(links, "V")
    voting = replace(Policy(), ofac_ownership_kinds=frozenset({"equity", "voting"}))
    assert "ofac_50" in kinds(adversary_links(G, voting), "V")


def test_strict_ofac_seed_lists() -> None:
    G = graph(
        [org("E"), org("C")],
        designations=[sdn("E", "US-BIS-ENTITY")],
        ownership=[owns("E", "C", 60)],
    )
    assert "ofac_50" in kinds(adversary_links(G), "C")
    strict = replace(Policy(), ofac_lists=frozenset({"US-OFAC-SDN"}))
    assert "ofac_50" not in kinds(adversary_links(G, strict), "C")


# -- look-through ------------------------------------------------------------------------


def test_three_hop_chain_is_influence() -> None:
    G = graph(
        [org("GOV", "CN", "government"), org("A"), org("B"), org("C")],
        ownership=[owns("GOV", "A", 80), owns("A", "B", 60), owns("B", "C", 50)],
    )
    links = adversary_links(G)
    c = reason(links, "C", "lookthrough")
    assert c["percentage"] == 24.0 and c["level"] == "influence"
    assert c["path"] == ["GOV", "A", "B", "C"] and c["root"] == "GOV"
    assert c["regime"] == "look-through"
    b = reason(links, "B", "lookthrough")
    assert (b["percentage"], b["level"]) == (48.0, "significant")
    assert reason(links, "A", "lookthrough")["level"] == "control"


def test_levels_follow_policy_thresholds() -> None:
    G = graph(
        [org("R", "CN"), org("A"), org("B"), org("C"), org("D")],
        ownership=[owns("R", "A", 50), owns("R", "B", 25), owns("R", "C", 10), owns("R", "D", 9)],
    )
    links = adversary_links(G)
    levels = {n: reason(links, n, "lookthrough")["level"] for n in "ABC"}
    assert levels == {"A": "control", "B": "significant", "C": "influence"}
    assert "D" not in links


def test_two_distinct_paths_sum_to_a_higher_level() -> None:
    G = graph(
        [org("R", "RU"), org("A"), org("B"), org("C")],
        ownership=[owns("R", "A", 40), owns("R", "B", 30), owns("A", "C", 50), owns("B", "C", 50)],
    )
    c = reason(adversary_links(G), "C", "lookthrough")
    assert c["percentage"] == 35.0 and c["level"] == "significant"
    assert c["path_percentage"] == 20.0
    assert c["paths"] == [["R", "A", "C"], ["R", "B", "C"]]


def test_cycle_does_not_loop() -> None:
    G = graph(
        [org("R", "CN"), org("A"), org("B")],
        ownership=[owns("R", "A", 60), owns("A", "B", 50), owns("B", "A", 50)],
    )
    links = adversary_links(G)
    assert reason(links, "A", "lookthrough")["percentage"] == 60.0
    assert reason(links, "B", "lookthrough")["percentage"] == 30.0


def test_ownership_only_links_are_not_roots() -> None:
    # B is linked only through R; its 50% of C counts once, through the chain.
    G = graph(
        [org("R", "CN"), org("B"), org("C")],
        ownership=[owns("R", "B", 50), owns("B", "C", 50)],
    )
    assert reason(adversary_links(G), "C", "lookthrough")["percentage"] == 25.0


def test_root_owned_by_another_root_reports_lookthrough() -> None:
    G = graph(
        [org("GOV", "CN", "government"), org("D")],
        designations=[sdn("D")],
        ownership=[owns("GOV", "D", 60)],
    )
    d = reason(adversary_links(G), "D", "lookthrough")
    assert d["path"] == ["GOV", "D"] and d["level"] == "control"


def test_control_edge_chain_and_policy_switch() -> None:
    G = graph(
        [org("R", "CN"), org("A"), org("B"), org("W"), org("V")],
        ownership=[
            owns("R", "A", 5, "control"),
            owns("A", "B", 1, "control"),
            owns("R", "W", 12),
            owns("W", "V", 0, "control"),
        ],
    )
    links = adversary_links(G)
    assert reason(links, "B", "control_edge")["path"] == ["R", "A", "B"]
    # W is only influenced (12%), so its control edge does not link V by default.
    assert "V" not in links
    loose = replace(Policy(), control_edge_from_any_linked=True)
    assert reason(adversary_links(G, loose), "V", "control_edge")["path"] == ["R", "W", "V"]


# -- facilities -------------------------------------------------------------------------


def test_facility_inherits_operator_reasons_with_extended_path() -> None:
    G = graph(
        [org("X"), org("A"), org("GOV", "IR", "government")],
        designations=[sdn("X")],
        ownership=[owns("X", "A", 50)],
        facilities=[
            {"id": "F", "name": "Plant", "country": "DE", "operator": "A"},
            {"id": "G", "name": "Depot", "country": "DE", "operator": "GOV"},
        ],
    )
    links = adversary_links(G)
    f = next(r for r in links["F"] if r["kind"] == "ofac_50")
    assert f["via"] == "A" and f["path"] == ["F", "A", "X"]
    assert f["regime"] == "OFAC 50 Percent Rule"
    assert [r["path"] for r in links["G"]] == [["G", "GOV", "IR"], ["G", "GOV", "IR"]]
    assert [r["kind"] for r in links["G"]] == ["registration", "government"]


def test_facility_of_clean_operator_in_clean_country_is_absent() -> None:
    G = graph([org("A")], facilities=[{"id": "F", "name": "P", "country": "DE", "operator": "A"}])
    assert adversary_links(G) == {}


# -- output contract and properties -------------------------------------------------------


def check_contract(links: dict[str, list[dict[str, Any]]], G: nx.MultiDiGraph) -> None:
    for node, reasons in links.items():
        assert G.nodes[node]["label"] in ("Organisation", "Facility")
        assert reasons
        for r in reasons:
            assert r["kind"] in KINDS
            assert r["regime"] == REGIMES[r["kind"]]
            assert isinstance(r["detail"], str) and r["detail"].endswith(".")
            assert r["path"] and all(isinstance(p, str) for p in r["path"])
            assert (node == r["path"][-1]) or (node == r["path"][0])
            if r["kind"] in ("ofac_50", "lookthrough", "control_edge"):
                assert 0 <= r["percentage"] <= 100
            if r["kind"] == "lookthrough":
                assert r["level"] in ("control", "significant", "influence")
            for path in r.get("paths", []):
                assert len(set(path)) == len(path)


ORGS = [f"O{i}" for i in range(6)]


@st.composite
def random_tables(draw: st.DrawFn) -> dict[str, Any]:
    countries = st.sampled_from(["FR", "DE", "CN", "US"])
    orgs = [org(o, draw(countries), draw(st.sampled_from(["company", "government"]))) for o in ORGS]
    pairs = [(a, b) for a in ORGS for b in ORGS if a != b]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=12))
    ownership = [
        owns(
            a, b, draw(st.integers(1, 100)), draw(st.sampled_from(["equity", "voting", "control"]))
        )
        for a, b in chosen
    ]
    designated = draw(st.lists(st.sampled_from(ORGS), unique=True, max_size=2))
    facilities = [
        {"id": "F", "name": "Plant", "country": "FR", "operator": draw(st.sampled_from(ORGS))}
    ]
    return {
        "organisations": orgs,
        "ownership": ownership,
        "designations": [sdn(d) for d in designated],
        "facilities": facilities,
    }


@settings(max_examples=80, deadline=None)
@given(
    random_tables(),
    st.sampled_from(ORGS),
    st.integers(1, 100),
    st.sampled_from(["equity", "control"]),
)
def test_adding_ownership_never_unlinks(
    tables: dict[str, Any], target: str, pct: int, kind: str
) -> None:
    before = adversary_links(graph_from_tables(tables))
    check_contract(before, graph_from_tables(tables))
    # A new, non-adversary owner; and a new edge between existing organisations.
    grown = dict(tables)
    existing = {(r["owner"], r["owned"], r["kind"]) for r in tables["ownership"]}
    extra = [owns("NEW", target, pct, kind)]
    if ("O0", target, kind) not in existing and target != "O0":
        extra.append(owns("O0", target, pct, kind))
    grown["organisations"] = [*tables["organisations"], org("NEW", "FR")]
    grown["ownership"] = [*tables["ownership"], *extra]
    after = adversary_links(graph_from_tables(grown))
    assert linked_set(before) <= linked_set(after)
    for node, reasons in before.items():
        for r in reasons:
            if r["kind"] in ("ofac_50", "lookthrough"):
                same = [
                    s
                    for s in after[node]
                    if s["kind"] == r["kind"] and s.get("via") == r.get("via")
                ]
                assert same and same[0]["percentage"] >= r["percentage"] - 1e-6


def test_garbage_collector_state_is_restored() -> None:
    G = graph([org("R", "CN"), org("A")], ownership=[owns("R", "A", 60)])
    assert gc.isenabled()
    adversary_links(G)
    assert gc.isenabled()
    gc.disable()
    try:
        adversary_links(G)
        assert not gc.isenabled()
    finally:
        gc.enable()
