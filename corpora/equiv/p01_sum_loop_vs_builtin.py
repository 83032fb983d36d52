"""Equivalent: accumulating loop -> sum() over a list of ints."""


def old(xs: list[int]) -> int:
    total = 0
    for x in xs:
        total += x
    return total


def new(xs: list[int]) -> int:
    return sum(xs)
