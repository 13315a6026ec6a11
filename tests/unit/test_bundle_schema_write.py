"""JSON Schema of the JSON bundle, and writing bundles back out."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from graphmodel.bundle import (
    bundle_document,
    bundle_json_schema,
    demo_bundle_path,
    read_bundle,
    reference_bundle_path,
    write_bundle,
)
from graphmodel.cypher import get_query
from graphmodel.load import node_columns, relationship_columns
from graphmodel.schema import TABLES

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[2]


def test_schema_file_is_up_to_date() -> None:
    on_disk = json.loads((ROOT / "docs" / "bundle.schema.json").read_text())
    assert on_disk == bundle_json_schema(), (
        "docs/bundle.schema.json is stale: regenerate it from bundle_json_schema()"
    )


def test_schema_is_valid_and_accepts_the_demo_as_json() -> None:
    schema = bundle_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = bundle_document(read_bundle(demo_bundle_path()).tables)
    jsonschema.validate(doc, schema)


@pytest.mark.parametrize(
    "bad",
    [
        {"format": "supplynet-bundle/2", "items": [{"id": "a", "name": "A", "kind": "platform"}]},
        {"format": "supplynet-bundle/1", "items": []},
        {"format": "supplynet-bundle/1", "items": [{"id": "a", "name": "A", "kind": "rocket"}]},
        {
            "format": "supplynet-bundle/1",
            "items": [{"id": "a", "name": "A", "kind": "platform"}],
            "bom": [{"parent": "a", "child": "a", "quantity": -1}],
        },
        {
            "format": "supplynet-bundle/1",
            "items": [{"id": "a", "name": "A", "kind": "platform", "analysis_x": 1}],
        },
        {
            "format": "supplynet-bundle/1",
            "items": [{"id": "a", "name": "A", "kind": "platform"}],
            "suppliers": [],
        },
    ],
)
def test_schema_refuses_what_the_reader_refuses(bad: dict[str, object]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, bundle_json_schema())


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_write_then_read_round_trips(tmp_path: Path, fmt: str) -> None:
    for source in (demo_bundle_path(), reference_bundle_path()):
        original = read_bundle(source)
        out = tmp_path / f"{source.name}-{fmt}"
        write_bundle(original.tables, out, fmt=fmt)  # type: ignore[arg-type]
        again = read_bundle(out if fmt == "csv" else out / "bundle.json")
        assert again.tables == original.tables


def test_write_removes_stale_table_files(tmp_path: Path) -> None:
    tables = read_bundle(demo_bundle_path()).tables
    write_bundle(tables, tmp_path)
    assert (tmp_path / "bom.csv").exists()
    write_bundle({"items": tables["items"]}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv"]


def test_create_statements_follow_the_column_order() -> None:
    # The fast load statements read list rows by position; load.py builds them
    # from the same schema-derived order.
    for t in TABLES:
        text = get_query(f"load_{t.name}_create", "falkordb").text
        if t.label:
            cols = node_columns(t.name)
            for i, col in enumerate(cols):
                assert f"{col}: r[{i}]" in text, (t.name, col)
        else:
            cols = relationship_columns(t.name)
            assert "{id: r[0]}" in text and "{id: r[1]}" in text
            for i, col in enumerate(cols[2:], start=2):
                assert f"{col}: r[{i}]" in text, (t.name, col)


DOC = ROOT / "docs" / "bundle-format.md"


def test_format_doc_covers_every_file_and_column() -> None:
    text = DOC.read_text()
    for t in TABLES:
        assert f"### `{t.filename}`" in text, t.filename
        for col in t.column_names:
            assert f"| `{col}` |" in text, (t.name, col)


def test_format_doc_examples_are_valid(tmp_path: Path) -> None:
    text = DOC.read_text()
    for name, body in re.findall(r"`(\w+\.csv)`\n```\n(.*?)```", text, re.S):
        (tmp_path / name).write_text(body)
    bundle = read_bundle(tmp_path, references=True)
    assert bundle.count() == {
        "countries": 1,
        "organisations": 1,
        "items": 3,
        "bom": 2,
        "sources": 2,
    }
    doc = json.loads(re.findall(r"```json\n(.*?)```", text, re.S)[0])
    jsonschema.validate(doc, bundle_json_schema())


def test_formula_cells_are_quoted_on_export_and_round_trip(tmp_path: Path) -> None:
    """Cells a spreadsheet would run are written behind a quote and read back as they were."""
    from graphmodel.bundle import read_bundle, write_bundle

    names = ['=HYPERLINK("x")', "+1 Corp", "-dash", "@at", "\tTab", "'quoted", "''two", "plain"]
    items = [{"id": f"i{n}", "name": name, "kind": "material"} for n, name in enumerate(names)]
    write_bundle({"items": items}, tmp_path)
    import csv

    with (tmp_path / "items.csv").open(newline="") as fh:
        written = [r["name"] for r in csv.DictReader(fh)]
    assert written == [f"'{n}" for n in names[:-1]] + ["plain"]
    back = read_bundle(tmp_path)
    assert [r["name"] for r in back.tables["items"]] == names
