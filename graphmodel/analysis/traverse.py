"""The one breadth-first search every graph question uses.

Tiers, the bill-of-materials closure, where-used, ownership distances and the
views all ask "what is reachable from here, and in how many steps": this is
that walk, once, over any node type and any neighbour function (index lists
of ints on the hot paths, id-keyed mappings elsewhere).

:func:`breadth_first_distances` is the same walk over a sparse adjacency
matrix, done by SciPy in C: the API's where-used walks up from a random node per
request, and there the Python loop was a quarter of the server's time. The
tests hold the two equal (``tests/unit/test_tiers.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

__all__ = ["breadth_first", "breadth_first_distances"]

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


def breadth_first_distances(starts: Sequence[int], adjacency: Any) -> npt.NDArray[np.float64]:
    """:func:`breadth_first`'s distances from ``starts`` over a SciPy sparse ``adjacency``
    (row ``u`` holds ``u``'s neighbours), as an array: ``inf`` where not reached.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> adj = sp.csr_array(([1, 1, 1, 1], [1, 2, 3, 3], [0, 2, 3, 4, 4, 4]), shape=(5, 5))
    >>> breadth_first_distances([0], adj).tolist()
    [0.0, 1.0, 1.0, 2.0, inf]
    """
    from scipy.sparse.csgraph import dijkstra

    n = adjacency.shape[0]
    if not starts:
        return np.full(n, np.inf)
    # Unweighted: the fewest edges, i.e. the breadth-first distance; from the nearest start.
    dist: npt.NDArray[np.float64] = dijkstra(
        adjacency, directed=True, indices=list(starts), unweighted=True, min_only=True
    )
    return dist
