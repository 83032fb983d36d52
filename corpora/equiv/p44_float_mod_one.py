"""Different: x % 1 -> x - int(x): the fractional part of a negative number."""


def old(x: float) -> float:
    return x % 1


def new(x: float) -> float:
    return x - int(x)
