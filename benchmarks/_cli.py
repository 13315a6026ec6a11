"""``supplynet`` as a process, timed: what the benchmarks that measure the user's path share."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def run_cli(env: dict[str, str], *args: str) -> tuple[float, str, int]:
    """Run ``supplynet ARGS`` with ``env``: wall seconds, standard output, peak RSS in MB.

    A failure stops the benchmark with the command's last error lines.
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
        return elapsed, out.read().decode(), usage.ru_maxrss // 1024
