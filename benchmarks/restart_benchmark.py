"""Restart benchmark: how long `db start` takes after kill -9 of the embedded store, and
how long readers wait while the graph is replaced.

Usage::

    .venv/bin/python benchmarks/restart_benchmark.py [--nodes 100000] [--relationships N]

Steps: generate a bundle (graphmodel.generate), load it into a fresh embedded
store in a temporary data directory (a staged load: the commit rewrites the AOF
with an RDB preamble), then

1. kill -9 the server once the rewrite has finished, time ``EmbeddedServer.start()``
   until the server answers, and check every node came back;
2. start a replace of the whole graph (the same bundle) and, while it runs, time a
   reader's indexed look-up in a loop (the worst wait is reported);
3. kill -9 the server in the middle of a second replace (its staging writes are in the
   AOF), time the restart, and check the live graph is the last completed load.

The server is stopped at the end; the temporary directory is removed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from graphmodel.bundle import Bundle
from graphmodel.generate import generate_tables
from graphmodel.load import load_bundle
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

_COUNT = "MATCH (n) RETURN count(n) AS c"
_LOOKUP = "MATCH (i:Item {id: $id}) RETURN i.name AS name"


def _aof_bytes(server: EmbeddedServer) -> int:
    return sum(p.stat().st_size for p in (server.db_dir / "aof").glob("*"))


def _wait_rewrite(store: FalkorDBStore) -> None:
    store._wait_for_no_child()


def _timed_restart(server: EmbeddedServer) -> float:
    t0 = time.perf_counter()
    server.start(timeout=60)
    return time.perf_counter() - t0


def _replace_in_child(data_dir: str, tables: dict[str, list[dict[str, Any]]]) -> None:
    store = FalkorDBStore(Path(data_dir), graph="bench", autostart=False)
    load_bundle(store, Bundle(tables), replace=True)


def _reader(data_dir: str, item: str, stop: Any, queue: Any) -> None:
    reader = FalkorDBStore(Path(data_dir), graph="bench", autostart=False)
    waits: list[float] = []
    while not stop.is_set():
        t = time.perf_counter()
        reader._read(_LOOKUP, {"id": item})
        waits.append(time.perf_counter() - t)
        time.sleep(0.005)
    queue.put(waits)


def _fork_preparations(server: EmbeddedServer, since: int) -> list[float]:
    """FalkorDB's own "Fork preparation time" log lines written after byte ``since``: the
    time the server's main thread (so every reader) spent before each fork."""
    with open(server.logfile, "rb") as f:
        f.seek(since)
        text = f.read().decode(errors="replace")
    return [float(x) for x in re.findall(r"Fork preparation time: ([0-9.]+) sec", text)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--relationships", type=int, default=None)
    args = ap.parse_args()
    cpus = multiprocessing.cpu_count()
    print(f"machine: {platform.node()}, {cpus} CPUs, Python {platform.python_version()}")
    t0 = time.perf_counter()
    tables = generate_tables(args.nodes, args.relationships)
    print(f"generate: {time.perf_counter() - t0:.1f} s")
    with tempfile.TemporaryDirectory(prefix="supplynet-restart-") as tmp:
        data = Path(tmp) / "d"
        server = EmbeddedServer(data)
        store = FalkorDBStore(data, graph="bench")
        try:
            t0 = time.perf_counter()
            report = load_bundle(store, Bundle(tables))
            print(
                f"load: {report.nodes:,} nodes, {report.relationships:,} relationships in "
                f"{time.perf_counter() - t0:.1f} s"
            )
            _wait_rewrite(store)
            nodes = store._read(_COUNT, {})[0]["c"]
            print(f"AOF after the commit's rewrite: {_aof_bytes(server) / 1e6:.1f} MB")
            store.close()

            # 1. kill -9 after a completed load.
            server.kill()
            took = _timed_restart(server)
            store = FalkorDBStore(data, graph="bench", autostart=False)
            back = store._read(_COUNT, {})[0]["c"]
            print(f"restart after kill -9 (idle): {took:.2f} s; nodes {back:,} of {nodes:,}")
            assert back == nodes

            # 2. readers during a replace.
            item = str(tables["items"][0]["id"])
            # The reader is another process, as a second CLI or API process would be.
            ctx = multiprocessing.get_context("spawn")
            stop = ctx.Event()
            queue: Any = ctx.Queue()
            proc = ctx.Process(target=_reader, args=(str(data), item, stop, queue))
            proc.start()
            time.sleep(2.0)
            log_at = server.logfile.stat().st_size
            store._redis("CONFIG", "SET", "slowlog-log-slower-than", "50000")
            store._redis("SLOWLOG", "RESET")
            t0 = time.perf_counter()
            load_bundle(store, Bundle(tables), replace=True)
            replace_s = time.perf_counter() - t0
            stop.set()
            waits: list[float] = queue.get(timeout=60)
            proc.join()
            waits.sort()
            print(
                f"replace: {replace_s:.1f} s; reader look-ups during it: {len(waits)}, "
                f"median {waits[len(waits) // 2] * 1000:.1f} ms, max {waits[-1] * 1000:.1f} ms, "
                f"{sum(w > 0.1 for w in waits)} over 100 ms"
            )
            _wait_rewrite(store)
            preps = ", ".join(f"{p:.3f} s" for p in _fork_preparations(server, log_at))
            print(f"server log, fork preparation during the replace: {preps or 'none'}")
            fork_ms = int(store._redis("INFO", "stats")["latest_fork_usec"]) / 1000
            print(f"the last fork held the main thread {fork_ms:.0f} ms (INFO latest_fork_usec)")
            # Commands that held the server's main thread (so every reader) over 50 ms.
            # Raw reply: the arguments logged include GRAPH.BULK's binary payload.
            pool = store._db.connection.connection_pool
            conn = pool.get_connection()
            try:
                conn.send_command("SLOWLOG", "GET", "20")
                slow = conn.read_response(disable_decoding=True)
            finally:
                pool.release(conn)
            held = sorted(
                ((e[2] / 1000, bytes(e[3][0]).decode(errors="replace")) for e in slow),
                reverse=True,
            )
            print(
                "main thread held over 50 ms: "
                + (", ".join(f"{cmd} {ms:.0f} ms" for ms, cmd in held[:10]) or "never")
            )
            generation = store.generation()
            store.close()

            # 3. kill -9 in the middle of a replace.
            child = multiprocessing.get_context("spawn").Process(
                target=_replace_in_child, args=(str(data), tables)
            )
            child.start()
            time.sleep(max(1.0, replace_s / 2))
            server.kill()
            child.join()
            took = _timed_restart(server)
            store = FalkorDBStore(data, graph="bench", autostart=False)
            back = store._read(_COUNT, {})[0]["c"]
            same = store.generation() == generation
            print(
                f"restart after kill -9 mid-replace: {took:.2f} s; nodes {back:,}, "
                f"last completed load kept: {same}"
            )
            assert back == nodes
        finally:
            store.close()
            server.stop()


if __name__ == "__main__":
    main()
