"""Stores: Neo4j in production, embedded FalkorDB by default, one interface."""

from __future__ import annotations

from typing import Protocol

from graphmodel.settings import Settings, get_settings
from graphmodel.store.base import GraphStore, Row

__all__ = ["GraphStore", "ManagedServer", "Row", "managed_server", "open_store"]


class _Status(Protocol):
    @property
    def running(self) -> bool: ...


class ManagedServer(Protocol):
    """A store server that supplynet runs itself (embedded FalkorDB, local Neo4j)."""

    def status(self) -> _Status: ...

    def stop(self) -> bool: ...


def managed_server(settings: Settings | None = None) -> ManagedServer | None:
    """The server supplynet runs for these settings, or None for a Neo4j you run yourself."""
    s = settings or get_settings()
    if s.store == "neo4j":
        return None
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        return local_server(s)
    from graphmodel.store.embedded import EmbeddedServer

    return EmbeddedServer(s.data_dir)


def open_store(settings: Settings | None = None, *, autostart: bool = True) -> GraphStore:
    """Open the store the settings name, starting the embedded one if needed.

    Writes through it mark the data directory's graph generation changed
    (:class:`graphmodel.workspace.Workspace`), so every process sharing it
    drops its snapshot.
    """
    from graphmodel.workspace.state import Workspace

    s = settings or get_settings()
    store: GraphStore
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import Neo4jStore

        store = Neo4jStore.from_local(s, autostart=autostart)
    elif s.store == "neo4j":
        from graphmodel.store.neo4j_store import Neo4jStore

        store = Neo4jStore.from_settings(s)
    else:
        from graphmodel.store.falkordb_store import FalkorDBStore

        store = FalkorDBStore(
            s.data_dir, s.graph, autostart=autostart, batch_size=s.batch_size, bulk=s.bulk_load
        )
    store.on_change(Workspace(s.data_dir).mark_changed)
    return store
