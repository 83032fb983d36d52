"""Equivalent: append loop -> list comprehension (squares of evens)."""


def old(xs: list[int]) -> list[int]:
    out = []
    for x in xs:
        if x % 2 == 0:
            out.append(x * x)
    return out


def new(xs: list[int]) -> list[int]:
    return [x * x for x in xs if x % 2 == 0]
