"""Run retention: the newest runs are kept, the oldest removed, the history logged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphmodel.runs import keep_analysis, list_runs, prune_runs, save_run
from graphmodel.workspace import LatestAnalysis, Workspace

pytestmark = pytest.mark.unit


def _report() -> dict[str, Any]:
    return {"platforms": {"P": {"name": "P", "tiers": {"P": 0}}}, "nodes": {}, "summary": {}}


def test_keep_analysis_keeps_the_newest_runs_and_the_history(tmp_path: Path) -> None:
    """Runs beyond keep_runs go (report, basis, meta) after the diff against the
    previous one; the log keeps every run; the latest analysis is untouched."""
    from graphmodel.runs import diff_runs

    ids = []
    for n in range(4):
        report = {**_report(), "summary": {"platforms": n}}
        kept, _ = keep_analysis(tmp_path, report, started_at="t", actor="cli", keep_runs=2)
        ids.append(kept["id"])
        assert kept["pruned"] == ([] if n < 2 else [ids[n - 2]])
        if n:
            assert kept["previous"] == ids[n - 1]
    assert [r["id"] for r in list_runs(tmp_path)] == ids[2:]
    runs = tmp_path / "runs"
    for gone in ids[:2]:
        assert not (runs / f"{gone}.json").exists()
        assert not (runs / "basis" / f"{gone}.json").exists()
        assert not (runs / "meta" / f"{gone}.json").exists()
    logged = [json.loads(line)["id"] for line in (runs / "log.jsonl").read_text().splitlines()]
    assert logged == ids
    assert diff_runs(tmp_path, ids[2], ids[3])["to"] == ids[3]
    latest = LatestAnalysis(Workspace(tmp_path)).view()
    assert latest is not None and latest.result["summary"] == {"platforms": 3}
    # 0 keeps every run.
    keep_analysis(tmp_path, _report(), started_at="t", actor="cli", keep_runs=0)
    assert len(list_runs(tmp_path)) == 3


def test_run_ids_sort_in_the_order_the_runs_ran(tmp_path: Path) -> None:
    # Many runs inside one millisecond: name order must still be run order.
    ids = [save_run(tmp_path, {"platforms": {}}) for _ in range(40)]
    assert [r["id"] for r in list_runs(tmp_path)] == ids
    assert prune_runs(tmp_path, 10) == ids[:30]
