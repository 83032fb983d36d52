"""Different: round(x) -> int(x + 0.5): banker's rounding and negatives."""


def old(x: float) -> int:
    return round(x)


def new(x: float) -> int:
    return int(x + 0.5)
