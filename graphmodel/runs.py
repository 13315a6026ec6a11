"""Snapshots of analysis runs (and a log of loads), kept so that runs can be compared.

Every analysis run (``supplynet analyze``, ``POST /v1/analysis/runs``, the demo)
is written to ``data_dir/runs/<run id>.json`` with its full report; every load and
import adds a ``load`` entry to ``data_dir/runs/log.jsonl``. Run ids sort by time
(``r20261201T225000Z-1a2b``), so "the previous run" is the one before in that order.
:func:`graphmodel.analysis.diff.diff_runs` compares two runs.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from graphmodel.analysis.report_json import dumps
from graphmodel.errors import NotFoundError

__all__ = ["keep_run", "list_runs", "load_run", "previous_pair", "record_load", "save_run"]


def _dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "runs"


def save_run(data_dir: Path | str, result: dict[str, Any], **meta: Any) -> str:
    """Keep ``result`` as a run snapshot (written atomically); returns its id."""
    now = datetime.now(UTC)
    run_id = (
        f"r{now.strftime('%Y%m%dT%H%M%S')}{now.microsecond // 1000:03d}Z-{secrets.token_hex(2)}"
    )
    doc = {"id": run_id, "finished_at": now.isoformat(timespec="seconds"), **meta, "result": result}
    d = _dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / f".{run_id}.tmp"
    tmp.write_bytes(dumps(doc))
    # The run without its report, so that listing runs does not parse every report.
    (d / "meta").mkdir(exist_ok=True)
    meta_tmp = d / "meta" / f".{run_id}.tmp"
    meta_tmp.write_bytes(dumps({k: v for k, v in doc.items() if k != "result"}))
    os.replace(meta_tmp, d / "meta" / f"{run_id}.json")
    os.replace(tmp, d / f"{run_id}.json")
    with (d / "log.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": run_id, "kind": "analysis", **meta}, default=str) + "\n")
    return run_id


def record_load(data_dir: Path | str, source: str, counts: dict[str, int]) -> None:
    """Add a completed load to the log (a load is compared through the next analysis)."""
    d = _dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    entry = {
        "kind": "load",
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "source": source,
        "counts": counts,
    }
    with (d / "log.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(entry) + "\n")


def list_runs(data_dir: Path | str) -> list[dict[str, Any]]:
    """Every kept run, oldest first, without its report."""
    d = _dir(data_dir)
    if not d.exists():
        return []
    out = []
    for path in sorted(d.glob("r*.json")):
        meta = d / "meta" / path.name
        doc = json.loads((meta if meta.is_file() else path).read_text(encoding="utf-8"))
        doc.pop("result", None)
        out.append(doc)
    return out


def load_run(data_dir: Path | str, run_id: str) -> dict[str, Any]:
    """One kept run with its report.

    Raises
    ------
    NotFoundError
        No run with that id.
    """
    if not run_id.replace("-", "").replace("T", "").replace("Z", "").isalnum():
        raise NotFoundError(f"No analysis run {run_id!r}")
    path = _dir(data_dir) / f"{run_id}.json"
    if not path.is_file():
        raise NotFoundError(f"No analysis run {run_id!r}")
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def previous_pair(
    data_dir: Path | str, a: str | None = None, b: str | None = None
) -> tuple[str, str]:
    """The runs to compare: ``a`` and ``b`` as given, else the last two runs.

    Raises
    ------
    NotFoundError
        Fewer than two runs to compare.
    """
    ids = [r["id"] for r in list_runs(data_dir)]
    if a and b:
        return a, b
    if a and not b:
        later = [i for i in ids if i > a]
        if not later:
            raise NotFoundError(f"No run after {a!r} to compare with")
        return a, later[-1]
    if len(ids) < 2:
        raise NotFoundError("Fewer than two analysis runs are kept; run the analysis again")
    return ids[-2], ids[-1]


def keep_run(
    data_dir: Path | str,
    result: dict[str, Any],
    *,
    webhook_url: str | None = None,
    webhook_timeout_s: float = 5.0,
    **meta: Any,
) -> dict[str, Any]:
    """Keep ``result`` as a run; diff it against the previous run; post the diff if asked.

    Returns ``{"id", "previous", "summary", "webhook"}``; ``webhook`` is ``None``
    without a URL, else ``{"status": <HTTP status>}`` or ``{"error": <message>}``
    (a failed delivery never fails the run).
    """
    from graphmodel.analysis.diff import diff_reports

    before = list_runs(data_dir)
    run_id = save_run(data_dir, result, **meta)
    out: dict[str, Any] = {"id": run_id, "previous": None, "summary": None, "webhook": None}
    if not before:
        return out
    previous = before[-1]["id"]
    diff = diff_reports(load_run(data_dir, previous)["result"], result)
    out["previous"], out["summary"] = previous, diff["summary"]
    if webhook_url:
        from graphmodel.webhook import post_json

        out["webhook"] = post_json(
            webhook_url, {"from": previous, "to": run_id, **diff}, timeout_s=webhook_timeout_s
        )
    return out
