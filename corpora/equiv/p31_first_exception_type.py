"""Different: xs[0] -> next(iter(xs)): IndexError becomes StopIteration on []."""


def old(xs: list[int]) -> int:
    return xs[0]


def new(xs: list[int]) -> int:
    return next(iter(xs))
