"""Equivalent: max(a, b) -> a if a >= b else b on ints (both keep the first of equal values)."""


def old(a: int, b: int) -> int:
    return max(a, b)


def new(a: int, b: int) -> int:
    return a if a >= b else b
