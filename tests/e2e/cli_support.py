"""Helpers for the tests that run ``supplynet`` as users run it: a real process, a real store.

- :func:`run_cli`: one ``python -m graphmodel.cli ARGS`` process, its output captured.
- :func:`cli_environment`: the process environment for a store's settings (no
  ``SUPPLYNET_*`` of the caller's leaks in).
- :func:`demo_env_fixture`: a module-scoped fixture with that environment on the
  session's store of ``store_kind`` (both, in turn), the demo network loaded; a module
  takes it with ``env = demo_env_fixture("name")``.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from api.server import settings_environment
from graphmodel.settings import Settings
from graphmodel.store.embedded import EmbeddedServer
from tests.conftest import store_settings

__all__ = ["cli_environment", "demo_env_fixture", "run_cli"]


def run_cli(
    env: dict[str, str], *args: str, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """``supplynet ARGS`` with ``env``, its output captured as text (never raises on
    failure). A process still running after ``timeout`` fails the test with what it
    wrote, its threads' stacks (taken a little earlier) and the embedded server's log."""
    env = {**env, "SUPPLYNET_STACKS_AFTER": str(max(1.0, timeout - 15))}
    try:
        return subprocess.run(
            [sys.executable, "-m", "graphmodel.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raw = exc.stderr or ""
        stderr = raw.decode(errors="replace") if isinstance(raw, bytes) else raw
        log = ""
        if env.get("SUPPLYNET_STORE") == "embedded" and env.get("SUPPLYNET_DATA_DIR"):
            path = EmbeddedServer(Path(env["SUPPLYNET_DATA_DIR"])).logfile
            with contextlib.suppress(OSError):
                log = "\n".join(path.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(
            f"supplynet {' '.join(args)} still ran after {timeout:.0f} s\n"
            f"--- stderr (stacks at {timeout - 15:.0f} s)\n{stderr[-8000:]}\n"
            f"--- embedded server log (last lines)\n{log}"
        )


def cli_environment(settings: Settings) -> dict[str, str]:
    """This process's environment less ``SUPPLYNET_*``, plus ``settings``' own, 200 columns."""
    e = {k: v for k, v in os.environ.items() if not k.startswith("SUPPLYNET_")}
    e.update({k: v for k, v in settings_environment(settings).items() if v is not None})
    e["COLUMNS"] = "200"
    return e


def demo_env_fixture(name: str) -> Callable[..., Any]:
    """A module-scoped fixture: the CLI's environment on the session's store of
    ``store_kind`` (both, in turn), data under a temporary ``name`` folder, after
    ``supplynet demo``; the embedded server it started is stopped at the end."""

    @pytest.fixture(scope="module")
    def env(
        request: pytest.FixtureRequest, store_kind: str, tmp_path_factory: pytest.TempPathFactory
    ) -> Iterator[dict[str, str]]:
        data = tmp_path_factory.mktemp(name)
        e = cli_environment(store_settings(request, store_kind, data))
        r = run_cli(e, "demo")
        assert r.returncode == 0, r.stderr
        yield e
        EmbeddedServer(data).stop()

    return env
