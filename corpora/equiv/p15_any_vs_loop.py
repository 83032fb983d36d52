"""Equivalent: any(generator) -> loop with early return."""


def old(xs: list[int]) -> bool:
    return any(x < 0 for x in xs)


def new(xs: list[int]) -> bool:
    for x in xs:
        if x < 0:
            return True
    return False
