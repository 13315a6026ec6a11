"""The report's JSON forms (graphmodel.analysis.report_json): streamed, summary, one file each."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from graphmodel.analysis.report import analyze
from graphmodel.analysis.report_json import summary, write_report, write_report_dir
from graphmodel.generate import generate_tables
from graphmodel.nxgraph import graph_from_tables

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def report() -> dict[str, Any]:
    return analyze(graph_from_tables(generate_tables(3000, seed=3)), links={})


def test_streamed_document_is_the_whole_report(report: dict[str, Any]) -> None:
    buf = io.BytesIO()
    write_report(report, buf)
    doc = json.loads(buf.getvalue())
    assert doc == json.loads(json.dumps(report, sort_keys=True, default=str))
    assert list(doc) == sorted(doc)


def test_summary_keeps_verdicts_and_counts_only(report: dict[str, Any]) -> None:
    short = summary(report)
    assert short["summary"] == report["summary"]
    for pid, entry in report["platforms"].items():
        s = short["platforms"][pid]
        assert "tiers" not in s and "paths" not in s and "concentration" not in s
        assert s["tier_count"] == len(entry["tiers"])
        assert s["adversary_free"] == entry["adversary_free"]["feasible"]
        assert s["order2_count"] == len(entry["spof"]["order2"])
    assert len(json.dumps(short)) < len(json.dumps(report, default=str)) / 10


def test_one_file_per_platform_with_safe_names(report: dict[str, Any], tmp_path: Path) -> None:
    odd = dict(report)
    first = next(iter(report["platforms"].values()))
    odd["platforms"] = {**report["platforms"], "../etc/x y": first, "a/b": first}
    index = write_report_dir(odd, tmp_path)
    files = index["files"]["platforms"]
    assert set(files) == set(odd["platforms"])
    for pid, name in files.items():
        path = (tmp_path / name).resolve()
        assert path.parent == (tmp_path / "platforms").resolve(), pid
        assert json.loads(path.read_text()) == json.loads(json.dumps(odd["platforms"][pid]))
    assert len(set(files.values())) == len(files)
    assert json.loads((tmp_path / "summary.json").read_text())["files"] == index["files"]
