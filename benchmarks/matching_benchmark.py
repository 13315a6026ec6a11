"""Entity-resolution precision and recall on the labelled set, through the store.

Usage::

    .venv/bin/python benchmarks/matching_benchmark.py [--threshold 0.88]

The path a user runs: every left record of tests/fixtures/matching/pairs.csv is
loaded as a supplier-list organisation (dataset ``suppliers``), every right record
as a GLEIF record (dataset ``gleif-lei``), the ``related`` pairs as an ownership
edge, into a fresh embedded store; then :func:`graphmodel.matching.find_matches`
(blocking, scoring) proposes pairs. A labelled pair counts as predicted "same" when
it is among the proposals at the threshold; proposals between records of
different labelled pairs are not labelled and not counted. Prints Markdown.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from graphmodel.bundle import Bundle
from graphmodel.load import load_bundle
from graphmodel.matching import DEFAULT_THRESHOLD, find_matches
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_store import FalkorDBStore

PAIRS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "matching" / "pairs.csv"


def read_pairs(path: Path = PAIRS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def record(row: dict[str, str], side: str) -> dict[str, Any]:
    """One side of a labelled pair as an organisation row."""
    rec: dict[str, Any] = {
        "id": f"{side[0]}{row['id']}",
        "name": row[f"{side}_name"],
        "dataset": "suppliers" if side == "left" else "gleif-lei",
    }
    for col in ("country", "lei"):
        if row[f"{side}_{col}"]:
            rec[col] = row[f"{side}_{col}"]
    for col in ("identifiers", "aliases"):
        values = [v for v in row.get(f"{side}_{col}", "").split(";") if v]
        if values:
            rec[col] = values
    return rec


def tables(rows: list[dict[str, str]]) -> dict[str, list[dict[str, Any]]]:
    orgs = [record(r, side) for r in rows for side in ("left", "right")]
    ownership = [
        {"owner": f"r{r['id']}", "owned": f"l{r['id']}", "percentage": 100.0, "kind": "equity"}
        for r in rows
        if r["related"] == "1"
    ]
    return {"organisations": orgs, "ownership": ownership}


def evaluate(
    rows: list[dict[str, str]], proposed: set[tuple[str, str]]
) -> dict[str, dict[str, int]]:
    """Counts of tp / fp / fn / tn per category and in all."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: {"tp": 0, "fp": 0, "fn": 0, "tn": 0})
    for r in rows:
        pred = (f"l{r['id']}", f"r{r['id']}") in proposed
        same = r["same"] == "1"
        key = ("tp" if same else "fp") if pred else ("fn" if same else "tn")
        for cat in (r["category"], "all"):
            out[cat][key] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    args = parser.parse_args()
    rows = read_pairs()
    with tempfile.TemporaryDirectory(prefix="supplynet-match-") as tmp:
        server = EmbeddedServer(Path(tmp))
        server.start()
        try:
            store = FalkorDBStore(Path(tmp), graph="matching_benchmark")
            store.ensure_schema()
            t0 = time.perf_counter()
            load_bundle(store, Bundle(tables(rows)))
            t1 = time.perf_counter()
            result = find_matches(store, threshold=args.threshold, floor=0.3)
            t2 = time.perf_counter()
            store.close()
        finally:
            server.stop()
    proposed = {(c["left"]["id"], c["right"]["id"]) for c in result["candidates"] if c["proposed"]}
    counts = evaluate(rows, proposed)
    print(
        f"{len(rows)} labelled pairs, threshold {args.threshold}; "
        f"load {t1 - t0:.2f} s, find_matches {t2 - t1:.2f} s\n"
    )
    print("| category | pairs | tp | fp | fn | tn |")
    print("|---|---|---|---|---|---|")
    for cat in sorted(counts, key=lambda c: (c == "all", c)):
        c = counts[cat]
        print(f"| {cat} | {sum(c.values())} | {c['tp']} | {c['fp']} | {c['fn']} | {c['tn']} |")
    a = counts["all"]
    precision = a["tp"] / max(1, a["tp"] + a["fp"])
    recall = a["tp"] / max(1, a["tp"] + a["fn"])
    print(f"\nprecision {precision:.3f}, recall {recall:.3f}")


if __name__ == "__main__":
    main()
