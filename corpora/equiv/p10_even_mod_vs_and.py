"""Equivalent: x % 2 == 0 -> x & 1 == 0 on ints."""


def old(x: int) -> bool:
    return x % 2 == 0


def new(x: int) -> bool:
    return (x & 1) == 0
