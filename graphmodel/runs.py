"""Snapshots of analysis runs and of loads, kept so that any two can be compared.

Every analysis run (``supplynet analyze``, ``POST /v1/analysis/runs``, the demo)
is written to ``data_dir/runs/<run id>.json`` with its full report. Every
completed load and import (``supplynet load|import``, ``POST /v1/imports``,
``POST /v1/imports/{kind}``) is a snapshot too: the analysis is run at the load's
end (:func:`snapshot_load`) and kept the same way, with ``kind: "load"``, the
source, the rows per table, the store's graph ``generation`` and the bundle's
``bundle_digest``, so diffing two loads lists what the data change did to the
findings. ``SUPPLYNET_SNAPSHOT_LOADS=false`` turns that off (large benchmark
loads); the load is still logged in ``data_dir/runs/log.jsonl``. Run ids sort
by time (``r20261201T225000123Z-1a2b``), so "the previous run" is the one before
in that order. :func:`diff_runs` compares two runs
(:func:`graphmodel.analysis.diff.diff_reports`); beside each report the run's
diff basis is kept (``runs/basis/<run id>.json``,
:func:`graphmodel.analysis.diff.diff_basis`), so a comparison parses a
fraction of the reports (runs kept before there were bases are cut down on
the fly).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from graphmodel.analysis.diff import BasisParts, diff_basis, diff_parts
from graphmodel.analysis.report_json import EncodedReport, dumps, write_with_report
from graphmodel.errors import NotFoundError
from graphmodel.gcpause import paused_gc

if TYPE_CHECKING:
    from graphmodel.store.base import GraphStore

__all__ = [
    "bundle_digest",
    "diff_runs",
    "keep_analysis",
    "keep_run",
    "list_runs",
    "load_run",
    "previous_pair",
    "prune_runs",
    "record_load",
    "run_meta",
    "save_run",
    "snapshot_load",
]


def _dir(data_dir: Path | str) -> Path:
    return Path(data_dir) / "runs"


def _basis_files(d: Path, run_id: str) -> tuple[Path, Path]:
    """A run's diff basis and the index of its parts, under the runs directory ``d``."""
    return d / "basis" / f"{run_id}.json", d / "basis" / f"{run_id}.index.json"


def _new_run_id(d: Path, now: datetime) -> str:
    """A run id that sorts after every kept run's, so that name order is run order.

    Two runs in one millisecond (or a clock set back) would otherwise be ordered by
    their random suffix, and the previous run, the listing and pruning would disagree
    with the order the runs ran in.
    """
    stamp = f"{now.strftime('%Y%m%dT%H%M%S')}{now.microsecond // 1000:03d}"
    newest = max((p.stem[1:19] for p in d.glob("r*.json")), default="")
    if stamp <= newest:
        last = datetime.strptime(newest[:15], "%Y%m%dT%H%M%S").replace(
            microsecond=int(newest[15:18]) * 1000, tzinfo=UTC
        )
        bumped = last + timedelta(milliseconds=1)
        stamp = f"{bumped.strftime('%Y%m%dT%H%M%S')}{bumped.microsecond // 1000:03d}"
    return f"r{stamp}Z-{secrets.token_hex(2)}"


def save_run(
    data_dir: Path | str,
    result: dict[str, Any],
    *,
    encoded: EncodedReport | None = None,
    basis: BasisParts | None = None,
    **meta: Any,
) -> str:
    """Keep ``result`` as a run snapshot (written atomically); returns its id.

    ``encoded``: ``result`` already encoded (an ``EncodedReport``),
    so that it is encoded once for the run and the latest analysis; ``basis``: its
    diff basis, encoded (:func:`_encoded_basis`).
    """
    now = datetime.now(UTC)
    d = _dir(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    run_id = _new_run_id(d, now)
    doc = {"id": run_id, "finished_at": now.isoformat(timespec="seconds"), **meta}
    tmp = d / f".{run_id}.tmp"
    with tmp.open("wb") as fh:
        write_with_report(fh, doc, encoded if encoded is not None else EncodedReport(result))
    (d / "basis").mkdir(exist_ok=True)
    parts = basis if basis is not None else _encoded_basis(result)
    basis_path, index_path = _basis_files(d, run_id)
    # The index first: a basis without one is parsed whole, never read by stale ranges.
    index_tmp = d / "basis" / f".{run_id}.index.tmp"
    index_tmp.write_bytes(dumps(parts.index()))
    os.replace(index_tmp, index_path)
    basis_tmp = d / "basis" / f".{run_id}.tmp"
    basis_tmp.write_bytes(parts.data)
    os.replace(basis_tmp, basis_path)
    # The run without its report, so that listing runs does not parse every report.
    (d / "meta").mkdir(exist_ok=True)
    meta_tmp = d / "meta" / f".{run_id}.tmp"
    meta_tmp.write_bytes(dumps(doc))
    os.replace(meta_tmp, d / "meta" / f"{run_id}.json")
    os.replace(tmp, d / f"{run_id}.json")
    with (d / "log.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": run_id, "kind": "analysis", **meta}, default=str) + "\n")
    return run_id


