"""The two stores agree: the same bundle gives byte-identical exports and the same analysis.

Each case loads one bundle into the embedded FalkorDB and into the managed
Neo4j, then compares what comes back: the exported bundle file by file, byte
for byte, and the analysis report (what ``supplynet analyze --json`` prints)
with only its timings and run ids set aside. Any difference is a bug in one
of the stores' code paths, never something to normalise here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphmodel.analysis.report import run_analysis
from graphmodel.bundle import Bundle, demo_bundle_path, read_bundle
from graphmodel.export import export_bundle
from graphmodel.generate import generate_tables
from graphmodel.load import load_bundle, load_reference
from graphmodel.store.base import GraphStore
from graphmodel.store.falkordb_store import FalkorDBStore
from graphmodel.store.neo4j_local import LocalNeo4jServer
from tests.conftest import neo4j_store

pytestmark = pytest.mark.e2e

#: Report keys that differ run by run by design.
_VOLATILE = {"run", "run_id", "finished_at", "started_at", "duration_s", "timings_s", "timings"}


@pytest.fixture
def pair(store_dir: Path, neo4j_server: LocalNeo4jServer) -> Iterator[tuple[GraphStore, ...]]:
    falkor = FalkorDBStore(store_dir, graph=f"parity_{uuid.uuid4().hex[:10]}")
    neo = neo4j_store(neo4j_server)
    stores = (falkor, neo)
    yield stores
    for s in stores:
        s.drop()
        s.close()


def _reset(stores: tuple[GraphStore, ...]) -> None:
    for s in stores:
        s.drop()
        s.ensure_schema()


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in value.items() if k not in _VOLATILE}
    if isinstance(value, list):
        return [_stable(v) for v in value]
    return value


def _exported(store: GraphStore, folder: Path) -> dict[str, bytes]:
    export_bundle(store, folder, fmt="csv")
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _compare(stores: tuple[GraphStore, ...], folder: Path) -> None:
    falkor, neo = stores
    a = _exported(falkor, folder / "falkordb")
    b = _exported(neo, folder / "neo4j")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], f"{name} differs between the stores"
    ra = json.dumps(_stable(run_analysis(falkor)), sort_keys=True, default=str)
    rb = json.dumps(_stable(run_analysis(neo)), sort_keys=True, default=str)
    assert ra == rb
    # The write-back (analysis properties) reads back the same way too.
    assert _exported(falkor, folder / "falkordb2") == _exported(neo, folder / "neo4j2")


def _load(stores: tuple[GraphStore, ...], bundle: Bundle | None, reference: bool) -> None:
    _reset(stores)
    for s in stores:
        if reference:
            load_reference(s)
        if bundle is not None:
            load_bundle(s, bundle)


def test_reference_data_parity(pair: tuple[GraphStore, ...], tmp_path: Path) -> None:
    _load(pair, None, reference=True)
    _compare(pair, tmp_path)


def test_demo_network_parity(pair: tuple[GraphStore, ...], tmp_path: Path) -> None:
    _load(pair, read_bundle(demo_bundle_path()), reference=True)
    _compare(pair, tmp_path)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    nodes=st.integers(min_value=300, max_value=900),
    seed=st.integers(min_value=0, max_value=2**31 - 1),
    platforms=st.integers(min_value=1, max_value=4),
    adversary_share=st.sampled_from([0.0, 0.05, 0.3]),
)
def test_generated_network_parity(
    pair: tuple[GraphStore, ...],
    tmp_path_factory: pytest.TempPathFactory,
    nodes: int,
    seed: int,
    platforms: int,
    adversary_share: float,
) -> None:
    tables = generate_tables(nodes, platforms=platforms, seed=seed, adversary_share=adversary_share)
    bundle = Bundle(tables=tables)
    _load(pair, bundle, reference=False)
    _compare(pair, tmp_path_factory.mktemp("parity"))
