"""The path users run, end to end: ``supplynet load``, then ``supplynet analyze``, as processes.

Issue 15's targets are measured here, on a generated bundle (seed 1) and a
fresh data directory per store:

- ``supplynet load BUNDLE --replace --no-reference``: wall time, the CPU time of
  the command and of the store's server process, and the command's peak RSS;
  with ``--unwind`` also the same load with ``SUPPLYNET_BULK_LOAD=false``
  (batched ``UNWIND`` instead of ``GRAPH.BULK``, embedded store only);
- ``supplynet analyze`` (read, analysis, write-back, run kept), then
  ``supplynet analyze --json`` to a file: the same figures, and the read /
  analysis / write-back split from the report's ``run`` block;
- the reference the 100k target is stated against, in the same run:
  ``python -c "import networkx as nx; nx.gnm_random_graph(N, M, directed=True, seed=1)"``.

The machine's load average is printed beside every figure: on a shared machine
wall times grow with it, CPU times much less.

Usage::

    python benchmarks/e2e_benchmark.py [--nodes 100000] [--relationships 500000]
        [--store embedded|neo4j-local|both] [--unwind] [--no-json] [--out FILE]

Writes ``benchmarks/results/e2e-<nodes>.md`` (or ``--out``) and prints it.
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
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from graphmodel.bundle import write_bundle  # noqa: E402
from graphmodel.generate import count_relationships, generate_tables  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402
from graphmodel.store.neo4j_local import LocalNeo4jServer  # noqa: E402


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    server_cpu_s: float
    peak_rss_mb: float
    load_avg: float
    stdout: str


def _cpu_of(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (0 when unknown)."""
    if not pid:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _run(cmd: list[str], env: dict[str, str], server_pid: int | None, out: Path | None) -> Run:
    load_avg = os.getloadavg()[0]
    server_before = _cpu_of(server_pid)
    started = time.perf_counter()
    with open(out, "wb") if out else open(os.devnull, "wb") as sink:
        proc = subprocess.Popen(
            cmd, env=env, stdout=sink if out else subprocess.PIPE, stderr=subprocess.PIPE
        )
        captured = b""
        if not out and proc.stdout is not None:
            captured = proc.stdout.read()
        err = proc.stderr.read() if proc.stderr is not None else b""
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err.decode(errors='replace')[-2000:]}")
    return Run(
        wall_s=wall,
        cpu_s=usage.ru_utime + usage.ru_stime,
        server_cpu_s=_cpu_of(server_pid) - server_before,
        peak_rss_mb=usage.ru_maxrss / 1024,
        load_avg=max(load_avg, os.getloadavg()[0]),
        stdout=captured.decode(errors="replace"),
    )


def _supplynet(*args: str) -> list[str]:
    return [sys.executable, "-m", "graphmodel.cli", *args]


def _server_pid(kind: str, data: Path) -> int | None:
    if kind == "embedded":
        return EmbeddedServer(data).status().pid
    return LocalNeo4jServer(data).status().pid


def _stop(kind: str, data: Path) -> None:
    if kind == "embedded":
        EmbeddedServer(data).stop()
    else:
        LocalNeo4jServer(data).stop()


