"""Different: any(generator) -> any([list]): the eager list divides by zero past a hit."""


def old(xs: list[int]) -> bool:
    return any(100 // x > 1 for x in xs)


def new(xs: list[int]) -> bool:
    return any([100 // x > 1 for x in xs])
