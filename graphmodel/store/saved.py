"""Named documents saved in the store beside the graph: saved scenarios and saved plans.

One kind of document is one node label with ``{id, name, <kind>_json, created_at,
updated_at, deleted_at}`` and four statements, ``cypher/<kind>_save.cypher``,
``_list``, ``_get`` and ``_delete`` (one set per label: Cypher cannot take a label as
a parameter). :class:`SavedDocuments` is the one implementation of saving, listing,
reading and deleting them; :mod:`graphmodel.scenarios.saved` and
:mod:`graphmodel.planning.saved` each name one kind.

A delete marks the node with ``deleted_at`` (a tombstone that the next save of the name
revives and the next replace drops) and never DELETEs it: deleting an early node of a
large FalkorDB graph corrupts its label scan (docs/stores.md).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, Self, TypeVar

from pydantic import ValidationError

from graphmodel.errors import NotFoundError, StoreError
from graphmodel.store.base import GraphStore

__all__ = ["Document", "SavedDocuments"]


class Document(Protocol):
    """What a saved document is: a pydantic model with a name and a description."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    def model_dump(self, *, mode: str = ...) -> dict[str, Any]: ...

    def model_dump_json(self) -> str: ...

    @classmethod
    def model_validate_json(cls, json_data: str) -> Self: ...


D = TypeVar("D", bound=Document)


def _no_extra(_doc: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class SavedDocuments(Generic[D]):
    """The saved documents of one kind.

    ``kind`` names the statements (``<kind>_save`` ...), the node ids
    (``<kind>:<name>``) and the messages; ``model`` reads a document back from the
    node's ``json_field``; a listing row holds the document under ``doc_field``, after
    the name, description and ``extra(doc)``.

    Examples
    --------
    >>> from graphmodel.scenarios.model import ScenarioSpec
    >>> saved = SavedDocuments("scenario", ScenarioSpec, json_field="spec_json", doc_field="spec")
    >>> saved.node_id("cn-gallium")
    'scenario:cn-gallium'
    """

    kind: str
    model: type[D]
    json_field: str
    doc_field: str
    extra: Callable[[D], Mapping[str, Any]] = _no_extra

    def node_id(self, name: str) -> str:
        """The node id of the document called ``name``."""
        return f"{self.kind}:{name}"

    def _missing(self, name: str) -> NotFoundError:
        return NotFoundError(f"No saved {self.kind} is called {name!r}.")

    def _document(self, row: Mapping[str, Any]) -> D:
        try:
            return self.model.model_validate_json(row[self.json_field])
        except ValidationError as exc:
            raise StoreError(
                f"The saved {self.kind} {row.get('name')!r} no longer reads as a "
                f"{self.kind}: {exc.errors()[0]['msg']}."
            ) from None

    def _summary(self, row: Mapping[str, Any]) -> dict[str, Any]:
        doc = self._document(row)
        return {
            "name": row["name"],
            "description": doc.description,
            **self.extra(doc),
            "created_at": row.get("created_at"),
            "updated_at": row.get("updated_at"),
            self.doc_field: doc.model_dump(mode="json"),
        }

    def save(self, store: GraphStore, doc: D) -> dict[str, Any]:
        """Save ``doc`` under its name, replacing a saved document of that name
        (``created_at`` kept; a deleted one is revived with a new ``created_at``).

        Returns ``{"id", "name", "created_at", "updated_at"}``; times are ISO 8601 in UTC.
        """
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with store.live_write():
            rows = store.query(
                f"{self.kind}_save",
                {
                    "id": self.node_id(doc.name),
                    "name": doc.name,
                    self.json_field: doc.model_dump_json(),
                    "now": now,
                },
            )
        return dict(rows[0])

    def list(self, store: GraphStore) -> list[dict[str, Any]]:
        """Every saved document by name: ``{"name", "description", <extra>, "created_at",
        "updated_at", <doc_field>}``."""
        return [self._summary(r) for r in store.query(f"{self.kind}_list")]

    def _row(self, store: GraphStore, name: str) -> Mapping[str, Any]:
        rows = store.query(f"{self.kind}_get", {"id": self.node_id(name)})
        if not rows:
            raise self._missing(name)
        return rows[0]

    def get(self, store: GraphStore, name: str) -> D:
        """The saved document called ``name``; ``NotFoundError`` (404) when there is none."""
        return self._document(self._row(store, name))

    def show(self, store: GraphStore, name: str) -> dict[str, Any]:
        """The listing row of the document called ``name`` (as :meth:`list` gives it);
        ``NotFoundError`` (404) when there is none."""
        return self._summary(self._row(store, name))

    def delete(self, store: GraphStore, name: str) -> None:
        """Delete the saved document called ``name`` (a tombstone, see the module
        docstring); ``NotFoundError`` (404) when there is none."""
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with store.live_write():
            rows = store.query(f"{self.kind}_delete", {"id": self.node_id(name), "now": now})
        if not rows or not rows[0].get("deleted"):
            raise self._missing(name)
