"""``python -m api.server --workers 2``: settings reach every worker through the environment."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from api.keys import create_key
from api.server import settings_environment
from graphmodel.settings import Settings
from graphmodel.store.embedded import EmbeddedServer

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, key: str | None = None) -> tuple[int, Any]:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_two_workers_serve_with_the_given_settings(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, graph=f"srv_{uuid.uuid4().hex[:8]}")
    key = create_key(settings, "viewer", note="workers test")[1]
    port = _free_port()
    # Only the environment carries the settings to the workers; none are inherited.
    env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
    env.update({k: v for k, v in settings_environment(settings).items() if v is not None})
    server = subprocess.Popen(
        [sys.executable, "-m", "api.server", "--port", str(port), "--workers", "2",
         "--log-level", "warning", "--no-access-log"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        status: int | None = None
        while time.monotonic() < deadline:
            try:
                status, _ = _get(f"{base}/v1/health")
                break
            except OSError:
                assert server.poll() is None, server.stderr.read() if server.stderr else ""
                time.sleep(0.2)
        assert status == 200
        # Several requests, new connections each: both workers answer with the key
        # stored in this data dir, so both read the same settings.
        for _ in range(8):
            code, body = _get(f"{base}/v1/platforms", key)
            assert code == 200 and body["total"] == 0
        assert _get(f"{base}/v1/platforms", "sn_wrong")[0] == 401
        workers = subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True, check=False
        ).stdout.split()
        assert len(workers) >= 2
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        EmbeddedServer(tmp_path).stop()
