"""supplynet's HTTP API (FastAPI). Build it with :func:`api.app.create_app`.

Nothing is imported here: the ``supplynet`` command loads ``api.commands`` on every
start, and importing the app with it (FastAPI, every router) took a second of each
CLI command's start-up.
"""
