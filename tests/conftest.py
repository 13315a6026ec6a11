"""Shared fixtures: one real embedded store server per test session.

Each test that asks for ``store`` gets its own graph inside that server, so
tests stay independent without paying a server start each.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("store")
    server = EmbeddedServer(path)
    server.start()
    yield path
    server.stop()


@pytest.fixture
def store(store_dir: Path) -> Iterator[FalkorDBStore]:
    s = FalkorDBStore(store_dir, graph=f"t_{uuid.uuid4().hex[:12]}")
    s.ensure_schema()
    try:
        yield s
    finally:
        s.drop()
        s.close()
