"""The API's analysis answers on a large graph: the first answer after an analysis, the
later ones, and what the server holds (a benchmark, not a timed test).

Generates a network (seed 1), runs ``supplynet load BUNDLE --replace --no-reference``
into a fresh data directory (the load's snapshot analysis writes the latest
analysis, as for a user), starts the API (``python -m api.server``, one worker, so
that "the first answer" is the worker's first), builds its graph with one search,
and then asks, one request at a time, with random platforms and nodes (fixed seed):

- ``GET /v1/analysis`` (when the analysis ran, which platforms);
- ``GET /v1/platforms/{id}/spof`` and ``/adversary-free``;
- ``GET /v1/adversary-links/{id}`` (one node's verdict and reasons).

It prints, per endpoint, the first answer's time and the median and maximum of
the rest, and the server's RSS before and after.

``--code DIR`` runs the server from another checkout on the same data (to compare
two versions); ``--data DIR`` reuses a data directory loaded by an earlier run
(``--keep`` keeps it).

Usage::

    python benchmarks/analysis_api.py --nodes 1000000 --keep --data /tmp/aa
    python benchmarks/analysis_api.py --nodes 1000000 --data /tmp/aa --code OLD_CHECKOUT
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from api.keys import create_key  # noqa: E402
from benchmarks.api_load import wait_healthy  # noqa: E402
from graphmodel.bundle import write_bundle  # noqa: E402
from graphmodel.generate import generate_tables  # noqa: E402
from graphmodel.settings import Settings  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402


def _rss_mb(pid: int) -> float:
    """RSS of ``pid`` and its descendants, in MB."""
    total = 0.0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            continue
        todo.extend(int(c) for c in children)
    return total


def _get(url: str, key: str) -> tuple[float, int, Any]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"})
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=900) as resp:
            body, status = resp.read(), resp.status
    except urllib.error.HTTPError as exc:
        body, status = exc.read(), exc.code
    return time.perf_counter() - t0, status, json.loads(body)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=30, help="requests per endpoint")
    ap.add_argument("--data", type=Path, default=None, help="data directory (reused if loaded)")
    ap.add_argument("--keep", action="store_true", help="keep the data directory")
    ap.add_argument("--code", type=Path, default=REPO, help="checkout the server runs from")
    args = ap.parse_args()

    data = args.data or Path(tempfile.mkdtemp(prefix="snaa-"))
    env = {**os.environ, "SUPPLYNET_STORE": "embedded", "SUPPLYNET_DATA_DIR": str(data)}
    settings = Settings(store="embedded", data_dir=data)
    if not (data / "analysis" / "latest.json").exists():
        data.mkdir(parents=True, exist_ok=True)
        t0 = time.perf_counter()
        tables = generate_tables(args.nodes, seed=1)
        bundle = data / "bundle"
        write_bundle(tables, bundle)
        del tables
        print(f"generated and written in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        cmd = [sys.executable, "-m", "graphmodel.cli", "load", str(bundle), "--replace"]
        subprocess.run([*cmd, "--no-reference"], env=env, check=True, stdout=subprocess.DEVNULL)
        print(f"supplynet load (with its analysis) {time.perf_counter() - t0:.1f} s", flush=True)
    size = (data / "analysis" / "latest.json").stat().st_size
    key = create_key(settings, "viewer", note="analysis benchmark")[1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    cmd = [sys.executable, "-m", "api.server", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(
        [*cmd, "--workers", "1", "--log-level", "warning", "--no-access-log"],
        env={**env, "PYTHONPATH": str(args.code)},
        cwd=args.code,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, seconds=120)
        t, _, _ = _get(f"{base}/v1/search?q=warm", key)
        print(f"graph and search index: {t:.1f} s; server RSS {_rss_mb(server.pid):,.0f} MB")
        t0 = time.perf_counter()
        _, _, info = _get(f"{base}/v1/analysis", key)
        first_status = time.perf_counter() - t0
        platforms = info["platforms"]
        rng = random.Random(1)
        _, _, links = _get(f"{base}/v1/adversary-links?limit=200", key)
        nodes = [n["id"] for n in links.get("items", [])] or platforms
        rows = [("/v1/analysis", first_status, [])]
        for name, make in (
            ("/v1/analysis", lambda: "/v1/analysis"),
            ("/v1/platforms/{id}/spof", lambda: f"/v1/platforms/{rng.choice(platforms)}/spof"),
            (
                "/v1/platforms/{id}/adversary-free",
                lambda: f"/v1/platforms/{rng.choice(platforms)}/adversary-free",
            ),
            ("/v1/adversary-links/{id}", lambda: f"/v1/adversary-links/{rng.choice(nodes)}"),
        ):
            times = []
            for _ in range(args.requests):
                t, status, _ = _get(base + make(), key)
                if status != 200:
                    raise SystemExit(f"{name}: HTTP {status}")
                times.append(t)
            if name == "/v1/analysis":
                rows[0] = (name, first_status, times)
            else:
                rows.append((name, times[0], times[1:]))
        rss = _rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=60)
    print(f"\nlatest analysis {size / 1e6:,.0f} MB, {len(platforms)} platforms; code {args.code}")
    print("| endpoint | first (s) | later p50 (ms) | later max (ms) |")
    print("|---|---:|---:|---:|")
    for name, first, rest in rows:
        p50 = statistics.median(rest) * 1000 if rest else float("nan")
        mx = max(rest) * 1000 if rest else float("nan")
        print(f"| `{name}` | {first:.2f} | {p50:.1f} | {mx:.1f} |")
    print(f"server RSS after: {rss:,.0f} MB")
    if not args.keep and args.data is None:
        EmbeddedServer(data).stop()
        import shutil

        shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
