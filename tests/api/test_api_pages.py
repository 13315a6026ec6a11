"""The analyst pages: static shells with no data, no key and no external URL."""

from __future__ import annotations

import json
import re

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e

PAGES = [
    "/pages/platforms/P1",
    "/pages/organisations/O1",
    "/pages/adversary-links",
    "/pages/scenarios",
    "/pages/map",
    "/",
]


@pytest.mark.parametrize("path", PAGES)
def test_page_is_a_shell_without_external_urls(api_env: ApiEnv, path: str) -> None:
    r = api_env.client.get(path)  # no key: a shell carries no data
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    assert "http://" not in r.text and "https://" not in r.text
    assert "innerHTML" not in r.text
    assert all("allow-same-origin" not in v for v in re.findall(r'sandbox="([^"]*)"', r.text))
    for ref in re.findall(r'(?:src|href)="([^"]+)"', r.text):
        assert ref.startswith(("/", "data:", "#")), ref
    # Names of the test graph never appear in a shell: data comes with the key only.
    assert "Alpha Fabrication" not in r.text


def test_the_world_map_is_bundled_natural_earth(api_env: ApiEnv) -> None:
    r = api_env.client.get("/pages/assets/world-110m.json")
    assert r.status_code == 200
    doc = json.loads(r.content)
    assert "Natural Earth" in doc["source"]
    assert {"CN", "FR", "US", "DE"} <= set(doc["countries"])
    assert doc["countries"]["FR"]["d"].startswith("M")
