"""The one breadth-first search every graph question uses.

Tiers, the bill-of-materials closure, where-used, ownership distances and the
views all ask "what is reachable from here, and in how many steps": this is
that walk, once, over any node type and any neighbour function (index lists
of ints on the hot paths, id-keyed mappings elsewhere).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

__all__ = ["breadth_first"]

N = TypeVar("N", bound=Hashable)


def breadth_first(
    starts: Iterable[N],
    neighbours: Callable[[N], Iterable[N]],
    *,
    parent: dict[N, N] | None = None,
) -> dict[N, int]:
    """Fewest steps from any of ``starts`` to every node reachable through ``neighbours``.

    The result is in visiting order, so by non-decreasing distance; ``parent``,
    when given, is filled with each reached node's predecessor on one shortest
    walk (starts have none). Neighbours are visited in the order given, so a
    sorted neighbour function gives a deterministic result.

    Examples
    --------
    >>> adj = {"P": ["A", "B"], "A": ["M"], "B": ["M"], "M": []}
    >>> up: dict[str, str] = {}
    >>> breadth_first(["P"], adj.__getitem__, parent=up), up["M"]
    ({'P': 0, 'A': 1, 'B': 1, 'M': 2}, 'A')
    """
    dist: dict[N, int] = {}
    order: list[N] = []
    for s in starts:
        if s not in dist:
            dist[s] = 0
            order.append(s)
    # Appending while iterating is how the queue grows: a list is a FIFO here.
    for u in order:
        d = dist[u] + 1
        for v in neighbours(u):
            if v not in dist:
                dist[v] = d
                order.append(v)
                if parent is not None:
                    parent[v] = u
    return dist
