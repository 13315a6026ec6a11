"""HTML views and the overview through the API, against the real store."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from graphmodel.viz import page_data
from graphmodel.workspace import Workspace
from tests.api.api_support import ApiEnv, analysis_result

pytestmark = pytest.mark.e2e


def _view(env: ApiEnv, path: str, **params: Any) -> dict[str, Any]:
    r = env.client.get(path, params=params, headers=env.auth("viewer"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "http" not in csp
    meta: dict[str, Any] = page_data(r.text)["meta"]
    return meta


def test_platform_view_draws_the_upstream_network(api_env: ApiEnv) -> None:
    meta = _view(api_env, "/v1/platforms/P1/graph.html")
    assert meta["root"] == "P1"
    assert {"P1", "A1", "C1", "C2", "M1", "O1", "O2", "O3", "F1", "CN"} <= set(meta["nodes"])
    # O3 is registered in an adversary country: the analysis computed on demand flags it.
    assert "O3" in meta["adversary"]


def test_platform_view_filters(api_env: ApiEnv) -> None:
    shallow = _view(api_env, "/v1/platforms/P1/graph.html", max_tier=1)
    assert "A1" in shallow["nodes"] and not {"M1", "O3"} & set(shallow["nodes"])
    kinds = _view(api_env, "/v1/platforms/P1/graph.html", kinds=["platform", "material"])
    assert set(kinds["nodes"]) == {"P1", "M1"}
    flagged = _view(api_env, "/v1/platforms/P1/graph.html", adversary_only=True)
    assert "O3" in flagged["nodes"] and "O1" not in flagged["nodes"]
    collapsed = _view(api_env, "/v1/platforms/P1/graph.html", node_budget=3)
    assert collapsed["collapsed"] and collapsed["groups"]


def test_ownership_and_material_views(api_env: ApiEnv) -> None:
    owner = _view(api_env, "/v1/organisations/O3/ownership/graph.html")
    assert owner["root"] == "O3" and "O3" in owner["nodes"]
    material = _view(api_env, "/v1/materials/M1/graph.html")
    assert {"M1", "O3", "P1", "P2"} <= set(material["nodes"])


@pytest.mark.parametrize(
    "path",
    [
        "/v1/platforms/NOPE/graph.html",
        "/v1/platforms/A1/graph.html",  # an item, not a platform
        "/v1/organisations/NOPE/ownership/graph.html",
        "/v1/materials/A1/graph.html",  # an assembly, not a material
    ],
)
def test_unknown_id_is_a_404_problem(api_env: ApiEnv, path: str) -> None:
    r = api_env.client.get(path, headers=api_env.auth("viewer"))
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "urn:supplynet:problem:not-found"


def test_bad_filters_are_422_with_every_problem(api_env: ApiEnv) -> None:
    r = api_env.client.get(
        "/v1/platforms/P1/graph.html",
        params={"collapse_by": "planet", "node_budget": 0, "kinds": "spaceship"},
        headers=api_env.auth("viewer"),
    )
    assert r.status_code == 422
    assert {p["column"] for p in r.json()["problems"]} == {"collapse_by", "node_budget", "kinds.0"}


def test_views_need_a_key(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/platforms/P1/graph.html")
    assert r.status_code == 401


def test_views_use_the_last_analysis_when_it_covers_them(api_env: ApiEnv) -> None:
    result = copy.deepcopy(analysis_result())
    # Only the served result says O2 is adversary-linked: the page must show it.
    result["nodes"]["O2"] = {"adversary_linked": True, "reasons": []}
    Workspace(api_env.settings.data_dir).save_analysis(result, started_at="t")
    try:
        meta = _view(api_env, "/v1/platforms/P1/graph.html")
        assert "O2" in meta["adversary"]
        overview = api_env.client.get("/v1/overview", headers=api_env.auth("viewer")).json()
        by_id = {p["id"]: p for p in overview["platforms"]}
        # P1 comes from the saved result, P2 (not in it) from an on-demand analysis.
        assert by_id["P1"]["spof_order1"] == {"organisations": 2, "facilities": 1, "countries": 1}
        assert by_id["P1"]["adversary_free"] is False
        assert overview["analysis"]["sources"] == ["latest"]
    finally:
        Workspace(api_env.settings.data_dir).latest_analysis_path.unlink()
    meta = _view(api_env, "/v1/platforms/P1/graph.html")
    assert "O2" not in meta["adversary"]


def test_overview_lists_platforms_with_headline_risks(api_env: ApiEnv) -> None:
    r = api_env.client.get("/v1/overview", headers=api_env.auth("viewer"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["analysis"]["sources"] == ["on-demand"]
    by_id = {p["id"]: p for p in body["platforms"]}
    assert set(by_id) == {"P1", "P2"}
    p1 = by_id["P1"]
    assert p1["analysed"] is True and p1["name"] == "Demo Launcher"
    # O1 (sole source of A1, at F1 in FR), O2 and O3 each stop P1 alone.
    assert p1["spof_order1"]["organisations"] == 3
    assert p1["spof_order1_count"] >= 3
    assert p1["adversary_free"] is False
    # A1, C1, C2 and M1 have one qualified source each; P1 itself has none recorded.
    assert p1["sole_source_count"] == 4 and p1["data_gap_count"] == 1


def test_views_follow_graph_changes(api_env: ApiEnv) -> None:
    store = api_env.state.store
    assert (
        api_env.client.get(
            "/v1/platforms/P9/graph.html", headers=api_env.auth("viewer")
        ).status_code
        == 404
    )
    store._write("CREATE (:Item {id: 'P9', name: 'Late Platform', kind: 'platform'})", {})
    try:
        api_env.state.snapshots.invalidate()
        meta = _view(api_env, "/v1/platforms/P9/graph.html")
        assert meta["nodes"] == ["P9"]
    finally:
        store._write("MATCH (n:Item {id: 'P9'}) DELETE n", {})
        api_env.state.snapshots.invalidate()


def test_home_page_is_a_static_shell_without_key(api_env: ApiEnv) -> None:
    r = api_env.client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    html = r.text
    # No data in the shell, no external URL, and API data is never parsed as HTML.
    assert "P1" not in html and "Demo Launcher" not in html
    assert "http://" not in html and "https://" not in html and "src=" not in html
    # Views run sandboxed without same-origin rights; downloads (Save PNG) are allowed.
    assert "innerHTML" not in html and 'sandbox="allow-scripts allow-downloads"' in html
    assert all("allow-same-origin" not in v for v in re.findall(r'sandbox="([^"]*)"', html))
