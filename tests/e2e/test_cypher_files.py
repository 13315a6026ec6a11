"""Every file in ``cypher/``: header, Neo4j's linter, and a real run on each store.

- Header: a description, and every ``$param`` the statement uses declared in
  ``// params:`` (example keys too).
- Lint: Neo4j's own Cypher linter (tests/lint/lint_cypher.mjs, run once)
  reports no error except "Parameter $x is not defined" (parameters are bound
  at run time) and no warning unless allow-listed below with a reason.
  ``*.falkordb.cypher`` files are FalkorDB-specific and are not linted.
- Run: every statement each store uses (shared files, and that store's own
  ``*.neo4j.cypher`` / ``*.falkordb.cypher``) is executed on it with the
  params of its ``// example:``, Neo4j's schema DDL included.

Tests are parametrised per file, so a failure names the file.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graphmodel.cypher import Query, StoreKind, all_queries, cypher_dir, get_query
from graphmodel.store.base import GraphStore

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
LINTER = REPO / "tests" / "lint" / "lint_cypher.mjs"
PARAM_NOT_DEFINED = re.compile(r"^Parameter \$([A-Za-z_][A-Za-z0-9_]*) is not defined\.?$")
PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
PARAMS_HEADER = re.compile(r"^//\s*params:\s*(.*)$", re.MULTILINE)

# Linter warnings we accept, each with the reason: (file glob, message prefix,
# reason). Empty today; an entry that stops matching fails the suite, e.g.
# ("load_*.cypher", "If a part of a query contains multiple disconnected
# patterns", "both ends are looked up by unique id, so the product has one row").
ALLOWED_WARNINGS: list[tuple[str, str, str]] = []

QUERIES: list[Query] = sorted(all_queries().values(), key=lambda q: q.path.name)
LINTED = [q for q in QUERIES if q.store != "falkordb"]


def _ids(queries: list[Query]) -> list[str]:
    return [q.path.name for q in queries]


def _body(q: Query) -> str:
    return "\n".join(ln for ln in q.text.splitlines() if not ln.lstrip().startswith("//"))


def _declared(q: Query) -> list[str]:
    m = PARAMS_HEADER.search(q.text)
    if not m:
        return []
    return [p.split("(")[0].strip() for p in m.group(1).split(",") if p.strip()]


@pytest.fixture(scope="module")
def lint_report() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed; `make test` installs the linter where it is")
    if not (REPO / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        pytest.fail("Neo4j's Cypher linter is not installed; run `npm ci` (make install does)")
    proc = subprocess.run(
        [node, str(LINTER), str(cypher_dir())],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, f"the linter failed: {proc.stderr[-2000:]}"
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def _allowed(file: str, message: str) -> bool:
    return any(
        fnmatch.fnmatch(file, glob) and message.startswith(prefix)
        for glob, prefix, _ in ALLOWED_WARNINGS
    )


@pytest.mark.parametrize("q", QUERIES, ids=_ids(QUERIES))
def test_header_declares_description_and_params(q: Query) -> None:
    assert q.description.strip(), f"{q.path.name}: `// description:` is missing"
    declared = set(_declared(q))
    used = set(PARAM_USE.findall(_body(q)))
    assert not used - declared, f"{q.path.name}: undeclared params {sorted(used - declared)}"
    extra = set(q.example) - declared
    assert not extra, f"{q.path.name}: example names undeclared params {sorted(extra)}"


LABEL_USE = re.compile(r"\(\w*:(\w+)")
TYPE_USE = re.compile(r"\[\w*:(\w+)")


def test_load_settle_scans_every_label_and_type_the_statements_use() -> None:
    """A label or relationship type missing from ``load_settle`` would leave its matrix
    for the commit's fork to synchronise on FalkorDB's main thread (docs/stores.md)."""
    settle = _body(get_query("load_settle", "falkordb"))
    used_labels = {m for q in QUERIES for m in LABEL_USE.findall(_body(q))}
    used_types = {m for q in QUERIES for m in TYPE_USE.findall(_body(q))}
    assert used_labels and used_types
    assert used_labels <= set(LABEL_USE.findall(settle)), used_labels - set(
        LABEL_USE.findall(settle)
    )
    assert used_types <= set(TYPE_USE.findall(settle)), used_types - set(TYPE_USE.findall(settle))


@pytest.mark.parametrize("q", LINTED, ids=_ids(LINTED))
def test_neo4j_linter_is_clean(q: Query, lint_report: dict[str, Any]) -> None:
    entry = next((f for f in lint_report["files"] if f["file"] == q.path.name), None)
    assert entry is not None, f"{q.path.name} is missing from the lint report"
    assert entry["statements"] == len(q.statements)
    declared = set(_declared(q))
    problems = []
    for d in entry["diagnostics"]:
        where = f"{q.path.name}:{d['line']}:{d['column']}"
        if d["severity"] == "error":
            m = PARAM_NOT_DEFINED.match(d["message"])
            if m and m.group(1) in declared:
                continue
            problems.append(f"{where}: error: {d['message']}")
        elif d["severity"] == "warning" and not _allowed(q.path.name, d["message"]):
            problems.append(f"{where}: warning: {d['message']}")
    assert not problems, "\n".join(problems)


def test_linter_reports_the_skipped_falkordb_files(lint_report: dict[str, Any]) -> None:
    skipped = {s["file"] for s in lint_report["skipped"]}
    assert skipped == {q.path.name for q in QUERIES if q.store == "falkordb"}
    linted = {f["file"] for f in lint_report["files"]}
    assert linted == {q.path.name for q in LINTED}


def test_allow_list_entries_are_still_needed(lint_report: dict[str, Any]) -> None:
    for glob, prefix, reason in ALLOWED_WARNINGS:
        assert reason
        hits = [
            f["file"]
            for f in lint_report["files"]
            if fnmatch.fnmatch(f["file"], glob)
            and any(d["message"].startswith(prefix) for d in f["diagnostics"])
        ]
        assert hits, f"allow-list entry {glob!r} / {prefix!r} matches nothing; remove it"


def test_statement_runs_on_its_store(store: GraphStore, store_kind: str) -> None:
    """Every statement the store uses, executed with its ``// example:`` params.

    One test per store runs them all in turn, on one (emptied) graph: Neo4j
    has a single user database, so a file-by-file fixture would only repeat
    the same emptying. A failure names the file.
    """
    kind: StoreKind = "neo4j" if store_kind == "neo4j" else "falkordb"
    # Every statement the store has: the shared ones and its own forms.
    names = {q.name for q in QUERIES if q.store in (None, kind)}
    used = {q.path: q for q in (get_query(name, kind) for name in names)}
    assert {q.store for q in used.values()} <= {None, kind}
    failures: list[str] = []
    # The schema first (it checks the fixture's indexes), dropping the graph last.
    order = {"schema": 0, "drop_graph": 2}
    for q in sorted(used.values(), key=lambda q: (order.get(q.name, 1), q.path.name)):
        try:
            if q.name == "schema":
                _schema_is_idempotent(store, kind)
            elif q.name == "drop_graph":
                store.drop()
            else:
                for text in q.statements:
                    if q.mode == "autocommit":
                        rows = store._write_autocommit(text, dict(q.example))
                    elif q.mode == "write":
                        rows = store._write(text, dict(q.example))
                    else:
                        rows = store._read(text, dict(q.example))
                    assert all(
                        isinstance(r, dict) and all(isinstance(k, str) for k in r) for r in rows
                    ), "rows must be maps with string keys"
        except Exception as exc:
            failures.append(f"{q.path.name}: {exc}")
    assert failures == []


def _schema_is_idempotent(store: GraphStore, kind: StoreKind) -> None:
    # The fixture already ran it once; a second run must change nothing.
    count = (
        "CALL db.indexes() YIELD label RETURN count(*) AS n"
        if kind == "falkordb"
        else "SHOW INDEXES YIELD name RETURN count(*) AS n"
    )
    before = store._read(count, {})
    store.ensure_schema()
    assert store._read(count, {}) == before
    assert before[0]["n"] > 0
