"""POST /v1/imports/{kind}: registry, sanctions, BOM and supplier files through the bundle path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "imports"


def test_import_raw_body_then_multipart(api_env: ApiEnv) -> None:
    body = (FIXTURES / "opensanctions.ftm.json").read_bytes()
    r = api_env.client.post(
        "/v1/imports/ftm",
        params={"filename": "opensanctions.ftm.json"},
        content=body,
        headers={**api_env.auth("editor"), "Content-Type": "application/octet-stream"},
    )
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["kind"] == "ftm"
    assert doc["counts"]["designations"] == 2
    assert any("Vessel" in n for n in doc["notes"])
    files = [
        ("file", (name, (FIXTURES / name).read_bytes(), "text/csv"))
        for name in ("gleif-lei.csv", "gleif-rr.csv", "gleif-repex.csv")
    ]
    r = api_env.client.post("/v1/imports/gleif", files=files, headers=api_env.auth("editor"))
    assert r.status_code == 200, r.text
    assert r.json()["counts"]["ownership"] == 3
    got = api_env.client.get(
        "/v1/organisations/lei:5299000AURORAHLD0070", headers=api_env.auth("viewer")
    )
    assert got.status_code == 200, got.text


def test_gleif_relationship_outside_the_file_is_a_warning_not_a_refusal(api_env: ApiEnv) -> None:
    header = (FIXTURES / "gleif-rr.csv").read_text(encoding="utf-8").splitlines()[0]
    row = '"5299000NORDLICHT0030","LEI","5299000OUTSIDEPA0050","LEI",'
    row += '"IS_DIRECTLY_CONSOLIDATED_BY","ACTIVE"' + ',""' * 19
    files = [
        ("file", ("gleif-lei.csv", (FIXTURES / "gleif-lei.csv").read_bytes(), "text/csv")),
        ("file", ("rr.csv", f"{header}\n{row}\n".encode(), "text/csv")),
    ]
    r = api_env.client.post("/v1/imports/gleif", files=files, headers=api_env.auth("editor"))
    assert r.status_code == 200, r.text
    warnings = r.json()["warnings"]
    assert [(w["file"], w["line"], w["column"]) for w in warnings] == [
        ("rr.csv", 2, "Relationship.EndNode.NodeID")
    ]
    stub = api_env.client.get(
        "/v1/organisations/lei:5299000OUTSIDEPA0050", headers=api_env.auth("viewer")
    )
    assert stub.status_code == 200, stub.text


def test_bad_file_is_a_422_with_every_problem_and_nothing_written(api_env: ApiEnv) -> None:
    body = b'"LEI","Entity.LegalName"\n"BAD","One"\n"5299000AURORAHLD0071","Two"\n'
    r = api_env.client.post(
        "/v1/imports/gleif",
        params={"filename": "lei.csv"},
        content=body,
        headers={**api_env.auth("editor"), "Content-Type": "text/csv"},
    )
    assert r.status_code == 422
    problems = r.json()["problems"]
    assert [(p["file"], p["line"], p["column"]) for p in problems] == [
        ("lei.csv", 2, "LEI"),
        ("lei.csv", 3, "LEI"),
    ]


def test_viewers_cannot_import_and_unknown_kinds_are_refused(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/imports/suppliers", content=b"name\nA\n", headers=api_env.auth("viewer")
    )
    assert r.status_code == 403
    r = api_env.client.post(
        "/v1/imports/spreadsheet", content=b"name\nA\n", headers=api_env.auth("editor")
    )
    assert r.status_code == 422


def test_analysis_run_as_of_a_date(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/analysis/runs", params={"as_of": "2021-06-01"}, headers=api_env.auth("editor")
    )
    assert r.status_code == 200, r.text
    import json

    from graphmodel.workspace import Workspace

    latest = json.loads(Workspace(api_env.settings.data_dir).latest_analysis_path.read_text())
    assert latest["result"]["as_of"] == "2021-06-01"
    r = api_env.client.post(
        "/v1/analysis/runs", params={"as_of": "June 2021"}, headers=api_env.auth("editor")
    )
    assert r.status_code == 422
