"""Fault injection: kill the loader (the ``supplynet load`` process) or the store at
random points of a load; every time, the graph is the old one or the new one. On both
stores: the embedded FalkorDB, and the local Neo4j that supplynet runs.

Bounded: a fixed number of trials with fixed seeds, small bundles (a few
thousand nodes), so the suite stays well under a minute or two.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphmodel.bundle import write_bundle
from graphmodel.generate import generate_tables
from graphmodel.settings import Settings
from graphmodel.store import open_store
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.neo4j_store import local_server
from tests.conftest import TEST_NEO4J_HEAP, TEST_NEO4J_PAGECACHE, skip_or_fail_without_neo4j

pytestmark = [pytest.mark.faults, pytest.mark.e2e]

TRIALS = 2


class Env:
    """A data directory with a store supplynet runs (embedded FalkorDB or local Neo4j)."""

    def __init__(self, kind: str, data: Path, a: Path, b: Path) -> None:
        self.data, self.a, self.b = data, a, b
        store = "embedded" if kind == "falkordb" else "neo4j-local"
        self.settings = Settings(
            store=store,  # type: ignore[arg-type]
            data_dir=data,
            neo4j_heap=TEST_NEO4J_HEAP,
            neo4j_pagecache=TEST_NEO4J_PAGECACHE,
        )
        # (old, new, seconds to load b) per replace/merge: the same for every test.
        self.expected: dict[bool, tuple[tuple[str, ...], tuple[str, ...], float]] = {}
        self.server: Any = (
            EmbeddedServer(data) if kind == "falkordb" else local_server(self.settings)
        )
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
        self.env.update(
            {
                "SUPPLYNET_STORE": store,
                "SUPPLYNET_DATA_DIR": str(data),
                "SUPPLYNET_NEO4J_HEAP": TEST_NEO4J_HEAP,
                "SUPPLYNET_NEO4J_PAGECACHE": TEST_NEO4J_PAGECACHE,
            }
        )

    def cli(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "graphmodel.cli", *args],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )

    def load(self, path: Path, replace: bool) -> float:
        t0 = time.perf_counter()
        proc = self.cli("load", str(path), *(["--replace"] if replace else []))
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        return time.perf_counter() - t0

    def fingerprint(self) -> tuple[str, ...]:
        """The loaded data's counts. A completed load is also a snapshot: the analysis
        then runs and writes its derived results (``ANALYSIS_*`` edges, the
        ``AnalysisRun`` node), which the next analysis replaces; they are not the
        load's data, so a kill during that step must still leave old or new data."""
        with open_store(self.settings) as store:
            rows = [
                r
                for r in store.query("stats")
                if not str(r.get("name", "")).startswith(("ANALYSIS_", "AnalysisRun"))
            ]
            return tuple(sorted(map(repr, rows)))


@pytest.fixture(scope="module")
def env(store_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Env]:
    if store_kind == "neo4j":
        skip_or_fail_without_neo4j()
    root = tmp_path_factory.mktemp("faults")
    write_bundle(generate_tables(1_500, seed=11), root / "a")
    write_bundle(generate_tables(2_000, seed=12), root / "b")
    e = Env(store_kind, root / "data", root / "a", root / "b")
    e.server.start()
    yield e
    e.server.stop()


def expected(env: Env, replace: bool) -> tuple[tuple[str, ...], tuple[str, ...], float]:
    """The old graph (bundle a), the new one (a then b), and how long loading b takes.

    Measured once per module for each of replace and merge (two loads each on a
    store that needs seconds per CLI load): the fingerprints are counts, the
    same every time.
    """
    if replace not in env.expected:
        env.load(env.a, replace=True)
        old = env.fingerprint()
        took = env.load(env.b, replace=replace)
        new = env.fingerprint()
        assert old != new
        env.expected[replace] = (old, new, took)
    return env.expected[replace]


@pytest.mark.parametrize("replace", [True, False], ids=["replace", "merge"])
def test_killing_the_loader_leaves_old_or_new(env: Env, replace: bool) -> None:
    old, new, took = expected(env, replace)
    rng = random.Random(1000 + replace)
    for _ in range(TRIALS):
        if env.fingerprint() != old:
            env.load(env.a, replace=True)
        proc = env.cli("load", str(env.b), *(["--replace"] if replace else []))
        time.sleep(rng.uniform(0.2, took))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert env.fingerprint() in (old, new)
    # The lock died with the loader and the leftovers are cleaned up: the next load works.
    env.load(env.b, replace=True)


@pytest.mark.parametrize("replace", [True, False], ids=["replace", "merge"])
def test_killing_the_store_leaves_old_or_new(env: Env, replace: bool) -> None:
    old, new, took = expected(env, replace)
    rng = random.Random(2000 + replace)
    for _ in range(TRIALS):
        if env.fingerprint() != old:
            env.load(env.a, replace=True)
        proc = env.cli("load", str(env.b), *(["--replace"] if replace else []))
        time.sleep(rng.uniform(0.2, took))
        env.server.kill()
        proc.wait(timeout=60)
        env.server.start()
        assert env.fingerprint() in (old, new)
    env.load(env.b, replace=True)
