"""Imports and exports: size limits, validation problems, round trip."""

from __future__ import annotations

import importlib.util
import io
import json
import zipfile
from collections.abc import Iterator

import pytest

from tests.api.api_support import ApiEnv

pytestmark = pytest.mark.e2e

_HAS_BUNDLE = importlib.util.find_spec("graphmodel.load") is not None
needs_bundle = pytest.mark.skipif(not _HAS_BUNDLE, reason="graphmodel.load has not landed yet")


def test_too_large_by_content_length(api_env: ApiEnv) -> None:
    body = b"x" * (api_env.settings.max_upload_bytes + 1)
    r = api_env.client.post(
        "/v1/imports",
        content=body,
        headers={**api_env.auth("editor"), "Content-Type": "application/zip"},
    )
    assert r.status_code == 413
    assert r.json()["type"] == "urn:supplynet:problem:body-too-large"


def test_too_large_while_streaming(api_env: ApiEnv) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(30):
            yield b"y" * 10_000  # 300 kB in all, no Content-Length

    r = api_env.client.post(
        "/v1/imports",
        content=chunks(),
        headers={**api_env.auth("editor"), "Content-Type": "application/zip"},
    )
    assert r.status_code == 413
    audit = api_env.client.get(
        "/v1/audit", params={"action": "import"}, headers=api_env.auth("admin")
    )
    assert audit.json()["items"][0]["outcome"] == "rejected"


def test_unknown_format_is_refused(api_env: ApiEnv) -> None:
    r = api_env.client.post(
        "/v1/imports",
        content=b"\x00\x01 not a bundle",
        headers={**api_env.auth("editor"), "Content-Type": "application/octet-stream"},
    )
    assert r.status_code == 422
    assert r.json()["type"] == "urn:supplynet:problem:bad-bundle"


def test_validation_problems_come_back_and_nothing_is_written(api_env: ApiEnv) -> None:
    before = api_env.state.store.query("stats")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("items.csv", "id,name,kind\nX1,Thing,not-a-kind\nX2,,material\n")
        zf.writestr("bom.csv", "parent,child,quantity\nX1,NOPE,1\n")
    r = api_env.client.post(
        "/v1/imports",
        content=buf.getvalue(),
        headers={**api_env.auth("editor"), "Content-Type": "application/zip"},
    )
    assert r.status_code == 422, r.text
    problems = r.json()["problems"]
    assert len(problems) >= 3
    assert all({"file", "line", "column", "message"} <= set(p) for p in problems)
    assert {p["file"] for p in problems} >= {"items.csv", "bom.csv"}
    assert any(p["line"] == 2 and p["column"] == "kind" for p in problems)
    assert api_env.state.store.query("stats") == before


@needs_bundle
def test_export_then_import_round_trips(api_env: ApiEnv) -> None:
    h = api_env.auth("editor")
    exported = api_env.client.get("/v1/exports", params={"format": "json"}, headers=h)
    assert exported.status_code == 200, exported.text
    assert exported.headers["content-type"].startswith("application/json")
    zipped = api_env.client.get("/v1/exports", headers=h)
    assert zipfile.ZipFile(io.BytesIO(zipped.content)).namelist()
    r = api_env.client.post(
        "/v1/imports", content=exported.content, headers={**h, "Content-Type": "application/json"}
    )
    assert r.status_code == 200, r.text
    assert json.loads(r.text)["counts"]


_ONE_ITEM = json.dumps(
    {"format": "supplynet-bundle/1", "items": [{"id": "Q1", "name": "Q", "kind": "material"}]}
).encode()


