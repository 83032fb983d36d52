"""Different: x ** 2 -> x * x on floats: OverflowError becomes inf."""


def old(x: float) -> float:
    return x ** 2


def new(x: float) -> float:
    return x * x
