"""Different: math.floor(x) -> int(x): truncation differs for negative fractions."""

import math


def old(x: float) -> int:
    return math.floor(x)


def new(x: float) -> int:
    return int(x)
