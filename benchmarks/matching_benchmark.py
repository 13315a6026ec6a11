"""Entity-resolution precision and recall on the labelled set, through the store.

Usage::

    .venv/bin/python benchmarks/matching_benchmark.py [--threshold 0.88]
    .venv/bin/python benchmarks/matching_benchmark.py --scale \\
        [--registry 1000000] [--suppliers 10000]

The path a user runs: every left record of tests/fixtures/matching/pairs.csv is
loaded as a supplier-list organisation (dataset ``suppliers``), every right record
as a GLEIF record (dataset ``gleif-lei``), the ``related`` pairs as an ownership
edge, into a fresh embedded store; then :func:`graphmodel.matching.find_matches`
(blocking, scoring) proposes pairs. A labelled pair counts as predicted "same" when
it is among the proposals at the threshold; proposals between records of
different labelled pairs are not labelled and not counted. Prints Markdown.

``--scale`` measures matching at registry scale on generated, fictional data
(:mod:`graphmodel.generate.registry`): a GLEIF golden-copy-shaped Level 1 CSV of
``--registry`` organisations and a ``--suppliers``-row supplier list, imported
with ``supplynet import gleif`` and ``supplynet import suppliers`` into a fresh
store, then ``supplynet match --json`` (each a process; time and the match
process's peak RSS). Then, in process, :func:`graphmodel.matching.candidates` on
growing registry sizes, counting the pairs scored: blocking keeps that count
near-linear in the registry size, far below the brute-force
``suppliers x registry``. Writes ``benchmarks/results/matching_scale.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks._cli import run_cli  # noqa: E402
from graphmodel.bundle import Bundle  # noqa: E402
from graphmodel.load import load_bundle  # noqa: E402
from graphmodel.matching import DEFAULT_THRESHOLD, find_matches  # noqa: E402
from graphmodel.store.embedded import EmbeddedServer  # noqa: E402
from graphmodel.store.falkordb_store import FalkorDBStore  # noqa: E402

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


def _write_inputs(
    work: Path, right: list[dict[str, Any]], left: list[dict[str, Any]]
) -> tuple[Path, Path]:
    l1 = work / "gleif-l1.csv"
    with l1.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_ALL)
        w.writerow(
            ["LEI", "Entity.LegalName", "Entity.LegalAddress.Country", "Entity.EntityStatus"]
        )
        for r in right:
            w.writerow([r["lei"], r["name"], r["country"], "ACTIVE"])
    sup = work / "suppliers.csv"
    with sup.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Vendor No", "Supplier Name", "Country", "LEI"])
        for r in left:
            w.writerow([r["id"], r["name"], r["country"], r.get("lei", "")])
    return l1, sup


def scale(args: argparse.Namespace) -> None:
    """Matching at registry scale through the CLI, then the blocking's growth in process."""
    import importlib

    from graphmodel.generate.registry import registry_and_suppliers

    # The module (the package re-exports its function under the same name).
    candidates_module = importlib.import_module("graphmodel.matching.candidates")

    load_before = os.getloadavg()
    work = Path(tempfile.mkdtemp(prefix="supplynet-match-scale-"))
    right, left, truth = registry_and_suppliers(args.registry, args.suppliers, seed=args.seed)
    lei_of = {r["id"]: r["lei"] for r in right}
    truth_ids = {(sup, f"lei:{lei_of[reg]}") for sup, reg in truth}
    l1, sup = _write_inputs(work, right, left)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
    env.update(
        {
            "SUPPLYNET_STORE": "embedded",
            "SUPPLYNET_DATA_DIR": str(work / "data"),
            "SUPPLYNET_SNAPSHOT_LOADS": "false",
        }
    )
    lines: list[str] = []
    try:
        gleif_s, _, _ = run_cli(env, "import", "gleif", str(l1), "--replace")
        sup_s, _, _ = run_cli(env, "import", "suppliers", str(sup))
        match_s, out, match_mb = run_cli(env, "match", "--json", "--threshold", str(args.threshold))
    finally:
        EmbeddedServer(work / "data").stop()
    doc = json.loads(out)
    proposed = {(c["left"]["id"], c["right"]["id"]) for c in doc["candidates"] if c["proposed"]}
    tp = len(proposed & truth_ids)
    lines += [
        "# Matching at registry scale",
        "",
        f"Command: `python benchmarks/matching_benchmark.py --scale --registry {args.registry}"
        f" --suppliers {args.suppliers}`",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, shared with other work; "
        f"load average {load_before[0]:.1f} at the start.",
        "",
        "| step (a process each) | seconds | peak RSS MB |",
        "| --- | ---: | ---: |",
        f"| `supplynet import gleif` ({args.registry:,} Level 1 records) | {gleif_s:.1f} | |",
        f"| `supplynet import suppliers` ({args.suppliers:,} rows) | {sup_s:.1f} | |",
        f"| `supplynet match --json` ({doc['left']:,} x {doc['right']:,} records) | "
        f"{match_s:.1f} | {match_mb:,} |",
        "",
        f"{len(doc['candidates']):,} candidate pairs (score >= 0.5), {len(proposed):,} proposed "
        f"at {args.threshold}; of the {len(truth_ids):,} planted pairs {tp:,} proposed "
        f"(recall {tp / max(1, len(truth_ids)):.3f}); precision against the planted pairs "
        f"{tp / max(1, len(proposed)):.3f} (a proposal naming another registry record with "
        "the same invented stem and word counts as wrong here).",
        "",
        "## Blocking: pairs scored as the registry grows (in process)",
        "",
        "| registry | suppliers | pairs scored | brute force | share | candidates() s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    real = candidates_module.score_pair
    scored = [0]

    def counting(*a: Any, **k: Any) -> Any:
        scored[0] += 1
        return real(*a, **k)

    candidates_module.score_pair = counting
    try:
        for n in sorted(
            {args.registry // 8, args.registry // 4, args.registry // 2, args.registry}
        ):
            scored[0] = 0
            t0 = time.perf_counter()
            candidates_module.candidates(left, right[:n], floor=0.5)
            took = time.perf_counter() - t0
            brute = len(left) * n
            lines.append(
                f"| {n:,} | {len(left):,} | {scored[0]:,} | {brute:,} | "
                f"{scored[0] / brute:.2e} | {took:.1f} |"
            )
    finally:
        candidates_module.score_pair = real
    lines += ["", f"Load average at the end: {os.getloadavg()[0]:.1f}.", ""]
    text = "\n".join(lines)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--scale", action="store_true", help="Match at registry scale")
    parser.add_argument("--registry", type=int, default=1_000_000)
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--out", type=Path, default=REPO / "benchmarks" / "results" / "matching_scale.md"
    )
    args = parser.parse_args()
    if args.scale:
        scale(args)
        return
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
