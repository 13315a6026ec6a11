"""Named Cypher statements, read from the ``cypher/`` folder.

Each ``NAME.cypher`` file holds one statement (schema files may hold several,
separated by ``;``). A header of ``//`` comments declares it::

    // description: Upstream items of a platform with their tiers.
    // params: platform (str), max_tier (int)
    // mode: read            (read | write | autocommit; default read)
    // example: {"platform": "demo-p-155"}   (JSON params the test suite runs it with)

Files named ``NAME.neo4j.cypher`` / ``NAME.falkordb.cypher`` hold the
store-specific form of a statement that the two stores cannot share (schema
DDL); every other statement is shared text. ``autocommit`` is a write that
Neo4j must run as an implicit transaction (``CALL { ... } IN TRANSACTIONS``);
on FalkorDB it is an ordinary write. Statements return scalars, lists
and maps only, never node or relationship objects, so their results look the
same from both stores.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from graphmodel.errors import NotFoundError

__all__ = ["Query", "all_queries", "cypher_dir", "get_query"]

StoreKind = Literal["neo4j", "falkordb"]

_HEADER = re.compile(r"^//\s*(description|params|mode|example):\s*(.*)$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def cypher_dir() -> Path:
    """The ``cypher/`` folder: next to the package in a checkout, or packaged data."""
    env = os.environ.get("SUPPLYNET_CYPHER_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "cypher", here / "data" / "cypher"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("cypher/ folder not found")


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    description: str
    params: tuple[str, ...]
    mode: Literal["read", "write", "autocommit"]
    store: StoreKind | None
    path: Path
    example: dict[str, Any]

    @property
    def statements(self) -> list[str]:
        """The statements of the file (schema files may hold several)."""
        body = "\n".join(ln for ln in self.text.splitlines() if not ln.lstrip().startswith("//"))
        return [s.strip() for s in body.split(";") if s.strip()]


def _parse(path: Path) -> Query:
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line.strip())
        if m:
            meta[m.group(1)] = m.group(2).strip()
    stem = path.name[: -len(".cypher")]
    store: StoreKind | None = None
    kinds: tuple[StoreKind, ...] = ("neo4j", "falkordb")
    for kind in kinds:
        if stem.endswith("." + kind):
            store = kind
            stem = stem[: -len(kind) - 1]
    declared = tuple(
        p.split("(")[0].strip() for p in meta.get("params", "").split(",") if p.strip()
    )
    used = tuple(dict.fromkeys(_PARAM_USE.findall(text)))
    mode = meta.get("mode", "read")
    if mode not in ("read", "write", "autocommit"):
        raise ValueError(f"{path.name}: mode must be read, write or autocommit")
    return Query(
        name=stem,
        text=text.strip() + "\n",
        description=meta.get("description", ""),
        params=declared or used,
        mode=mode,  # type: ignore[arg-type]
        store=store,
        path=path,
        example=json.loads(meta["example"]) if meta.get("example") else {},
    )


@lru_cache
def all_queries() -> dict[tuple[str, StoreKind | None], Query]:
    """Every named statement, keyed by (name, store) with store None when shared."""
    out: dict[tuple[str, StoreKind | None], Query] = {}
    for path in sorted(cypher_dir().glob("*.cypher")):
        q = _parse(path)
        out[(q.name, q.store)] = q
    return out


def get_query(name: str, store: StoreKind) -> Query:
    """The statement called ``name`` for ``store``: the store's own file, else the shared one."""
    queries = all_queries()
    q = queries.get((name, store)) or queries.get((name, None))
    if q is None:
        raise NotFoundError(f"No named query called {name!r}")
    return q
