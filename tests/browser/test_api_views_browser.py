"""The API's home page and graph views in a real headless Chromium.

A uvicorn server (a thread, 127.0.0.1, a free port) serves the API on a
temporary data dir holding the reference and demo bundles and a saved analysis.
Chromium opens ``/``, the key is typed into the page's form through the
DevTools protocol, and the platform list and each kind of view are opened
through the page itself (its own ``fetch`` with the bearer key, shown in a
sandboxed ``srcdoc`` frame under the page's Content-Security-Policy). Checked:
no console error, exception, CSP violation or failed load; every request went
to the API's origin and none carried the key in its URL; and the nodes
vis-network drew inside the frame (``supplynetData``) are the ones the same
view renders to in-process. Screenshots go to ``test-artifacts/api-views/``.
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "api-views"

from tests.browser._chromium import CDPError, Chromium, require_chromium, serve_api  # noqa: E402

require_chromium()

from api.db import utc_now  # noqa: E402
from api.keys import create_key  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store import open_store  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402

PLATFORM = "p-guided-rocket"
OWNED = "o-mb-sg"  # adversary-linked through its ownership (OFAC 50%, look-through)
MATERIAL = "mat-gallium"


@dataclass
class Site:
    origin: str
    key: str
    G: Any
    analysis: dict[str, Any]
    platforms: list[str]


def _load(settings: Settings) -> tuple[Any, dict[str, Any]]:
    """Reference + demo bundles into the store, analysed and saved as the API's latest."""
    from graphmodel.analysis.report import run_analysis
    from graphmodel.bundle import demo_bundle_path, read_bundle
    from graphmodel.load import load_bundle, load_reference
    from graphmodel.store.tables import graph_from_store
    from graphmodel.workspace import Workspace

    store = open_store(settings)
    try:
        store.ensure_schema()
        load_reference(store)
        load_bundle(store, read_bundle(demo_bundle_path()))
        started = utc_now()
        result = run_analysis(store)
        doc = Workspace(settings.data_dir).save_analysis(result, started_at=started)
        return graph_from_store(store), doc["result"]
    finally:
        store.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    data_dir = tmp_path_factory.mktemp("api-views")
    settings = Settings(data_dir=data_dir, graph=f"views_{uuid.uuid4().hex[:8]}")
    try:
        G, analysis = _load(settings)
        key = create_key(settings, "viewer", note="browser test")[1]
        platforms = sorted(
            n
            for n, d in G.nodes(data=True)
            if d.get("label") == "Item" and d.get("kind") == "platform"
        )
        with serve_api(settings) as origin:
            yield Site(origin, key, G, analysis, platforms)
    finally:
        EmbeddedServer(data_dir).stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Chromium]:
    with Chromium() as chromium:
        # Out-of-process frames (the sandboxed view frame) become flat sessions.
        chromium.call(
            "Target.setAutoAttach", autoAttach=True, waitForDebuggerOnStart=True, flatten=True
        )
        yield chromium


