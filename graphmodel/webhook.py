"""Posting JSON to a webhook (the diff after each analysis run), standard library only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

__all__ = ["post_json"]


def post_json(url: str, payload: Any, *, timeout_s: float = 5.0) -> dict[str, Any]:
    """POST ``payload`` as JSON; returns ``{"status": code}`` or ``{"error": message}``.

    Only ``http`` and ``https`` URLs are used; nothing here raises on a failed delivery.

    Examples
    --------
    >>> post_json("file:///etc/passwd", {})
    {'error': 'the webhook URL must be http or https'}
    """
    if urlsplit(url).scheme not in ("http", "https"):
        return {"error": "the webhook URL must be http or https"}
    data = json.dumps(payload, default=str).encode("utf-8")
    req = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout_s) as resp:
            return {"status": int(resp.status)}
    except urllib.error.HTTPError as exc:
        return {"status": int(exc.code), "error": f"the webhook answered {exc.code}"}
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        return {"error": f"the webhook could not be reached: {getattr(exc, 'reason', exc)}"}
