"""The ``supplynet`` command line, run as users run it: a real process, a real store."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.cli_support import demo_env_fixture, run_cli

pytestmark = pytest.mark.e2e

env = demo_env_fixture("cli")


def test_analyze_json_summary_and_per_platform_files(env: dict[str, str], tmp_path: Path) -> None:
    """The two forms that stay usable at 1M nodes agree with the whole document."""
    whole = json.loads(run_cli(env, "analyze", "--json").stdout)
    r = run_cli(env, "analyze", "--json", "--summary")
    assert r.returncode == 0, r.stderr
    short = json.loads(r.stdout)
    assert short["summary"] == whole["summary"]
    assert set(short["platforms"]) == set(whole["platforms"])
    radar = short["platforms"]["p-ad-radar"]
    assert radar["adversary_free"] is False and "tiers" not in radar
    full = whole["platforms"]["p-155-round"]
    assert short["platforms"]["p-155-round"]["tier_count"] == len(full["tiers"])
    assert short["adversary_linked_nodes"] == sorted(
        n for n, v in whole["nodes"].items() if v["adversary_linked"]
    )
    out = tmp_path / "report"
    r = run_cli(env, "analyze", "--json-dir", str(out))
    assert r.returncode == 0, r.stderr
    index = json.loads((out / "summary.json").read_text())
    files = index["files"]["platforms"]
    assert set(files) == set(whole["platforms"])
    one = json.loads((out / files["p-155-round"]).read_text())
    assert one["spof"] == full["spof"] and one["tiers"] == full["tiers"]
    assert json.loads((out / "nodes.json").read_text())["nodes"] == whole["nodes"]


def test_demo_prints_a_summary(env: dict[str, str]) -> None:
    r = run_cli(env, "stats")
    assert r.returncode == 0
    assert "Organisation" in r.stdout and "SOURCED_FROM" in r.stdout
    status = run_cli(env, "db", "status")
    assert status.returncode == 0
    assert "running" in status.stdout or "reachable" in status.stdout


def test_analyze_json_follows_the_output_contract(env: dict[str, str]) -> None:
    r = run_cli(env, "analyze", "--json")
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
    before = run_cli(env, "stats").stdout
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "items.csv").write_text("id,name,kind\nx-1,Thing,gizmo\n", encoding="utf-8")
    r = run_cli(env, "load", str(bad), "--replace")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert "items.csv, line 2, column kind" in r.stderr
    assert run_cli(env, "stats").stdout == before


def _every_stage_bad(root: Path) -> Path:
    """A bad LEI (a cell), a dangling BOM child (a reference) and a BOM cycle, in one bundle."""
    bad = root / "every-stage"
    bad.mkdir()
    (bad / "items.csv").write_text(
        "id,name,kind\nt-p,Test Platform,platform\nt-a,Test Assembly,assembly\n"
        "t-b,Test Board,component\n",
        encoding="utf-8",
    )
    (bad / "organisations.csv").write_text(
        "id,name,kind,country,lei\nt-o,Test Works,company,FR,NOT-A-LEI\n", encoding="utf-8"
    )
    (bad / "bom.csv").write_text(
        "parent,child,quantity\nt-p,t-a,1\nt-a,t-missing,1\nt-a,t-b,1\nt-b,t-a,1\n",
        encoding="utf-8",
    )
    return bad


def test_every_stage_is_reported_in_one_pass(env: dict[str, str], tmp_path: Path) -> None:
    before = run_cli(env, "stats").stdout
    r = run_cli(env, "load", str(_every_stage_bad(tmp_path)))
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    text = " ".join(r.stderr.split())
    assert "organisations.csv, line 2, column lei" in text, r.stderr
    assert "bom.csv, line 3, column child" in text, r.stderr
    assert "cycle" in text.lower(), r.stderr
    assert "3 problems" in text, r.stderr
    assert run_cli(env, "stats").stdout == before


def test_missing_path_is_one_sentence(env: dict[str, str]) -> None:
    r = run_cli(env, "load", "/nonexistent/bundle")
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    assert r.stderr.startswith("error:")


def test_export_then_load_round_trips(env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "export"
    r = run_cli(env, "export", str(out))
    assert r.returncode == 0, r.stderr
    assert (out / "items.csv").exists() and (out / "sources.csv").exists()
    before = run_cli(env, "stats").stdout
    again = run_cli(env, "load", str(out))
    assert again.returncode == 0, again.stderr
    assert run_cli(env, "stats").stdout == before


def test_scenario_preset_and_stress(env: dict[str, str]) -> None:
    r = run_cli(env, "scenario", "run", "--country", "FR", "--json")
    assert r.returncode == 0, r.stderr
    result = json.loads(r.stdout)
    rocket = {"id": "p-guided-rocket", "name": "Demo guided rocket", "kind": "item"}
    assert rocket in result["platforms_lost"]
    assert all(set(i["item"]) == {"id", "name", "kind"} for i in result["items_lost"])
    preset = run_cli(env, "scenario", "run", "--preset", "cn-2023-gallium-germanium-licensing")
    assert preset.returncode == 0, preset.stderr
    # The tables print names beside ids.
    assert "Gallium (mat-gallium)" in preset.stdout
    stress = run_cli(env, "scenario", "stress", "--top", "5", "--json")
    assert stress.returncode == 0, stress.stderr
    doc = json.loads(stress.stdout)
    ranking = doc["ranking"]
    assert ranking[0]["platforms_lost_count"] >= ranking[-1]["platforms_lost_count"]
    assert all(r["node"]["name"] and r["node"]["kind"] for r in ranking)
    assert all(p["kind"] == "item" for r in ranking for p in r["platforms_lost"])
    vol = doc["volume"]
    assert vol["computed"] and vol["engine"].startswith("process pool")
    # Losing all of China costs the most weighted volume in the demo.
    assert vol["ranking"][0]["node"]["id"] == "CN" and vol["scenarios"] > 500
    assert vol["ranking"][0]["node"]["kind"] == "country"
    table = run_cli(env, "scenario", "stress", "--top", "3", "--no-volume")
    assert table.returncode == 0, table.stderr
    top = ranking[0]["node"]
    assert f"{top['name']} ({top['id']})"[:20] in table.stdout


def test_volume_stress_on_a_real_local_dask_cluster(env: dict[str, str]) -> None:
    distributed = pytest.importorskip(
        "distributed", reason="the cluster extra is not installed: pip install 'supplynet[cluster]'"
    )
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        r = run_cli(
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
    bad = run_cli(env, "scenario", "stress", "--cluster", "tcp://127.0.0.1:9", "--top", "1")
    assert bad.returncode == 1 and "Cannot reach the Dask scheduler" in bad.stderr


def test_scenario_options_combine_with_a_preset(env: dict[str, str]) -> None:
    r = run_cli(
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
    both = run_cli(env, "scenario", "run", "--country", "CN", "--duration", "9", "--open-ended")
    assert both.returncode == 1 and "Traceback" not in both.stderr


def test_scenario_headline_and_mitigations_read_as_text(env: dict[str, str]) -> None:
    r = run_cli(env, "scenario", "run", "--preset", "cn-2023-gallium-germanium-licensing")
    assert r.returncode == 0, r.stderr
    head = r.stdout.splitlines()[0]
    assert "items degraded" in head and "lost volume" in head
    assert "o-ga-ru" in r.stdout and "adversary-linked" in r.stdout
    mit = r.stdout.split("Top mitigations", 1)[1]
    assert "restores" in mit and "{" not in mit


def test_unknown_scenario_id_is_a_clear_error(env: dict[str, str]) -> None:
    r = run_cli(env, "scenario", "run", "--organisation", "o-does-not-exist")
    assert r.returncode == 1
    assert "o-does-not-exist" in r.stderr
    assert "Traceback" not in r.stderr


def test_viz_writes_a_self_contained_page(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "round.html"
    r = run_cli(env, "viz", "platform", "p-155-round", "-o", str(page))
    assert r.returncode == 0, r.stderr
    html = page.read_text(encoding="utf-8")
    assert "supplynetData" in html and "o-hollis" in html
    assert "cdn.jsdelivr.net" not in html
    missing = run_cli(env, "viz", "platform", "p-nope", "-o", str(tmp_path / "x.html"))
    assert missing.returncode == 1 and "Traceback" not in missing.stderr


def test_analyze_prints_top_findings_with_names(env: dict[str, str]) -> None:
    r = run_cli(env, "analyze", "--top", "3")
    assert r.returncode == 0, r.stderr
    # Ids are never cut in the table, and findings carry names beside ids.
    assert "p-guided-rocket" in r.stdout
    assert "Demo thermal weapon sight (p-thermal-sight)" in r.stdout
    assert "data gap: No supplier is recorded for Eyecup seal (c-eyecup-seal)" in r.stdout
    assert "Castellan Oxidisers Inc (o-castellan)" in r.stdout


def test_search_finds_by_substring_and_lei(env: dict[str, str]) -> None:
    r = run_cli(env, "search", "gallium refining", "--json")
    assert r.returncode == 0, r.stderr
    hits = json.loads(r.stdout)
    assert hits[0]["id"] == "o-ga-cn1" and hits[0]["name"] == "Redvale Gallium Refining Co."
    r = run_cli(env, "search", "galium", "--kind", "item")
    assert r.returncode == 0 and "mat-gallium" in r.stdout


def test_deps_where_used_and_paths_name_what_they_list(env: dict[str, str]) -> None:
    deps = json.loads(run_cli(env, "deps", "p-ad-radar", "--max-tier", "1", "--json").stdout)
    assert deps and max(d["tier"] for d in deps) == 1
    assert all(d["name"] for d in deps)
    used = json.loads(run_cli(env, "where-used", "mat-gallium", "--json").stdout)
    assert used["platforms"] == [
        {"id": "p-ad-radar", "name": "Demo air-defence radar", "kind": "item"}
    ]
    paths = json.loads(run_cli(env, "paths", "p-ad-radar", "o-ga-cn1", "--json").stdout)
    assert paths[0][0]["id"] == "p-ad-radar" and paths[0][-1]["name"] == (
        "Redvale Gallium Refining Co."
    )
    missing = run_cli(env, "deps", "nope")
    assert missing.returncode == 1 and "No item with id 'nope'" in missing.stderr


def test_adversary_says_why_with_names(env: dict[str, str]) -> None:
    r = run_cli(env, "adversary", "o-mb-sg", "--json")
    assert r.returncode == 0, r.stderr
    [entry] = json.loads(r.stdout)
    assert entry["adversary_linked"] is True
    kinds = {x["kind"] for x in entry["reasons"]}
    assert "ofac_50" in kinds
    assert any("Thousandlake Thermal Imaging Co. (o-mb-cn)" in x["text"] for x in entry["reasons"])
    listed = json.loads(
        run_cli(env, "adversary", "--platform", "p-thermal-sight", "--reason", "designation",
             "--json").stdout
    )  # fmt: skip
    assert {e["id"] for e in listed} >= {"o-mb-cn"}


def test_cypher_runs_library_queries_and_paths(env: dict[str, str]) -> None:
    listing = run_cli(env, "cypher", "--list")
    assert "analyst_suppliers_in_country" in listing.stdout
    r = run_cli(env, "cypher", "--name", "analyst_where_used", "--param", "item=mat-gallium",
             "--json")  # fmt: skip
    assert json.loads(r.stdout)["rows"] == [
        {"platform": "p-ad-radar", "name": "Demo air-defence radar"}
    ]
    r = run_cli(env, "cypher", "MATCH p = (:Item {id: 'p-ad-radar'})-[:NEEDS]->() RETURN p LIMIT 1",
             "--json")  # fmt: skip
    path = json.loads(r.stdout)["rows"][0]["p"]
    assert path["type"] == "path" and path["nodes"][0]["id"] == "p-ad-radar"
    refused = run_cli(env, "cypher", "CREATE (:Item {id: 'x'})")
    assert refused.returncode == 1 and "error:" in refused.stderr


def test_one_problem_is_printed_once(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"countries": "x"}', encoding="utf-8")
    r = run_cli(env, "scenario", "run", "--file", str(bad))
    assert r.returncode == 1
    assert r.stderr.count("Input should be a valid") == 1, r.stderr


def test_viz_takes_the_api_options(env: dict[str, str], tmp_path: Path) -> None:
    from graphmodel.viz import page_data

    out = tmp_path / "v.html"
    r = run_cli(env, "viz", "platform", "p-ad-radar", "-o", str(out), "--kinds", "material",
             "--kinds", "organisation", "--collapse-by", "country")  # fmt: skip
    assert r.returncode == 0, r.stderr
    kinds = {n["kind"] for n in page_data(out.read_text(encoding="utf-8"))["nodes"]}
    assert kinds <= {"material", "organisation", "platform", "group"}


def test_demo_banner_keeps_the_key_whole_and_ctrl_c_says_the_store_runs(
    env: dict[str, str],
) -> None:
    import re
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # A narrow terminal: the key line must still come out whole.
    narrow = {**env, "COLUMNS": "40"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphmodel.cli", "demo", "--serve", "--port", str(port)],
        env=narrow,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        lines: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("Try: curl"):
                break
        keys = [ln.strip() for ln in lines if re.fullmatch(r"sn_\S+\n?", ln)]
        assert len(keys) == 1, lines
        assert any(f"http://127.0.0.1:{port}/docs" in ln for ln in lines)
        # Wait until the server answers, then interrupt it as Ctrl-C does.
        import httpx

        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/health").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    if env.get("SUPPLYNET_STORE", "embedded") == "embedded":
        assert "embedded store is still running" in stderr
        assert "supplynet db stop" in stderr
    else:
        # A Neo4j the user runs: supplynet neither started it nor tells them to stop it.
        assert "still running" not in stderr


def test_export_findings_writes_tables_and_a_brief_per_platform(
    env: dict[str, str], tmp_path: Path
) -> None:
    assert run_cli(env, "analyze").returncode == 0
    r = run_cli(env, "export-findings", str(tmp_path / "out"), "--platform", "p-ad-radar")
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    assert {p.name for p in out.iterdir()} >= {
        "spof.csv", "concentration.csv", "findings.xlsx", "brief-p-ad-radar.md",
        "brief-p-ad-radar.html",
    }  # fmt: skip
    conc = (out / "concentration.csv").read_text(encoding="utf-8")
    assert "Radome (c-radome)" in conc or "(c-radome)" in conc
