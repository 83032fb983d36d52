# beyond-foundation
"""Generator functions with `yield`, `yield from`, and consuming them with list()."""


def countdown(n):
    while n > 0:
        yield n
        n -= 1


def chunks(items, size):
    if size <= 0:
        raise ValueError("size must be positive")
    for i in range(0, len(items), size):
        yield items[i : i + size]


def chained(a, b):
    yield from a
    yield from b


def take(kind, *args):
    gens = {"countdown": countdown, "chunks": chunks, "chained": chained}
    return list(gens[kind](*args))


CASES = [
    ("take", ("countdown", 3), {}),
    ("take", ("chunks", [1, 2, 3, 4, 5], 2), {}),
    ("take", ("chunks", [1], 0), {}),
    ("take", ("chained", "ab", [1]), {}),
    ("take", ("countdown", "3"), {}),
]

EXPECTED = [[3, 2, 1], [[1, 2], [3, 4], [5]], ValueError, ["a", "b", 1], TypeError]
