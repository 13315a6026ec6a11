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
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._cli import generated_network, run_cli  # noqa: E402


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
    with generated_network(args.nodes, workers=args.workers, cluster=args.cluster) as net:
        out["load_s"] = round(net.load_s, 2)
        wall, text, _ = run_cli(
            net.env,
            "plan",
            "size-stock",
            "--horizon",
            str(args.horizon),
            "--json",
            *net.pool,
            echo=True,
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
