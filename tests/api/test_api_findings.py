"""Findings tables (JSON, CSV, XLSX), organisation profiles and ownership up and down."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest

from graphmodel.workspace import Workspace
from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def analysed(api_env: ApiEnv) -> Iterator[ApiEnv]:
    # A real analysis run of the test graph, through the API.
    r = api_env.client.post("/v1/analysis/runs", headers=api_env.auth("editor"))
    assert r.status_code == 200, r.text
    yield api_env
    Workspace(api_env.settings.data_dir).latest_analysis_path.unlink(missing_ok=True)


def test_findings_tables_carry_names_and_paths(analysed: ApiEnv) -> None:
    r = analysed.client.get("/v1/platforms/P1/findings", headers=analysed.auth("viewer"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["platform"]["name"] == "Demo Launcher"
    tables = body["tables"]
    assert set(tables) == {
        "spof", "sole_source", "data_gaps", "adversary_links", "blocking", "concentration",
    }  # fmt: skip
    spof = {r["nodes"][0]["id"]: r for r in tables["spof"] if r["order"] == 1}
    assert spof["O3"]["nodes"][0]["name"] == "Gamma Metals"
    assert spof["O3"]["path"][0]["id"] == "P1"
    linked = {r["node"]["id"]: r for r in tables["adversary_links"]}
    assert "O3" in linked and linked["O3"]["reasons"][0]["kind"] == "registration"
    blocking = {r["item"]["id"] for r in tables["blocking"]}
    assert blocking == {"M1"}


def test_findings_export_as_csv_and_xlsx(analysed: ApiEnv) -> None:
    h = analysed.auth("viewer")
    r = analysed.client.get("/v1/platforms/P1/findings/sole_source.csv", headers=h)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    by_item = {row["item_id"]: row for row in rows}
    assert by_item["M1"]["supplier"] == "Gamma Metals (O3)"
    assert by_item["M1"]["path"].startswith("Demo Launcher (P1) → ")
    x = analysed.client.get("/v1/platforms/P1/findings.xlsx", headers=h)
    assert x.status_code == 200

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(x.content))
    assert wb.sheetnames[:3] == ["spof", "sole_source", "data_gaps"]
    sheet = wb["sole_source"]
    header = [c.value for c in sheet[1]]
    col = header.index("supplier_id")
    assert "O3" in [row[col].value for row in sheet.iter_rows(min_row=2)]
    bad = analysed.client.get("/v1/platforms/P1/findings/nope.csv", headers=h)
    assert bad.status_code == 422
    assert analysed.client.get("/v1/platforms/NOPE/findings", headers=h).status_code == 404


def test_organisation_profile_and_ownership(analysed: ApiEnv) -> None:
    h = analysed.auth("viewer")
    prof = analysed.client.get("/v1/organisations/O1/profile", headers=h)
    assert prof.status_code == 200, prof.text
    p = prof.json()
    assert (p["name"], p["country"]["name"]) == ("Alpha Fabrication", "France")
    assert [s["item"]["id"] for s in p["supplies"]] == ["A1"]
    assert [f["id"] for f in p["facilities"]] == ["F1"]
    assert [x["id"] for x in p["platforms"]] == ["P1"]
    gamma = analysed.client.get("/v1/organisations/O3/profile", headers=h).json()
    assert gamma["adversary_linked"] is True and gamma["reasons"]
    own = analysed.client.get("/v1/organisations/O1/ownership", headers=h).json()
    assert own["organisation"]["id"] == "O1"
    assert own["owners"] == [] and own["subsidiaries"] == []
    missing = analysed.client.get("/v1/organisations/NOPE/ownership", headers=h)
    assert missing.status_code == 404