@needs_bundle
def test_an_import_during_another_load_is_refused_and_writes_nothing(api_env: ApiEnv) -> None:
    h = {**api_env.auth("editor"), "Content-Type": "application/json"}
    before = api_env.state.store.query("stats")
    other = api_env.state.store.begin_load(replace=True)  # as a CLI load would hold it
    try:
        r = api_env.client.post("/v1/imports?replace=true", content=_ONE_ITEM, headers=h)
    finally:
        other.abort()
    assert r.status_code == 409, r.text
    assert r.json()["detail"].startswith("Another load into this graph is running")
    assert api_env.state.store.query("stats") == before


@needs_bundle
def test_a_replace_import_swaps_the_graph_and_its_generation(api_env: ApiEnv) -> None:
    h = {**api_env.auth("editor"), "Content-Type": "application/json"}
    generation = api_env.state.store.generation()
    r = api_env.client.post("/v1/imports?replace=true", content=_ONE_ITEM, headers=h)
    assert r.status_code == 200, r.text
    assert api_env.state.store.generation() != generation
    again = api_env.client.get("/v1/exports", params={"format": "json"}, headers=h)
    assert [i["id"] for i in json.loads(again.content)["items"]] == ["Q1"]


def _never_read(size: int, seen: list[int]) -> Iterator[bytes]:
    """A streamed body that records how much of it the server pulled."""
    for _ in range(size // 10_000):
        seen.append(10_000)
        yield b" " * 10_000


def test_json_endpoints_have_their_own_smaller_limit(api_env: ApiEnv) -> None:
    limit = api_env.settings.max_request_bytes
    assert limit < api_env.settings.max_upload_bytes or limit <= 4 * 1024 * 1024
    body = b'{"statement": "RETURN 1", "pad": "' + b"x" * limit + b'"}'
    r = api_env.client.post(
        "/v1/cypher/adhoc",
        content=body,
        headers={**api_env.auth("analyst"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert f"{limit:,} bytes" in r.json()["detail"]


@pytest.mark.parametrize(
    "path", ["/v1/cypher/adhoc", "/v1/scenarios", "/v1/imports", "/v1/matches/decisions"]
)
@pytest.mark.parametrize("key", [None, "sn_not-a-key"])
def test_an_unauthenticated_body_is_refused_before_it_is_read(
    api_env: ApiEnv, path: str, key: str | None
) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": "150000"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    seen: list[int] = []
    r = api_env.client.post(path, content=_never_read(150_000, seen), headers=headers)
    assert r.status_code == 401, r.text
    assert r.headers["WWW-Authenticate"] == "Bearer"
    # Nothing of the body was parsed (the test client may buffer a chunk; no more).
    assert sum(seen) <= 10_000


def test_every_stage_is_reported_in_one_pass(api_env: ApiEnv) -> None:
    """A bad LEI (a cell), a dangling BOM child (a reference) and a BOM cycle: one 422."""
    doc = {
        "format": "supplynet-bundle/1",
        "items": [
            {"id": "t-p", "name": "Test Platform", "kind": "platform"},
            {"id": "t-a", "name": "Test Assembly", "kind": "assembly"},
            {"id": "t-b", "name": "Test Board", "kind": "component"},
        ],
        "organisations": [
            {"id": "t-o", "name": "Test Works", "kind": "company", "country": "FR", "lei": "NO"}
        ],
        "bom": [
            {"parent": "t-p", "child": "t-a", "quantity": 1},
            {"parent": "t-a", "child": "t-missing", "quantity": 1},
            {"parent": "t-a", "child": "t-b", "quantity": 1},
            {"parent": "t-b", "child": "t-a", "quantity": 1},
        ],
    }
    before = api_env.state.store.query("stats")
    r = api_env.client.post("/v1/imports", json=doc, headers=api_env.auth("editor"))
    assert r.status_code == 422, r.text
    body = r.json()
    columns = sorted((p["file"].split(".")[0], p["column"]) for p in body["problems"])
    assert columns == [("bom", "child"), ("bom", "child"), ("organisations", "lei")], body
    assert any("cycle" in p["message"] for p in body["problems"])
    assert api_env.state.store.query("stats") == before
