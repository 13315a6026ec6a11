"""Structure of the deployment and tooling files (no container engine runs here)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

pytestmark = pytest.mark.unit

REPO = Path(__file__).resolve().parents[2]
REQUIRED_PASSWORD = "${NEO4J_PASSWORD:?"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    return data


def test_neo4j_image_is_a_pinned_5_26_community_patch(compose: dict[str, Any]) -> None:
    image = compose["services"]["neo4j"]["image"]
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", image), image


def test_local_neo4j_pom_pins_the_compose_version(compose: dict[str, Any]) -> None:
    """``neo4j-local`` runs the very version production runs."""
    from graphmodel.store.neo4j_local import NEO4J_POM, neo4j_version

    image = compose["services"]["neo4j"]["image"]
    assert image == f"neo4j:{neo4j_version()}-community"
    assert NEO4J_POM.is_file() and "<artifactId>neo4j</artifactId>" in NEO4J_POM.read_text()


def test_neo4j_reads_no_files_from_cypher(compose: dict[str, Any]) -> None:
    env = compose["services"]["neo4j"]["environment"]
    assert env["NEO4J_dbms_security_allow__csv__import__from__file__urls"] == "false"
    assert env["NEO4J_internal_dbms_cypher__ip__blocklist"] == "0.0.0.0/0,::/0"
    assert env["NEO4J_dbms_usage__report_enabled"] == "false"


def test_neo4j_has_a_cypher_health_check(compose: dict[str, Any]) -> None:
    check = compose["services"]["neo4j"]["healthcheck"]
    assert "RETURN 1" in " ".join(check["test"])
    assert check["retries"] >= 1


def test_no_password_is_committed(compose: dict[str, Any]) -> None:
    neo4j_env = compose["services"]["neo4j"]["environment"]
    api_env = compose["services"]["api"]["environment"]
    assert neo4j_env["NEO4J_AUTH"].startswith("neo4j/" + REQUIRED_PASSWORD)
    assert api_env["SUPPLYNET_NEO4J_PASSWORD"].startswith(REQUIRED_PASSWORD)
    text = (REPO / "docker-compose.yml").read_text()
    # No fallback value for any variable, and no inline secret.
    assert ":-" not in text
    assert "NEO4J_AUTH: none" not in text


def test_data_and_logs_live_in_named_volumes(compose: dict[str, Any]) -> None:
    mounts = dict(v.split(":")[::-1] for v in compose["services"]["neo4j"]["volumes"])
    assert {"/data", "/logs"} <= set(mounts)
    assert set(mounts.values()) <= set(compose["volumes"])


def test_api_waits_for_a_healthy_neo4j(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    env = api["environment"]
    assert env["SUPPLYNET_STORE"] == "neo4j"
    assert env["SUPPLYNET_NEO4J_URI"] == "bolt://neo4j:7687"


def test_dockerfile_serves_the_api_on_all_interfaces() -> None:
    text = (REPO / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    assert "pip install ." in text
    assert "COPY cypher" in text
    cmd = re.search(r"^CMD (.+)$", text, re.MULTILINE)
    assert cmd is not None
    assert json.loads(cmd.group(1))[:4] == ["supplynet", "serve", "--host", "0.0.0.0"]
    assert re.search(r"^USER (?!root)\S+$", text, re.MULTILINE)


def test_linter_version_is_pinned_exactly_and_locked() -> None:
    package = json.loads((REPO / "package.json").read_text())
    lock = json.loads((REPO / "package-lock.json").read_text())
    want = package["devDependencies"]["@neo4j-cypher/language-support"]
    assert want == "2.0.0-next.38"
    locked = lock["packages"]["node_modules/@neo4j-cypher/language-support"]["version"]
    assert locked == want


def test_readme_quick_start_is_two_commands() -> None:
    text = (REPO / "README.md").read_text()
    section = re.search(r"^## Quick start\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert section is not None, "README.md has no '## Quick start' section"
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", section.group(1), re.DOTALL)
    assert block is not None
    commands = [ln.strip() for ln in block.group(1).splitlines() if ln.strip()]
    assert commands == ["make demo", "make test"]
