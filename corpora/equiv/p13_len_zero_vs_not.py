"""Equivalent: len(xs) == 0 -> not xs on lists."""


def old(xs: list[int]) -> bool:
    return len(xs) == 0


def new(xs: list[int]) -> bool:
    return not xs
