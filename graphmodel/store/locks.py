"""Advisory file locks (``flock``) that a dead process releases by itself.

A pid file says who *was* running; a lock says who *is*: the kernel drops a
``flock`` when the last descriptor of its open file goes away, so a killed
loader or server never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

__all__ = ["FileLock", "holder_pid"]


class FileLock:
    """An exclusive ``flock`` on ``path``, taken with :meth:`acquire`.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.lock"
    >>> a, b = FileLock(p), FileLock(p)
    >>> a.acquire(), b.acquire()
    (True, False)
    >>> a.release(); b.acquire()
    True
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.fd: int | None = None

    def acquire(self, wait_seconds: float = 0.0) -> bool:
        """Take the lock, waiting up to ``wait_seconds``; False if another holder keeps it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self.fd = fd
        return True

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None

    def locked_by_other(self) -> bool:
        """True when someone else holds the lock right now (probe, not kept)."""
        if self.fd is not None:
            return False
        probe = FileLock(self.path)
        if probe.acquire():
            probe.release()
            return False
        return True


def holder_pid(path: Path) -> int | None:
    """The pid the holder wrote into the lock file, if readable."""
    try:
        return int(Path(path).read_text().strip())
    except (OSError, ValueError):
        return None
