"""Equivalent: lo <= x < hi -> explicit and."""


def old(x: int, lo: int, hi: int) -> bool:
    return lo <= x < hi


def new(x: int, lo: int, hi: int) -> bool:
    return lo <= x and x < hi
