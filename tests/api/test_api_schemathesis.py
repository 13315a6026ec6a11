"""Schemathesis against the app's own OpenAPI document, on both stores: no 5xx, and
every response matches its declared status, content type and schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from api.keys import create_key
from graphmodel.store.embedded import EmbeddedServer
from tests.conftest import store_settings

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def _app(
    request: pytest.FixtureRequest, store_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Any, dict[str, str]]]:
    data_dir: Path = tmp_path_factory.mktemp("st")
    settings_ = store_settings(
        request,
        store_kind,
        data_dir,
        max_upload_bytes=100_000,
        query_timeout_ms=1_000,
        query_row_cap=100,
    )
    key = create_key(settings_, "admin", note="schemathesis")[1]
    app = create_app(settings_)
    try:
        yield app, {"Authorization": f"Bearer {key}"}
    finally:
        EmbeddedServer(data_dir).stop()


def test_api_conforms_to_its_schema(_app: tuple[Any, dict[str, str]]) -> None:
    """Every operation, 10 generated cases each (derandomised, so reproducible)."""
    app, headers = _app
    schema = schemathesis.openapi.from_asgi("/v1/openapi.json", app, headers=headers)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        op = result.ok()
        operations += 1

        @given(case=op.as_strategy())
        @settings(
            max_examples=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: Any) -> None:
            # Schema-valid requests may still name a node that does not exist or carry a
            # statement the database refuses; those 404/422 answers are declared and correct.
            case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])

        try:
            check()
        except Exception as exc:
            failures.append(f"{op.label}: {exc}")
    assert operations > 20
    assert failures == []
