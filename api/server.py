"""Run the API with uvicorn (``supplynet serve``)."""

from __future__ import annotations

from graphmodel.settings import Settings

__all__ = ["serve"]


def serve(
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
) -> None:
    """Serve :func:`api.app.create_app` on ``host:port`` until interrupted.

    Binds to loopback by default: the data is sensitive, so listening on other
    interfaces is a deliberate choice (``--host 0.0.0.0``), best behind TLS.
    """
    import uvicorn

    from api.app import create_app

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )
