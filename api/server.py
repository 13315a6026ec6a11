"""Run the API with uvicorn (``supplynet serve``, or ``python -m api.server``).

With ``workers`` above 1, uvicorn starts that many processes, each building
the app from the import string ``api.app:create_app``; the settings reach
them through ``SUPPLYNET_*`` environment variables (see
:func:`settings_environment`). Every process keeps its own dependency index
and caches; the graph generation file keeps them in step (``api.state``).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import SecretStr

from graphmodel.settings import Settings

__all__ = ["main", "serve", "settings_environment"]

_PREFIX = "SUPPLYNET_"


def settings_environment(settings: Settings) -> dict[str, str | None]:
    """``settings`` as ``SUPPLYNET_*`` environment variables (None: leave unset).

    Examples
    --------
    >>> env = settings_environment(Settings(data_dir="/tmp/sn", graph="g"))
    >>> env["SUPPLYNET_DATA_DIR"], env["SUPPLYNET_GRAPH"], env["SUPPLYNET_NEO4J_PASSWORD"]
    ('/tmp/sn', 'g', None)
    >>> Settings(**{k[len("SUPPLYNET_"):].lower(): v for k, v in env.items() if v}).graph
    'g'
    """
    out: dict[str, str | None] = {}
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        out[_PREFIX + name.upper()] = None if value is None else str(value)
    return out


def serve(
    settings: Settings | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    log_level: str = "info",
    workers: int = 1,
    access_log: bool = True,
) -> None:
    """Serve :func:`api.app.create_app` on ``host:port`` until interrupted.

    Binds to loopback by default: the data is sensitive, so listening on other
    interfaces is a deliberate choice (``--host 0.0.0.0``), best behind TLS.

    Parameters
    ----------
    settings
        Default: from the environment.
    workers
        Server processes (one per core is a good start). Above 1 the app is
        built in each process from the settings passed through the environment,
        and the embedded store is started once here first, so the processes do
        not race to start it.
    access_log
        uvicorn's per-request log line (about a tenth of a millisecond each).
    """
    import uvicorn

    from api.app import create_app

    cfg = settings or Settings()
    common = {
        "host": host,
        "port": port,
        "log_level": log_level,
        "access_log": access_log,
        "proxy_headers": False,
        "server_header": False,
    }
    if workers <= 1:
        uvicorn.run(create_app(cfg), **common)  # type: ignore[arg-type]
        return
    if cfg.store == "embedded":
        from graphmodel.store.embedded import EmbeddedServer

        EmbeddedServer(Path(cfg.data_dir)).start()
    for key, value in settings_environment(cfg).items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    uvicorn.run(
        "api.app:create_app",
        factory=True,
        workers=workers,
        # uvicorn kills a worker whose health-check thread has not answered in 5 s; a
        # worker reading a large snapshot on a busy machine can take longer than that.
        timeout_worker_healthcheck=60,
        **common,  # type: ignore[arg-type]
    )


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m api.server [--host H] [--port P] [--workers N] [--no-access-log]``.

    Settings come from the environment (``SUPPLYNET_*``), as for ``supplynet serve``.
    """
    ap = argparse.ArgumentParser(prog="python -m api.server", description=main.__doc__)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    ap.add_argument("--workers", type=int, default=1, help="server processes")
    ap.add_argument("--log-level", default="info")
    ap.add_argument("--no-access-log", action="store_true", help="no line per request")
    args = ap.parse_args(argv)
    serve(
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        workers=args.workers,
        access_log=not args.no_access_log,
    )


if __name__ == "__main__":
    main()
