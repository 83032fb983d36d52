"""Accumulator: summing a list with a for loop, incl. int/float mixing and a type error."""


def total(values):
    """Start from 0 so an empty list gives 0 and a str element raises TypeError."""
    acc = 0
    for v in values:
        acc += v
    return acc


def total_start(values, start=0):
    acc = start
    for v in values:
        acc = acc + v
    return acc


CASES = [
    ("total", ([1, 2, 3],), {}),
    ("total", ([],), {}),
    ("total", ([1.5, 2, -0.5],), {}),
    ("total", ([10**30, 10**30, -1],), {}),
    ("total", ([1, "a"],), {}),
    ("total_start", (["a", "b"],), {"start": ""}),
    ("total_start", ([0.1, 0.2],), {}),
]

EXPECTED = [6, 0, 3.0, 2 * 10**30 - 1, TypeError, "ab"]
