"""``supplynet db start|stop|status``: the store supplynet runs itself (embedded FalkorDB
under the data directory, or a local Neo4j); a Neo4j server of your own is only pinged."""

from __future__ import annotations

import typer

from graphmodel.cli.common import out, settings, store_context
from graphmodel.errors import SupplynetError

__all__ = ["db_app"]

db_app = typer.Typer(
    help="Manage the store supplynet runs (embedded FalkorDB or local Neo4j).", no_args_is_help=True
)


@db_app.command("start")
def db_start() -> None:
    """Start the managed store (embedded FalkorDB or local Neo4j); no-op when it runs."""
    s = settings()
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        out.print(local_server(s).start().describe())
        return
    if s.store == "neo4j":
        raise SupplynetError(
            "SUPPLYNET_STORE=neo4j is a Neo4j server you run yourself; supplynet does not "
            "start it (use SUPPLYNET_STORE=neo4j-local for one that supplynet runs)"
        )
    from graphmodel.store.embedded import EmbeddedServer

    status = EmbeddedServer(s.data_dir).start()
    out.print(status.describe())


@db_app.command("stop")
def db_stop() -> None:
    """Stop the managed store; its data stays in the data directory."""
    s = settings()
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        stopped = local_server(s).stop()
        what = "local Neo4j"
    elif s.store == "neo4j":
        raise SupplynetError("SUPPLYNET_STORE=neo4j is a Neo4j server you run yourself")
    else:
        from graphmodel.store.embedded import EmbeddedServer

        stopped = EmbeddedServer(s.data_dir).stop()
        what = "embedded store"
    if stopped:
        out.print(f"{what} stopped (data kept in {s.data_dir})")
    else:
        out.print(f"{what} was not running")


@db_app.command("status")
def db_status() -> None:
    """Say whether the store is running, and where its data lives."""
    s = settings()
    if s.store == "neo4j":
        with store_context(s) as store:
            ok = store.ping()
        out.print(f"neo4j store at {s.neo4j_uri}: {'reachable' if ok else 'not reachable'}")
        raise typer.Exit(0 if ok else 1)
    if s.store == "neo4j-local":
        from graphmodel.store.neo4j_store import local_server

        st = local_server(s).status()
        out.print(st.describe())
        raise typer.Exit(0 if st.running else 1)
    from graphmodel.store.embedded import EmbeddedServer

    out.print(EmbeddedServer(s.data_dir).status().describe())
