"""A managed local Neo4j 5: the production engine run by supplynet itself, no Docker.

``SUPPLYNET_STORE=neo4j-local`` runs Neo4j Community from its Maven Central
artifacts (``graphmodel/data/neo4j/pom.xml``, the version ``docker-compose.yml``
pins) as a child process under the data directory, as the embedded FalkorDB is
run:

- Maven resolves the jars once into its local repository; the class path is
  cached per pom (``$XDG_CACHE_HOME/supplynet``), so later starts need no Maven.
- Data, logs and configuration live in ``DATA_DIR/neo4j``; Bolt listens on
  127.0.0.1 on a free port, HTTP is off, usage reporting is off, file access
  from ``LOAD CSV`` is off, heap and page cache are explicit.
- Authentication is on, with a generated password kept in
  ``DATA_DIR/neo4j/password`` (mode 0600), set with Neo4j's own
  ``set-initial-password`` before the first start.
- One server per data directory: the server process holds an exclusive
  ``flock`` on ``DATA_DIR/neo4j/server.lock`` for its whole life (the locked
  file description is inherited by the Java process), and starts are
  serialised by a second lock. Neo4j's own store lock is a further guard.
- Readiness follows the server: the process exiting is "failed" (with the
  reason from Neo4j's log), the log's ``Started.`` line plus an open Bolt port
  is "ready", anything else is "starting".
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from graphmodel.errors import StoreUnavailableError

__all__ = [
    "NEO4J_POM",
    "LocalNeo4jServer",
    "Neo4jServerStatus",
    "neo4j_version",
    "resolve_classpath",
]

NEO4J_POM = Path(__file__).resolve().parent.parent / "data" / "neo4j" / "pom.xml"
_ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
_ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"
_MIN_JAVA = 17

# The JVM options Neo4j's own launcher adds (its default neo4j.conf), less the
# ones that only slow a small server's start (AlwaysPreTouch).
_JVM_OPTIONS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
)

State = Literal["stopped", "starting", "running"]


def neo4j_version(pom: Path = NEO4J_POM) -> str:
    """The Neo4j version the pom pins.

    Examples
    --------
    >>> neo4j_version().startswith("5.26.")
    True
    """
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", pom.read_text())
    if not match:  # pragma: no cover - the shipped pom always has it
        raise StoreUnavailableError("The Neo4j runtime pom names no version")
    return match.group(1).strip()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "supplynet"


def find_java() -> str:
    """Path of a Java 17+ runtime: ``$JAVA_HOME/bin/java``, else ``java`` on the PATH."""
    home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(home) / "bin" / "java")] if home else []
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    for java in candidates:
        if not os.access(java, os.X_OK):
            continue
        proc = subprocess.run(
            [java, "-version"], capture_output=True, text=True, check=False, timeout=60
        )
        match = re.search(r'version "(\d+)', proc.stderr + proc.stdout)
        if match and int(match.group(1)) >= _MIN_JAVA:
            return java
    raise StoreUnavailableError(
        f"The local Neo4j store needs Java {_MIN_JAVA} or newer; install a JDK "
        "(e.g. `apt-get install openjdk-17-jre-headless`) or set JAVA_HOME"
    )


def resolve_classpath(pom: Path = NEO4J_POM, *, offline: bool = False) -> list[str]:
    """The Neo4j server's class path, resolved by Maven once and cached per pom.

    The cache holds absolute jar paths in Maven's local repository; it is used
    only while every jar it names still exists.
    """
    text = pom.read_bytes()
    digest = hashlib.sha256(text).hexdigest()[:12]
    cache = _cache_dir() / f"neo4j-{neo4j_version(pom)}-{digest}.classpath"
    with contextlib.suppress(OSError):
        entries = [e for e in cache.read_text().strip().split(os.pathsep) if e]
        if entries and all(Path(e).is_file() for e in entries):
            return entries
    mvn = shutil.which("mvn")
    if mvn is None:
        raise StoreUnavailableError(
            "The local Neo4j store needs Maven to fetch Neo4j from Maven Central once; "
            "install it (e.g. `apt-get install maven`)"
        )
    cache.parent.mkdir(parents=True, exist_ok=True)
    out = cache.with_suffix(f".tmp{os.getpid()}")
    cmd = [
        mvn,
        "-B",
        "-q",
        "--no-transfer-progress",
        "-Dstyle.color=never",
        "-f",
        str(pom),
        "dependency:build-classpath",
        "-Dmdep.includeScope=runtime",
        f"-Dmdep.outputFile={out}",
    ]
    if offline:
        cmd.insert(1, "-o")
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=1800)
    if proc.returncode != 0 or not out.is_file():
        tail = " ".join((proc.stdout + proc.stderr).split())[-400:]
        raise StoreUnavailableError(f"Maven could not fetch Neo4j {neo4j_version(pom)}: {tail}")
    entries = [e for e in out.read_text().strip().split(os.pathsep) if e]
    os.replace(out, cache)
    return entries


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class Neo4jServerStatus:
    state: State
    pid: int | None
    port: int | None
    data_dir: Path

    @property
    def running(self) -> bool:
        return self.state == "running"

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def describe(self) -> str:
        if self.state == "stopped":
            return f"local Neo4j stopped (data in {self.data_dir})"
        return (
            f"local Neo4j {self.state}, pid {self.pid}, Bolt on 127.0.0.1:{self.port} "
            f"(data in {self.data_dir})"
        )


def _new_password() -> str:
    """A random password that the admin command cannot read as an option.

    ``token_urlsafe`` may start with ``-`` (one time in 32), which Neo4j's admin
    command then parses as an unknown option and refuses (seen once in CI).

    Examples
    --------
    >>> all(not _new_password().startswith("-") for _ in range(500))
    True
    """
    return "sn" + secrets.token_urlsafe(24)


class LocalNeo4jServer:
    """Start, stop and inspect the managed Neo4j server of one data directory.

    Parameters
    ----------
    data_dir
        supplynet's data directory; Neo4j keeps everything under ``neo4j/`` in it.
    heap, pagecache
        JVM heap (initial = max) and Neo4j page cache, in Neo4j's size syntax.
    """

    user = "neo4j"

    def __init__(self, data_dir: Path, *, heap: str = "1g", pagecache: str = "512m") -> None:
        self.data_dir = Path(data_dir).resolve()
        self.heap = heap
        self.pagecache = pagecache

    # ---------------------------------------------------------------- paths

    @property
    def home(self) -> Path:
        return self.data_dir / "neo4j"

    @property
    def conf_dir(self) -> Path:
        return self.home / "conf"

    @property
    def log_dir(self) -> Path:
        return self.home / "logs"

    @property
    def neo4j_log(self) -> Path:
        return self.log_dir / "neo4j.log"

    @property
    def password_file(self) -> Path:
        return self.home / "password"

    @property
    def state_file(self) -> Path:
        return self.home / "server.json"

    @property
    def lock_file(self) -> Path:
        return self.home / "server.lock"

    # --------------------------------------------------------------- status

    def password(self) -> str:
        try:
            return self.password_file.read_text().strip()
        except OSError as exc:
            raise StoreUnavailableError(
                "The local Neo4j store has no password yet; start it with `supplynet db start`"
            ) from exc

    def auth(self) -> tuple[str, str]:
        return (self.user, self.password())

    def _lock_held(self) -> bool:
        """True while some process (the server) holds the data directory's lock."""
        if not self.lock_file.exists():
            return False
        fd = os.open(self.lock_file, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def _state(self) -> dict[str, int]:
        try:
            raw = json.loads(self.state_file.read_text())
            return {k: int(raw[k]) for k in ("pid", "port", "log_offset")}
        except (OSError, ValueError, KeyError, TypeError):
            return {}

    @staticmethod
    def _alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        # A zombie is not a server: it only waits for its parent to reap it.
        with contextlib.suppress(OSError):
            stat = Path(f"/proc/{pid}/stat").read_text()
            if stat.rsplit(")", 1)[-1].split()[0] == "Z":
                return False
        return True

    def status(self) -> Neo4jServerStatus:
        st = self._state()
        pid, port = st.get("pid"), st.get("port")
        if not self._lock_held() or pid is None or not self._alive(pid):
            return Neo4jServerStatus("stopped", None, None, self.data_dir)
        ready = port is not None and _port_open(port) and self._started_since(st["log_offset"])
        return Neo4jServerStatus("running" if ready else "starting", pid, port, self.data_dir)

    def _log_size(self) -> int:
        try:
            return self.neo4j_log.stat().st_size
        except OSError:
            return 0

    def _log_since(self, offset: int) -> str:
        try:
            with self.neo4j_log.open("rb") as fh:
                fh.seek(offset)
                return fh.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _started_since(self, offset: int) -> bool:
        # Neo4j writes "Started." once the databases are up; "Stopped." after a
        # clean shutdown. The last of the two in the log tells the state.
        text = self._log_since(offset)
        started = text.rfind(" Started.")
        return started >= 0 and started > text.rfind(" Stopped.")

    # ---------------------------------------------------------------- start

    @contextlib.contextmanager
    def _start_lock(self, timeout: float) -> Iterator[None]:
        """Serialise starts and stops of this data directory across processes."""
        self.home.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.home / "start.lock", os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreUnavailableError(
                            "Another process is starting or stopping the local Neo4j store; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.1)
            yield
        finally:
            os.close(fd)

    def _write_config(self, port: int) -> None:
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        home = self.home
        lines = {
            "server.default_listen_address": "127.0.0.1",
            "server.default_advertised_address": "127.0.0.1",
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"127.0.0.1:{port}",
            "server.bolt.advertised_address": f"127.0.0.1:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.usage_report.enabled": "false",
            "dbms.security.auth_enabled": "true",
            # No file access from Cypher: LOAD CSV may not read local files.
            "dbms.security.allow_csv_import_from_file_urls": "false",
            # ... nor any address: LOAD CSV from http(s) is refused for every IPv4 and
            # IPv6 address (measured: without this a READ transaction fetched a URL).
            "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
            "server.directories.import": str(home / "import"),
            "server.directories.data": str(home / "data"),
            "server.directories.logs": str(self.log_dir),
            "server.directories.run": str(home / "run"),
            "server.directories.plugins": str(home / "plugins"),
            "server.directories.licenses": str(home / "licenses"),
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            "server.memory.pagecache.size": self.pagecache,
            # Transaction logs are not preallocated (small servers, tests).
            "db.tx_log.preallocate": "false",
            "db.tx_log.rotation.retention_policy": "2 files",
        }
        text = "# Written by supplynet at every start; edits are overwritten.\n" + "".join(
            f"{k}={v}\n" for k, v in lines.items()
        )
        (self.conf_dir / "neo4j.conf").write_text(text)

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEO4J_HOME": str(self.home),
            "NEO4J_CONF": str(self.conf_dir),
        }

    def _ensure_password(self, java: str, classpath: list[str]) -> None:
        """Generate the password and set it before Neo4j's first start."""
        if self.password_file.exists():
            return
        password = _new_password()
        proc = subprocess.run(
            [
                java,
                "-cp",
                os.pathsep.join(classpath),
                _ADMIN_ENTRY_POINT,
                "dbms",
                "set-initial-password",
                password,
            ],
            capture_output=True,
            text=True,
            check=False,
            env=self._env(),
            timeout=300,
        )
        if proc.returncode != 0:
            raise StoreUnavailableError(
                "Neo4j refused to set the initial password: "
                + " ".join((proc.stdout + proc.stderr).split())[-300:]
            )
        fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(password + "\n")

    def start(self, timeout: float = 180.0) -> Neo4jServerStatus:
        """Start the server unless it runs; wait until it is ready or has failed."""
        with self._start_lock(timeout):
            st = self.status()
            if st.state == "running":
                return st
            if st.state == "starting" and st.pid is not None:
                offset = self._state().get("log_offset", 0)
                return self._wait_ready(None, st.pid, st.port or 0, offset, timeout)
            java = find_java()
            classpath = resolve_classpath()
            self.home.mkdir(parents=True, exist_ok=True)
            for sub in ("data", "import", "run", "plugins", "licenses"):
                (self.home / sub).mkdir(exist_ok=True)
            self.log_dir.mkdir(exist_ok=True)
            port = _free_port()
            self._write_config(port)
            self._ensure_password(java, classpath)
            lock_fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                try:
                    fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise StoreUnavailableError(
                        "A Neo4j server already runs on this data directory"
                    ) from None
                offset = self._log_size()
                console = (self.log_dir / "console.log").open("ab")
                cmd = [
                    java,
                    f"-Xms{self.heap}",
                    f"-Xmx{self.heap}",
                    *_JVM_OPTIONS,
                    "-cp",
                    os.pathsep.join(classpath),
                    _ENTRY_POINT,
                    f"--home-dir={self.home}",
                    f"--config-dir={self.conf_dir}",
                ]
                # The server inherits the locked file description and so holds
                # the data directory's lock for as long as it lives.
                proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=console,
                    stderr=subprocess.STDOUT,
                    env=self._env(),
                    cwd=self.home,
                    pass_fds=(lock_fd,),
                    start_new_session=True,
                )
                console.close()
            finally:
                os.close(lock_fd)
            self.state_file.write_text(
                json.dumps({"pid": proc.pid, "port": port, "log_offset": offset})
            )
            return self._wait_ready(proc, proc.pid, port, offset, timeout)

    def _wait_ready(
        self,
        proc: subprocess.Popen[bytes] | None,
        pid: int,
        port: int,
        offset: int,
        timeout: float,
    ) -> Neo4jServerStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            exited = proc.poll() is not None if proc is not None else not self._alive(pid)
            if exited:
                raise StoreUnavailableError(
                    f"The local Neo4j server failed to start: {self._failure(offset)}"
                )
            if self._started_since(offset) and _port_open(port):
                return Neo4jServerStatus("running", pid, port, self.data_dir)
            time.sleep(0.1)
        raise StoreUnavailableError(
            f"The local Neo4j server (pid {pid}) is still starting after {timeout:.0f} s; "
            "`supplynet db status` shows when it is ready"
        )

    def _failure(self, offset: int) -> str:
        """The reason Neo4j gave, from its log (the ERROR lines), in one sentence."""
        text = self._log_since(offset)
        console = self.log_dir / "console.log"
        with contextlib.suppress(OSError):
            text += console.read_text(errors="replace")[-4000:]
        errors = [ln for ln in text.splitlines() if " ERROR " in ln or "Exception" in ln]
        reason = errors[-1] if errors else (text.strip().splitlines() or ["no log output"])[-1]
        reason = reason.split(" ERROR ", 1)[-1].strip()
        return f"{reason[:300]} (full log: neo4j/logs/neo4j.log in the data directory)"

    # ----------------------------------------------------------------- stop

    def _wait_stopped(self, pid: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._alive(pid) and not self._lock_held():
                return True
            time.sleep(0.05)
        return False

    def stop(self, timeout: float = 120.0) -> bool:
        """Stop the server cleanly (SIGTERM); False when it was not running."""
        with self._start_lock(timeout):
            st = self.status()
            if st.state == "stopped" or st.pid is None:
                return False
            os.kill(st.pid, signal.SIGTERM)
            if not self._wait_stopped(st.pid, timeout):
                os.kill(st.pid, signal.SIGKILL)
                self._wait_stopped(st.pid, 30)
            with contextlib.suppress(FileNotFoundError):
                self.state_file.unlink()
            return True

    def kill(self) -> None:
        """Kill -9 the server (durability tests)."""
        st = self._state()
        pid = st.get("pid")
        if pid is not None and self._alive(pid):
            os.kill(pid, signal.SIGKILL)
            self._wait_stopped(pid, 30)