def bundle_digest(tables: Mapping[str, Any]) -> str:
    """A digest of a bundle's rows (``sha256:...``): equal for equal content, in any order.

    Examples
    --------
    >>> a = bundle_digest({"items": [{"id": "A", "name": "x"}, {"id": "B"}]})
    >>> a == bundle_digest({"items": [{"id": "B"}, {"name": "x", "id": "A"}]})
    True
    >>> a == bundle_digest({"items": [{"id": "A"}]})
    False
    """
    h = hashlib.sha256()
    for name in sorted(tables):
        rows = sorted(json.dumps(r, sort_keys=True, default=str) for r in tables[name])
        h.update(json.dumps([name, rows]).encode("utf-8"))
    return f"sha256:{h.hexdigest()}"


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
    return [_meta(path) for path in sorted(d.glob("r*.json"))]


def _meta(path: Path) -> dict[str, Any]:
    """The kept run at ``path`` without its report (its meta file when there is one)."""
    meta = path.parent / "meta" / path.name
    doc: dict[str, Any] = orjson.loads((meta if meta.is_file() else path).read_bytes())
    doc.pop("result", None)
    doc.setdefault("kind", "analysis")
    return doc


def _run_path(data_dir: Path | str, run_id: str) -> Path:
    if not run_id.replace("-", "").replace("T", "").replace("Z", "").isalnum():
        raise NotFoundError(f"No analysis run {run_id!r}")
    path = _dir(data_dir) / f"{run_id}.json"
    if not path.is_file():
        raise NotFoundError(f"No analysis run {run_id!r}")
    return path


def _encoded_basis(result: Mapping[str, Any]) -> BasisParts:
    """``result``'s diff basis, encoded a platform at a time."""
    return BasisParts.from_encoded(EncodedReport(diff_basis(result)))


def _basis(data_dir: Path | str, run_id: str) -> BasisParts:
    """The run's diff basis: its kept file and index, else cut from the report.

    A basis kept before there were indexes is parsed whole and encoded again.
    """
    _run_path(data_dir, run_id)
    path, index = _basis_files(_dir(data_dir), run_id)
    if path.is_file() and index.is_file():
        return BasisParts.from_index(path.read_bytes(), orjson.loads(index.read_bytes()))
    if path.is_file():
        return BasisParts.from_encoded(EncodedReport(orjson.loads(path.read_bytes())))
    return _encoded_basis(load_run(data_dir, run_id)["result"])


def diff_runs(data_dir: Path | str, a: str, b: str, *, threshold: float = 0.1) -> dict[str, Any]:
    """What changed from run ``a`` to run ``b``: ``{"from", "to", "runs", **diff}``.

    ``runs`` says what each side is (an analysis run, or a load's snapshot with
    its source, generation and digest); the rest is
    :func:`graphmodel.analysis.diff.diff_reports` of the two runs.

    Raises
    ------
    NotFoundError
        No run with one of the ids.
    """
    result = diff_parts(_basis(data_dir, a), _basis(data_dir, b), threshold=threshold)
    runs = {"from": run_meta(data_dir, a), "to": run_meta(data_dir, b)}
    return {"from": a, "to": b, "runs": runs, **result}


def load_run(data_dir: Path | str, run_id: str) -> dict[str, Any]:
    """One kept run with its report.

    Raises
    ------
    NotFoundError
        No run with that id.
    """
    path = _run_path(data_dir, run_id)
    # orjson: a kept report at 100,000 nodes is about 180 MB, 4-5x faster to parse.
    doc: dict[str, Any] = orjson.loads(path.read_bytes())
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


def run_meta(data_dir: Path | str, run_id: str) -> dict[str, Any]:
    """What a kept run is (``id``, ``kind``, ``source``, ``generation``...), not its report."""
    return _meta(_run_path(data_dir, run_id))


