"""The latest analysis as the API reads it: flags and parts without the whole result."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analysis.report_json import EncodedReport, write_with_report
from graphmodel.runs import keep_analysis, load_run
from graphmodel.workspace import LatestAnalysis, Workspace

pytestmark = pytest.mark.unit


def _result(*linked: str) -> dict[str, Any]:
    nodes = {n: {"adversary_linked": n in linked} for n in ("A", "B", "C")}
    return {"platforms": {}, "nodes": nodes}


def _report() -> dict[str, Any]:
    return {
        "platforms": {
            "P1": {"name": "One", "tiers": {"P1": 0, "M": 1}, "producible": True},
            "P/2 é": {"name": "Two", "tiers": {"P/2 é": 0}, "producible": False},
        },
        "nodes": {"A": {"adversary_linked": True, "reasons": [{"kind": "location"}]}},
        "where_used": {"M": {"P1": 1}},
        "summary": {"platforms": 2},
        "duration_s": 0.5,
    }


def test_the_flags_come_from_the_index_without_parsing_the_result(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    ws.save_analysis(_result("B"), started_at="t")
    reader = LatestAnalysis(ws)
    assert reader.adversary_linked() == {"B"}
    assert reader._doc is None  # the result itself was never read
    # A new result: the new flags, still without reading it.
    ws.save_analysis(_result("A", "C"), started_at="t")
    assert reader.adversary_linked() == {"A", "C"}
    assert reader._doc is None
    assert reader.latest() is not None and reader.adversary_linked() == {"A", "C"}


def test_an_index_of_another_result_is_not_trusted(tmp_path: Path) -> None:
    """An index written for an earlier result file (or none, or unreadable) gives way
    to the result itself, for the flags and for the parts."""
    ws = Workspace(tmp_path)
    ws.save_analysis(_report(), started_at="t")
    index = json.loads(ws.latest_index_path.read_text())
    stale = {**index, "of": [0, 0], "adversary_linked": ["X"], "platform_ranges": {}}
    for text in (json.dumps(stale), "not json", None):
        if text is None:
            ws.latest_index_path.unlink()
        else:
            ws.latest_index_path.write_text(text)
        reader = LatestAnalysis(ws)
        assert reader.adversary_linked() == {"A"}
        view = reader.view()
        assert view is not None and view.platform_ids() == ["P/2 é", "P1"]
        assert view.result["platforms"]["P1"]["name"] == "One"


def test_no_result_means_no_flags_and_no_view(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert LatestAnalysis(ws).adversary_linked() is None
    assert LatestAnalysis(ws).view() is None
    ws.save_analysis(_result("B"), started_at="t")
    ws.latest_analysis_path.unlink()
    assert LatestAnalysis(ws).adversary_linked() is None
    assert LatestAnalysis(ws).view() is None


def test_a_view_parses_only_the_parts_asked_for(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    report = _report()
    ws.save_analysis(report, started_at="t0", platform=None, actor="k1")
    reader = LatestAnalysis(ws)
    view = reader.view()
    assert view is not None
    assert view.info == {**view.info, "started_at": "t0", "platform": None, "actor": "k1"}
    assert reader._doc is None
    for pid, entry in report["platforms"].items():
        assert dict(view.result["platforms"][pid]) == entry
    # One key of an entry is read alone.
    assert view.result["platforms"]["P1"]["tiers"] == {"P1": 0, "M": 1}
    for key in ("nodes", "where_used", "summary", "duration_s"):
        assert view.result[key] == report[key]
    assert sorted(view.result) == sorted(report)
    assert "P3" not in view.result["platforms"]
    assert reader._doc is None  # never the whole document
    # The same view while the file is the same; a new one when it changes.
    assert reader.view() is view
    ws.save_analysis({**report, "platforms": {}}, started_at="t1")
    fresh = reader.view()
    assert fresh is not None and fresh is not view and fresh.platform_ids() == []
    # The old view still reads the file it opened (replaced, not rewritten in place).
    assert view.result["platforms"]["P1"]["name"] == "One"


def test_a_view_agrees_with_the_whole_document(tmp_path: Path) -> None:
    """The parts of a result kept by keep_analysis are the result: the latest
    analysis's view, its whole document and the run kept beside it agree."""
    report = _report()
    kept, _ = keep_analysis(tmp_path, report, started_at="t", actor="cli", platform=None)
    reader = LatestAnalysis(Workspace(tmp_path))
    view = reader.view()
    assert view is not None
    whole = reader.latest()
    assert whole is not None and whole["result"] == report
    assert {k: view.result[k] for k in view.result if k != "platforms"} == {
        k: v for k, v in report.items() if k != "platforms"
    }
    assert {p: dict(view.result["platforms"][p]) for p in view.platform_ids()} == report[
        "platforms"
    ]
    assert load_run(tmp_path, kept["id"])["result"] == report


def test_a_file_replaced_between_the_stamp_and_the_open_is_not_read_by_the_index(
    tmp_path: Path,
) -> None:
    ws = Workspace(tmp_path)
    ws.save_analysis(_report(), started_at="t")
    reader = LatestAnalysis(ws)
    stamp = (os.stat(ws.latest_analysis_path).st_mtime_ns, os.stat(ws.latest_analysis_path).st_ino)
    ws.save_analysis({**_report(), "platforms": {}}, started_at="t")
    # The index now describes the new file; asked for the old stamp, no index is trusted.
    assert reader._index(stamp) is None
    assert reader._open_view(stamp) is None


_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    platforms=st.dictionaries(st.text(min_size=1, max_size=6), _values, max_size=4),
    rest=st.dictionaries(st.sampled_from(["nodes", "summary", "where_used", "x"]), _values),
    meta=st.dictionaries(st.sampled_from(["actor", "platform", "started_at"]), _values),
)
def test_every_range_is_its_part(
    platforms: dict[str, Any], rest: dict[str, Any], meta: dict[str, Any]
) -> None:
    import io

    report = {"platforms": platforms, **rest}
    e = EncodedReport(report)
    buf = io.BytesIO()
    base = write_with_report(buf, meta, e)
    data = buf.getvalue()
    assert json.loads(data) == {"result": report, **meta}
    for key, (s, t) in e.ranges.items():
        assert json.loads(data[base + s : base + t]) == report[key]
    assert set(e.platform_ranges) == set(platforms)
    for pid, (s, t) in e.platform_ranges.items():
        assert json.loads(data[base + s : base + t]) == platforms[pid]
        for name, (u, v) in e.platform_parts.get(pid, {}).items():
            assert json.loads(data[base + u : base + v]) == platforms[pid][name]
    assert set(e.platform_parts) == {p for p, v in platforms.items() if isinstance(v, dict)}
