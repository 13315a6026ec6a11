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

Ad-hoc Cypher may also return nodes, relationships and paths; each store's
client has its own classes for them, so each store converts them to one form
(:func:`falkordb_value`, :func:`neo4j_value`):

- node: ``{"type": "node", "labels": [...], "id": <its id property>, "properties": {...}}``
- relationship: ``{"type": "relationship", "rel_type": "NEEDS", "start": <id>, "end": <id>,
  "properties": {...}}``, ``start`` and ``end`` being the endpoints' id properties;
- path: ``{"type": "path", "nodes": [node, ...], "relationships": [relationship, ...]}``,
  relationships in path order.

Store-internal identities (FalkorDB's integer ids, Neo4j's element ids) never
appear: they differ between stores and change on reload. A country's id is its
code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "compact_rows",
    "falkordb_value",
    "neo4j_endpoint_ids",
    "neo4j_value",
    "node_json",
    "params_header",
    "path_json",
    "plain",
    "relationship_json",
    "value_bytes",
]


def _domain_id(properties: Mapping[str, Any]) -> Any:
    return properties.get("id", properties.get("code"))


def node_json(labels: Iterable[str], properties: Mapping[str, Any]) -> dict[str, Any]:
    """The node form.

    Examples
    --------
    >>> node_json(["Item"], {"id": "p1", "name": "P"})
    {'type': 'node', 'labels': ['Item'], 'id': 'p1', 'properties': {'id': 'p1', 'name': 'P'}}
    """
    props = {str(k): properties[k] for k in sorted(properties, key=str)}
    return {"type": "node", "labels": sorted(labels), "id": _domain_id(props), "properties": props}


def relationship_json(
    rel_type: str, start: Any, end: Any, properties: Mapping[str, Any]
) -> dict[str, Any]:
    """The relationship form."""
    return {
        "type": "relationship",
        "rel_type": rel_type,
        "start": start,
        "end": end,
        "properties": {str(k): properties[k] for k in sorted(properties, key=str)},
    }


def path_json(nodes: list[dict[str, Any]], relationships: list[dict[str, Any]]) -> dict[str, Any]:
    """The path form."""
    return {"type": "path", "nodes": nodes, "relationships": relationships}


def _plain(value: Any, convert: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): convert(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list | tuple):
        return [convert(v) for v in value]
    return value


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


# ------------------------------------------------------------------ FalkorDB


class _NotScalar(Exception):
    """A compact value that is a node, relationship, path or temporal value."""


def _compact(cell: Any) -> Any:
    t, v = cell
    if t == 2 or t == 3:  # string, integer (RESP integer)
        return v
    if t == 1:
        return None
    if t == 5:
        return float(v)
    if t == 4:
        return v == "true" or v is True
    if t == 6:
        return [_compact(c) for c in v]
    if t == 10:
        pairs = {str(v[i]): v[i + 1] for i in range(0, len(v), 2)}
        return {k: _compact(pairs[k]) for k in sorted(pairs)}
    raise _NotScalar(t)


def _literal(value: Any) -> str:
    t = type(value)
    if t is str:
        text: str = value
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if t is bool:
        return "true" if value else "false"
    if t is int or t is float:
        return repr(value)
    if t is list or t is tuple:
        return "[" + ",".join(map(_literal, value)) + "]"
    if t is dict:
        parts = []
        for k, v in value.items():
            key = str(k)
            if not key or "`" in key:
                raise ValueError(f"a map key FalkorDB cannot take: {key!r}")
            parts.append(f"`{key}`:{_literal(v)}")
        return "{" + ",".join(parts) + "}"
    from falkordb.helpers import stringify_param_value

    return str(stringify_param_value(value))


def params_header(params: Mapping[str, Any] | None) -> str:
    """The ``CYPHER name=value ...`` prefix FalkorDB takes parameters in.

    What the falkordb client's ``stringify_param_value`` writes, in one
    function: a write-back of 100,000 nodes spent most of its time in the
    client's version.

    Examples
    --------
    >>> params_header({"rows": [{"id": 'a"b', "n": 1.5, "ok": True, "x": None}]})
    'CYPHER `rows`=[{`id`:"a\\\\"b",`n`:1.5,`ok`:true,`x`:null}] '
    >>> params_header(None)
    ''
    """
    if not params:
        return ""
    return "CYPHER " + "".join(f"`{k}`={_literal(v)} " for k, v in params.items())


def compact_rows(response: Any) -> list[dict[str, Any]] | None:
    """Rows of a FalkorDB ``--compact`` reply, as :func:`plain` makes the client's values.

    FalkorDB's own client parses every value through several Python calls and
    schema look-ups; reading a large graph spent most of its time there
    (issue 15). Scalars, lists and maps are all that named statements return,
    and they need no schema, so they are converted here in one small
    function. None when a value needs the schema (a node, relationship,
    path or temporal value): the caller then uses the client.

    Examples
    --------
    >>> compact_rows([[[1, "a"], [1, "m"]], [[[3, 7], [10, ["z", [5, "1.5"], "b", [4, "true"]]]]],
    ...               ["Cached execution: 0"]])
    [{'a': 7, 'm': {'b': True, 'z': 1.5}}]
    >>> compact_rows([["Nodes created: 1"]])
    []
    """
    if len(response) < 3:  # statistics only: a statement without RETURN
        return []
    header = [h[1] if isinstance(h, list | tuple) else h for h in response[0]]
    try:
        return [dict(zip(header, map(_compact, row), strict=True)) for row in response[1]]
    except _NotScalar:
        return None


