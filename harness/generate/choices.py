"""The one source of randomness of the generators: a recorded, replayable choice sequence.

As in Hypothesis, every decision is ``draw(n)`` → an int in ``[0, n)``, and the sequence of
draws is recorded.  Replaying a recorded sequence regenerates the same program without the
seed; replaying a *shortened or lowered* sequence gives a simpler program, which is what a
reducer exploits: the generators order their options so that 0 is always the simplest one
(the first statement kind, the smallest literal, "stop adding statements").
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

__all__ = ["Choices"]

T = TypeVar("T")


class Choices:
    """Draws from a seeded RNG, or from a given prefix first (then zeros, or the RNG)."""

    __slots__ = ("_pos", "_prefix", "_rng", "record")

    def __init__(self, seed: int | str | None = None, prefix: Sequence[int] = ()) -> None:
        # Without a seed, draws past the prefix are 0: a shrunk sequence stays simple and
        # deterministic instead of growing random tails.
        self._rng = random.Random(seed) if seed is not None else None
        self._prefix = tuple(prefix)
        self._pos = 0
        self.record: list[int] = []

    def draw(self, n: int) -> int:
        """An int in ``[0, n)``; ``n`` must be at least 1."""
        if n <= 1:
            if n < 1:
                raise ValueError("draw(n) needs n >= 1")
            value = 0
        elif self._pos < len(self._prefix):
            value = self._prefix[self._pos] % n  # a value recorded for a larger range still fits
        elif self._rng is not None:
            value = self._rng.randrange(n)
        else:
            value = 0
        self._pos += 1
        self.record.append(value)
        return value

    def chance(self, p: float) -> bool:
        """True with probability ``p`` (0 draws False, so shrinking switches features off)."""
        if p <= 0.0:
            return False
        return self.draw(1000) >= 1000 - round(p * 1000)

    def weighted(self, weights: Sequence[int]) -> int:
        """Index ``i`` with probability ``weights[i] / sum``; 0 is the first positive weight."""
        total = sum(w for w in weights if w > 0)
        if total <= 0:
            raise ValueError("no positive weight to choose from")
        point = self.draw(total)
        for index, weight in enumerate(weights):
            if weight <= 0:
                continue
            if point < weight:
                return index
            point -= weight
        raise AssertionError("unreachable")  # pragma: no cover

    def pick(self, items: Sequence[T]) -> T:
        return items[self.draw(len(items))]

    def between(self, low: int, high: int) -> int:
        """An int in ``[low, high]`` (low is the simplest)."""
        return low + self.draw(high - low + 1)

    @property
    def sequence(self) -> tuple[int, ...]:
        return tuple(self.record)
