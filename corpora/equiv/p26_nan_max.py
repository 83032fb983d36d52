"""Different: max(a, b) -> a if a > b else b: differs when a is NaN."""


def old(a: float, b: float) -> float:
    return max(a, b)


def new(a: float, b: float) -> float:
    return a if a > b else b