def falkordb_value(value: Any, ids: Mapping[int, Any]) -> Any:
    """A ``falkordb`` client value as plain JSON-able data.

    ``ids`` maps FalkorDB's internal node ids to id properties, for the endpoints
    of relationships returned without their nodes (see
    :meth:`graphmodel.store.falkordb_store.FalkorDBStore.run_read_only`).

    Examples
    --------
    >>> from falkordb.node import Node
    >>> from falkordb.edge import Edge
    >>> from falkordb.path import Path
    >>> a = Node(0, labels=["Item"], properties={"id": "p"})
    >>> b = Node(1, labels=["Item"], properties={"id": "c"})
    >>> e = Edge(0, "NEEDS", 1, edge_id=5, properties={"quantity": 2.0})
    >>> v = falkordb_value(Path([a, b], [e]), {})
    >>> [n["id"] for n in v["nodes"]], v["relationships"][0]["start"]
    (['p', 'c'], 'p')
    """
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path

    if isinstance(value, Path):
        local = dict(ids)
        local.update((n.id, _domain_id(n.properties)) for n in value.nodes())
        return path_json(
            [falkordb_value(n, local) for n in value.nodes()],
            [falkordb_value(e, local) for e in value.edges()],
        )
    if isinstance(value, Node):
        labels = value.labels or []
        return node_json([labels] if isinstance(labels, str) else labels, value.properties or {})
    if isinstance(value, Edge):

        def end(n: Any) -> Any:
            if isinstance(n, Node):
                return _domain_id(n.properties or {})
            return ids.get(n)

        return relationship_json(
            str(value.relation), end(value.src_node), end(value.dest_node), value.properties or {}
        )
    return _plain(value, lambda v: falkordb_value(v, ids))


def falkordb_node_ids(values: Iterable[Any]) -> tuple[dict[int, Any], set[int]]:
    """Internal ids of the nodes in ``values`` with their id properties, and the
    relationship endpoints that are not among them."""
    from falkordb.edge import Edge
    from falkordb.node import Node
    from falkordb.path import Path

    known: dict[int, Any] = {}
    wanted: set[int] = set()
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, Node):
            if v.id is not None:
                known[v.id] = _domain_id(v.properties or {})
        elif isinstance(v, Edge):
            wanted.update(n for n in (v.src_node, v.dest_node) if isinstance(n, int))
        elif isinstance(v, Path):
            stack.extend(v.nodes())
        elif isinstance(v, Mapping):
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)
    return known, wanted - set(known)


# --------------------------------------------------------------------- Neo4j


def neo4j_value(value: Any, ids: Mapping[str, Any] | None = None) -> Any:
    """A ``neo4j`` driver value as plain JSON-able data; temporal values as ISO 8601.

    ``ids`` maps element ids to id properties, for the endpoints of
    relationships returned without their nodes (the driver then knows only
    the endpoints' element ids; see :func:`neo4j_endpoint_ids`).

    Examples
    --------
    >>> from neo4j.graph import Graph, Node
    >>> g = Graph()
    >>> neo4j_value(Node(g, "4:x:0", 0, ["Item"], {"id": "p"}))["id"]
    'p'
    """
    from neo4j.graph import Node, Path, Relationship

    known = ids or {}

    def endpoint(n: Any) -> Any:
        if n is None:
            return None
        props = dict(n.items())
        return _domain_id(props) if props else known.get(n.element_id)

    if isinstance(value, Path):
        return path_json(
            [neo4j_value(n, known) for n in value.nodes],
            [neo4j_value(r, known) for r in value.relationships],
        )
    if isinstance(value, Node):
        return node_json(value.labels, dict(value.items()))
    if isinstance(value, Relationship):
        return relationship_json(
            str(value.type),
            endpoint(value.start_node),
            endpoint(value.end_node),
            dict(value.items()),
        )
    iso = getattr(value, "iso_format", None)
    if callable(iso):
        return iso()
    return _plain(value, lambda v: neo4j_value(v, known))


def neo4j_endpoint_ids(values: Iterable[Any]) -> set[str]:
    """Element ids of relationship endpoints in ``values`` whose properties the driver lacks."""
    from neo4j.graph import Path, Relationship

    wanted: set[str] = set()
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, Relationship):
            for n in (v.start_node, v.end_node):
                if n is not None and not dict(n.items()):
                    wanted.add(n.element_id)
        elif isinstance(v, Path):
            stack.extend(v.relationships)
        elif isinstance(v, Mapping):
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)
    return wanted


def value_bytes(values: Iterable[Any]) -> int:
    """About how many bytes ``values`` take once serialised: text by its UTF-8
    length, other scalars 8, containers, nodes, relationships and paths by
    their contents (the byte cap of ad-hoc reads counts with this).

    Examples
    --------
    >>> value_bytes(["abc", 1, {"k": ["é"]}])
    14
    """
    from neo4j.graph import Node, Path, Relationship

    total = 0
    stack = list(values)
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            total += len(v.encode("utf-8", errors="replace"))
        elif isinstance(v, Mapping):
            total += sum(len(str(k)) for k in v)
            stack.extend(v.values())
        elif isinstance(v, list | tuple):
            stack.extend(v)
        elif isinstance(v, Node | Relationship):
            stack.append(dict(v.items()))
        elif isinstance(v, Path):
            stack.extend(v.nodes)
            stack.extend(v.relationships)
        else:
            total += 8
    return total
