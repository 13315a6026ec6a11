"""The match review page in a real headless Chromium: list, accept, and the decision is kept."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

from tests.browser._chromium import Chromium, require_chromium, serve_api  # noqa: E402

require_chromium()

from api.keys import create_key  # noqa: E402
from graphmodel.bundle import Bundle  # noqa: E402
from graphmodel.importers import Source, run_import  # noqa: E402
from graphmodel.load import load_bundle, load_reference  # noqa: E402
from graphmodel.matching import decisions  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store import open_store  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402
from tests.browser.test_api_views_browser import _wait  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Settings]]:
    data_dir = tmp_path_factory.mktemp("review")
    settings = Settings(data_dir=data_dir, graph=f"review_{uuid.uuid4().hex[:8]}")
    try:
        store = open_store(settings)
        try:
            store.ensure_schema()
            load_reference(store)
            for kind, name in (("gleif", "gleif-lei.xml"), ("suppliers", "suppliers.csv")):
                result = run_import(kind, [Source.from_path(FIXTURES / name)])
                load_bundle(store, Bundle(result.tables))
        finally:
            store.close()
        key = create_key(settings, "editor", note="review browser test")[1]
        with serve_api(settings) as origin:
            yield origin, key, settings
    finally:
        EmbeddedServer(data_dir).stop()


def test_accept_a_proposed_match_from_the_page(served: tuple[str, str, Settings]) -> None:
    origin, key, settings = served
    with Chromium() as browser:
        browser.open(f"{origin}/review", ready="document.getElementById('keyform')")
        browser.evaluate(
            f"document.getElementById('key').value = {key!r};"
            "document.getElementById('keyform').requestSubmit(); true"
        )
        _wait(browser, "window.supplynetReview && supplynetReview.ready")
        assert browser.evaluate("supplynetReview.rows") >= 1
        clicked = browser.evaluate(
            """(() => {
              for (const tr of document.querySelectorAll('#pairs tbody tr')) {
                if (tr.cells[1].textContent.includes('(V-1002)') &&
                    tr.cells[2].textContent.includes('lei:5299000BRIGHTWAT0044')) {
                  tr.querySelector('button[data-decision="same"]').click();
                  return true;
                }
              }
              return false;
            })()"""
        )
        assert clicked
        _wait(
            browser,
            "Array.from(document.querySelectorAll('#pairs tbody tr span'))"
            ".some(s => s.textContent === 'same')",
        )
        assert browser.errors() == []
        assert all(u.startswith(origin) for u in browser.requested_urls())
        assert not any(key in u for u in browser.requested_urls())
    store = open_store(settings)
    try:
        kept = decisions(store)
    finally:
        store.close()
    assert kept[("V-1002", "lei:5299000BRIGHTWAT0044")]["decision"] == "same"
