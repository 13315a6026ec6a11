"""Benchmark stockpile sizing for all platforms against the whole single-node stress test.

A script, not a test. The path a user runs, through the CLI, on a generated network::

    .venv/bin/python benchmarks/plan_stockpile_benchmark.py --nodes 1700
    .venv/bin/python benchmarks/plan_stockpile_benchmark.py --nodes 1700 --cluster

Steps: ``supplynet generate DIR --nodes N --volumes`` (20 platforms, seed 0, with demand,
capacity and stock), ``supplynet load DIR --replace`` into a fresh embedded store (a
temporary ``SUPPLYNET_DATA_DIR``), then ``supplynet plan size-stock --horizon H --json``
with no scenario (every organisation, facility and country of a qualified site, each
alone): on the process pool (``--workers``, default 2), or with ``--cluster`` on a Dask
``LocalCluster`` of two single-threaded worker processes started here. Prints the
command's wall time and the sizing's own figures (scenarios, scenarios needing stock,
rounds of the joint program, bounds, seconds, engine) and the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def _cli(env: dict[str, str], *args: str) -> tuple[float, str]:
    t = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "graphmodel.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"supplynet {' '.join(args)} failed:\n{r.stderr}")
    print(f"{wall:8.2f} s  supplynet {' '.join(args)}", flush=True)
    return wall, r.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--nodes", type=int, default=1700)
    ap.add_argument("--horizon", type=float, default=90.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cluster", action="store_true", help="run on a local Dask cluster")
    args = ap.parse_args()
    out: dict[str, Any] = {
        "nodes": args.nodes,
        "horizon_days": args.horizon,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SUPPLYNET_DATA_DIR": str(Path(tmp) / "data")}
        bundle = str(Path(tmp) / "bundle")
        _cli(env, "generate", bundle, "--nodes", str(args.nodes), "--volumes")
        out["load_s"] = round(_cli(env, "load", bundle, "--replace")[0], 2)
        extra: list[str] = ["--workers", str(args.workers)]
        cluster = None
        try:
            if args.cluster:
                from distributed import LocalCluster

                cluster = LocalCluster(
                    n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
                )
                extra = ["--cluster", cluster.scheduler_address]
            wall, text = _cli(
                env, "plan", "size-stock", "--horizon", str(args.horizon), "--json", *extra
            )
        finally:
            if cluster is not None:
                cluster.close()
            subprocess.run(
                [sys.executable, "-m", "graphmodel.cli", "db", "stop"], env=env, check=False
            )
        doc = json.loads(text)
        out["size_stock_command_s"] = round(wall, 2)
        keys = (
            "scenarios",
            "scenarios_needing_stock",
            "rounds",
            "lower_bound",
            "upper_bound",
            "seconds",
            "phase_seconds",
            "engine",
        )
        out.update({k: doc.get(k) for k in keys})
        out["objective"] = doc["total"]["objective"]
        out["items_stocked"] = len(doc["items"])
        out["binding_scenarios"] = len(doc["binding_scenarios"])
    out["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
