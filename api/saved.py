"""The saved-document endpoints' shared parts (saved scenarios, saved plans).

The name in the path, and the audited writes: saving (checked against the current
graph first) and deleting, under the app's write lock, each recorded in the audit log as
``<kind>.save`` / ``<kind>.delete`` with its outcome. The documents themselves are
:class:`graphmodel.store.saved.SavedDocuments`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import Path

from api.keys import Principal
from api.state import AppState
from graphmodel.errors import NotFoundError, SupplynetError, ValidationFailed
from graphmodel.store.saved import D, SavedDocuments

__all__ = ["audited_delete", "audited_save", "saved_name"]


def saved_name(kind: str) -> Any:
    """The path parameter naming a saved ``kind``, for ``Annotated[str, saved_name(kind)]``."""
    return Path(
        min_length=1,
        max_length=100,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description=f"Name of a saved {kind} (letters, digits, '.', '_', '-')",
    )


def audited_save(
    state: AppState,
    principal: Principal,
    saved: SavedDocuments[D],
    doc: D,
    check: Callable[[D], object],
) -> dict[str, Any]:
    """``check(doc)`` (raising ``ValidationFailed``, 422, for a document that cannot run),
    then save it; audited as ``rejected`` (with how many problems), ``ok``, ``failed``
    (a ``SupplynetError``, with its message) or ``error`` (anything else)."""
    action = f"{saved.kind}.save"
    try:
        check(doc)
        with state.write_lock:
            written = saved.save(state.store, doc)
    except ValidationFailed as exc:
        state.audit.record(
            principal.key_id, action, doc.name, "rejected", {"problems": len(exc.problems)}
        )
        raise
    except SupplynetError as exc:
        state.audit.record(principal.key_id, action, doc.name, "failed", {"error": exc.message})
        raise
    except Exception:
        state.audit.record(principal.key_id, action, doc.name, "error")
        raise
    state.audit.record(principal.key_id, action, doc.name, "ok")
    return written


def audited_delete(
    state: AppState, principal: Principal, saved: SavedDocuments[Any], name: str
) -> None:
    """Delete the saved document called ``name``; audited as ``ok``, ``not-found`` (404)
    or ``error``."""
    action = f"{saved.kind}.delete"
    try:
        with state.write_lock:
            saved.delete(state.store, name)
    except NotFoundError:
        state.audit.record(principal.key_id, action, name, "not-found")
        raise
    except Exception:
        state.audit.record(principal.key_id, action, name, "error")
        raise
    state.audit.record(principal.key_id, action, name, "ok")
