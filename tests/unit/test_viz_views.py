"""The three HTML views on small fictional graphs: content, flags, filters, collapsing."""

from __future__ import annotations

import random
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graphmodel.errors import NotFoundError, SupplynetError
from graphmodel.nxgraph import graph_from_tables
from graphmodel.viz import (
    material_view,
    ownership_view,
    page_data,
    platform_view,
    write_view,
)
from graphmodel.viz.encoding import ADVERSARY_COLOUR, KINDS
from graphmodel.viz.sample import sample_analysis, sample_graph

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def G() -> nx.MultiDiGraph:
    return sample_graph()


@pytest.fixture(scope="module")
def analysis(G: nx.MultiDiGraph) -> dict[str, Any]:
    return sample_analysis(G)


def nodes_of(html: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in page_data(html)["nodes"]}


def edges_of(html: str) -> list[dict[str, Any]]:
    return list(page_data(html)["edges"])


# -- platform view ----------------------------------------------------------------


def test_platform_view_draws_every_dependency(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    html = platform_view(G, analysis, "P-FRG")
    drawn = set(page_data(html)["meta"]["nodes"])
    items = {n for n, d in G.nodes(data=True) if d["label"] == "Item"}
    assert items <= drawn
    assert {"O-MAG", "F-GA1", "F-HELIO", "CN", "CD", "FI"} <= drawn
    # Owners that supply nothing are not part of the dependency network, and an
    # unqualified source (O-GA2 for M-GA) is a candidate, not a dependency: the
    # view draws what the analysis counts.
    assert not {"O-GOV", "O-HOLD", "O-FUND", "SG", "O-GA2"} & drawn
    assert page_data(html)["meta"]["collapsed"] is False


def test_platform_levels_follow_tiers(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    nodes = nodes_of(platform_view(G, analysis, "P-FRG"))
    # Tier t items on level 2t, their sources on 2t + 1, countries below everything.
    assert [nodes[i]["level"] for i in ("P-FRG", "A-RADAR", "C-TRM", "M-GA")] == [0, 2, 4, 6]
    assert nodes["O-GA1"]["level"] == 7 and nodes["F-GA1"]["level"] == 7
    assert nodes["CN"]["level"] == 8


def test_tooltips_carry_tier_country_share_quantity_and_reasons(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    nodes = nodes_of(platform_view(G, analysis, "P-FRG"))
    trm = nodes["C-TRM"]["title"]
    assert "Tier 2" in trm and "Quantity: 1200 per Radar array (A-RADAR)" in trm
    assert "Sole-source item" in trm
    ga1 = nodes["O-GA1"]["title"]
    assert "Country: China (CN)" in ga1 and "share 90%" in ga1 and "Tier 3" in ga1
    mag = nodes["O-MAG"]["title"]
    assert "SINGLE POINT OF FAILURE" in mag
    assert "path: Sentinel frigate (P-FRG) → Propulsion module (A-PROP)" in mag
    assert "ADVERSARY-LINKED" in mag and "registered in CN" in mag
    co2 = nodes["O-CO2"]["title"]
    assert "OFAC 50%" in co2 and "look-through" in co2
    assert "Eastern State Assets Bureau (O-GOV) → Silkway Strategic Holdings (O-HOLD)" in co2
    assert "Order-2 cut set with Copperbelt Cobalt Mining (O-CO1)" in co2
    assert "Listed on US-BIS-ENTITY since 2023-05-02" in nodes["O-REE"]["title"]
    assert "Stockpile held by United Kingdom (GB): 90 days of supply" in nodes["M-GA"]["title"]


def test_flags_are_drawn_and_labelled(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    nodes = nodes_of(platform_view(G, analysis, "P-FRG"))
    mag, helio = nodes["O-MAG"], nodes["O-HELIO"]
    assert mag["color"]["border"] == ADVERSARY_COLOUR and mag["adversary"] and mag["spof"]
    assert mag["shapeProperties"]["borderDashes"] and "SPOF" in mag["label"]
    assert "⚠ adversary" in mag["label"]
    assert helio["color"]["border"] != ADVERSARY_COLOUR and not helio["adversary"]
    assert helio["shapeProperties"]["borderDashes"] is False
    # A watch country's supplier gets the orange border.
    assert nodes["O-CO1"]["color"]["border"] == "#FF7F0E"


def test_legend_and_findings_are_on_the_page(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    html = platform_view(G, analysis, "P-FRG")
    legend = html[html.index('id="legend"') : html.index('id="selected"')]
    for kind in KINDS:
        assert f"</span>{kind}</li>" in legend
    assert "adversary-linked (red border" in legend and "single point of failure" in legend
    assert "Order-2 cut sets" in html and "Single points of failure" in html
    assert "Adversary-free supply" in html
    assert "Blocked at: SmCo magnet (C-MAG), Gallium (M-GA)" in html


def test_unqualified_sources_are_counted_not_drawn(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    html = platform_view(G, analysis, "P-FRG")
    edges = edges_of(html)
    # The view draws the analysis's dependencies: O-GA2 is only a candidate source.
    assert not any(e["to"] == "O-GA2" for e in edges)
    ga1 = next(e for e in edges if e["from"] == "M-GA" and e["to"] == "O-GA1")
    assert ga1["dashes"] is False and ga1["label"] == "share 90%"
    assert "Sources: 1 qualified, 1 unqualified" in nodes_of(html)["M-GA"]["title"]
    needs = next(e for e in edges if e["from"] == "A-RADAR" and e["to"] == "C-TRM")
    assert needs["label"] == "×1200"


def test_missing_analysis_entry_computes_tiers_and_says_so(G: nx.MultiDiGraph) -> None:
    html = platform_view(G, {}, "P-FRG")
    nodes = nodes_of(html)
    assert "Tier 3" in nodes["M-GA"]["title"] and nodes["M-GA"]["level"] == 6
    assert not any(n["spof"] for n in nodes.values())
    assert "no entry for P-FRG" in html
    # Adversary countries still come from the reference data.
    assert nodes["CN"]["adversary"]


# -- filters -------------------------------------------------------------------------


def test_max_tier_hides_deeper_items_and_their_sources(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    html = platform_view(G, analysis, "P-FRG", max_tier=1)
    drawn = set(page_data(html)["meta"]["nodes"])
    assert drawn == {"P-FRG", "A-RADAR", "A-PROP", "O-PRIME", "O-RADCO", "GB", "DE"}
    assert "Filter max tier 1" in html


def test_kinds_filter_bridges_hidden_nodes(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    html = platform_view(G, analysis, "P-FRG", kinds=["platform", "material"])
    drawn = set(page_data(html)["meta"]["nodes"])
    assert drawn == {"P-FRG", "M-GA", "M-REE", "M-CO", "M-TI"}
    bridges = {(e["from"], e["to"], e["label"]) for e in edges_of(html)}
    assert ("P-FRG", "M-GA", "via 2") in bridges and ("P-FRG", "M-CO", "via 2") in bridges
    assert all(e["type"] == "INDIRECT" and e["dashes"] for e in edges_of(html))


def test_adversary_only_keeps_flagged_nodes_and_their_paths(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    html = platform_view(G, analysis, "P-FRG", adversary_only=True)
    drawn = set(page_data(html)["meta"]["nodes"])
    flagged = {"O-MAG", "O-GA1", "O-REE", "O-TI", "O-CO2", "F-GA1", "CN", "RU"}
    assert flagged <= drawn
    assert {"P-FRG", "A-PROP", "C-MAG", "M-GA"} <= drawn  # the paths to them
    assert not {"O-GA2", "O-HELIO", "F-HELIO", "GB", "CA", "O-PRIME"} & drawn
    assert "Filter adversary-linked only: 8 adversary-linked nodes" in html


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"node_budget": 0}, "node_budget must be at least 1"),
        ({"kinds": ["platform", "bogus"]}, "Unknown node kind 'bogus'"),
        ({"collapse_by": "colour"}, "collapse_by must be one of tier, country"),
        ({"max_tier": -1}, "max_tier must be 0 or more"),
    ],
)
def test_bad_parameters_raise_one_clear_sentence(
    G: nx.MultiDiGraph, kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(SupplynetError, match=message):
        platform_view(G, {}, "P-FRG", **kwargs)


@pytest.mark.parametrize(
    ("view", "node"),
    [
        (platform_view, "NOPE"),
        (platform_view, "M-GA"),  # a material is not a platform
        (ownership_view, "NOPE"),
        (ownership_view, "P-FRG"),
        (material_view, "NOPE"),
        (material_view, "C-TRM"),
    ],
)
def test_unknown_ids_raise_not_found(G: nx.MultiDiGraph, view: Any, node: str) -> None:
    with pytest.raises(NotFoundError, match=f"id '{node}'"):
        view(G, {}, node)


# -- collapsing ----------------------------------------------------------------------


def big_graph(components: int = 40, suppliers: int = 5) -> nx.MultiDiGraph:
    """A platform with many components, each with several suppliers in five countries."""
    countries = ["FR", "DE", "US", "CN", "JP"]
    orgs = [
        {"id": f"O{c}-{s}", "name": f"Supplier {c}-{s}", "country": countries[s % 5]}
        for c in range(components)
        for s in range(suppliers)
    ]
    return graph_from_tables(
        {
            "countries": [
                {"code": c, "name": c, "concern": "adversary" if c == "CN" else "none"}
                for c in countries
            ],
            "items": [
                {"id": "P", "name": "Platform", "kind": "platform"},
                {"id": "A", "name": "Assembly", "kind": "assembly"},
            ]
            + [
                {"id": f"C{c}", "name": f"Component {c}", "kind": "component"}
                for c in range(components)
            ],
            "organisations": orgs,
            "bom": [{"parent": "P", "child": "A"}]
            + [{"parent": "A", "child": f"C{c}"} for c in range(components)],
            "sources": [
                {"item": f"C{c}", "supplier": f"O{c}-{s}", "share": 1 / suppliers}
                for c in range(components)
                for s in range(suppliers)
            ],
        }
    )


BIG_ANALYSIS = {
    "nodes": {
        "O7-3": {
            "adversary_linked": True,
            "reasons": [
                {
                    "kind": "ofac_50",
                    "regime": "OFAC 50%",
                    "percentage": 60.0,
                    "path": ["X", "O7-3"],
                    "detail": "owned by a listed entity",
                }
            ],
        }
    }
}


@pytest.mark.parametrize("budget", [12, 20, 50, 120])
def test_collapse_fits_the_budget_and_says_so(budget: int) -> None:
    G = big_graph()
    assert G.number_of_nodes() > 200
    html = platform_view(G, BIG_ANALYSIS, "P", node_budget=budget)
    meta = page_data(html)["meta"]
    assert len(meta["nodes"]) <= budget
    assert meta["collapsed"] is True and meta["groups"]
    assert meta["totalNodes"] == G.number_of_nodes()
    assert "Collapsed:" in html and f"node budget of {budget}" in html
    # The adversary-linked supplier and the root stay visible as themselves.
    assert "O7-3" in meta["nodes"] and "P" in meta["nodes"]
    nodes = nodes_of(html)
    groups = [nodes[g] for g in meta["groups"]]
    assert all(g["kind"] == "group" and g["shadow"]["enabled"] for g in groups)
    # Every node is either drawn or a member named in exactly one group's count.
    counted = sum(int(g["label"].split()[0]) for g in groups)
    assert counted + len(meta["nodes"]) - len(groups) == G.number_of_nodes()


def test_collapse_by_country_groups_suppliers_per_country() -> None:
    html = platform_view(big_graph(), BIG_ANALYSIS, "P", node_budget=60, collapse_by="country")
    meta = page_data(html)["meta"]
    assert len(meta["nodes"]) <= 60
    assert "group:c/organisation/CN" in meta["groups"]
    cn = nodes_of(html)["group:c/organisation/CN"]
    shown = [n for n in meta["nodes"] if n.startswith("O") and n.endswith(("-3",))]
    assert cn["label"] == f"{40 - len(shown)} organisations\nin CN"
    assert "Members:" in cn["title"] and "Supplier" in cn["title"]


def test_aggregate_edges_count_what_they_stand_for() -> None:
    html = platform_view(big_graph(), {}, "P", node_budget=12)
    counts = [e for e in edges_of(html) if e["type"] == "SOURCED_FROM" and "label" in e]
    assert any(
        e["label"].endswith("sourced from") and int(e["label"].split()[0]) > 1 for e in counts
    )


def test_no_collapse_under_budget() -> None:
    html = platform_view(big_graph(3, 2), {}, "P", node_budget=300)
    assert page_data(html)["meta"]["groups"] == [] and "Collapsed:" not in html


# -- ownership and material views ----------------------------------------------------


def test_ownership_view_reaches_ultimate_owners_with_evidence(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    html = ownership_view(G, analysis, "O-CO2")
    nodes, edges = nodes_of(html), edges_of(html)
    assert set(nodes) == {"O-CO2", "O-HOLD", "O-FUND", "O-GOV"}
    assert nodes["O-GOV"]["level"] < nodes["O-HOLD"]["level"] < nodes["O-CO2"]["level"]
    by_pair = {(e["from"], e["to"]): e for e in edges}
    assert by_pair[("O-HOLD", "O-CO2")]["label"] == "55% equity"
    assert by_pair[("O-HOLD", "O-CO2")]["color"]["color"] == ADVERSARY_COLOUR
    assert by_pair[("O-GOV", "O-HOLD")]["color"]["color"] == ADVERSARY_COLOUR
    assert by_pair[("O-FUND", "O-CO2")]["color"]["color"] != ADVERSARY_COLOUR
    assert (
        "Look-through equity stake in Fjordline Cobalt Refiners: 55.0%" in nodes["O-GOV"]["title"]
    )
    assert "ultimate owner" in nodes["O-FUND"]["label"]
    assert "Why Fjordline Cobalt Refiners is adversary-linked" in html
    assert "ofac_50 [OFAC 50%] 55%" in html


def test_ownership_view_of_an_unowned_organisation(G: nx.MultiDiGraph) -> None:
    html = ownership_view(G, {}, "O-HELIO")
    assert page_data(html)["meta"]["nodes"] == ["O-HELIO"]
    assert "is not adversary-linked" in html


def test_material_view_shows_countries_items_and_platforms(
    G: nx.MultiDiGraph, analysis: dict[str, Any]
) -> None:
    html = material_view(G, analysis, "M-CO")
    nodes = nodes_of(html)
    assert set(nodes) == {
        "M-CO",
        "C-MAG",
        "C-BLADE",
        "A-PROP",
        "P-FRG",
        "O-CO1",
        "O-CO2",
        "CD",
        "ID",
        "RU",
        "FI",
    }
    assert nodes["P-FRG"]["level"] < nodes["A-PROP"]["level"] < nodes["C-MAG"]["level"]
    assert nodes["M-CO"]["level"] < nodes["O-CO1"]["level"] < nodes["CD"]["level"]
    assert "World mine production share: 76%" in nodes["CD"]["title"]
    assert nodes["CD"]["size"] > nodes["ID"]["size"] > nodes["FI"]["size"]
    produced = {e["to"]: e for e in edges_of(html) if e["type"] == "PRODUCED_IN"}
    assert produced["CD"]["label"] == "mine 76%"
    assert produced["RU"]["color"]["color"] == ADVERSARY_COLOUR
    assert "HHI" in html and "Platforms that need it" in html


def test_material_view_kinds_filter(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    html = material_view(G, analysis, "M-CO", kinds=["platform", "material", "country"])
    assert set(page_data(html)["meta"]["nodes"]) == {"P-FRG", "M-CO", "CD", "ID", "RU", "FI"}


# -- air gap, determinism, safety ----------------------------------------------------

_EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)
_CSS_REFS = re.compile(
    r"""url\(\s*['"]?([^'")]*)|@import\s+(?:url\()?\s*['"]?([^'");\s]*)""", re.IGNORECASE
)


class _Refs(HTMLParser):
    """Collect every URL the page could load: attributes, CSS url() and @import."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.tags: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name in ("src", "href", "action", "data", "poster", "formaction", "background"):
                self.urls.append(value)
            if name == "srcset":
                self.urls += [part.split()[0] for part in value.split(",") if part.strip()]
            if name == "style":
                self._css(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data)

    def _css(self, text: str) -> None:
        for a, b in _CSS_REFS.findall(text):
            self.urls.append(a or b)


def external_refs(html: str) -> list[str]:
    parser = _Refs()
    parser.feed(html)
    return [u for u in parser.urls if _EXTERNAL.match(u)]


def test_reference_scanner_catches_external_urls() -> None:
    page = (
        '<link href="https://cdn.example/x.css"><script src="//cdn.example/x.js"></script>'
        '<style>@import "http://a.example/y.css"; b{background:url(https://c.example/i.png)}'
        '</style><img src="data:image/png;base64,AAAA">'
    )
    assert len(external_refs(page)) == 4


@pytest.mark.parametrize("view", ["platform", "ownership", "material"])
def test_pages_load_nothing_external(
    G: nx.MultiDiGraph, analysis: dict[str, Any], view: str
) -> None:
    html = {
        "platform": lambda: platform_view(G, analysis, "P-FRG"),
        "ownership": lambda: ownership_view(G, analysis, "O-CO2"),
        "material": lambda: material_view(G, analysis, "M-GA"),
    }[view]()
    assert external_refs(html) == []
    parser = _Refs()
    parser.feed(html)
    assert "iframe" not in parser.tags and "object" not in parser.tags
    # The only link is the empty inline favicon that stops a /favicon.ico request.
    assert parser.tags.count("link") == 1 and '<link rel="icon" href="data:,">' in html
    assert not re.search(r"<script[^>]*\bsrc=", html, re.IGNORECASE)
    assert "cdn.jsdelivr" not in html and "bootstrap" not in html.lower()
    assert "sourceMappingURL" not in html
    # vis-network itself is inlined.
    assert "vis.Network" in html and len(html) > 400_000


def shuffled_sample() -> nx.MultiDiGraph:
    """The sample graph built from the same rows in another order."""
    from graphmodel.viz import sample

    rng = random.Random(4)
    rows: dict[str, list[Any]] = {}
    for name in ("_ITEMS", "_BOM", "_ORGS", "_SOURCES", "_COUNTRIES", "_PRODUCTION"):
        rows[name] = list(getattr(sample, name))
        rng.shuffle(rows[name])
    original = {n: getattr(sample, n) for n in rows}
    try:
        for n, v in rows.items():
            setattr(sample, n, v)
        return sample.sample_graph()
    finally:
        for n, v in original.items():
            setattr(sample, n, v)


def test_output_is_deterministic(G: nx.MultiDiGraph, analysis: dict[str, Any]) -> None:
    first = platform_view(G, analysis, "P-FRG")
    assert platform_view(G, analysis, "P-FRG") == first
    other = shuffled_sample()
    assert list(other.nodes) != list(G.nodes)
    assert platform_view(other, sample_analysis(other), "P-FRG") == first
    assert material_view(other, analysis, "M-REE") == material_view(G, analysis, "M-REE")
    assert ownership_view(other, analysis, "O-CO2") == ownership_view(G, analysis, "O-CO2")


def test_hostile_names_cannot_break_out_of_the_page() -> None:
    evil = '</script><script>alert("x")</script><!--'
    G = graph_from_tables(
        {
            "items": [
                {"id": "P", "name": evil, "kind": "platform"},
                {"id": "M", "name": "M & <b>", "kind": "material"},
            ],
            "bom": [{"parent": "P", "child": "M"}],
        }
    )
    html = platform_view(G, {}, "P")
    assert evil not in html and 'alert("x")</script>' not in html
    nodes = nodes_of(html)
    assert nodes["P"]["label"] == evil and nodes["M"]["label"] == "M & <b>"
    # Exactly three script elements: vis-network, the data and the page script.
    parser = _Refs()
    parser.feed(html)
    assert parser.tags.count("script") == 3


def test_write_view_creates_folders(tmp_path: Path, G: nx.MultiDiGraph) -> None:
    html = ownership_view(G, {}, "O-CO2")
    path = write_view(html, tmp_path / "a" / "b" / "o.html")
    assert path.read_text(encoding="utf-8") == html


@pytest.mark.parametrize(
    ("budget", "by"), [(2, "tier"), (5, "tier"), (8, "country"), (20, "country")]
)
def test_node_budget_is_a_hard_cap(budget: int, by: str) -> None:
    G = big_graph()
    meta = page_data(platform_view(G, BIG_ANALYSIS, "P", node_budget=budget, collapse_by=by))[
        "meta"
    ]
    assert len(meta["nodes"]) <= budget
    nodes = nodes_of(platform_view(G, BIG_ANALYSIS, "P", node_budget=budget, collapse_by=by))
    groups = [nodes[g] for g in meta["groups"]]
    # Nothing is dropped: every node is drawn or counted in exactly one group.
    counted = sum(int(g["label"].split()[0]) for g in groups)
    assert counted + len(meta["nodes"]) - len(groups) == G.number_of_nodes()
    # Each group is labelled with how many it holds and what.
    assert all(g["label"].split("\n")[0].split()[0].isdigit() for g in groups)
