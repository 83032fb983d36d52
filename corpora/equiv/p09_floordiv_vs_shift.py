"""Equivalent: x // 4 -> x >> 2 (both floor, also for negative ints)."""


def old(x: int) -> int:
    return x // 4


def new(x: int) -> int:
    return x >> 2
