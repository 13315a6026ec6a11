"""The CLI commands that belong to the HTTP API: ``supplynet serve`` and ``supplynet keys``.

:func:`register` adds them to :data:`graphmodel.cli.app`; it is found through
the ``supplynet.commands`` entry points (``pyproject.toml``), so the core
package never imports the web package.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from api.keys import create_key, list_keys, revoke_key
from api.server import serve as run_server
from graphmodel.errors import SupplynetError
from graphmodel.settings import Settings

__all__ = ["register", "serve_api"]

keys_app = typer.Typer(help="Manage API keys.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)


def _plain_line(text: str) -> None:
    """Print one line as it is: never wrapped, cut or styled, so it can be copied."""
    out.print(text, markup=False, highlight=False, soft_wrap=True, crop=False, overflow="ignore")


def serve_api(
    settings: Settings, host: str, port: int, demo_key: bool = False, workers: int = 1
) -> None:
    """Serve the API (uvicorn); with ``demo_key``, print a new admin key first."""
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    base = f"http://{shown}:{port}"
    if demo_key:
        _, secret = create_key(settings, "admin", note="make demo")
        out.print()
        _plain_line(f"Serving on {base}/   (interactive API docs: {base}/docs)")
        _plain_line("Demo API key (admin, shown once; paste it into the home page):")
        _plain_line(secret)
        _plain_line(f"Try: curl -H 'Authorization: Bearer {secret}' {base}/v1/search?q=gallium")
        out.print()
    try:
        run_server(settings, host=host, port=port, workers=workers)
    finally:
        if settings.store in ("embedded", "neo4j-local"):
            # The managed store is a separate process and keeps the data; say so.
            what = "embedded store" if settings.store == "embedded" else "local Neo4j store"
            err.print(
                f"The {what} is still running (data kept); stop it with "
                "`supplynet db stop` (or `make db-stop`).",
                highlight=False,
                soft_wrap=True,
            )


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on")] = 8000,
    workers: Annotated[int, typer.Option(help="Server processes (one per core)")] = 1,
) -> None:
    """Run the HTTP API with uvicorn."""
    if workers < 1:
        raise SupplynetError("--workers must be at least 1")
    serve_api(Settings(), host, port, workers=workers)


class Role(StrEnum):
    viewer = "viewer"
    analyst = "analyst"
    editor = "editor"
    admin = "admin"


@keys_app.command("create")
def keys_create(
    role: Annotated[Role, typer.Option(help="viewer, analyst, editor or admin")],
    note: Annotated[str, typer.Option(help="Who or what the key is for")] = "",
) -> None:
    """Create an API key; the secret is shown once and stored only hashed."""
    key_id, secret = create_key(Settings(), role.value, note=note)
    out.print(f"key id: {key_id}\nrole: {role.value}\nsecret (shown once): {secret}")


@keys_app.command("list")
def keys_list() -> None:
    """List API keys (never their secrets)."""
    table = Table(show_header=True, header_style="bold")
    for col in ("id", "role", "note", "created", "revoked"):
        table.add_column(col)
    for k in list_keys(Settings()):
        table.add_row(
            str(k["id"]),
            k["role"],
            k.get("note") or "",
            str(k.get("created_at")),
            str(k.get("revoked_at") or ""),
        )
    out.print(table)


@keys_app.command("revoke")
def keys_revoke(key_id: Annotated[str, typer.Argument(help="Key id")]) -> None:
    """Revoke an API key."""
    revoke_key(Settings(), key_id)
    out.print(f"revoked {key_id}")


def register(app: typer.Typer, hooks: MutableMapping[str, Callable[..., Any]]) -> None:
    """Add ``serve`` and ``keys`` to the ``supplynet`` command line, and the server
    ``supplynet demo --serve`` starts (``hooks["serve"]``)."""
    app.command("serve")(serve)
    app.add_typer(keys_app, name="keys")
    hooks["serve"] = serve_api
