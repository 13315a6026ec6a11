"""``supplynet`` as a process, timed: what the benchmarks that measure the user's path share.

- :func:`run_cli`: one command, timed, with its peak memory.
- :func:`generated_network`: a generated network with volumes loaded into a fresh
  embedded store, and the process pool or a local Dask cluster to run on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def run_cli(env: dict[str, str], *args: str, echo: bool = False) -> tuple[float, str, int]:
    """Run ``supplynet ARGS`` with ``env``: wall seconds, standard output, peak RSS in MB.

    A failure stops the benchmark with the command's last error lines. ``echo``: print
    the wall time and the command as it ends.
    """
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            [sys.executable, "-m", "graphmodel.cli", *args], env=env, stdout=out, stderr=err
        )
        # wait4: the resource usage of this child alone (its peak RSS).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if proc.returncode != 0:
            tail = err.read().decode(errors="replace").strip()[-2000:]
            raise SystemExit(f"supplynet {' '.join(args)} failed: {tail}")
        if echo:
            print(f"{elapsed:8.2f} s  supplynet {' '.join(args)}", flush=True)
        return elapsed, out.read().decode(), usage.ru_maxrss // 1024


@dataclass(frozen=True)
class GeneratedNetwork:
    """A loaded network to run commands on (see :func:`generated_network`)."""

    #: The environment of every command (``SUPPLYNET_DATA_DIR`` the temporary store).
    env: dict[str, str]
    #: Wall seconds of ``supplynet load --replace``.
    load_s: float
    #: ``--workers N`` or ``--cluster ADDRESS``: what to run the heavy command on.
    pool: list[str]


@contextmanager
def generated_network(nodes: int, *, workers: int, cluster: bool) -> Iterator[GeneratedNetwork]:
    """``supplynet generate DIR --nodes N --volumes`` (20 platforms, seed 0, with demand,
    capacity and stock) and ``supplynet load DIR --replace`` into a fresh embedded store
    (a temporary ``SUPPLYNET_DATA_DIR``), each timed and printed; then, with ``cluster``, a
    Dask ``LocalCluster`` of two single-threaded worker processes on the loopback address
    (else the process pool of ``workers``). On exit the cluster is closed, the store
    stopped and the folder removed."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SUPPLYNET_DATA_DIR": str(Path(tmp) / "data")}
        bundle = str(Path(tmp) / "bundle")
        local: Any = None
        try:
            run_cli(env, "generate", bundle, "--nodes", str(nodes), "--volumes", echo=True)
            load_s = run_cli(env, "load", bundle, "--replace", echo=True)[0]
            pool = ["--workers", str(workers)]
            if cluster:
                from distributed import LocalCluster

                local = LocalCluster(
                    n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
                )
                pool = ["--cluster", local.scheduler_address]
            yield GeneratedNetwork(env, load_s, pool)
        finally:
            if local is not None:
                local.close()
            subprocess.run(
                [sys.executable, "-m", "graphmodel.cli", "db", "stop"], env=env, check=False
            )
