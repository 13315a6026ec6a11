"""The ``supplynet`` command line, run as users run it: a real process, a real store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graphmodel.store.embedded import EmbeddedServer

pytestmark = pytest.mark.e2e


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphmodel.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    data = tmp_path_factory.mktemp("cli")
    e = {**os.environ, "SUPPLYNET_DATA_DIR": str(data), "COLUMNS": "200"}
    e.pop("SUPPLYNET_DEBUG", None)
    r = _run(e, "demo")
    assert r.returncode == 0, r.stderr
    yield e
    EmbeddedServer(data).stop()


def test_demo_prints_a_summary(env: dict[str, str]) -> None:
    r = _run(env, "stats")
    assert r.returncode == 0
    assert "Organisation" in r.stdout and "SOURCED_FROM" in r.stdout
    status = _run(env, "db", "status")
    assert "running" in status.stdout


def test_analyze_json_follows_the_output_contract(env: dict[str, str]) -> None:
    r = _run(env, "analyze", "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    p = doc["platforms"]["p-155-round"]
    assert set(p) >= {"tiers", "spof", "sole_source_items", "data_gaps", "adversary_free"}
    assert set(p["spof"]["order1"]) == {"organisations", "facilities", "countries", "items"}
    assert p["spof"]["order1"]["organisations"] == ["o-hollis"]
    rocket = doc["platforms"]["p-guided-rocket"]["spof"]["order1"]
    assert "o-castellan" in rocket["organisations"]
    assert doc["platforms"]["p-ad-radar"]["adversary_free"]["feasible"] is False
    linked = [n for n, v in doc["nodes"].items() if v["adversary_linked"]]
    assert linked and all(doc["nodes"][n]["reasons"] for n in linked)
    for reason in doc["nodes"][linked[0]]["reasons"]:
        assert reason["kind"] in {
            "location",
            "registration",
            "government",
            "designation",
            "ofac_50",
            "lookthrough",
            "control_edge",
        }
        assert reason["path"]


def test_bad_bundle_is_one_clear_message_and_nothing_written(
    env: dict[str, str], tmp_path: Path
) -> None:
    before = _run(env, "stats").stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "items.csv").write_text("id,name,kind\nx-1,Thing,gizmo\n", encoding="utf-8")
    r = _run(env, "load", str(bad), "--replace")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "items.csv, line 2, column kind" in r.stderr
    assert _run(env, "stats").stdout == before


def test_missing_path_is_one_sentence(env: dict[str, str]) -> None:
    r = _run(env, "load", "/nonexistent/bundle")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("error:")


def test_export_then_load_round_trips(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "export"
    r = _run(env, "export", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "items.csv").exists() and (out / "sources.csv").exists()
    before = _run(env, "stats").stdout
    again = _run(env, "load", str(out))
    assert again.returncode == 0, again.stderr
    assert _run(env, "stats").stdout == before


def test_scenario_preset_and_stress(env: dict[str, str]) -> None:
    r = _run(env, "scenario", "run", "--country", "FR", "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    assert "p-guided-rocket" in result["platforms_lost"]
    preset = _run(env, "scenario", "run", "--preset", "cn-2023-gallium-germanium-licensing")
    assert preset.returncode == 0, preset.stderr
    stress = _run(env, "scenario", "stress", "--top", "5", "--json")
    assert stress.returncode == 0, stress.stderr
    doc = json.loads(stress.stdout)
    ranking = doc["ranking"]
    assert ranking[0]["platforms_lost_count"] >= ranking[-1]["platforms_lost_count"]
    vol = doc["volume"]
    assert vol["computed"] and vol["engine"].startswith("process pool")
    # Losing all of China costs the most weighted volume in the demo.
    assert vol["ranking"][0]["node"] == "CN" and vol["scenarios"] > 500


def test_volume_stress_on_a_real_local_dask_cluster(env: dict[str, str]) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the cluster extra is not installed: pip install 'supplynet[cluster]'"
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        r = _run(
            env,
            "scenario",
            "stress",
            "--platform",
            "p-ad-radar",
            "--top",
            "3",
            "--cluster",
            cluster.scheduler_address,
        )
    assert r.returncode == 0, r.stderr
    assert f"on dask cluster at {cluster.scheduler_address} (2 workers)" in r.stdout
    bad = _run(env, "scenario", "stress", "--cluster", "tcp://127.0.0.1:9", "--top", "1")
    assert bad.returncode == 1 and "Cannot reach the Dask scheduler" in bad.stderr


def test_scenario_options_combine_with_a_preset(env: dict[str, str]) -> None:
    r = _run(
        env,
        "scenario",
        "run",
        "--preset",
        "cn-2023-gallium-germanium-licensing",
        "--adversary",
        "--country",
        "CD:mat-cobalt",
        "--duration",
        "200",
        "--json",
    )
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    spec = doc["scenario"]
    assert [c["code"] for c in spec["countries"]] == ["CN", "CD"]
    assert spec["adversary_policy"] is True and spec["duration_days"] == 200.0
    assert not spec["open_ended"] and doc["removed"]["adversary_linked"]
    assert doc["volume"]["network"]["time_to_recover_days"] == 200.0
    both = _run(env, "scenario", "run", "--country", "CN", "--duration", "9", "--open-ended")
    assert both.returncode == 1 and "Traceback" not in both.stderr


def test_scenario_headline_and_mitigations_read_as_text(env: dict[str, str]) -> None:
    r = _run(env, "scenario", "run", "--preset", "cn-2023-gallium-germanium-licensing")
    assert r.returncode == 0, r.stderr
    head = r.stdout.splitlines()[0]
    assert "items degraded" in head and "lost volume" in head
    assert "o-ga-ru" in r.stdout and "adversary-linked" in r.stdout
    mit = r.stdout.split("Top mitigations", 1)[1]
    assert "restores" in mit and "{" not in mit


def test_unknown_scenario_id_is_a_clear_error(env: dict[str, str]) -> None:
    r = _run(env, "scenario", "run", "--organisation", "o-does-not-exist")
    assert r.returncode == 1
    assert "o-does-not-exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_viz_writes_a_self_contained_page(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "round.html"
    r = _run(env, "viz", "platform", "p-155-round", "-o", str(page))
    assert r.returncode == 0, r.stderr
    html = page.read_text(encoding="utf-8")
    assert "supplynetData" in html and "o-hollis" in html
    assert "cdn.jsdelivr.net" not in html
    missing = _run(env, "viz", "platform", "p-nope", "-o", str(tmp_path / "x.html"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
