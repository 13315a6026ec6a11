"""The embedded store: FalkorDB over its unix socket, through the ``falkordb`` client."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError as RedisResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError

from graphmodel.errors import LoadInProgressError, QueryError, StoreUnavailableError
from graphmodel.schema import LABELS
from graphmodel.store.base import GraphStore, Row, StagedLoad
from graphmodel.store.embedded import EmbeddedServer
from graphmodel.store.falkordb_bulk import (
    BulkShape,
    NotBulkable,
    bulk_shape,
    edge_tokens,
    node_tokens,
)
from graphmodel.store.locks import FileLock, holder_pid
from graphmodel.store.resp_stream import ReplyError, read_capped_reply
from graphmodel.store.values import (
    compact_rows,
    falkordb_node_ids,
    falkordb_value,
    params_header,
    plain,
)

__all__ = ["FalkorDBStore"]

_log = logging.getLogger(__name__)

# The redis client raises its own ConnectionError, not the built-in one.
_LOST = (ConnectionError, RedisConnectionError, RedisTimeoutError)
# No socket path or internal detail in what a user (or an API client) reads.
_LOST_MESSAGE = "The embedded store is not answering; start it with `supplynet db start`"
# Ad-hoc reads: no byte cap unless the caller sets one; how long past its own
# timeout the reader waits for an engine that cannot interrupt its work.
_NO_BYTE_CAP = 1 << 62
_ENGINE_GRACE_S = 300.0
# A write whose text has one of these may add or remove nodes of the labels it names.
_CHANGES_NODES = re.compile(r"\b(CREATE|MERGE|DELETE)\b")
_LABEL = re.compile(r":(\w+)")


class FalkorDBStore(GraphStore):
    kind = "falkordb"

    def __init__(
        self,
        data_dir: Path,
        graph: str = "supplynet",
        *,
        autostart: bool = True,
        batch_size: int = 20_000,
        bulk: bool = True,
    ) -> None:
        from falkordb import FalkorDB

        self.server = EmbeddedServer(data_dir)
        status = self.server.start() if autostart else self.server.status()
        if not status.running:
            raise StoreUnavailableError(
                "The embedded store is not running; start it with `supplynet db start`"
            )
        self.graph_name = graph
        self.default_batch_size = batch_size
        self._db = FalkorDB(unix_socket_path=str(status.socket))
        self._graph = self._db.select_graph(graph)
        self._owns_connection = True
        self._bulk = bulk
        # GRAPH.BULK is used in staged graphs only (see write_batch).
        self._bulk_here = False
        self._bulk_ids: dict[str, dict[str, int]] = {}
        self.resume_logging_if_idle()

    def _view(self, graph: str) -> FalkorDBStore:
        """A store on another graph key of the same server, sharing the connection."""
        view = object.__new__(FalkorDBStore)
        view.server = self.server
        view.graph_name = graph
        view.default_batch_size = self.default_batch_size
        view._db = self._db
        view._graph = self._db.select_graph(graph)
        view._owns_connection = False
        view._bulk = self._bulk
        view._bulk_here = False
        view._bulk_ids = {}
        return view

    # Keys beside the live graph key (same server, same database).
    @property
    def _staging_key(self) -> str:
        return f"{self.graph_name}::staging"

    @property
    def _retired_key(self) -> str:
        return f"{self.graph_name}::retired"

    @property
    def _aof_off_key(self) -> str:
        return f"{self.graph_name}::aof-off"

    @property
    def _generation_key(self) -> str:
        return f"{self.graph_name}::generation"

    def _load_lock(self) -> FileLock:
        digest = hashlib.sha256(self.graph_name.encode()).hexdigest()[:16]
        return FileLock(self.server.db_dir / f"load-{digest}.lock")

    def _redis(self, *args: Any) -> Any:
        try:
            return self._db.connection.execute_command(*args)
        except _LOST as exc:
            raise StoreUnavailableError(_LOST_MESSAGE) from exc

    def _delete_key(self, key: str) -> None:
        # GRAPH.DELETE, never a Cypher DELETE of nodes (docs/stores.md, engine bug).
        if self._redis("EXISTS", key):
            self._redis("GRAPH.DELETE", key)

    def _take_load_lock(self, wait_seconds: float) -> FileLock:
        lock = self._load_lock()
        if not lock.acquire(wait_seconds):
            pid = holder_pid(lock.path)
            by = f" (process {pid})" if pid else ""
            raise LoadInProgressError(
                f"Another load into this graph is running{by}; wait for it to finish, "
                "then try again."
            )
        return lock

    @contextlib.contextmanager
    def live_write(self, wait_seconds: float = 30.0) -> Iterator[None]:
        """As :meth:`GraphStore.live_write`: the load lock, so no staged copy is taken
        (and later swapped in over this write) while the block runs."""
        lock = self._take_load_lock(wait_seconds)
        try:
            yield
        finally:
            lock.release()

    @contextlib.contextmanager
    def derived_write(self, wait_seconds: float = 60.0) -> Iterator[GraphStore]:
        """As :meth:`GraphStore.derived_write`, but written to the live graph under the
        load lock, not staged: exclusive with loads, not atomic for readers.

        A staged copy costs a ``GRAPH.COPY`` (a fork) and the commit's AOF rewrite:
        the write-back at 100,000 nodes went from 14.8 s to 23.4 s. And a
        ``GRAPH.COPY`` whose fork met the child of the previous commit's
        ``BGREWRITEAOF`` ("Can't fork for module: File exists") never answered and
        left the server's main thread waiting for good (measured; docs/stores.md).
        """
        with self.live_write(wait_seconds):
            yield self
        # The write's statements went to the AOF's incremental file, which a restart
        # replays statement by statement: after two analyses at 1M nodes, 754 MB and
        # 69 s of a 74 s restart (the snapshot itself: 5 s). Fold them into the
        # snapshot, in the background; the next load waits for it before it forks.
        with contextlib.suppress(Exception):
            self._redis("BGREWRITEAOF")

    def begin_load(self, *, replace: bool, wait_seconds: float = 0.0) -> StagedLoad:
        lock = self._take_load_lock(wait_seconds)
        try:
            # Staging writes are not logged: a store killed mid-load restarts from the
            # last completed load's AOF, without replaying a half-written staging graph.
            self._redis("CONFIG", "SET", "appendonly", "no")
            # In memory only (not logged): tells a later store that a loader did this.
            self._redis("SET", self._aof_off_key, "1")
            # Left over by a loader or server that died mid-load: never live, safe to drop.
            self._delete_key(self._staging_key)
            self._delete_key(self._retired_key)
            staging = self._view(self._staging_key)
            staging._bulk_here = self._bulk
            live_exists = bool(self._redis("EXISTS", self.graph_name))
            if replace or not live_exists:
                staging.ensure_schema()
                # What a replace keeps: saved scenarios and plans, and match review decisions.
                scenarios = self.query("scenario_list") if live_exists else []
                staging.write_batch("load_scenarios_copy", scenarios)
                plans = self.query("plan_list") if live_exists else []
                staging.write_batch("load_plans_copy", plans)
                decisions = self.query("match_decisions_list") if live_exists else []
                staging.write_batch("match_decisions_save", [r["props"] for r in decisions])
            else:
                # GRAPH.COPY forks; while another child (an AOF rewrite) runs, the fork
                # fails and the command never answers (measured), so wait for it.
                self._wait_for_no_child()
                self._redis("GRAPH.COPY", self.graph_name, self._staging_key)
        except BaseException:
            with contextlib.suppress(Exception):
                self._log_writes()
            lock.release()
            raise
        return _FalkorDBStagedLoad(self, staging, lock)

    def _log_writes(self, wait: bool = False) -> None:
        """Switch the AOF back on; with ``wait``, until its rewrite is on disk.

        Turning ``appendonly`` on makes the server write a fresh AOF (an RDB
        preamble of the whole dataset); until that rewrite finishes, a restart
        loads the previous AOF, i.e. the previous completed load.
        """
        answer = self._redis("CONFIG", "GET", "appendonly")
        values = [v.decode() if isinstance(v, bytes) else str(v) for v in answer]
        if "yes" not in values:
            self._redis("CONFIG", "SET", "appendonly", "yes")
        self._redis("DEL", self._aof_off_key)
        if wait:
            self._wait_for_no_child()
            info = self._redis("INFO", "persistence")
            status = (
                info.get("aof_last_bgrewrite_status")
                if isinstance(info, dict)
                else ("ok" if "aof_last_bgrewrite_status:ok" in str(info) else "err")
            )
            if status != "ok":
                raise StoreUnavailableError(
                    "The embedded store could not write its append-only file; "
                    "is the disk full? The previous load is still the one on disk"
                )

    def resume_logging_if_idle(self) -> None:
        """Switch the AOF back on after a loader died mid-load (no load lock held)."""
        if not self._redis("EXISTS", self._aof_off_key):
            return
        lock = self._load_lock()
        if lock.acquire():
            try:
                self._log_writes()
            finally:
                lock.release()

    #: How long a forked child may sit asleep without using CPU before it is taken as
    #: hung and stopped (see :meth:`_wait_for_no_child`).
    fork_stall_seconds = 15.0

    def _child_busy(self) -> bool:
        info = self._redis("INFO", "persistence")
        keys = (
            "aof_rewrite_in_progress",
            "aof_rewrite_scheduled",
            "rdb_bgsave_in_progress",
            "module_fork_in_progress",
        )
        if isinstance(info, dict):
            return any(int(info.get(k, 0)) for k in keys)
        text = info.decode() if isinstance(info, bytes) else str(info)
        return any(f"{k}:1" in text for k in keys)

    def _wait_for_no_child(self, timeout: float = 600.0) -> None:
        """Wait until the server has no forked child (AOF rewrite, module fork) running
        or scheduled.

        A child asleep and using no CPU for :attr:`fork_stall_seconds` is hung, not
        slow (a child at work is running or in disk I/O): FalkorDB's fork child can
        inherit one of its locks held and wait on it for good (FalkorDB issues #1454,
        #1462), which left a load waiting here until the caller gave up. Such a child
        is stopped as Redis stops its own (:meth:`EmbeddedServer.stop_child`); a
        rewrite that switches the AOF on is then scheduled again by the server, and a
        compaction rewrite is left for the next load. ``timeout`` bounds the whole wait.
        """
        deadline = time.monotonic() + timeout
        # pid -> (CPU ticks, when they were first seen at that value)
        seen: dict[int, tuple[int, float]] = {}
        while self._child_busy():
            now = time.monotonic()
            for child in self.server.fork_children():
                ticks, since = seen.get(child.pid, (-1, now))
                if child.working or child.state == "Z" or child.cpu_ticks != ticks:
                    seen[child.pid] = (child.cpu_ticks, now)
                elif now - since >= self.fork_stall_seconds:
                    _log.warning(
                        "the embedded store's forked child %d made no progress for %.0f s; "
                        "stopping it (a known FalkorDB fork fault)",
                        child.pid,
                        now - since,
                    )
                    self.server.stop_child(child.pid)
                    seen.pop(child.pid, None)
            if now >= deadline:
                raise StoreUnavailableError("The embedded store stayed busy writing its snapshot")
            time.sleep(0.02)

    def generation(self) -> str | None:
        value = self._redis("GET", self._generation_key)
        if value is None:
            return None
        return value.decode() if isinstance(value, bytes) else str(value)

    def _swap_in(self, staging: str) -> str:
        """RENAME the staged graph over the live one, in one MULTI/EXEC with the generation."""
        generation = uuid.uuid4().hex
        # The fork below makes FalkorDB bring every graph's matrices up to date on the
        # main thread first, stalling all readers for as long as that takes (0.6 s at
        # 100k nodes, seconds at 1M, measured); scanning the staged graph here does
        # that work on a query thread instead (docs/stores.md).
        self._view(staging).query("load_settle")
        # Then the AOF on disk holds the staged graph (the rewrite, an RDB preamble);
        # if that fails (a full disk) the load is aborted and nothing changed.
        self._log_writes(wait=True)
        if not self._redis("EXISTS", staging):
            # Without this check a failed RENAME inside MULTI would leave no live graph.
            raise StoreUnavailableError("The staged graph vanished before it could be swapped in")
        pipe = self._db.connection.pipeline(transaction=True)
        if self._redis("EXISTS", self.graph_name):
            pipe.rename(self.graph_name, self._retired_key)
        pipe.rename(staging, self.graph_name)
        pipe.set(self._generation_key, generation)
        try:
            pipe.execute()
        except _LOST as exc:
            raise StoreUnavailableError(_LOST_MESSAGE) from exc
        self._graph = self._db.select_graph(self.graph_name)
        # The old graph is freed as a whole key, off the readers' path.
        self._delete_key(self._retired_key)
        # Compact the AOF to one snapshot of the new graph (in the background; the
        # next load waits for it before it forks).
        with contextlib.suppress(Exception):
            self._redis("BGREWRITEAOF")
        return generation

    def _call(self, fn: Any, text: str, params: dict[str, Any], **kw: Any) -> list[Row]:
        res = self._raw(fn, text, params, **kw)
        if res is None:
            return []
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        return [dict(zip(header, (plain(v) for v in row), strict=False)) for row in res.result_set]

    def _raw(self, fn: Any, text: str, params: dict[str, Any], **kw: Any) -> Any:
        try:
            return self._retry_busy(fn, text, params, **kw)
        except _LOST as exc:
            raise StoreUnavailableError(_LOST_MESSAGE) from exc
        except Exception as exc:
            msg = str(exc)
            if "empty key" in msg or "Invalid graph operation on empty key" in msg:
                return None
            raise QueryError(f"The store refused the statement: {msg}") from exc

    @staticmethod
    def _retry_busy(fn: Any, text: Any, params: dict[str, Any], **kw: Any) -> Any:
        """Run ``fn``; while FalkorDB answers "BUSY preparing to fork" (it drains
        queries before an AOF rewrite or GRAPH.COPY forks), wait and retry."""
        delay, waited = 0.01, 0.0
        while True:
            try:
                return fn(text, params or None, **kw)
            except (RedisResponseError, ReplyError) as exc:
                if not str(exc).startswith("BUSY") or waited > 30.0:
                    raise
            time.sleep(delay)
            waited += delay
            delay = min(delay * 2, 0.2)

    def _read(self, text: str, params: dict[str, Any]) -> list[Row]:
        return self._compact(self._compact_read, text, params)

    def _compact(self, fn: Any, text: str, params: dict[str, Any]) -> list[Row]:
        res = self._raw(fn, text, params)
        if res is None:
            return []
        rows = compact_rows(res)
        if rows is None:
            # A node, relationship or path value: the client's parser knows the schema.
            from falkordb.query_result import QueryResult

            parsed = QueryResult(self._graph, res)
            header = [h[1] if isinstance(h, list | tuple) else h for h in (parsed.header or [])]
            return [
                dict(zip(header, (plain(v) for v in row), strict=False))
                for row in parsed.result_set
            ]
        return rows

    def _compact_read(self, text: str, params: dict[str, Any] | None) -> Any:
        """``GRAPH.RO_QUERY`` with the compact reply, unparsed (see :func:`compact_rows`)."""
        return self._db.connection.execute_command(
            "GRAPH.RO_QUERY", self.graph_name, params_header(params) + text, "--compact"
        )

    def _compact_write(self, text: str, params: dict[str, Any] | None) -> Any:
        return self._db.connection.execute_command(
            "GRAPH.QUERY", self.graph_name, params_header(params) + text, "--compact"
        )

    def _write(self, text: str, params: dict[str, Any]) -> list[Row]:
        if self._bulk_ids and _CHANGES_NODES.search(text):
            # The internal-id maps of the labels this statement may change are stale now.
            if "DELETE" in text:
                self._bulk_ids.clear()
            for label in _LABEL.findall(text):
                self._bulk_ids.pop(label, None)
        return self._compact(self._compact_write, text, params)

    # ------------------------------------------------------------------ GRAPH.BULK

    def write_batch(
        self,
        name: str,
        rows: Sequence[Any],
        batch_size: int | None = None,
        progress: Callable[[int], None] | None = None,
        **params: Any,
    ) -> int:
        """As :meth:`GraphStore.write_batch`; in a staged graph, a plain ``CREATE``
        statement over list rows runs as ``GRAPH.BULK`` (:mod:`graphmodel.store.falkordb_bulk`),
        which creates exactly what the statement would, several times faster."""
        if self._bulk_here and rows and not params and isinstance(rows[0], list | tuple):
            q = self.statement(name)
            shape = bulk_shape(q.statements[0]) if len(q.statements) == 1 else None
            if shape is not None and self._bulk_write(shape, rows, progress):
                return len(rows)
        return super().write_batch(name, rows, batch_size, progress, **params)

    def _label_ids(self, label: str) -> dict[str, int]:
        """``id`` property -> internal id of every ``label`` node (cached until a write)."""
        known = self._bulk_ids.get(label)
        if known is None:
            row = self.query("bulk_label_ids", {"label": label})[0]
            known = self._bulk_ids[label] = dict(
                zip(row["ids"] or (), row["internal"] or (), strict=True)
            )
        return known

    def _bulk_command(self, token: bytes, params: dict[str, Any]) -> Any:
        return self._db.connection.execute_command(
            "GRAPH.BULK", self.graph_name, *params["counts"], token
        )

    def _send_bulk(self, tokens: list[tuple[bytes, int]], kind: str, progress: Any) -> None:
        for token, count in tokens:
            counts = (count, 0, 1, 0) if kind == "node" else (0, count, 0, 1)
            try:
                # "BUSY preparing to fork" (an AOF rewrite starting) is waited out, as for queries.
                self._retry_busy(self._bulk_command, token, {"counts": counts})
            except _LOST as exc:
                raise StoreUnavailableError(_LOST_MESSAGE) from exc
            except RedisResponseError as exc:
                raise QueryError(f"The store refused the bulk load: {exc}") from exc
            if progress:
                progress(count)

    def _bulk_write(self, shape: BulkShape, rows: Sequence[Any], progress: Any) -> bool:
        """Create ``rows`` with GRAPH.BULK; False (nothing written) when it cannot be exact."""
        try:
            if shape.kind == "edge":
                starts = self._label_ids(shape.start_label)
                ends = self._label_ids(shape.end_label)
                # MATCH would drop a row with a missing end: leave such tables to UNWIND.
                if not all(r[0] in starts and r[1] in ends for r in rows):
                    return False
                tokens = list(edge_tokens(shape, rows, starts, ends))
                self._send_bulk(tokens, "edge", progress)
                return True
            if "id" not in shape.properties:
                return False
            id_col = shape.columns[shape.properties.index("id")]
            before = self.query("bulk_node_range")[0]
            count, top = int(before["nodes"] or 0), before["top"]
            start = 0 if top is None else int(top) + 1
            if start != count:
                # Deleted nodes left free ids, which the engine reuses: ids unpredictable.
                return False
            known = self._label_ids(shape.label)
            tokens = list(node_tokens(shape, rows))
        except NotBulkable:
            return False
        self._send_bulk(tokens, "node", progress)
        last = start + len(rows) - 1
        check = self.query("bulk_node_check", {"start": start, "last": last})[0]
        expected = (len(rows), start, last, rows[0][id_col], rows[-1][id_col])
        got = (check["nodes"], check["lo"], check["hi"], check["first"], check["final"])
        if got != expected:
            # The staged graph is not what the statement would have made: the load fails
            # (and is discarded) rather than link relationships to the wrong nodes.
            raise QueryError(
                "The bulk load gave the new nodes unexpected internal ids; nothing was changed"
            )
        known.update((row[id_col], start + i) for i, row in enumerate(rows))
        return True

    def run_read_only(
        self,
        text: str,
        params: Mapping[str, Any] | None = None,
        *,
        timeout_ms: int,
        row_cap: int,
        byte_cap: int | None = None,
    ) -> tuple[list[Row], bool]:
        from falkordb.query_result import QueryResult

        # GRAPH.RO_QUERY refuses any write in the engine itself. The reply is read
        # as it arrives and cut at the caps (graphmodel.store.resp_stream).
        query = params_header(params) + text
        command: list[str | int] = [
            "GRAPH.RO_QUERY",
            self.graph_name,
            query,
            "--compact",
            "timeout",
            timeout_ms,
        ]
        try:
            reply = self._retry_busy(
                lambda *_: read_capped_reply(
                    str(self.server.socket),
                    command,
                    row_cap=row_cap,
                    byte_cap=byte_cap if byte_cap is not None else _NO_BYTE_CAP,
                    # The engine stops most statements at ``timeout_ms``; some work it
                    # cannot interrupt (one huge expression), and then the caller's own
                    # deadline answers while this reader waits for the engine.
                    wait_s=timeout_ms / 1000 + _ENGINE_GRACE_S,
                ),
                text,
                {},
            )
        except ReplyError as exc:
            msg = str(exc)
            if "empty key" in msg:
                return [], False
            if "timed out" in msg.lower():
                raise QueryError(
                    "The statement timed out: the store stopped it at the time limit"
                ) from exc
            raise QueryError(f"The store refused the statement: {msg}") from exc
        except TimeoutError as exc:
            raise QueryError(
                "The statement timed out: the store did not answer within the time limit"
            ) from exc
        except OSError as exc:
            raise StoreUnavailableError(_LOST_MESSAGE) from exc
        try:
            res = QueryResult(self._graph, reply.response)
        except Exception as exc:
            raise QueryError(f"The store refused the statement: {exc}") from exc
        header = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        raw = res.result_set[:row_cap]
        # Nodes, relationships and paths in the form both stores share (graphmodel.store.values);
        # a relationship returned without its nodes names its endpoints by their id property.
        known, wanted = falkordb_node_ids(raw)
        if wanted:
            for r in self._call(self._graph.ro_query, *self._ids_query(sorted(wanted))):
                known[r["i"]] = r["id"]
        rows = [
            dict(zip(header, (falkordb_value(v, known) for v in row), strict=False)) for row in raw
        ]
        return rows, reply.truncated

    def _ids_query(self, ids: list[int]) -> tuple[str, dict[str, Any]]:
        return self.statement("store_node_ids").statements[0], {"ids": ids}

    def ensure_schema(self) -> None:
        for text in self.statement("schema").statements:
            try:
                self._graph.query(text)
            except Exception as exc:
                if "already indexed" not in str(exc):
                    raise QueryError(f"Schema statement failed: {exc}") from exc
        # FalkorDB's unique constraints are a server command, not Cypher.
        existing = {
            (c["label"], tuple(c["properties"]))
            for c in self._graph.list_constraints()
            if c.get("type") == "UNIQUE"
        }
        for label in LABELS:
            if (label, ("id",)) not in existing:
                self._graph.create_node_unique_constraint(label, "id")

    def drop(self) -> None:
        """Delete the whole graph, saved scenarios included (tests, uninstall)."""
        try:
            self._graph.delete()
        except Exception as exc:
            if "empty key" not in str(exc) and "Invalid graph" not in str(exc):
                raise StoreUnavailableError(f"Could not clear the graph: {exc}") from exc
        for key in (self._staging_key, self._retired_key):
            self._delete_key(key)
        self._redis("DEL", self._generation_key)
        self._graph = self._db.select_graph(self.graph_name)

    def ping(self) -> bool:
        try:
            return bool(self._db.connection.ping())
        except Exception:
            return False

    def close(self) -> None:
        if not self._owns_connection:
            return
        # Closing a socket the server already dropped may raise; nothing to do then.
        with contextlib.suppress(Exception):
            self._db.connection.close()


class _FalkorDBStagedLoad(StagedLoad):
    """A load written into ``<graph>::staging``, then RENAMEd over ``<graph>``."""

    def __init__(self, live: FalkorDBStore, staging: FalkorDBStore, lock: FileLock) -> None:
        self.live = live
        self.staging = staging
        self.store = staging
        self.lock = lock
        self._done = False

    def commit(self) -> str:
        if self._done:
            raise RuntimeError("this staged load is already finished")
        self._done = True
        try:
            return self.live._swap_in(self.staging.graph_name)
        except BaseException:
            with contextlib.suppress(Exception):
                self.live._delete_key(self.staging.graph_name)
            raise
        finally:
            self.lock.release()

    def abort(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            with contextlib.suppress(StoreUnavailableError):
                self.live._delete_key(self.staging.graph_name)
                self.live._log_writes()
        finally:
            self.lock.release()
