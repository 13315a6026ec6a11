"""API test fixtures: one app per test module and store, on its own data dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import create_key
from graphmodel.store.embedded import EmbeddedServer
from tests.api.api_support import ApiEnv, write_test_graph
from tests.conftest import store_settings


@pytest.fixture(scope="module")
def api_env(
    request: pytest.FixtureRequest, store_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ApiEnv]:
    """The app on the session's store of ``store_kind`` (both stores, in turn)."""
    data_dir = tmp_path_factory.mktemp("api")
    overrides = {
        "max_upload_bytes": 200_000,
        "query_timeout_ms": 10_000,
        "query_row_cap": 50,
        # A test module may set its own (e.g. tighter query limits).
        **getattr(request.module, "API_SETTINGS", {}),
    }
    settings = store_settings(request, store_kind, data_dir, **overrides)
    keys = {
        role: create_key(settings, role, note=f"test {role}")[1]
        for role in ("viewer", "analyst", "editor", "admin")
    }
    app = create_app(settings)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            env = ApiEnv(settings, client, keys)
            env.state.store.drop()
            env.state.store.ensure_schema()
            write_test_graph(env.state.store)
            env.state.snapshots.invalidate()
            yield env
            env.state.store.drop()
    finally:
        EmbeddedServer(Path(data_dir)).stop()
