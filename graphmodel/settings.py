"""Settings from the environment (prefix ``SUPPLYNET_``) or a ``.env`` file."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_data_dir", "get_settings"]

# Passwords that ship in examples; a production deployment must not run with them.
_KNOWN_DEFAULT_PASSWORDS = {"neo4j", "password", "changeme", "changethis", "secret"}


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "supplynet"


class Settings(BaseSettings):
    """All runtime configuration of supplynet."""

    model_config = SettingsConfigDict(env_prefix="SUPPLYNET_", env_file=".env", extra="ignore")

    # embedded: FalkorDB run by supplynet; neo4j-local: Neo4j 5 run by supplynet
    # from Maven Central (needs Java 17+ and Maven); neo4j: a Neo4j you run yourself.
    store: Literal["embedded", "neo4j-local", "neo4j"] = "embedded"
    data_dir: Path = default_data_dir()
    graph: str = "supplynet"
    neo4j_uri: str = "bolt://localhost:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    neo4j_database: str | None = None
    # neo4j-local only: JVM heap (initial = max) and page cache of the managed server.
    neo4j_heap: str = "1g"
    neo4j_pagecache: str = "512m"
    batch_size: int = 20_000
    # Embedded store: write a load's CREATE statements with GRAPH.BULK (false: batched UNWIND).
    bulk_load: bool = True
    # Ad-hoc Cypher: server-side limits (graphmodel.store.adhoc). Rows and bytes are
    # capped while the reply streams; slots are shared by every caller, and one
    # caller (API key) may hold at most query_slots_per_key of them.
    query_timeout_ms: int = Field(5_000, ge=100, le=600_000)
    query_row_cap: int = Field(10_000, ge=1, le=1_000_000)
    query_byte_cap: int = Field(16 * 1024 * 1024, ge=1024)
    query_slots: int = Field(2, ge=1, le=64)
    query_slots_per_key: int = Field(1, ge=1, le=64)
    # Request bodies: bundle and source imports up to max_upload_bytes, every other
    # (JSON) body up to max_request_bytes; both refused before a byte is read.
    max_upload_bytes: int = 200 * 1024 * 1024
    max_request_bytes: int = 4 * 1024 * 1024
    environment: Literal["local", "production"] = "local"
    # After each analysis run, POST what changed since the previous run here (optional).
    webhook_url: str | None = None
    webhook_timeout_s: float = 5.0
    # Each completed load is a snapshot: the analysis runs at its end and is kept as a
    # run of kind "load" (graphmodel.runs.snapshot_load); false for huge benchmark loads.
    snapshot_loads: bool = True
    # Kept runs (analyses and load snapshots): after each new run the oldest beyond this
    # many are removed (0 keeps every run). At 1M nodes one run is 1.2 GB on disk.
    keep_runs: int = Field(100, ge=0)
    # Dask scheduler address (tcp://host:port) the volume stress test runs on; None: a
    # process pool in the CLI, in-process in the API server.
    cluster: str | None = None

    @model_validator(mode="after")
    def _refuse_default_secrets(self) -> Settings:
        if self.store == "neo4j" and self.environment == "production":
            pw = self.neo4j_password.get_secret_value() if self.neo4j_password else ""
            if not pw or pw.lower() in _KNOWN_DEFAULT_PASSWORDS:
                raise ValueError(
                    "SUPPLYNET_NEO4J_PASSWORD is unset or a well-known default; "
                    "set a real password for a production deployment"
                )
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
