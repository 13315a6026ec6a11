"""Routers by domain; :func:`api.app.create_app` mounts them under ``/v1``."""
