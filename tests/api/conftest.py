"""API test fixtures: one app per test module, on its own data dir and embedded store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.keys import create_key
from graphmodel.settings import Settings
from graphmodel.store.embedded import EmbeddedServer
from tests.api.api_support import ApiEnv, write_test_graph


@pytest.fixture(scope="module")
def api_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiEnv]:
    data_dir = tmp_path_factory.mktemp("api")
    settings = Settings(
        data_dir=data_dir,
        graph=f"api_{uuid.uuid4().hex[:10]}",
        max_upload_bytes=200_000,
        query_timeout_ms=2_000,
        query_row_cap=50,
    )
    keys = {
        role: create_key(settings, role, note=f"test {role}")[1]
        for role in ("viewer", "analyst", "editor", "admin")
    }
    app = create_app(settings)
    try:
        with TestClient(app, raise_server_exceptions=False) as client:
            env = ApiEnv(settings, client, keys)
            write_test_graph(env.state.store)
            env.state.index.invalidate()
            yield env
            env.state.store.clear()
    finally:
        EmbeddedServer(Path(data_dir)).stop()
