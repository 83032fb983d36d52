"""Different: abs(x) -> x if x > 0 else -x on floats: abs(0.0) is 0.0, -0.0 here."""


def old(x: float) -> float:
    return abs(x)


def new(x: float) -> float:
    return x if x > 0 else -x
