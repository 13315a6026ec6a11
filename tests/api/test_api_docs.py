"""Interactive API docs at /docs: served offline, nothing from another origin."""

from __future__ import annotations

import re

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


def test_docs_page_loads_only_local_assets(api_env: ApiEnv) -> None:
    c = api_env.client
    page = c.get("/docs")
    assert page.status_code == 200
    assert "swagger-ui" in page.text
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs and all(r.startswith("/docs/assets/") for r in refs), refs
    assert "https://" not in page.text and "http://" not in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "connect-src 'self'" in csp
    for ref in refs:
        asset = c.get(ref)
        assert asset.status_code == 200 and len(asset.content) > 500, ref
    # The page reads the public spec; the bundle's demo index.html is not served.
    assert '"/v1/openapi.json"' in page.text or "'/v1/openapi.json'" in page.text
    assert c.get("/docs/assets/index.html").status_code == 404


def test_openapi_document_is_public_and_lists_the_search(api_env: ApiEnv) -> None:
    spec = api_env.client.get("/v1/openapi.json")
    assert spec.status_code == 200
    paths = spec.json()["paths"]
    assert "/v1/search" in paths and "/v1/cypher/queries" in paths


def test_redoc_page_is_offline_too(api_env: ApiEnv) -> None:
    page = api_env.client.get("/redoc")
    assert page.status_code == 200
    refs = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert refs and all(r.startswith("/docs/assets/") for r in refs), refs
    assert "https://" not in page.text and "http://" not in page.text
