"""Equivalent: a*x*x + b*x + c -> Horner form on ints."""


def old(a: int, b: int, c: int, x: int) -> int:
    return a * x * x + b * x + c


def new(a: int, b: int, c: int, x: int) -> int:
    return (a * x + b) * x + c
