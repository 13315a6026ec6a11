"""The one place where values from the two engines are made alike.

Both stores pass every result value through :func:`plain`, so the rest of
supplynet sees the same Python values whichever engine answered:

- maps become ``dict`` with string keys in sorted order (the engines order
  the keys of a map value differently: Neo4j by its own hashing, FalkorDB by
  insertion);
- tuples become lists;
- temporal values (Neo4j ``date``, ``datetime``, ``duration``) become ISO 8601
  strings, as FalkorDB, which has none, would hold them;
- integers stay integers and floats stay floats (neither engine mixes them
  up; a float with an integral value is still a float);
- node and relationship objects become their property maps (named
  statements never return them; ad-hoc queries may).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["plain"]


def plain(value: Any) -> Any:
    """A result value as plain, JSON-able Python, the same for both engines.

    Examples
    --------
    >>> plain({"b": [1, (2, 3)], "a": None})
    {'a': None, 'b': [1, [2, 3]]}
    >>> plain(2.0), plain(True), plain([])
    (2.0, True, [])
    """
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    props = getattr(value, "properties", None)
    if isinstance(props, Mapping) and hasattr(value, "id"):
        # A FalkorDB node or relationship object.
        return plain(props)
    if hasattr(value, "items") and hasattr(value, "element_id"):
        # A Neo4j driver node or relationship.
        return plain(dict(value.items()))
    return value
