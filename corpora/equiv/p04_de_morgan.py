"""Equivalent: not (a and b) -> (not a) or (not b) on int comparisons."""


def old(a: int, b: int) -> bool:
    return not (a > 0 and b > 0)


def new(a: int, b: int) -> bool:
    return a <= 0 or b <= 0
