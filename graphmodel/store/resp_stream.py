"""Read a FalkorDB query reply as it arrives, and stop at a row cap or a byte cap.

The falkordb client (through redis-py) reads a whole reply before it returns,
so a statement returning 3,000,000 rows costs the API process every row even
when it keeps 10,000 of them (measured: the engine sent the 65 MB reply in
0.65 s; parsing it in Python took 46 s), and a 134 MB string arrives whole.
Ad-hoc statements are therefore read here, over a connection of their own, from
the compact RESP2 reply of ``GRAPH.RO_QUERY``: header, then one record at a
time, checking each bulk string's length before reading it. When a cap is
reached the connection is closed, so the rest of the reply is never read; the
engine drops it.

The records read are handed to the falkordb client's own ``QueryResult``, so
values (nodes, relationships, paths, maps) are decoded by the one parser the
rest of the store uses.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["CappedReply", "ReplyError", "read_capped_reply"]

_CRLF: Final = b"\r\n"
_CHUNK: Final = 1 << 16


class ReplyError(Exception):
    """The engine answered with an error (``-ERR ...``)."""


class _Capped(Exception):
    """A cap was reached while reading; the reply is cut off here."""


@dataclass
class CappedReply:
    """What was read of one compact ``GRAPH.RO_QUERY`` reply.

    ``response`` has the shape the falkordb client's ``QueryResult`` expects
    (``[header, records, stats]``, or ``[stats]`` for a statement returning no
    columns); ``truncated`` says whether records were left unread.
    """

    response: list[Any]
    truncated: bool


class _Reader:
    def __init__(self, sock: socket.socket, byte_cap: int, deadline: float) -> None:
        self.sock = sock
        self.buf = bytearray()
        self.pos = 0
        self.byte_budget = byte_cap
        self.deadline = deadline

    def _fill(self) -> None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no reply before the deadline")
        self.sock.settimeout(remaining)
        chunk = self.sock.recv(_CHUNK)
        if not chunk:
            raise ConnectionError("the store closed the connection")
        if self.pos > _CHUNK:
            del self.buf[: self.pos]
            self.pos = 0
        self.buf += chunk

    def _line(self) -> bytes:
        while True:
            end = self.buf.find(_CRLF, self.pos)
            if end >= 0:
                line = bytes(self.buf[self.pos : end])
                self.pos = end + 2
                return line
            self._fill()

    def _take(self, n: int) -> bytes:
        while len(self.buf) - self.pos < n + 2:
            self._fill()
        data = bytes(self.buf[self.pos : self.pos + n])
        self.pos += n + 2
        return data

    def value(self, counted: bool) -> Any:
        """One RESP2 value; bulk strings inside records count against the byte cap."""
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.value(counted) for _ in range(n)]
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            if counted:
                # Decide before reading: a 134 MB string is refused unread.
                self.byte_budget -= n
                if self.byte_budget < 0:
                    raise _Capped
            return self._take(n).decode("utf-8", errors="replace")
        if kind == b":":
            if counted:
                self.byte_budget -= len(rest)
            return int(rest)
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return ReplyError(rest.decode("utf-8", errors="replace"))
        raise ConnectionError(f"unexpected reply byte {kind!r}")

    def array_length(self) -> int | ReplyError:
        line = self._line()
        if line[:1] == b"-":
            return ReplyError(line[1:].decode("utf-8", errors="replace"))
        if line[:1] != b"*":
            raise ConnectionError(f"unexpected reply byte {line[:1]!r}")
        return int(line[1:])


def _encode(parts: list[bytes]) -> bytes:
    out = [b"*%d\r\n" % len(parts)]
    for p in parts:
        out.append(b"$%d\r\n%s\r\n" % (len(p), p))
    return b"".join(out)


def read_capped_reply(
    socket_path: str,
    command: list[str | int],
    *,
    row_cap: int,
    byte_cap: int,
    wait_s: float,
) -> CappedReply:
    """Send one command on a connection of its own and read at most ``row_cap + 1``
    records and ``byte_cap`` bytes of values; the connection is closed either way.

    Raises :class:`ReplyError` for an engine error, :class:`TimeoutError` when no
    complete answer came within ``wait_s`` seconds, and :class:`OSError` /
    :class:`ConnectionError` when the store cannot be reached.
    """
    deadline = time.monotonic() + wait_s
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(wait_s)
        sock.connect(socket_path)
        sock.sendall(_encode([str(p).encode() for p in command]))
        r = _Reader(sock, byte_cap, deadline)
        top = r.array_length()
        if isinstance(top, ReplyError):
            raise top
        if top == 1:
            # A statement with no columns: statistics only.
            return CappedReply([r.value(counted=False)], truncated=False)
        header = r.value(counted=False)
        if isinstance(header, ReplyError):
            raise header
        n = r.array_length()
        if isinstance(n, ReplyError):
            raise n
        records: list[Any] = []
        truncated = False
        try:
            for _ in range(n):
                if len(records) > row_cap:
                    raise _Capped
                records.append(r.value(counted=True))
        except _Capped:
            truncated = True
        if not truncated:
            stats = r.value(counted=False)
            if isinstance(stats, ReplyError):
                raise stats
            # A run-time error (a timeout, say) is sent after the records.
            if top > 3:
                tail = r.value(counted=False)
                if isinstance(tail, ReplyError):
                    raise tail
            return CappedReply([header, records, stats], truncated=len(records) > row_cap)
        return CappedReply([header, records, []], truncated=True)
