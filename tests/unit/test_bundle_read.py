"""Reading and validating bundles: every problem with file, line and column."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from graphmodel.bundle import (
    Bundle,
    demo_bundle_path,
    read_bundle,
    read_bundle_bytes,
    reference_bundle_path,
    validate_references,
)
from graphmodel.bundle.checks import check_cage, check_id, check_iso2, check_lei, check_nsn
from graphmodel.errors import BundleError, Problem, ValidationFailed

pytestmark = pytest.mark.unit

SAMPLE = {
    "countries.csv": "code,name,groups,concern\nFR,France,NATO;EU,none\nXX,Nowhere,,adversary\n",
    "organisations.csv": (
        "id,name,kind,country,lei,cage,website\n"
        "o1,Alpha Forge,company,FR,5493001KJTIIGC8Y1R12,1ABC2,alpha.example\n"
        "o2,Beta Works,,DE,,,\n"
    ),
    "facilities.csv": "id,name,operator,country,lat,lon\nf1,Plant One,o1,FR,45.5,4.8\n",
    "items.csv": (
        "id,name,kind,nsn\np1,Platform,platform,1005-01-234-5678\n"
        "c1,Part,component,1005012345678\nm1,Metal,material,\n"
    ),
    "bom.csv": "parent,child,quantity\np1,c1,2\nc1,m1,\n",
    "sources.csv": (
        "item,supplier,facility,share,qualified,recovery_days,capacity\n"
        "c1,o1,f1,0.6,yes,30,\nc1,o2,,0.4,No,,\nm1,o2,,,,,\n"
    ),
    "ownership.csv": "owner,owned,percentage,kind\no2,o1,51,\n",
    "designations.csv": "entity,list,listed_on,reason\no2,US-BIS-ENTITY,2023-05-01,test\n",
    "stockpiles.csv": (
        "item,holder,quantity,consumption_per_day,days_of_supply\nm1,o1,10,1,10\nm1,FR,100,,\n"
    ),
    "substitutes.csv": "item,substitute,qualified\nc1,m1,0\n",
    "production.csv": "material,country,share,stage,year,source\nm1,FR,0.25,,2024,USGS\n",
}


def write(tmp_path: Path, files: Mapping[str, str | bytes], name: str = "b") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for fname, text in files.items():
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        (folder / fname).write_bytes(data)
    return folder


def problems(path: Path, **kw: object) -> list[Problem]:
    with pytest.raises(ValidationFailed) as exc:
        read_bundle(path, **kw)  # type: ignore[arg-type]
    return exc.value.problems


def with_changes(**changes: str) -> dict[str, str | bytes]:
    files: dict[str, str | bytes] = dict(SAMPLE)
    for key, text in changes.items():
        files[key.replace("__", ".")] = text
    return files


def test_sample_reads_with_types_defaults_and_extras(tmp_path: Path) -> None:
    b = read_bundle(write(tmp_path, dict(SAMPLE)), references=True)
    assert b.tables["countries"][0] == {
        "code": "FR",
        "name": "France",
        "groups": ["NATO", "EU"],
        "concern": "none",
    }
    assert b.tables["countries"][1]["groups"] == []
    org1, org2 = b.tables["organisations"]
    assert org1["website"] == "alpha.example"  # extra column kept as a property
    assert org2 == {"id": "o2", "name": "Beta Works", "kind": "company", "country": "DE"}
    assert b.tables["bom"] == [
        {"parent": "p1", "child": "c1", "quantity": 2.0},
        {"parent": "c1", "child": "m1", "quantity": 1.0},
    ]
    src = b.tables["sources"]
    assert [s["qualified"] for s in src] == [True, False, True]
    assert "facility" not in src[1] and src[0]["recovery_days"] == 30.0
    assert b.tables["ownership"][0] == {
        "owner": "o2",
        "owned": "o1",
        "percentage": 51.0,
        "kind": "equity",
    }
    assert b.tables["production"][0]["stage"] == "mine"
    assert b.tables["production"][0]["year"] == 2024
    assert b.tables["designations"][0]["listed_on"] == "2023-05-01"


@pytest.mark.parametrize(
    ("changes", "file", "line", "column", "fragment"),
    [
        ({"items__csv": "id,name,kind\np1,P,spaceship\n"}, "items.csv", 2, "kind", "'platform'"),
        ({"items__csv": "id,name\np1,P\n"}, "items.csv", 1, "kind", "missing required column"),
        ({"items__csv": "id,name,kind\np1,,platform\n"}, "items.csv", 2, "name", "required"),
        (
            {"organisations__csv": "id,name,lei\no1,A,5493001KJTIIGC8Y1R13\no2,B,x\n"},
            "organisations.csv",
            2,
            "lei",
            "check digits",
        ),
        (
            {"organisations__csv": "id,name,cage\no1,A,1AB\no2,B,\n"},
            "organisations.csv",
            2,
            "cage",
            "CAGE",
        ),
        (
            {"items__csv": "id,name,kind,nsn\np1,P,platform,1005-1-234-5678\n"},
            "items.csv",
            2,
            "nsn",
            "NSN",
        ),
        (
            {"sources__csv": "item,supplier,share\nc1,o1,1.5\n"},
            "sources.csv",
            2,
            "share",
            "less than or equal to 1",
        ),
        (
            {"ownership__csv": "owner,owned,percentage\no2,o1,101\n"},
            "ownership.csv",
            2,
            "percentage",
            "less than or equal to 100",
        ),
        (
            {"ownership__csv": "owner,owned,percentage\no2,o1,-1\n"},
            "ownership.csv",
            2,
            "percentage",
            "greater than or equal to 0",
        ),
        (
            {"bom__csv": "parent,child,quantity\np1,c1,1\np1,c1,2\n"},
            "bom.csv",
            3,
            "parent",
            "the same as line 2",
        ),
        (
            {"sources__csv": "item,supplier,qualified\nc1,o1,maybe\n"},
            "sources.csv",
            2,
            "qualified",
            "not a boolean",
        ),
        ({"facilities__csv": "id,name,lat\nf1,P,91\n"}, "facilities.csv", 2, "lat", "90"),
        ({"items__csv": "id,name,kind\n p1,P,platform\n"}, "items.csv", 2, "id", "whitespace"),
        ({"countries__csv": "code,name\nfr,France\n"}, "countries.csv", 2, "code", "ISO 3166"),
        (
            {"designations__csv": "entity,list,listed_on\no2,L,2023-13-01\n"},
            "designations.csv",
            2,
            "listed_on",
            "date",
        ),
        (
            {"production__csv": "material,country,share,year\nm1,FR,0.1,twenty\n"},
            "production.csv",
            2,
            "year",
            "integer",
        ),
        (
            {"items__csv": "id,name,kind,analysis_score\np1,P,platform,1\n"},
            "items.csv",
            1,
            "analysis_score",
            "reserved",
        ),
    ],
)
def test_each_problem_is_located(
    tmp_path: Path, changes: dict[str, str], file: str, line: int, column: str, fragment: str
) -> None:
    found = problems(write(tmp_path, with_changes(**changes)))
    hits = [p for p in found if (p.file, p.line, p.column) == (file, line, column)]
    assert hits, found
    assert fragment in hits[0].message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    files = with_changes(
        items__csv="id,name,kind\np1,,platform\nc1,Part,blob\nc1,Part,component\n",
        bom__csv="parent,child,quantity\np1,c1,-1\n",
    )
    found = problems(write(tmp_path, files))
    where = {(p.file, p.line, p.column) for p in found}
    assert {("items.csv", 2, "name"), ("items.csv", 3, "kind"), ("bom.csv", 2, "quantity")} <= where
    assert len(found) >= 3


def test_line_numbers_are_physical_lines(tmp_path: Path) -> None:
    # A quoted field spanning two lines, then a blank line: the bad row is on line 5.
    text = 'id,name,kind\np1,"two\nlines",platform\n\nc1,C,nothing\n'
    found = problems(write(tmp_path, {"items.csv": text}))
    assert [(p.line, p.column) for p in found] == [(5, "kind")]


def test_malformed_csv_row_with_too_many_fields(tmp_path: Path) -> None:
    found = problems(write(tmp_path, {"items.csv": "id,name,kind\np1,P,platform,extra\n"}))
    assert found[0].line == 2 and "3" in found[0].message and "4 fields" in found[0].message


def test_non_utf8_file(tmp_path: Path) -> None:
    data = "id,name,kind\np1,Caf\u00e9,platform\n".encode("latin-1")
    found = problems(write(tmp_path, {"items.csv": data}))
    assert found[0].file == "items.csv" and found[0].line == 2 and "UTF-8" in found[0].message


def test_unknown_file_names_the_known_files(tmp_path: Path) -> None:
    found = problems(write(tmp_path, with_changes(**{"suppliers.csv": "a\n1\n"})))
    assert found[0].file == "suppliers.csv"
    assert "items.csv" in found[0].message and "production.csv" in found[0].message


def test_readme_and_hidden_files_are_not_tables(tmp_path: Path) -> None:
    folder = write(tmp_path, with_changes(**{"README.md": "# notes", ".DS_Store": "x"}))
    assert read_bundle(folder).tables["items"]


def test_missing_or_empty_items(tmp_path: Path) -> None:
    files = dict(SAMPLE)
    del files["items.csv"]
    found = problems(write(tmp_path, files, "a"))
    assert any(p.file == "items.csv" and "missing" in p.message for p in found)
    found = problems(write(tmp_path, with_changes(items__csv="id,name,kind\n"), "b"))
    assert any(p.file == "items.csv" and "no rows" in p.message for p in found)


def test_ids_must_not_collide(tmp_path: Path) -> None:
    files = with_changes(
        facilities__csv="id,name\no1,Plant\n",
        items__csv="id,name,kind\nDE,Germanium part,component\np1,P,platform\nc1,C,component\n"
        "m1,M,material\n",
    )
    found = problems(write(tmp_path, files))
    msgs = {(p.file, p.line): p.message for p in found}
    assert "already used by organisations" in msgs[("facilities.csv", 2)]
    assert "country code" in msgs[("items.csv", 2)]


def test_dangling_references_in_every_ref_column() -> None:
    b = Bundle(
        {
            "organisations": [{"id": "o", "name": "O", "country": "QQ"}],
            "facilities": [{"id": "f", "name": "F", "operator": "nobody", "country": "QQ"}],
            "items": [{"id": "i", "name": "I", "kind": "material"}],
            "bom": [{"parent": "x1", "child": "x2", "quantity": 1.0}],
            "sources": [{"item": "x3", "supplier": "x4", "facility": "x5", "qualified": True}],
            "ownership": [{"owner": "x6", "owned": "x7", "percentage": 5.0, "kind": "equity"}],
            "designations": [{"entity": "x8", "list": "L"}],
            "stockpiles": [
                {"item": "x9", "holder": "x10"},
                {"item": "i", "holder": "FR"},
                {"item": "i", "holder": "o"},
            ],
            "substitutes": [{"item": "x11", "substitute": "x12", "qualified": True}],
            "production": [{"material": "x13", "country": "QQ", "share": 0.1, "stage": "mine"}],
        }
    )
    with pytest.raises(ValidationFailed) as exc:
        validate_references(b, {"countries": {"FR"}})
    cols = {(p.file, p.column) for p in exc.value.problems}
    expected = {
        ("organisations", "country"),
        ("facilities", "operator"),
        ("facilities", "country"),
        ("bom", "parent"),
        ("bom", "child"),
        ("sources", "item"),
        ("sources", "supplier"),
        ("sources", "facility"),
        ("ownership", "owner"),
        ("ownership", "owned"),
        ("designations", "entity"),
        ("stockpiles", "item"),
        ("stockpiles", "holder"),
        ("substitutes", "item"),
        ("substitutes", "substitute"),
        ("production", "material"),
        ("production", "country"),
    }
    assert cols == expected
    # Holders "FR" (a country) and "o" (an organisation) resolve; only x10 is dangling.
    holders = [p for p in exc.value.problems if p.column == "holder"]
    assert len(holders) == 1 and "'x10'" in holders[0].message


def test_references_resolve_against_known_store_ids() -> None:
    b = Bundle(
        {
            "items": [{"id": "a", "name": "A", "kind": "platform"}],
            "bom": [{"parent": "a", "child": "b", "quantity": 1.0}],
        }
    )
    validate_references(b, {"Item": {"b"}})
    with pytest.raises(ValidationFailed):
        validate_references(b, {"Organisation": {"b"}})


def test_store_ids_collide_across_labels() -> None:
    b = Bundle({"items": [{"id": "a", "name": "A", "kind": "platform"}]})
    with pytest.raises(ValidationFailed, match="already used by organisations"):
        validate_references(b, {"organisations": {"a"}})


def test_read_with_references_reports_both_kinds_at_once(tmp_path: Path) -> None:
    files = with_changes(bom__csv="parent,child,quantity\np1,ghost,1\np1,c1,-2\n")
    found = problems(write(tmp_path, files), references=True)
    assert {(p.line, p.column) for p in found} == {(2, "child"), (3, "quantity")}


def test_json_bundle_positions_and_format(tmp_path: Path) -> None:
    doc = {
        "format": "supplynet-bundle/1",
        "items": [
            {"id": "p", "name": "P", "kind": "platform"},
            {"id": "q", "name": "Q", "kind": "rocket", "nsn": None},
        ],
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    found = problems(path)
    assert [(p.file, p.line, p.column) for p in found] == [("items", 2, "kind")]
    doc["format"] = "supplynet-bundle/2"
    doc["items"] = doc["items"][:1]
    path.write_text(json.dumps(doc))
    assert problems(path)[0].column == "format"


def test_json_not_an_object_and_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    path.write_text("[1, 2]")
    assert "must be an object" in problems(path)[0].message
    path.write_text('{"format": \n oops}')
    assert problems(path)[0].line == 2


def test_json_bundle_reads_like_csv(tmp_path: Path) -> None:
    doc = {
        "format": "supplynet-bundle/1",
        "countries": [{"code": "FR", "groups": "NATO;EU"}],
        "items": [{"id": "p", "name": "P", "kind": "platform", "tags": ["a", "b"]}],
        "sources": [],
        "bom": [],
    }
    b = read_bundle_bytes(json.dumps(doc).encode(), "x.json")
    assert b.tables["countries"][0]["groups"] == ["NATO", "EU"]
    assert b.tables["items"][0]["tags"] == ["a", "b"]


def _zip(entries: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in entries.items():
            zf.writestr(name, text)
    return buf.getvalue()


def test_zip_with_one_top_level_folder(tmp_path: Path) -> None:
    data = _zip({f"mybundle/{k}": v for k, v in SAMPLE.items()})
    b = read_bundle_bytes(data, "upload.zip")
    assert len(b.tables["items"]) == 3
    path = tmp_path / "b.zip"
    path.write_bytes(data)
    assert read_bundle(path).tables["bom"][0]["quantity"] == 2.0


def test_zip_deeper_nesting_is_an_unknown_file() -> None:
    data = _zip({"a/items.csv": SAMPLE["items.csv"], "a/b/bom.csv": SAMPLE["bom.csv"]})
    with pytest.raises(ValidationFailed, match="unknown file"):
        read_bundle_bytes(data, "upload.zip")


def test_zip_guards() -> None:
    with pytest.raises(BundleError, match="unsafe path"):
        read_bundle_bytes(_zip({"../items.csv": SAMPLE["items.csv"]}), "evil.zip")
    bomb = _zip({"items.csv": "id,name,kind\n" + "x" * 5_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(BundleError, match="more than"):
        read_bundle_bytes(bomb, "bomb.zip", max_bytes=1_000_000)
    many = _zip({f"f{i}.md": "" for i in range(300)})
    with pytest.raises(BundleError, match="entries"):
        read_bundle_bytes(many, "many.zip")
    with pytest.raises(BundleError, match="not a readable zip"):
        read_bundle_bytes(b"PK\x03\x04garbage", "broken.zip")


def test_path_that_does_not_exist(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="does not exist"):
        read_bundle(tmp_path / "nope")
    other = tmp_path / "x.txt"
    other.write_text("hello")
    with pytest.raises(BundleError, match="not a bundle"):
        read_bundle(other)


def test_packaged_bundles_are_valid() -> None:
    ref = read_bundle(reference_bundle_path())
    assert len(ref.tables["countries"]) >= 249
    demo = read_bundle(demo_bundle_path())
    # The demo names reference materials: valid once the reference is known.
    known = {"items": {r["id"] for r in ref.tables["items"]}}
    validate_references(demo, known)


@pytest.mark.parametrize(
    ("check", "good", "bad"),
    [
        (
            check_lei,
            ["5493001KJTIIGC8Y1R12"],
            ["5493001KJTIIGC8Y1R13", "5493001KJTIIGC8Y1R1", "5493001kjtiigc8y1r12"],
        ),
        (check_nsn, ["1005-01-234-5678", "1005012345678"], ["1005-01-2345678", "100501234567"]),
        (check_cage, ["1ABC2", "0AAA1"], ["1ABC", "1AB-2", "1ABC23"]),
        (check_iso2, ["FR", "CN"], ["fr", "FRA", "F1"]),
        (check_id, ["a", "a b"], [" a", "a ", ""]),
    ],
)
def test_format_checks(check: object, good: list[str], bad: list[str]) -> None:
    assert all(check(v) is None for v in good)  # type: ignore[operator]
    assert all(check(v) for v in bad)  # type: ignore[operator]


def test_volume_columns_read_typed_and_list_references_are_checked(tmp_path: Path) -> None:
    doc = {
        "format": "supplynet-bundle/1",
        "items": [
            {"id": "P", "name": "P", "kind": "platform", "demand_per_day": 2, "priority": 3},
            {"id": "M", "name": "M", "kind": "material", "unit": "t"},
        ],
        "organisations": [{"id": "O", "name": "O"}],
        "bom": [{"parent": "P", "child": "M", "sites": "O;nope"}],
        "sources": [
            {"item": "M", "supplier": "O", "capacity": 3, "stock": 10, "qualified_for": ["ghost"]}
        ],
    }
    path = tmp_path / "b.json"
    path.write_text(json.dumps(doc))
    b = read_bundle(path)
    assert b.tables["items"][0]["demand_per_day"] == 2.0
    assert b.tables["bom"][0]["sites"] == ["O", "nope"]
    assert b.tables["sources"][0]["stock"] == 10.0
    with pytest.raises(ValidationFailed) as err:
        read_bundle(path, references=True)
    got = {(p.file, p.column, p.message.split(" is not")[0]) for p in err.value.problems}
    assert got == {("bom", "sites", "'nope'"), ("sources", "qualified_for", "'ghost'")}
