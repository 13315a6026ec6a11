"""FalkorDB's bulk insert, ``GRAPH.BULK``: its binary format, and which statements can use it.

A load's ``*_create`` statements (``cypher/load_*_create.cypher``) are plain
``CREATE`` over ``UNWIND $rows`` of lists. :func:`bulk_shape` recognises the
two forms such a statement takes and returns what ``GRAPH.BULK`` needs to do
exactly the same thing:

- nodes: ``UNWIND $rows AS r CREATE (:Label {p0: r[0], p1: r[1], ...})``;
- relationships: ``UNWIND $rows AS r MATCH (a:A {id: r[0]}) MATCH (b:B {id: r[1]})
  CREATE (a)-[:TYPE {p: r[2], ...}]->(b)``.

The format (FalkorDB ``src/bulk_insert/bulk_insert.c``; the ``falkordb-bulk-loader``
package writes the same from CSV files): ``GRAPH.BULK key node_count edge_count
node_tokens edge_tokens TOKEN...``; each token is one label (or relationship
type): the name and the property names as NUL-terminated strings with a
4-byte count between them, then one record per entity. A node record is its
property values; a relationship record is the 8-byte internal ids of its two
ends, then its values. A value is a type byte and its payload: null (0), bool
(1, one byte), double (2, 8 bytes), string (3, NUL-terminated UTF-8), integer
(4, 8 bytes), array (5, an 8-byte length and that many values). All numbers are
little-endian. A null value leaves the property unset, as ``CREATE`` does.

Why not the ``falkordb-bulk-loader`` package itself: it reads CSV files and
infers (or takes from a header) each column's type, so the bundle would be
written out again as typed CSV files and parsed a second time, and a string
cell such as ``"123"`` would be read back as an integer without a schema
header. The rows here are already validated and typed, so encoding them
directly is both shorter and exact.

Examples
--------
>>> encode_value(None), encode_value(True), encode_value("é")
(b'\\x00', b'\\x01\\x01', b'\\x03\\xc3\\xa9\\x00')
>>> encode_value(1) == b"\\x04" + (1).to_bytes(8, "little")
True
>>> encode_value([1.5])[:9] == b"\\x05" + (1).to_bytes(8, "little")
True
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BulkShape",
    "NotBulkable",
    "bulk_shape",
    "edge_tokens",
    "encode_value",
    "node_tokens",
]

_DOUBLE = struct.Struct("<Bd").pack
_LONG = struct.Struct("<Bq").pack
_ARRAY = struct.Struct("<Bq").pack
_ENDS = struct.Struct("<QQ").pack
_NULL = b"\x00"
_TRUE = b"\x01\x01"
_FALSE = b"\x01\x00"
_INT64 = (-(2**63), 2**63 - 1)

#: Bytes of one token. FalkorDB takes up to Redis' 512 MB per argument, but it runs
#: GRAPH.BULK on the server's main thread, so every reader of every graph waits while
#: a token is inserted: 32 MB tokens held it 217 ms at 100k nodes and seconds at 1M
#: (SLOWLOG, benchmarks/restart_benchmark.py); 1 MB keeps each wait short.
TOKEN_BYTES = 256 * 1024


class NotBulkable(ValueError):
    """A row holds a value ``GRAPH.BULK`` cannot carry exactly (use ``UNWIND`` then)."""


def encode_value(value: Any) -> bytes:
    """One property value in the bulk format (see the module docstring)."""
    t = type(value)
    if value is None:
        return _NULL
    if t is str:
        data: bytes = value.encode("utf-8")
        if b"\x00" in data:
            raise NotBulkable("a string holds a NUL character")
        return b"\x03" + data + b"\x00"
    if t is bool:
        return _TRUE if value else _FALSE
    if t is float:
        return _DOUBLE(2, value)
    if t is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise NotBulkable("an integer is outside the 64-bit range")
        return _LONG(4, value)
    if t is list or t is tuple:
        return _ARRAY(5, len(value)) + b"".join(map(encode_value, value))
    raise NotBulkable(f"a value of type {t.__name__}")


@dataclass(frozen=True)
class BulkShape:
    """What a ``CREATE`` statement creates, in ``GRAPH.BULK`` terms.

    ``properties[i]`` is read from row column ``columns[i]``; for relationships
    columns 0 and 1 are the ids of the start and end node.
    """

    kind: str  # "node" or "edge"
    label: str  # node label or relationship type
    properties: tuple[str, ...]
    columns: tuple[int, ...]
    start_label: str = ""
    end_label: str = ""


_PROPS = re.compile(r"(\w+):\s*r\[(\d+)\]")
_NODE = re.compile(r"^UNWIND \$rows AS r\s+CREATE \(:(\w+) \{([^}]*)\}\)\s*$")
_EDGE = re.compile(
    r"^UNWIND \$rows AS r\s+MATCH \(a:(\w+) \{id: r\[0\]\}\)\s+MATCH \(b:(\w+) \{id: r\[1\]\}\)\s+"
    r"CREATE \(a\)-\[:(\w+)(?: \{([^}]*)\})?\]->\(b\)\s*$"
)


def _properties(body: str | None) -> tuple[tuple[str, ...], tuple[int, ...]] | None:
    pairs = _PROPS.findall(body or "")
    # Every entry of the map must be a plain ``name: r[i]``, nothing computed.
    if len(pairs) != (body or "").count(":"):
        return None
    return tuple(p for p, _ in pairs), tuple(int(i) for _, i in pairs)


def bulk_shape(text: str) -> BulkShape | None:
    """The bulk form of a statement, or None when it is not one of the two plain forms.

    Examples
    --------
    >>> bulk_shape("UNWIND $rows AS r\\nCREATE (:Country {id: r[0], name: r[2]})")
    BulkShape(kind='node', label='Country', properties=('id', 'name'), columns=(0, 2), \
start_label='', end_label='')
    >>> s = bulk_shape("UNWIND $rows AS r\\nMATCH (a:Item {id: r[0]})\\n"
    ...     "MATCH (b:Facility {id: r[1]})\\nCREATE (a)-[:MADE_AT {supplier: r[2]}]->(b)")
    >>> (s.kind, s.label, s.start_label, s.end_label, s.properties)
    ('edge', 'MADE_AT', 'Item', 'Facility', ('supplier',))
    >>> bulk_shape("UNWIND $rows AS r MERGE (:SanctionsList {id: r.id})") is None
    True
    """
    text = "\n".join(line for line in text.strip().splitlines() if not line.startswith("//"))
    m = _NODE.match(text)
    if m:
        props = _properties(m.group(2))
        if props is None:
            return None
        return BulkShape("node", m.group(1), *props)
    m = _EDGE.match(text)
    if m:
        props = _properties(m.group(4))
        if props is None:
            return None
        return BulkShape("edge", m.group(3), *props, start_label=m.group(1), end_label=m.group(2))
    return None


def _header(name: str, properties: Sequence[str]) -> bytes:
    parts = [name.encode() + b"\x00", struct.pack("<I", len(properties))]
    parts.extend(p.encode() + b"\x00" for p in properties)
    return b"".join(parts)


def _chunked(header: bytes, records: Iterator[bytes]) -> Iterator[tuple[bytes, int]]:
    """Tokens of at most about :data:`TOKEN_BYTES`, each with its record count."""
    parts: list[bytes] = [header]
    size, count = len(header), 0
    for rec in records:
        parts.append(rec)
        size += len(rec)
        count += 1
        if size >= TOKEN_BYTES:
            yield b"".join(parts), count
            parts, size, count = [header], len(header), 0
    if count:
        yield b"".join(parts), count


def node_tokens(shape: BulkShape, rows: Sequence[Sequence[Any]]) -> Iterator[tuple[bytes, int]]:
    """The node tokens for ``rows`` (``NotBulkable`` on a value the format cannot hold)."""
    cols = shape.columns
    enc = encode_value
    records = (b"".join([enc(row[c]) for c in cols]) for row in rows)
    return _chunked(_header(shape.label, shape.properties), records)


def edge_tokens(
    shape: BulkShape,
    rows: Sequence[Sequence[Any]],
    start_ids: dict[str, int],
    end_ids: dict[str, int],
) -> Iterator[tuple[bytes, int]]:
    """The relationship tokens for ``rows``, ends given as internal node ids.

    Raises ``KeyError`` for an end the maps do not hold (``MATCH`` would drop
    that row; the caller uses ``UNWIND`` then).
    """
    cols = shape.columns
    enc = encode_value
    records = (
        _ENDS(start_ids[row[0]], end_ids[row[1]]) + b"".join([enc(row[c]) for c in cols])
        for row in rows
    )
    return _chunked(_header(shape.label, shape.properties), records)
