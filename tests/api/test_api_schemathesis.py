"""Schemathesis against the app's own OpenAPI document: no 5xx, and every response
matches its declared status, content type and schema."""

from __future__ import annotations

import atexit
import shutil
import tempfile
import uuid
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from api.app import create_app
from api.keys import create_key
from graphmodel.settings import Settings
from graphmodel.store.embedded import EmbeddedServer

pytestmark = pytest.mark.e2e

_DATA = Path(tempfile.mkdtemp(prefix="supplynet-st-"))


def _cleanup() -> None:
    EmbeddedServer(_DATA).stop()
    shutil.rmtree(_DATA, ignore_errors=True)


# The app is built at import (schemathesis needs it to collect), so a run that
# stops before this module's fixtures finish must still stop the server.
atexit.register(_cleanup)
_SETTINGS = Settings(
    data_dir=_DATA,
    graph=f"st_{uuid.uuid4().hex[:10]}",
    max_upload_bytes=100_000,
    query_timeout_ms=1_000,
    query_row_cap=100,
)
_KEY = create_key(_SETTINGS, "admin", note="schemathesis")[1]
_HEADERS = {"Authorization": f"Bearer {_KEY}"}
_APP = create_app(_SETTINGS)

schema = schemathesis.openapi.from_asgi("/v1/openapi.json", _APP, headers=_HEADERS)


@pytest.fixture(scope="module", autouse=True)
def _stop_store() -> Any:
    yield
    _cleanup()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_conforms_to_its_schema(case: Any) -> None:
    # Schema-valid requests may still name a node that does not exist or carry a
    # statement the database refuses; those 404/422 answers are declared and correct.
    case.call_and_validate(headers=_HEADERS, excluded_checks=[positive_data_acceptance])
