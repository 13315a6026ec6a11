"""Small, fast samplers over ``random.Random`` used by the generator."""

from __future__ import annotations

import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from typing import Generic, TypeVar

__all__ = ["Weighted", "Zipf", "split_shares"]

T = TypeVar("T")


class Zipf:
    """Draw indices ``0..n-1`` with weight ``1 / (rank + offset) ** exponent``.

    A static "fitness" model: the resulting degree distribution is heavy
    tailed like preferential attachment, but each draw is one bisection, so
    millions of draws stay cheap and reproducible.

    Examples
    --------
    >>> z = Zipf(1000, exponent=1.0, offset=1.0)
    >>> rng = random.Random(0)
    >>> draws = [z.draw(rng) for _ in range(2000)]
    >>> draws.count(0) > draws.count(500) * 20
    True
    """

    __slots__ = ("_cum", "_last", "_total", "n")

    def __init__(self, n: int, exponent: float = 1.0, offset: float = 3.0) -> None:
        if n < 1:
            raise ValueError("Zipf needs at least one element")
        self.n = n
        self._cum = list(accumulate((r + offset) ** -exponent for r in range(n)))
        self._total = self._cum[-1]
        self._last = n - 1

    def draw(self, rng: random.Random) -> int:
        """One index, popular (low) indices far more often than others."""
        i = bisect_right(self._cum, rng.random() * self._total)
        return i if i < self._last else self._last

    def sampler(self, rng: random.Random) -> Callable[[], int]:
        """A no-argument :meth:`draw` bound to ``rng``, for hot loops."""
        cum, total, last, rand = self._cum, self._total, self._last, rng.random

        def draw() -> int:
            i = bisect_right(cum, rand() * total)
            return i if i < last else last

        return draw


class Weighted(Generic[T]):
    """Draw values with given relative weights (zero weights are never drawn).

    Examples
    --------
    >>> w = Weighted([("a", 1.0), ("b", 0.0), ("c", 3.0)])
    >>> sorted({w.draw(random.Random(s)) for s in range(50)})
    ['a', 'c']
    """

    __slots__ = ("_cum", "_total", "_values")

    def __init__(self, pairs: Sequence[tuple[T, float]]) -> None:
        kept = [(v, w) for v, w in pairs if w > 0]
        if not kept:
            raise ValueError("Weighted needs at least one positive weight")
        self._values = [v for v, _ in kept]
        self._cum = list(accumulate(w for _, w in kept))
        self._total = self._cum[-1]

    def draw(self, rng: random.Random) -> T:
        """One value."""
        i = bisect_right(self._cum, rng.random() * self._total)
        return self._values[min(i, len(self._values) - 1)]

    def sampler(self, rng: random.Random) -> Callable[[], T]:
        """A no-argument :meth:`draw` bound to ``rng``, for hot loops."""
        cum, total, values, rand = self._cum, self._total, self._values, rng.random
        last = len(values) - 1

        def draw() -> T:
            i = bisect_right(cum, rand() * total)
            return values[i if i < last else last]

        return draw


def split_shares(rng: random.Random, k: int) -> list[float]:
    """``k`` shares rounded to 4 decimals that sum to 1, usually one dominant.

    Examples
    --------
    >>> shares = split_shares(random.Random(1), 4)
    >>> len(shares), round(sum(shares), 9), min(shares) > 0
    (4, 1.0, True)
    >>> split_shares(random.Random(1), 1)
    [1.0]
    """
    if k == 1:
        return [1.0]
    # Squaring a uniform draw skews the split: one main source, smaller second sources.
    weights = [rng.random() ** 2 + 0.1 for _ in range(k)]
    total = sum(weights)
    shares = [round(w / total, 4) for w in weights[:-1]]
    shares.append(round(1.0 - sum(shares), 4))
    return shares
