"""Diffing encoded bases a platform at a time gives the diff of the whole reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphmodel.analysis.diff import BasisParts, diff_basis, diff_parts, diff_reports
from graphmodel.analysis.report_json import EncodedReport
from graphmodel.runs import diff_runs, keep_run, load_run

pytestmark = pytest.mark.unit

NODES = [f"N{k}" for k in range(6)]
REASONS = [{"kind": "location", "detail": "CN"}, {"kind": "ownership", "detail": "H 60%"}]


def _parts(report: dict[str, Any]) -> BasisParts:
    return BasisParts.from_encoded(EncodedReport(diff_basis(report)))


@st.composite
def _platform(draw: st.DrawFn) -> dict[str, Any]:
    network = draw(st.sets(st.sampled_from(NODES)))
    spof = sorted(draw(st.sets(st.sampled_from(sorted(network) or NODES), max_size=3)))
    items = draw(st.sets(st.sampled_from(["I1", "I2", "I3"])))
    return {
        "tiers": {n: draw(st.integers(0, 3)) for n in sorted(network)},
        "paths": {n: ["P", n] for n in sorted(network)},
        "spof": {
            "order1": {"organisations": spof},
            "order1_evidence": {n: {"item": "I1", "path": ["P", n]} for n in spof},
            "order2": [["N0", "N1"]],
        },
        "sole_source_items": sorted(items),
        "adversary_free": {
            "feasible": draw(st.booleans()),
            "blocking_items": sorted(items),
        },
        "concentration": {
            i: {
                "concern_share": draw(st.sampled_from([0.0, 0.05, 0.5, 1.0])),
                "country_hhi": draw(st.sampled_from([2500.0, 5000.0, 10000.0])),
                "supplier_hhi": 1.0,
            }
            for i in sorted(items)
        },
    }


@st.composite
def _report(draw: st.DrawFn, base: dict[str, Any] | None = None) -> dict[str, Any]:
    platforms: dict[str, Any] = {}
    for pid in ("P1", "P2", "P3"):
        if base is not None and pid in base["platforms"] and draw(st.booleans()):
            platforms[pid] = base["platforms"][pid]  # unchanged: the shortcut's case
        elif draw(st.integers(0, 4)):
            platforms[pid] = draw(_platform())
    if base is not None and draw(st.booleans()):
        nodes = base["nodes"]
    else:
        nodes = {
            n: {"adversary_linked": linked, "reasons": reasons if linked else []}
            for n in draw(st.sets(st.sampled_from(NODES)))
            for linked in [draw(st.booleans())]
            for reasons in [draw(st.lists(st.sampled_from(REASONS), min_size=1, max_size=2))]
        }
    return {"platforms": platforms, "nodes": nodes}


@st.composite
def _two_reports(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    a = draw(_report())
    return a, draw(_report(base=a))


@settings(max_examples=300, deadline=None)
@given(_two_reports())
def test_diff_parts_equals_the_diff_of_the_whole_reports(
    pair: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    a, b = pair
    assert diff_parts(_parts(a), _parts(b)) == diff_reports(a, b)
    assert diff_parts(_parts(b), _parts(a), threshold=0.3) == diff_reports(b, a, threshold=0.3)


def test_keep_run_diffs_by_parts_and_reads_bases_kept_without_an_index(tmp_path: Path) -> None:
    """``keep_run``'s diff and ``diff_runs`` equal ``diff_reports`` of the kept reports,
    also for a run whose basis has no index (kept before there were indexes) or no
    basis at all."""

    def report(linked: bool, feasible: bool) -> dict[str, Any]:
        reasons = [REASONS[0]] if linked else []
        return {
            "platforms": {
                "P": {"tiers": {"P": 0, "N1": 1}, "adversary_free": {"feasible": feasible}},
                "Q": {"tiers": {"Q": 0}, "sole_source_items": ["I1"]},
            },
            "nodes": {"N1": {"adversary_linked": linked, "reasons": reasons}},
        }

    first = keep_run(tmp_path, report(False, True))["id"]
    kept = keep_run(tmp_path, report(True, False))
    second = kept["id"]
    whole = diff_reports(load_run(tmp_path, first)["result"], load_run(tmp_path, second)["result"])
    assert kept["summary"] == whole["summary"]
    assert whole["summary"]["new_adversary"] == 1 and whole["summary"]["feasibility_flips"] == 1
    assert list(whole["platforms"]) == ["P"]
    by_parts = diff_runs(tmp_path, first, second)
    assert {k: v for k, v in by_parts.items() if k in whole} == whole

    basis = tmp_path / "runs" / "basis"
    (basis / f"{first}.index.json").unlink()
    assert {k: v for k, v in diff_runs(tmp_path, first, second).items() if k in whole} == whole
    (basis / f"{first}.json").unlink()
    assert {k: v for k, v in diff_runs(tmp_path, first, second).items() if k in whole} == whole
