"""The analyst's workbench clicked through in Chromium with Playwright (playwright-core).

A uvicorn server (a thread, 127.0.0.1, a free port) serves the demo network,
loaded and analysed; ``tests/browser/workbench.mjs`` drives the system Chromium
through the home page search, an organisation page, a platform page (click a
finding, it is focused in the view; find a node inside the view; sort; download a
CSV; a shareable URL), a preset scenario, the filtered adversary links, the
facilities map and the offline API docs, recording every request to another
origin. Screenshots are kept in ``test-artifacts/workbench/``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "workbench"
SCRIPT = ROOT / "tests" / "browser" / "workbench.mjs"

from tests.browser._chromium import CHROMIUM, require_chromium, serve_api  # noqa: E402

require_chromium(cdp=False)
if shutil.which("node") is None or not (ROOT / "node_modules" / "playwright-core").is_dir():
    pytest.skip("node or playwright-core is missing (make install runs npm ci)",
                allow_module_level=True)  # fmt: skip

from api.keys import create_key  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402
from tests.browser.test_api_views_browser import _load  # noqa: E402


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    data_dir = tmp_path_factory.mktemp("workbench")
    settings = Settings(data_dir=data_dir, graph=f"wb_{uuid.uuid4().hex[:8]}")
    try:
        _load(settings)
        # An analyst: the scenario page runs scenarios.
        key = create_key(settings, "analyst", note="workbench browser test")[1]
        with serve_api(settings) as origin:
            done = subprocess.run(
                ["node", str(SCRIPT), origin, key, str(ARTIFACTS)],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
                cwd=ROOT,
                env={**os.environ, "CHROMIUM": str(CHROMIUM)},
            )
            assert done.returncode == 0, done.stderr
            out: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
            # The key must never reach a URL or the artifacts.
            assert key not in done.stdout
            yield out
    finally:
        EmbeddedServer(data_dir).stop()


def test_the_walk_through_finishes_without_errors(run: dict[str, Any]) -> None:
    assert run.get("error") is None, run.get("error")
    assert run["pageErrors"] == [] and run["consoleErrors"] == []
    for name in ("01-home-search", "03-platform-focused", "04-scenario", "06-map", "07-docs"):
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


def test_no_page_or_view_requests_another_origin(run: dict[str, Any]) -> None:
    assert run["external"] == []


def test_search_finds_a_misspelt_supplier_and_opens_its_page(run: dict[str, Any]) -> None:
    assert run["suggestions"][0] == "o-ga-cn1"  # "galium refin"
    org = run["pages"]["organisation"]
    assert org["error"] is None
    assert org["title"] == "Organisation: Redvale Gallium Refining Co. (o-ga-cn1)"
    assert any("is registered in China (CN)" in r for r in org["reasons"])
    assert org["platforms"] == ["p-ad-radar"]


def test_a_finding_is_focused_in_the_view_and_the_url_keeps_the_state(
    run: dict[str, Any],
) -> None:
    p = run["pages"]["platform"]
    assert p["error"] is None
    # The blocking item's Focus button selects and centres it in the view.
    assert p["focused"] == "mat-gallium" and p["view"]["selected"] == ["mat-gallium"]
    assert p["view"]["scale"] >= 1.0
    assert p["view"]["found"].startswith("Focused: Radome panel")
    assert "focus=mat-gallium" in p["url"]
    assert "node_budget=40" in p["sharedUrl"] and "focus=mat-gallium" in p["sharedUrl"]
    assert "sn_" not in p["sharedUrl"]
    assert p["tables"]["adversary_links"] > 0 and p["tables"]["concentration"] > 0


def test_a_findings_table_downloads_as_csv(run: dict[str, Any]) -> None:
    got = run["pages"]["platform"]["csv"]
    assert got["name"] == "p-ad-radar-concentration.csv"
    rows = {r["item_id"]: r for r in csv.DictReader(io.StringIO(got["text"]))}
    radome = rows["c-radome"]
    # Both figures: nothing from countries of concern, 28% from adversary-owned suppliers.
    assert float(radome["concern_share"]) == 0.0
    assert float(radome["adversary_owned_share"]) == pytest.approx(0.28)
    assert radome["item"] == "Radome panel (c-radome)"


def test_a_preset_scenario_runs_and_reads(run: dict[str, Any]) -> None:
    s = run["pages"]["scenarios"]
    assert s["error"] is None
    assert "cn-2023-gallium-germanium-licensing" in s["presets"]
    assert s["summary"].endswith("root causes).") and " of 4 platforms lost" in s["summary"]
    # Names beside ids: the result's ids come as {id, name, kind}, and the tables read them.
    assert {"id": "mat-gallium", "name": "Gallium", "kind": "item"} in s["degradedRefs"]
    assert "Gallium (mat-gallium)" in s["degraded"]
    assert "Gallium (mat-gallium)" in s["bottlenecks"]


def test_adversary_links_filter_by_platform_and_reason(run: dict[str, Any]) -> None:
    links = run["pages"]["links"]
    assert links["error"] is None
    assert "o-mb-cn" in links["ids"]
    assert all("designation" in kinds for kinds in links["kinds"])


def test_the_map_draws_every_facility_on_the_bundled_world(run: dict[str, Any]) -> None:
    m = run["pages"]["map"]
    assert m["error"] is None
    assert m["countries"] > 150
    assert m["facilities"] > 200 and m["dots"] == m["facilities"]
    assert 0 < m["red"] < m["dots"]


def test_the_api_docs_render_offline(run: dict[str, Any]) -> None:
    assert run["pages"]["docs"]["operations"] > 30


def test_a_view_saves_as_png(run: dict[str, Any]) -> None:
    png = run["pages"]["platform"]["png"]
    assert png["name"] == "platform-p-ad-radar.png"
    assert png["head"] == "89504e470d0a1a0a"  # the PNG signature
    assert png["bytes"] > 20_000
