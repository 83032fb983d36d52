"""Different: (a + b) + c -> a + (b + c) on floats."""


def old(a: float, b: float, c: float) -> float:
    return a + b + c


def new(a: float, b: float, c: float) -> float:
    return a + (b + c)
