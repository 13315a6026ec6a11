"""The embedded FalkorDB server: lifecycle, socket fallback, durability after kill -9."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphmodel.errors import QueryError
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

pytestmark = pytest.mark.e2e


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    srv = EmbeddedServer(tmp_path / "data")
    yield srv
    srv.stop()


def test_start_status_stop(server: EmbeddedServer) -> None:
    assert not server.status().running
    status = server.start()
    assert status.running
    assert status.pid is not None
    assert status.socket.exists()
    assert "running" in status.describe()
    assert server.stop() is True
    after = server.status()
    assert not after.running
    assert after.pid is None
    assert "stopped" in after.describe()


def test_start_is_idempotent(server: EmbeddedServer) -> None:
    first = server.start()
    second = server.start()
    assert second.running
    assert second.pid == first.pid


def test_stop_when_not_running_returns_false(server: EmbeddedServer) -> None:
    assert server.stop() is False


def test_long_data_dir_uses_a_short_socket(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*(["a-rather-long-directory-name"] * 5))
    srv = EmbeddedServer(deep)
    # The socket in the data dir would exceed the unix socket path limit.
    assert len(str(srv.db_dir / "s.sock")) > 107
    try:
        status = srv.start()
        assert status.running
        assert not str(status.socket).startswith(str(deep))
        with FalkorDBStore(deep, graph="long", autostart=False) as store:
            store._write("CREATE (:Probe {v: 1})", {})
            assert store._read("MATCH (p:Probe) RETURN p.v AS v", {}) == [{"v": 1}]
    finally:
        srv.stop()


def test_kill_9_after_writes_loses_nothing(server: EmbeddedServer) -> None:
    server.start()
    rows = [{"id": f"item-{n}", "name": f"Item {n}", "kind": "component"} for n in range(5_000)]
    count = "MATCH (n:Item) RETURN count(n) AS c"
    with FalkorDBStore(server.data_dir, graph="durable", autostart=False) as store:
        assert store.write_batch("load_items_merge", rows, batch_size=1_000) == len(rows)
        assert store._read(count, {}) == [{"c": 5_000}]
    pid = server.status().pid
    assert pid is not None
    server.kill()
    assert not server.status().running
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert server.start().running
    with FalkorDBStore(server.data_dir, graph="durable", autostart=False) as store:
        assert store._read(count, {}) == [{"c": 5_000}]
        back = store._read("MATCH (n:Item {id: 'item-4999'}) RETURN n.name AS name", {})
        assert back == [{"name": "Item 4999"}]


def _servers_on(sock: Path) -> list[int]:
    # redis-server rewrites its title to "redis-server unixsocket:<path>".
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"redis-server" in cmd[0] and str(sock).encode() in b" ".join(cmd):
            found.append(int(proc.name))
    return found


def test_concurrent_starts_give_one_server_that_holds_the_lock(server: EmbeddedServer) -> None:
    import subprocess
    import sys

    code = (
        "import sys; from graphmodel.store.embedded import EmbeddedServer; "
        "print(EmbeddedServer(sys.argv[1]).start().pid)"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(server.data_dir)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    pids = {p.communicate(timeout=60)[0].strip() for p in procs}
    assert all(p.returncode == 0 for p in procs)
    assert len(pids) == 1
    assert _servers_on(server.socket) == [int(pids.pop())]
    # The kernel lock, not the pid file, says a server is alive.
    assert server._locked()
    server.pidfile.unlink()
    assert server.start().running
    assert len(_servers_on(server.socket)) == 1


def test_the_engine_reads_no_file_with_load_csv(server: EmbeddedServer) -> None:
    server.start()
    (server.db_dir / "probe.csv").write_text("a\n1\n")
    with FalkorDBStore(server.data_dir, graph="files", autostart=False) as store:
        store._write("CREATE (:Probe)", {})
        for url in ("file://probe.csv", "file://../probe.csv", f"file://{server.db_dir}/probe.csv"):
            with pytest.raises(QueryError, match="Error opening CSV"):
                store.run_read_only(
                    f"LOAD CSV FROM '{url}' AS row RETURN row", timeout_ms=2000, row_cap=10
                )


def test_a_stopped_store_is_unavailable_without_an_internal_path(server: EmbeddedServer) -> None:
    from graphmodel.errors import StoreUnavailableError

    server.start()
    store = FalkorDBStore(server.data_dir, graph="down", autostart=False)
    try:
        server.kill()
        with pytest.raises(StoreUnavailableError) as info:
            store.query("stats")
        assert info.value.status == 503
        assert "/" not in info.value.message.replace("`supplynet db start`", "")
    finally:
        store.close()


def _stall_forks(store: FalkorDBStore, seconds_per_key: float) -> None:
    """Make the server's fork children sleep per key written: asleep, no CPU used, as
    the hung FalkorDB fork child is (``rdb-key-save-delay`` is Redis's own test knob)."""
    store._redis("CONFIG", "SET", "rdb-key-save-delay", str(int(seconds_per_key * 1e6)))


def _persistence(store: FalkorDBStore) -> dict[str, Any]:
    info = store._redis("INFO", "persistence")
    assert isinstance(info, dict)
    return info


def test_a_hung_rewrite_child_is_stopped_not_waited_for(
    server: EmbeddedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A forked child that sleeps without progress is stopped within the stall limit,
    the server stays usable and the next rewrite succeeds."""
    server.start()
    with FalkorDBStore(server.data_dir, graph="stall", autostart=False) as store:
        store._write("CREATE (:Probe {v: 1})", {})
        store.fork_stall_seconds = 0.5
        _stall_forks(store, 600)
        store._redis("BGREWRITEAOF")
        assert server.fork_children(), "the rewrite child should be running"
        started = time.monotonic()
        store._wait_for_no_child(timeout=60)
        assert time.monotonic() - started < 30
        assert not server.fork_children()
        assert "made no progress" in caplog.text
        _stall_forks(store, 0)
        store._redis("BGREWRITEAOF")
        store._wait_for_no_child(timeout=60)
        assert _persistence(store)["aof_last_bgrewrite_status"] == "ok"
        assert store._read("MATCH (p:Probe) RETURN p.v AS v", {}) == [{"v": 1}]


def test_a_load_commits_although_its_aof_rewrite_child_hung_once(
    server: EmbeddedServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The commit's rewrite (switching the AOF back on) hangs; it is stopped, the server
    schedules it again, and the load commits and survives kill -9."""
    server.start()
    with FalkorDBStore(server.data_dir, graph="stall", autostart=False) as store:
        store.fork_stall_seconds = 0.5
        _stall_forks(store, 600)
        # Lift the stall once the first hung child has been stopped, so that the
        # rewrite the server schedules again is a healthy one.
        other = FalkorDBStore(server.data_dir, graph="stall", autostart=False)

        def lift() -> None:
            deadline = time.monotonic() + 60
            while "made no progress" not in caplog.text and time.monotonic() < deadline:
                time.sleep(0.05)
            _stall_forks(other, 0)

        lifter = threading.Thread(target=lift)
        lifter.start()
        try:
            with store.staged_load(replace=True) as target:
                target._write("CREATE (:Probe {v: 2})", {})
        finally:
            lifter.join()
            other.close()
        assert "made no progress" in caplog.text
        assert _persistence(store)["aof_last_bgrewrite_status"] == "ok"
    server.kill()
    server.start()
    with FalkorDBStore(server.data_dir, graph="stall", autostart=False) as store:
        assert store._read("MATCH (p:Probe) RETURN p.v AS v", {}) == [{"v": 2}]


def test_a_derived_write_is_folded_into_the_snapshot(server: EmbeddedServer) -> None:
    """After a write-back the AOF is rewritten (a restart loads a snapshot, not the
    write-back's statements), and the written results survive kill -9."""
    server.start()
    with FalkorDBStore(server.data_dir, graph="fold", autostart=False) as store:
        with store.staged_load(replace=True) as target:
            target._write("CREATE (:Probe {v: 1})", {})
        store._wait_for_no_child()
        before = int(_persistence(store)["aof_rewrites"])
        with store.derived_write() as live:
            live._write("MATCH (p:Probe) SET p.result = 'kept'", {})
        store._wait_for_no_child()
        assert int(_persistence(store)["aof_rewrites"]) > before
        assert _persistence(store)["aof_last_bgrewrite_status"] == "ok"
    incr = sorted((server.db_dir / "aof").glob("*.incr.aof"))
    assert incr and all(f.stat().st_size < 200 for f in incr), [f.stat().st_size for f in incr]
    server.kill()
    server.start()
    with FalkorDBStore(server.data_dir, graph="fold", autostart=False) as store:
        assert store._read("MATCH (p:Probe) RETURN p.result AS r", {}) == [{"r": "kept"}]
