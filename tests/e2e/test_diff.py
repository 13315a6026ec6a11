"""What changed between two loads: every kind of change planted, found with its evidence."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from graphmodel.analysis.diff import diff_reports
from graphmodel.analysis.report import run_analysis
from graphmodel.bundle import Bundle, write_bundle
from graphmodel.load import load_bundle, load_reference
from graphmodel.runs import (
    bundle_digest,
    diff_runs,
    keep_run,
    list_runs,
    load_run,
    previous_pair,
    snapshot_load,
)
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore
from tests.conftest import store_settings

pytestmark = pytest.mark.e2e


def _network(after: bool) -> dict[str, list[dict[str, Any]]]:
    orgs = [
        {"id": i, "name": f"Org {i}", "country": c}
        for i, c in (
            ("O1", "FR"),
            ("O2", "DE"),
            ("O3", "FR"),
            ("O4", "DE"),
            ("O5", "NO"),
            ("O6", "SE"),
            ("O7", "FI"),
        )
    ]
    orgs.append({"id": "G", "name": "State Holding", "kind": "government", "country": "CN"})
    items = [{"id": "P", "name": "Platform", "kind": "platform"}] + [
        {"id": f"C{i}", "name": f"Part {i}", "kind": "component"} for i in (1, 2, 3)
    ]
    bom = [{"parent": "P", "child": f"C{i}", "quantity": 1.0} for i in (1, 2, 3)]
    sources = [
        {"item": "C1", "supplier": "O1", "share": 0.5},
        {"item": "C2", "supplier": "O3", "share": 0.5},
        {"item": "C2", "supplier": "O5", "share": 0.5},
        {"item": "C3", "supplier": "O6", "share": 1.0},
    ]
    designations = []
    ownership = []
    if after:
        # O2 stops supplying C1: O1 becomes a single point of failure and a sole source,
        # C1's country concentration doubles; O1 is listed, so the platform loses its
        # adversary-free configuration. O7 now also makes C3 (O6 no longer a SPOF).
        # O4 is bought by a foreign government (a new adversary link through ownership).
        designations.append(
            {
                "entity": "O1",
                "list": "US-BIS-ENTITY",
                "listed_on": "2025-01-01",
                "dataset": "test",
                "record_id": "des-o1",
            }
        )
        ownership.append({"owner": "G", "owned": "O4", "percentage": 60.0, "kind": "equity"})
        sources += [
            {"item": "C3", "supplier": "O7", "share": 0.5},
            {"item": "C2", "supplier": "O4", "share": 0.2},
        ]
    else:
        sources.append({"item": "C1", "supplier": "O2", "share": 0.5})
        # O5 is listed before, and the listing has ended by the second run.
        designations.append({"entity": "O5", "list": "US-BIS-ENTITY", "listed_on": "2024-01-01"})
    return {
        "organisations": orgs,
        "items": items,
        "bom": bom,
        "sources": sources,
        "designations": designations,
        "ownership": ownership,
    }


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        type(self).received.append(json.loads(self.rfile.read(length)))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    _Receiver.received = []
    server = HTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Receiver.received
    finally:
        server.shutdown()
        server.server_close()


def _run(store: FalkorDBStore, tables: dict[str, Any], data_dir: Path, url: str) -> dict[str, Any]:
    store.clear()
    store.ensure_schema()
    load_reference(store)
    load_bundle(store, Bundle(tables))
    result = run_analysis(store, as_of="2026-06-01")
    return keep_run(data_dir, result, webhook_url=url)


def _every_kind_found(d: dict[str, Any]) -> None:
    """The changes ``_network(False)`` -> ``_network(True)`` plants, each with its evidence."""
    p = d["platforms"]["P"]
    assert [(c["id"], c["kind"]) for c in p["spof"]["new"]] == [
        ("O1", "organisations"),
        ("FR", "countries"),
    ]
    assert p["spof"]["new"][0]["evidence"]["item"] == "C1"
    assert [c["id"] for c in p["spof"]["resolved"]] == ["O6", "SE"]
    new_links = {c["id"]: c["reasons"] for c in p["adversary"]["new"]}
    assert {"O1", "O4"} <= set(new_links)
    assert any(r["kind"] == "designation" for r in new_links["O1"])
    o4 = next(r for r in new_links["O4"] if r["kind"] == "lookthrough")
    assert o4["path"] == ["G", "O4"]
    assert [c["id"] for c in p["adversary"]["cleared"]] == ["O5"]
    assert p["feasibility"]["from"] is True and p["feasibility"]["to"] is False
    assert p["feasibility"]["blocking_items"] == ["C1"]
    assert p["sole_sources"]["new"] == ["C1"]
    conc = {c["item"]: c for c in p["concentration"]}
    assert (
        conc["C1"]["country_hhi"]["from"] == 5000.0 and conc["C1"]["country_hhi"]["to"] == 10000.0
    )
    assert d["summary"]["feasibility_flips"] == 1


def test_two_loads_plant_every_kind_of_change(
    store: FalkorDBStore, tmp_path: Path, receiver: tuple[str, list[dict[str, Any]]]
) -> None:
    url, received = receiver
    first = _run(store, _network(after=False), tmp_path, url)
    assert first["previous"] is None and not received  # nothing to compare yet
    second = _run(store, _network(after=True), tmp_path, url)
    assert second["previous"] == first["id"]
    assert [r["id"] for r in list_runs(tmp_path)] == [first["id"], second["id"]]
    a, b = previous_pair(tmp_path)
    d = diff_reports(load_run(tmp_path, a)["result"], load_run(tmp_path, b)["result"])
    _every_kind_found(d)
    # The kept diff bases give the same diff as the whole reports, and a run kept
    # without one (before bases existed) is cut down on the fly.
    by_basis = diff_runs(tmp_path, a, b)
    assert {k: by_basis[k] for k in d} == d
    assert by_basis["runs"]["to"]["id"] == b and "result" not in by_basis["runs"]["to"]
    (tmp_path / "runs" / "basis" / f"{a}.json").unlink()
    assert {k: v for k, v in diff_runs(tmp_path, a, b).items() if k in d} == d
    # The webhook on 127.0.0.1 got the same diff after the second run.
    assert second["webhook"] == {"status": 204}
    assert len(received) == 1 and received[0]["from"] == first["id"]
    assert received[0]["platforms"]["P"]["sole_sources"]["new"] == ["C1"]


def test_a_failing_webhook_never_fails_the_run(store: FalkorDBStore, tmp_path: Path) -> None:
    _run(store, _network(after=False), tmp_path, "http://127.0.0.1:9/none")
    kept = _run(store, _network(after=True), tmp_path, "http://127.0.0.1:9/none")
    assert "error" in kept["webhook"] and kept["summary"]["new_spof"] == 2


def test_each_completed_load_is_a_snapshot_two_loads_diff(
    store: FalkorDBStore, tmp_path: Path
) -> None:
    """Two loads, each kept with its generation, digest and findings; their diff plants
    every kind of change (on the session's store, both engines)."""
    kept = []
    for after in (False, True):
        tables = _network(after)
        load_reference(store)
        load_bundle(store, Bundle(tables), replace=True)
        _, k = snapshot_load(
            store,
            tmp_path,
            source=f"net-{after}",
            counts={t: len(r) for t, r in tables.items()},
            digest=bundle_digest(tables),
            actor="test",
            replace=True,
        )
        meta = load_run(tmp_path, k["id"])
        assert meta["kind"] == "load" and meta["source"] == f"net-{after}"
        assert meta["bundle_digest"] == bundle_digest(tables)
        assert meta["generation"] == store.generation()
        kept.append(k)
    first, second = kept
    assert second["previous"] == first["id"] and second["summary"]["feasibility_flips"] == 1
    runs = list_runs(tmp_path)
    assert [r["kind"] for r in runs] == ["load", "load"]
    assert runs[0]["bundle_digest"] != runs[1]["bundle_digest"]
    d = diff_reports(
        load_run(tmp_path, first["id"])["result"], load_run(tmp_path, second["id"])["result"]
    )
    _every_kind_found(d)


def test_cli_loads_are_snapshots_and_diff_lists_the_changes(
    request: pytest.FixtureRequest, store_kind: str, tmp_path: Path
) -> None:
    """``supplynet load`` twice (processes), then ``supplynet diff`` and ``supplynet runs``."""
    from tests.e2e.cli_support import cli_environment, run_cli

    settings = store_settings(request, store_kind, tmp_path / "data")
    env = cli_environment(settings)

    def cli(*args: str) -> Any:
        return run_cli(env, *args)

    try:
        for after in (False, True):
            bundle = tmp_path / f"net-{after}"
            write_bundle(_network(after), bundle)
            r = cli("load", str(bundle), "--replace")
            assert r.returncode == 0, r.stderr
        assert "since r" in r.stderr and "1 feasibility flips" in r.stderr
        r = cli("diff", "--json")
        assert r.returncode == 0, r.stderr
        d = json.loads(r.stdout)
        assert d["runs"]["from"]["kind"] == d["runs"]["to"]["kind"] == "load"
        assert d["runs"]["from"]["source"] == "net-False"
        assert d["runs"]["to"]["generation"] and d["runs"]["to"]["bundle_digest"].startswith(
            "sha256:"
        )
        _every_kind_found(d)
        text = cli("diff")
        assert "load of net-True" in text.stdout and "new sole source: C1" in text.stdout
        runs = cli("runs")
        assert runs.stdout.count(" load ") >= 2 and "net-True" in runs.stdout
    finally:
        if store_kind == "falkordb":
            EmbeddedServer(settings.data_dir).stop()