def prune_runs(data_dir: Path | str, keep: int) -> list[str]:
    """Remove the oldest kept runs beyond the ``keep`` newest (0: remove none).

    A run's report, diff basis and meta file go; its line in ``runs/log.jsonl``
    stays, so the history of what ran is kept. Returns the ids removed.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> ids = [save_run(d, {"platforms": {}}) for _ in range(3)]
    >>> prune_runs(d, 2) == ids[:1], [r["id"] for r in list_runs(d)] == ids[1:]
    (True, True)
    """
    if keep <= 0:
        return []
    d = _dir(data_dir)
    ids = sorted(p.stem for p in d.glob("r*.json")) if d.exists() else []
    gone = ids[: max(0, len(ids) - keep)]
    for run_id in gone:
        # The report last: while it exists the run is listed, and its basis and meta
        # are cut from it again if they are gone.
        for path in (*_basis_files(d, run_id), d / "meta" / f"{run_id}.json"):
            path.unlink(missing_ok=True)
        (d / f"{run_id}.json").unlink(missing_ok=True)
    return gone


def keep_run(
    data_dir: Path | str,
    result: dict[str, Any],
    *,
    webhook_url: str | None = None,
    webhook_timeout_s: float = 5.0,
    encoded: EncodedReport | None = None,
    keep_runs: int = 0,
    **meta: Any,
) -> dict[str, Any]:
    """Keep ``result`` as a run; diff it against the previous run; post the diff if asked;
    then keep only the ``keep_runs`` newest runs (:func:`prune_runs`).

    Returns ``{"id", "previous", "summary", "webhook", "pruned"}``; ``webhook`` is
    ``None`` without a URL, else ``{"status": <HTTP status>}`` or ``{"error":
    <message>}`` (a failed delivery never fails the run). ``encoded`` as in
    :func:`save_run`.
    """
    before = list_runs(data_dir)
    basis = _encoded_basis(result)
    run_id = save_run(data_dir, result, encoded=encoded, basis=basis, **meta)
    out: dict[str, Any] = {
        "id": run_id,
        "previous": None,
        "summary": None,
        "webhook": None,
        "pruned": [],
    }
    if not before:
        return out
    previous = before[-1]["id"]
    diff = diff_parts(_basis(data_dir, previous), basis)
    out["previous"], out["summary"] = previous, diff["summary"]
    if webhook_url:
        from graphmodel.webhook import post_json

        out["webhook"] = post_json(
            webhook_url, {"from": previous, "to": run_id, **diff}, timeout_s=webhook_timeout_s
        )
    out["pruned"] = prune_runs(data_dir, keep_runs)
    return out


def keep_analysis(
    data_dir: Path | str,
    result: dict[str, Any],
    *,
    started_at: str,
    webhook_url: str | None = None,
    webhook_timeout_s: float = 5.0,
    keep_runs: int = 0,
    **meta: Any,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep ``result`` as a run (:func:`keep_run`, with ``meta``) and as the data
    directory's latest analysis, from one encoding of the report.

    The latest analysis takes its ``platform`` and ``actor`` from ``meta``. Returns
    :func:`keep_run`'s answer and the latest-analysis document.
    """
    from graphmodel.workspace import Workspace

    report = EncodedReport(result)
    kept = keep_run(
        data_dir,
        result,
        webhook_url=webhook_url,
        webhook_timeout_s=webhook_timeout_s,
        encoded=report,
        keep_runs=keep_runs,
        **meta,
    )
    doc = Workspace(Path(data_dir)).save_analysis(
        result,
        started_at=started_at,
        platform=meta.get("platform"),
        actor=meta.get("actor", "cli"),
        encoded=report,
    )
    return kept, doc


@paused_gc()
def snapshot_load(
    store: GraphStore,
    data_dir: Path | str,
    *,
    source: str,
    counts: Mapping[str, int],
    digest: str,
    actor: str,
    replace: bool = False,
    webhook_url: str | None = None,
    webhook_timeout_s: float = 5.0,
    keep_runs: int = 0,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Make a completed load a snapshot: analyse the graph now, keep the run as a ``load``
    and as the data directory's latest analysis (``keep_runs`` as in :func:`keep_run`).

    Returns the analysis report and :func:`keep_run`'s answer (with the diff
    summary against the previous run). The snapshot records the load's
    ``source``, rows per table, the store's graph ``generation`` and the bundle's
    ``digest``.
    """
    from graphmodel.analysis.report import run_analysis
    from graphmodel.workspace import utc_now

    started = utc_now()
    result = run_analysis(store)
    try:
        generation = store.generation()
    except NotImplementedError:
        generation = None
    kept, _ = keep_analysis(
        data_dir,
        result,
        started_at=started,
        webhook_url=webhook_url,
        webhook_timeout_s=webhook_timeout_s,
        keep_runs=keep_runs,
        kind="load",
        source=source,
        counts=dict(counts),
        replace=replace,
        bundle_digest=digest,
        generation=generation,
        as_of=result.get("as_of"),
        actor=actor,
    )
    return result, kept
