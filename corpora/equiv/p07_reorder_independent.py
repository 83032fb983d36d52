"""Equivalent: two independent assignments swapped."""


def old(a: int, b: int) -> int:
    s = a + b
    d = a - b
    return s * d


def new(a: int, b: int) -> int:
    d = a - b
    s = a + b
    return s * d
