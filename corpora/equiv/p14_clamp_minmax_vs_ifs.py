"""Equivalent: min(max(x, lo), hi) -> two ifs (same order of tests)."""


def old(x: int, lo: int, hi: int) -> int:
    return min(max(x, lo), hi)


def new(x: int, lo: int, hi: int) -> int:
    if x < lo:
        x = lo
    if x > hi:
        x = hi
    return x
