"""The latest analysis as the API reads it: the adversary flags without the whole result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphmodel.workspace import LatestAnalysis, Workspace

pytestmark = pytest.mark.unit


def _result(*linked: str) -> dict[str, object]:
    nodes = {n: {"adversary_linked": n in linked} for n in ("A", "B", "C")}
    return {"platforms": {}, "nodes": nodes}


def test_the_flags_come_from_the_flags_file_without_parsing_the_result(tmp_path: Path) -> None:
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


def test_flags_of_another_result_are_not_trusted(tmp_path: Path) -> None:
    """Flags written for an earlier result file (or none, or unreadable) give way to
    the result itself."""
    ws = Workspace(tmp_path)
    ws.save_analysis(_result("B"), started_at="t")
    flags = json.loads(ws.latest_flags_path.read_text())
    ws.latest_flags_path.write_text(json.dumps({**flags, "of": [0, 0], "adversary_linked": ["X"]}))
    assert LatestAnalysis(ws).adversary_linked() == {"B"}
    ws.latest_flags_path.write_text("not json")
    assert LatestAnalysis(ws).adversary_linked() == {"B"}
    ws.latest_flags_path.unlink()
    assert LatestAnalysis(ws).adversary_linked() == {"B"}


def test_no_result_means_no_flags(tmp_path: Path) -> None:
    ws = Workspace(tmp_path)
    assert LatestAnalysis(ws).adversary_linked() is None
    ws.save_analysis(_result("B"), started_at="t")
    ws.latest_analysis_path.unlink()
    assert LatestAnalysis(ws).adversary_linked() is None
