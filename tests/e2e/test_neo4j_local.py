"""The managed local Neo4j: start, status, stop, one server per directory, durability.

Each start of Neo4j costs seconds, so the life-cycle cases share one private
server (module scope) and run in file order.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.bundle import demo_bundle_path, read_bundle
from graphmodel.errors import StoreUnavailableError
from graphmodel.export import export_tables
from graphmodel.load import load_bundle, load_reference
from graphmodel.store import neo4j_local
from graphmodel.store.neo4j_local import LocalNeo4jServer, find_java, resolve_classpath
from graphmodel.store.neo4j_store import Neo4jStore
from tests.conftest import TEST_NEO4J_HEAP, TEST_NEO4J_PAGECACHE, skip_or_fail_without_neo4j
from tests.e2e.cli_support import run_cli

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def private(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalNeo4jServer]:
    skip_or_fail_without_neo4j()
    server = LocalNeo4jServer(
        tmp_path_factory.mktemp("n4jlife") / "data",
        heap=TEST_NEO4J_HEAP,
        pagecache=TEST_NEO4J_PAGECACHE,
    )
    yield server
    server.stop()


def _store(server: LocalNeo4jServer) -> Neo4jStore:
    st = server.status()
    return Neo4jStore(st.uri, server.auth())


def _start_in_child(data_dir: str, queue: multiprocessing.Queue[object]) -> None:
    server = LocalNeo4jServer(Path(data_dir), heap=TEST_NEO4J_HEAP, pagecache=TEST_NEO4J_PAGECACHE)
    try:
        queue.put(server.start().pid)
    except StoreUnavailableError as exc:
        queue.put(str(exc))


def test_start_is_ready_with_a_private_password_and_local_bolt_only(
    private: LocalNeo4jServer,
) -> None:
    assert private.status().state == "stopped"
    st = private.start()
    assert st.running and st.pid and st.port
    mode = stat.S_IMODE(private.password_file.stat().st_mode)
    assert mode == 0o600
    assert len(private.password()) >= 24
    conf = (private.conf_dir / "neo4j.conf").read_text()
    assert f"server.bolt.listen_address=127.0.0.1:{st.port}" in conf
    assert "server.http.enabled=false" in conf
    assert "dbms.usage_report.enabled=false" in conf
    assert "dbms.security.auth_enabled=true" in conf
    with _store(private) as store:
        assert store._read("RETURN 1 AS x", {}) == [{"x": 1}]


def test_a_second_start_never_runs_a_second_server(private: LocalNeo4jServer) -> None:
    first = private.start()
    assert first.running
    # From this process and from two others at once: the same server answers.
    assert private.start().pid == first.pid
    ctx = multiprocessing.get_context("spawn")
    queue: multiprocessing.Queue[object] = ctx.Queue()
    procs = [
        ctx.Process(target=_start_in_child, args=(str(private.data_dir), queue)) for _ in range(2)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [queue.get(timeout=5) for _ in procs] == [first.pid, first.pid]
    java = subprocess.run(
        ["pgrep", "-f", "--", f"--home-dir={private.home} "],
        capture_output=True,
        text=True,
        check=False,
    )
    assert java.stdout.split() == [str(first.pid)]


def test_the_running_server_holds_the_directory_lock(private: LocalNeo4jServer) -> None:
    import fcntl

    private.start()
    fd = os.open(private.lock_file, os.O_RDWR)
    try:
        with pytest.raises(BlockingIOError):
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(fd)


def test_kill_9_after_a_load_loses_nothing(private: LocalNeo4jServer) -> None:
    with _store(private) as store:
        store.ensure_schema()
        load_reference(store)
        load_bundle(store, read_bundle(demo_bundle_path()))
        before = export_tables(store)
    private.kill()
    assert private.status().state == "stopped"
    st = private.start()
    assert st.running
    with _store(private) as store:
        assert export_tables(store) == before


def test_clean_stop_then_start_keeps_data_and_password(private: LocalNeo4jServer) -> None:
    password = private.password()
    assert private.stop()
    assert private.status().state == "stopped"
    assert not private.stop()  # not running: nothing to stop
    private.start()
    assert private.password() == password
    with _store(private) as store:
        rows = store._read("MATCH (n:Organisation) RETURN count(n) AS c", {})
    assert rows[0]["c"] > 100


def test_a_failed_start_says_failed_with_neo4j_s_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    skip_or_fail_without_neo4j()
    # Someone else holds the Bolt port the server is given: Neo4j exits.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        monkeypatch.setattr(neo4j_local, "_free_port", lambda: taken.getsockname()[1])
        server = LocalNeo4jServer(tmp_path / "bad", heap=TEST_NEO4J_HEAP, pagecache="16m")
        with pytest.raises(StoreUnavailableError, match="failed to start") as info:
            server.start(timeout=300)
    assert str(tmp_path) not in str(info.value)
    assert "(full log: neo4j/logs/neo4j.log in the data directory)" in str(info.value)
    assert server.status().state == "stopped"


def test_without_java_one_sentence_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(StoreUnavailableError, match="needs Java 17 or newer; install"):
        find_java()


def test_without_maven_one_sentence_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))  # no cached class path
    monkeypatch.setattr(neo4j_local.shutil, "which", lambda name: None)
    with pytest.raises(StoreUnavailableError, match=r"needs Maven .* install it"):
        resolve_classpath()


def test_cli_db_start_status_stop_and_load(tmp_path: Path) -> None:
    """``SUPPLYNET_STORE=neo4j-local``: the commands a newcomer with Java runs."""
    skip_or_fail_without_neo4j()
    env = {
        **os.environ,
        "SUPPLYNET_STORE": "neo4j-local",
        "SUPPLYNET_DATA_DIR": str(tmp_path / "d"),
        "SUPPLYNET_NEO4J_HEAP": TEST_NEO4J_HEAP,
        "SUPPLYNET_NEO4J_PAGECACHE": TEST_NEO4J_PAGECACHE,
        "COLUMNS": "200",
    }

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return run_cli(env, *args)

    try:
        status = cli("db", "status")
        assert status.returncode == 1 and "local Neo4j stopped" in status.stdout
        # A command that needs the store starts it.
        loaded = cli("load", str(demo_bundle_path()))
        assert loaded.returncode == 0, loaded.stderr
        status = cli("db", "status")
        assert status.returncode == 0 and "local Neo4j running" in status.stdout
        stats = cli("stats")
        assert "Organisation" in stats.stdout
        stopped = cli("db", "stop")
        assert stopped.returncode == 0 and "local Neo4j stopped" in stopped.stdout
        assert "local Neo4j stopped" in cli("db", "status").stdout
    finally:
        LocalNeo4jServer(tmp_path / "d").stop()
