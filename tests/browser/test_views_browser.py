"""The views in a real headless Chromium: they draw, without errors, and load nothing external.

Needs Debian's ``chromium`` at /usr/bin/chromium (``apt-get install -y chromium``) and
the ``websocket-client`` package; skipped with the reason when either is missing.
Screenshots land in ``test-artifacts/views/``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphmodel.nxgraph import graph_from_tables
from graphmodel.viz import material_view, ownership_view, page_data, platform_view, write_view
from graphmodel.viz.sample import sample_analysis, sample_graph

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "views"

if not Path("/usr/bin/chromium").exists():
    pytest.skip(
        "/usr/bin/chromium is absent (apt-get install -y chromium)", allow_module_level=True
    )
pytest.importorskip("websocket", reason="the websocket-client package is not installed")

from tests.browser._chromium import Chromium  # noqa: E402  (needs websocket-client, checked above)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def _big_graph() -> Any:
    countries = ["FR", "DE", "US", "CN", "JP"]
    return graph_from_tables(
        {
            "countries": [
                {"code": c, "name": c, "concern": "adversary" if c == "CN" else "none"}
                for c in countries
            ],
            "items": [{"id": "P", "name": "Big platform", "kind": "platform"}]
            + [{"id": f"C{c}", "name": f"Component {c}", "kind": "component"} for c in range(60)],
            "organisations": [
                {"id": f"O{c}-{s}", "name": f"Supplier {c}-{s}", "country": countries[(c + s) % 5]}
                for c in range(60)
                for s in range(4)
            ],
            "bom": [{"parent": "P", "child": f"C{c}"} for c in range(60)],
            "sources": [
                {"item": f"C{c}", "supplier": f"O{c}-{s}"} for c in range(60) for s in range(4)
            ],
        }
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """The views written to a folder and served by a local HTTP server."""
    folder = tmp_path_factory.mktemp("views")
    G, analysis = sample_graph(), None
    analysis = sample_analysis(G)
    pages = {
        "platform": platform_view(G, analysis, "P-FRG"),
        "ownership": ownership_view(G, analysis, "O-CO2"),
        "material": material_view(G, analysis, "M-CO"),
        "collapsed": platform_view(_big_graph(), {}, "P", node_budget=40),
    }
    for name, html in pages.items():
        write_view(html, folder / f"{name}.html")
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", pages
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        yield chromium


EXPECTED = {
    "platform": {"P-FRG", "A-RADAR", "C-MAG", "M-GA", "O-MAG", "F-GA1", "CN"},
    "ownership": {"O-CO2", "O-HOLD", "O-GOV", "O-FUND"},
    "material": {"M-CO", "P-FRG", "CD", "RU", "O-CO1"},
    "collapsed": {"P"},
}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_view_draws_in_chromium(
    site: tuple[str, dict[str, str]], browser: Chromium, name: str
) -> None:
    origin, pages = site
    browser.open(f"{origin}/{name}.html")
    shot = browser.screenshot(ARTIFACTS / f"{name}.png")
    assert shot.stat().st_size > 20_000  # a blank page compresses far smaller

    assert browser.errors() == []
    requested = browser.requested_urls()
    assert requested and all(u.startswith(origin + "/") for u in requested), requested

    data = browser.evaluate("supplynetData")
    expected = page_data(pages[name])["meta"]
    assert data["nodes"] == expected["nodes"] and data["edges"] == expected["edges"]
    # What vis-network actually drew, not just what it was given.
    drawn = browser.evaluate("network.body.nodeIndices.slice().sort()")
    assert sorted(drawn) == sorted(expected["nodes"])
    assert EXPECTED[name] <= set(drawn)
    assert browser.evaluate("network.body.edgeIndices.length") == expected["edges"]
    legend = browser.evaluate("document.getElementById('legend').innerText")
    assert "adversary-linked" in legend and "single point of failure" in legend
    if name == "collapsed":
        assert data["collapsed"] and len(drawn) <= 40
        assert "Collapsed:" in browser.evaluate("document.getElementById('notes').innerText")


def test_hover_shows_the_evidence_tooltip(
    site: tuple[str, dict[str, str]], browser: Chromium
) -> None:
    origin, _ = site
    browser.open(f"{origin}/platform.html")
    point = browser.evaluate("network.canvasToDOM(network.getPosition('O-MAG'))")
    box = browser.evaluate(
        "(() => { const r = document.getElementById('network').getBoundingClientRect();"
        " return {x: r.left, y: r.top}; })()"
    )
    x, y = box["x"] + point["x"], box["y"] + point["y"]
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x, y=y)
    browser.call("Input.dispatchMouseEvent", type="mouseMoved", x=x + 1, y=y + 1)
    text = ""
    for _ in range(30):
        text = (
            browser.evaluate(
                "(() => { const t = document.querySelector('div.vis-tooltip');"
                " return t && t.style.visibility !== 'hidden' ? t.innerText : ''; })()"
            )
            or ""
        )
        if text:
            break
        browser.evaluate("new Promise(r => setTimeout(r, 100))")
    assert "SINGLE POINT OF FAILURE" in text and "ADVERSARY-LINKED" in text
    browser.screenshot(ARTIFACTS / "platform-tooltip.png")
    # A click pins the same details in the side panel.
    browser.call(
        "Input.dispatchMouseEvent", type="mousePressed", x=x, y=y, button="left", clickCount=1
    )
    browser.call(
        "Input.dispatchMouseEvent", type="mouseReleased", x=x, y=y, button="left", clickCount=1
    )
    pinned = browser.evaluate("document.getElementById('selected').textContent")
    assert "Crescent Bay Magnetics (O-MAG)" in pinned
    assert browser.errors() == []
