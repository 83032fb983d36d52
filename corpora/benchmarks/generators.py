"""A lazy pipeline of generator functions: produce, filter, transform, window, aggregate.

Stresses generator creation and resumption (``yield`` and ``yield from``), chained
iteration through several generator frames per item, ``collections.deque`` windows,
and generator expressions consumed by ``sum``/``max``.
"""

from collections import deque


def integers(start, stop):
    n = start
    while n < stop:
        yield n
        n += 1


def pseudo_random(seed, count):
    """A linear congruential stream, so the data is reproducible without ``random``."""
    state = seed
    for _ in range(count):
        state = (state * 1103515245 + 12345) % 2147483648
        yield state % 1000


def keep(predicate, items):
    for item in items:
        if predicate(item):
            yield item


def transform(function, items):
    for item in items:
        yield function(item)


def running_total(items):
    total = 0
    for item in items:
        total += item
        yield total


def windows(items, size):
    window = deque(maxlen=size)
    for item in items:
        window.append(item)
        if len(window) == size:
            yield tuple(window)


def chunks(items, size):
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def flatten(nested):
    for group in nested:
        if isinstance(group, list):
            yield from flatten(group)
        else:
            yield group


def take(items, count):
    for i, item in enumerate(items):
        if i >= count:
            return
        yield item


def is_interesting(n):
    return n % 3 != 0 and n % 7 != 2


def square_plus_one(n):
    return n * n + 1


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (1432, 752235717, 49995000, 22214445, [1, 4, 5, 7, 8, 10, 11, 13, 14, 17])


def run(scale: int = 1) -> object:
    count = 40000 * scale
    stage = transform(square_plus_one, keep(is_interesting, pseudo_random(2024, count)))
    smoothed = (sum(w) // len(w) for w in windows(stage, 5))
    grouped = [max(chunk) for chunk in chunks(smoothed, 16)]
    totals = list(running_total(integers(0, count // 4)))
    nested = [[i, [i + 1, [i + 2]]] for i in range(0, count // 6, 3)]
    flat_sum = sum(flatten(nested))
    head = list(take(keep(is_interesting, integers(0, count)), 10))
    return (len(grouped), sum(grouped), totals[-1], flat_sum, head)


def check(result) -> None:
    assert result == EXPECTED, result