def _row(what: str, r: Run, extra: str = "") -> str:
    row = (
        f"| {what} | {r.wall_s:.1f} | {r.cpu_s:.1f} | {r.server_cpu_s:.1f} | "
        f"{r.peak_rss_mb:,.0f} | {r.load_avg:.1f} | {extra} |"
    )
    # Each figure as soon as it is measured (a 1M-node run takes long on a shared machine).
    print(row, file=sys.stderr, flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--relationships", type=int, default=None)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--store", choices=("embedded", "neo4j-local", "both"), default="embedded")
    ap.add_argument("--unwind", action="store_true", help="also time the batched-UNWIND load")
    ap.add_argument(
        "--no-json", action="store_true", help="skip `analyze --json` (a third analysis at 1M)"
    )
    ap.add_argument("--neo4j-heap", default="2g")
    ap.add_argument("--neo4j-pagecache", default="1g")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    rels = args.relationships or args.nodes * 5
    out_path = args.out or REPO / "benchmarks" / "results" / f"e2e-{args.nodes}.md"

    work = Path(tempfile.mkdtemp(prefix="supplynet-e2e-"))
    tables = generate_tables(args.nodes, args.relationships, seed=args.seed)
    bundle = work / "bundle"
    write_bundle(tables, bundle)
    n_nodes = sum(
        len(tables.get(t, [])) for t in ("countries", "organisations", "facilities", "items")
    )
    n_rels = count_relationships(tables)
    del tables

    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
    nx_code = (
        f"import networkx as nx; nx.gnm_random_graph({args.nodes}, {rels}, directed=True, seed=1)"
    )
    reference = _run([sys.executable, "-c", nx_code], base_env, None, None)

    rows: list[str] = [_row("`nx.gnm_random_graph` (the 3x reference)", reference)]
    kinds = ("embedded", "neo4j-local") if args.store == "both" else (args.store,)
    analyze_s: dict[str, float] = {}
    for kind in kinds:
        data = work / kind
        env = dict(base_env)
        env.update(
            {
                "SUPPLYNET_STORE": kind,
                "SUPPLYNET_DATA_DIR": str(data),
                "SUPPLYNET_NEO4J_HEAP": args.neo4j_heap,
                "SUPPLYNET_NEO4J_PAGECACHE": args.neo4j_pagecache,
            }
        )
        try:
            _run(_supplynet("db", "start"), env, None, None)
            pid = _server_pid(kind, data)
            load_cmd = _supplynet("load", str(bundle), "--replace", "--no-reference")
            if args.unwind and kind == "embedded":
                unwind = _run(load_cmd, {**env, "SUPPLYNET_BULK_LOAD": "false"}, pid, None)
                rows.append(_row(f"{kind}: `load` with batched UNWIND", unwind))
            load = _run(load_cmd, env, pid, None)
            how = "GRAPH.BULK" if kind == "embedded" else "one transaction"
            rows.append(_row(f"{kind}: `load` ({how})", load))
            plain = _run(_supplynet("analyze"), env, pid, None)
            analyze_s[kind] = plain.wall_s
            rows.append(_row(f"{kind}: `analyze`", plain))
            if args.no_json:
                continue
            report_file = work / f"{kind}-report.json"
            as_json = _run(_supplynet("analyze", "--json"), env, pid, report_file)
            run = json.loads(report_file.read_text())["run"]
            split = (
                f"read {run['load_s']:.1f} s, analysis {run['analyze_s']:.1f} s, "
                f"write-back {run['write_s']:.1f} s; "
                f"{report_file.stat().st_size / 1e6:,.0f} MB of JSON"
            )
            rows.append(_row(f"{kind}: `analyze --json` to a file", as_json, split))
        finally:
            _stop(kind, data)

    ratio = "; ".join(
        f"{kind} `analyze` / reference = {s / reference.wall_s:.1f}x"
        for kind, s in analyze_s.items()
    )
    text = "\n".join(
        [
            f"# End to end at {n_nodes:,} nodes / {n_rels:,} relationships",
            "",
            f"Command: `python benchmarks/e2e_benchmark.py --nodes {args.nodes}"
            f" --store {args.store}{' --unwind' if args.unwind else ''}"
            f"{' --no-json' if args.no_json else ''}`.",
            f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}; shared with other engineers' jobs (load average"
            " per row). CPU = user + system seconds of the command; server CPU = of the"
            " store's server process during the command.",
            "",
            "| step | wall s | CPU s | server CPU s | peak RSS MB | load average | notes |",
            "|---|---:|---:|---:|---:|---:|---|",
            *rows,
            "",
            ratio,
            "",
        ]
    )
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