def _wait(browser: Chromium, expression: str, timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        _frame_sessions(browser)  # resume any frame waiting for the debugger
        value = browser.evaluate(expression)
        if value:
            return value
        browser.evaluate("new Promise(r => setTimeout(r, 100))")
    raise AssertionError(f"{expression} stayed false for {timeout} s")


def _session_call(browser: Chromium, session: str, method: str, **params: Any) -> dict[str, Any]:
    """One command to an attached target (flat session); events meanwhile are recorded."""
    browser._id += 1
    browser.ws.send(
        json.dumps({"id": browser._id, "sessionId": session, "method": method, "params": params})
    )
    while True:
        msg = json.loads(browser.ws.recv())
        if msg.get("id") == browser._id:
            if "error" in msg:
                raise CDPError(f"{method}: {msg['error']}")
            result: dict[str, Any] = msg.get("result", {})
            return result
        if "method" in msg:
            browser.events.append(msg)


_SERVICED: set[str] = set()


def _frame_sessions(browser: Chromium) -> list[str]:
    """Sessions of the page's frames that run out of process, oldest first.

    A frame sandboxed without ``allow-same-origin`` gets an opaque origin, and
    Chromium isolates it in a process of its own: a separate DevTools target.
    Each new one waits for the debugger; it is resumed here once its console,
    log and network events are switched on, so none of them are missed.
    """
    detached = {
        e["params"]["sessionId"]
        for e in browser.events
        if e["method"] == "Target.detachedFromTarget"
    }
    sessions = []
    for e in list(browser.events):
        if e["method"] != "Target.attachedToTarget":
            continue
        sid = e["params"]["sessionId"]
        if sid in detached or e["params"]["targetInfo"].get("type") != "iframe":
            continue
        if sid not in _SERVICED:
            _SERVICED.add(sid)
            for domain in ("Runtime", "Log", "Network"):
                _session_call(browser, sid, f"{domain}.enable")
            _session_call(browser, sid, "Runtime.runIfWaitingForDebugger")
        sessions.append(sid)
    return sessions


def _in_frame(browser: Chromium, expression: str) -> Any:
    sessions = _frame_sessions(browser)
    if not sessions:
        return None
    out = _session_call(
        browser,
        sessions[-1],
        "Runtime.evaluate",
        expression=expression,
        returnByValue=True,
        awaitPromise=True,
    )
    if "exceptionDetails" in out:
        raise CDPError(f"{expression!r} threw {out['exceptionDetails']}")
    return out["result"].get("value")


def _frame_drawn(browser: Chromium, timeout: float = 60.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            data = _in_frame(
                browser, "window.supplynetData && supplynetData.drawn && supplynetData"
            )
        except CDPError:
            data = None
        if data:
            result: dict[str, Any] = data
            return result
        browser.evaluate("new Promise(r => setTimeout(r, 100))")
    raise AssertionError("the view in the frame was not drawn in time")


def _sign_in(browser: Chromium, site: Site) -> None:
    """Open the home page in a fresh session and type the key into its form."""
    browser.open(f"{site.origin}/", ready="window.supplynetHome !== undefined")
    browser.evaluate("sessionStorage.clear()")
    browser.open(f"{site.origin}/", ready="window.supplynetHome !== undefined")
    assert browser.evaluate("document.getElementById('app').hidden") is True
    browser.evaluate(
        f"document.getElementById('key-input').value = {json.dumps(site.key)};"
        "document.getElementById('key-form').requestSubmit();"
    )
    _wait(browser, "supplynetHome.ready")


def _assert_clean(browser: Chromium, site: Site) -> None:
    assert browser.errors() == []
    requested = browser.requested_urls()
    assert requested
    for url in requested:
        assert url.startswith(site.origin + "/") or url.startswith("data:"), url
        assert site.key not in url


def _expected(site: Site, view: str, root: str, **options: Any) -> dict[str, Any]:
    from graphmodel.viz import material_view, ownership_view, page_data, platform_view

    draw = {"platform": platform_view, "ownership": ownership_view, "material": material_view}
    meta: dict[str, Any] = page_data(draw[view](site.G, site.analysis, root, **options))["meta"]
    return meta


def _check_view(
    browser: Chromium, site: Site, view: str, root: str, shot: str, **options: Any
) -> dict[str, Any]:
    data = _frame_drawn(browser)
    expected = _expected(site, view, root, **options)
    assert data["view"] == expected["view"] and data["root"] == root
    assert data["nodes"] == expected["nodes"] and data["edges"] == expected["edges"]
    # What vis-network placed, not only what it was handed.
    assert sorted(data["drawnNodes"]) == sorted(expected["nodes"])
    path = browser.screenshot(ARTIFACTS / f"{shot}.png")
    assert path.stat().st_size > 20_000  # a blank page compresses far smaller
    _assert_clean(browser, site)
    return data


def test_home_lists_platforms_with_headline_risks(browser: Chromium, site: Site) -> None:
    _sign_in(browser, site)
    rows = browser.evaluate(
        "Array.from(document.querySelectorAll('#platforms tbody tr')).map("
        "tr => [tr.dataset.platform, Array.from(tr.cells).map(td => td.textContent)])"
    )
    assert [r[0] for r in rows] == site.platforms
    for pid, cells in rows:
        section = site.analysis["platforms"][pid]
        order1 = section["spof"]["order1"]
        spofs = sum(len(order1[k]) for k in ("organisations", "facilities", "countries"))
        feasible = section["adversary_free"]["feasible"]
        assert cells[1] == pid
        assert cells[2:6] == [
            str(spofs),
            "yes" if feasible else "no",
            str(len(section["sole_source_items"])),
            str(len(section["data_gaps"])),
        ]
    assert browser.evaluate("sessionStorage.getItem('supplynet.key')") == site.key
    assert "last analysis run" in browser.evaluate(
        "document.getElementById('analysis-note').textContent"
    )
    browser.screenshot(ARTIFACTS / "home.png")
    _assert_clean(browser, site)


def test_platform_view_through_the_page(browser: Chromium, site: Site) -> None:
    _sign_in(browser, site)
    browser.evaluate(
        f"document.querySelector('tr[data-platform={json.dumps(PLATFORM)}] button').click()"
    )
    _wait(browser, "supplynetHome.views === 1")
    data = _check_view(browser, site, "platform", PLATFORM, "platform")
    assert PLATFORM in data["drawnNodes"] and len(data["drawnNodes"]) > 10
    assert browser.evaluate("supplynetHome.view.url").startswith(
        f"/v1/platforms/{PLATFORM}/graph.html?"
    )
    # Filters travel as query parameters: max tier 1, adversary-linked only.
    browser.evaluate(
        "document.getElementById('f-max-tier').value = '1';"
        "document.getElementById('f-adversary').checked = true;"
        f"document.querySelector('tr[data-platform={json.dumps(PLATFORM)}] button').click()"
    )
    _wait(browser, "supplynetHome.views === 2")
    filtered = _check_view(
        browser, site, "platform", PLATFORM, "platform-filtered", max_tier=1, adversary_only=True
    )
    assert len(filtered["nodes"]) < len(data["nodes"])


def test_home_view_state_is_a_shareable_url(browser: Chromium, site: Site) -> None:
    """Budget, collapse, kinds and the focused node go into the address (never the key);
    a fresh session opening that address, with its own key, gets the same view back."""
    _sign_in(browser, site)
    browser.evaluate(
        "document.getElementById('f-budget').value = '40';"
        "document.getElementById('f-collapse').value = 'country';"
        "document.getElementById('kind-material').checked = true;"
        "document.getElementById('kind-organisation').checked = true;"
        f"document.querySelector('tr[data-platform={json.dumps(PLATFORM)}] button').click()"
    )
    _wait(browser, "supplynetHome.views === 1")
    options: dict[str, Any] = {
        "node_budget": 40,
        "collapse_by": "country",
        "kinds": ["material", "organisation"],
    }
    first = _check_view(browser, site, "platform", PLATFORM, "home-share-1", **options)
    target = next(n for n in first["drawnNodes"] if n in site.G and n != PLATFORM)
    browser.evaluate(f"supplynetHome.focusInView({json.dumps(target)})")
    deadline = time.monotonic() + 30
    while _in_frame(browser, "supplynetData.focused") != target:
        assert time.monotonic() < deadline, "the view did not focus the node"
        browser.evaluate("new Promise(r => setTimeout(r, 100))")
    shared = browser.evaluate("location.href")
    assert shared == browser.evaluate("supplynetHome.shareUrl")
    assert site.key not in shared and "key" not in shared.lower()
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(shared).query)
    assert q["view"] == ["platform"] and q["id"] == [PLATFORM]
    assert q["node_budget"] == ["40"] and q["collapse_by"] == ["country"]
    assert sorted(q["kinds"]) == ["material", "organisation"] and q["focus"] == [target]
    # A colleague: a fresh session, the link, their own key typed in.
    browser.evaluate("sessionStorage.clear()")
    browser.open(shared, ready="window.supplynetHome !== undefined")
    assert browser.evaluate("document.getElementById('app').hidden") is True
    browser.evaluate(
        f"document.getElementById('key-input').value = {json.dumps(site.key)};"
        "document.getElementById('key-form').requestSubmit();"
    )
    _wait(browser, "supplynetHome.ready && supplynetHome.restored")
    _wait(browser, "supplynetHome.views === 1")
    form = browser.evaluate(
        "[document.getElementById('f-budget').value, document.getElementById('f-collapse').value,"
        " document.getElementById('kind-material').checked,"
        " document.getElementById('kind-platform').checked]"
    )
    assert form == ["40", "country", True, False]
    again = _check_view(browser, site, "platform", PLATFORM, "home-share-2", **options)
    assert again["nodes"] == first["nodes"]
    deadline = time.monotonic() + 30
    while _in_frame(browser, "supplynetData.focused") != target:
        assert time.monotonic() < deadline, "the restored view did not focus the node"
        browser.evaluate("new Promise(r => setTimeout(r, 100))")
    assert browser.evaluate("location.href") == shared


def test_ownership_and_material_views_through_the_page(browser: Chromium, site: Site) -> None:
    _sign_in(browser, site)
    browser.evaluate(
        f"document.getElementById('org-select').value = {json.dumps(OWNED)};"
        "document.getElementById('open-ownership').click()"
    )
    _wait(browser, "supplynetHome.views === 1")
    owner = _check_view(browser, site, "ownership", OWNED, "ownership")
    assert OWNED in owner["adversary"] and len(owner["nodes"]) > 1
    browser.evaluate(
        f"document.getElementById('material-select').value = {json.dumps(MATERIAL)};"
        "document.getElementById('open-material').click()"
    )
    _wait(browser, "supplynetHome.views === 2")
    material = _check_view(browser, site, "material", MATERIAL, "material")
    assert MATERIAL in material["nodes"] and "CN" in material["nodes"]
    # The page's policy is in force inside the frame: loading from another origin fails ...
    probe = (
        "new Promise(r => { const i = new Image(); i.onload = () => r('loaded');"
        " i.onerror = () => r('blocked'); i.src = 'http://127.0.0.1:9/probe.png'; })"
    )
    assert _in_frame(browser, probe) == "blocked"
    assert any("Content Security Policy" in e and "img-src data:" in e for e in browser.errors())
    # ... and the frame runs in an opaque origin: the view cannot reach the key.
    assert (
        _in_frame(
            browser,
            "(() => { try { return sessionStorage.length; } catch (e) { return 'blocked'; } })()",
        )
        == "blocked"
    )


def test_view_under_its_own_policy(browser: Chromium, site: Site) -> None:
    """Opened directly, a view runs under the CSP header of its own response."""
    browser.call("Network.setExtraHTTPHeaders", headers={"Authorization": f"Bearer {site.key}"})
    try:
        browser.open(f"{site.origin}/v1/materials/{MATERIAL}/graph.html")
        assert browser.evaluate("supplynetData.drawnNodes.length") > 3
        _assert_clean(browser, site)
    finally:
        browser.call("Network.setExtraHTTPHeaders", headers={})


def test_a_wrong_key_is_refused_and_forgotten(browser: Chromium, site: Site) -> None:
    browser.open(f"{site.origin}/", ready="window.supplynetHome !== undefined")
    browser.evaluate(
        "sessionStorage.clear();"
        "document.getElementById('key-input').value = 'sn_not-a-key';"
        "document.getElementById('key-form').requestSubmit();"
    )
    _wait(browser, "supplynetHome.error")
    assert browser.evaluate("document.getElementById('app').hidden") is True
    assert "401" in browser.evaluate("document.getElementById('key-error').textContent")
    assert browser.evaluate("sessionStorage.getItem('supplynet.key')") is None
