"""``supplynet demo``: the embedded store, the reference data and the demo network
loaded and analysed in one step; with ``--serve``, the HTTP API on top.

The server is not this package's: ``graphmodel`` never imports ``api``, so the API
plugs its server into :data:`hooks` (see :func:`graphmodel.cli._add_plugins`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Annotated, Any

import typer

from graphmodel.cli.analysis import analysis_summary, run_and_save
from graphmodel.cli.common import out, settings, store_context
from graphmodel.errors import SupplynetError
from graphmodel.settings import Settings

__all__ = ["demo", "hooks"]

#: What other packages plug in: ``"serve"`` serves the HTTP API as
#: ``(settings, host, port, demo_key)``; set by ``api.commands`` through the
#: ``supplynet.commands`` entry points, since ``graphmodel`` never imports ``api``.
hooks: dict[str, Callable[..., Any]] = {}


def demo(
    serve: Annotated[bool, typer.Option(help="Serve the API after loading")] = False,
    host: Annotated[str, typer.Option(help="Address to serve on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on")] = 8000,
) -> None:
    """Start the embedded store, load reference data and the demo network, analyse it."""
    from graphmodel.bundle import demo_bundle_path, read_bundle
    from graphmodel.load import load_bundle

    s = settings()
    t0 = time.perf_counter()
    with store_context(s) as store:
        demo_bundle = read_bundle(demo_bundle_path())
        load_bundle(store, demo_bundle, replace=True, reference=True)
        out.print(f"[bold]Demo network loaded[/bold] in {time.perf_counter() - t0:.1f} s")
        rows = store.query("stats")
        nodes = {r["name"]: r["count"] for r in rows if r["what"] == "node"}
        rels = sum(r["count"] for r in rows if r["what"] == "relationship")
        out.print(
            ", ".join(f"{n:,} {label}" for label, n in sorted(nodes.items()))
            + f"; {rels:,} relationships"
        )
        from graphmodel.runs import bundle_digest

        load = {
            "source": "demo",
            "counts": demo_bundle.count(),
            "digest": bundle_digest(demo_bundle.tables),
            "replace": True,
        }
        # The demo's load is a snapshot like any load (its analysis kept as a run).
        analysis_summary(run_and_save(store, s, None, None, load=load))
    if serve:
        _serve(s, host, port, demo_key=True)


def _serve(settings: Settings, host: str, port: int, demo_key: bool = False) -> None:
    serve_api = hooks.get("serve")
    if serve_api is None:
        raise SupplynetError("Serving needs the supplynet HTTP API (the api package) installed.")
    serve_api(settings, host, port, demo_key)
