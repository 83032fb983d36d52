"""Different: math.isqrt(n) -> int(math.sqrt(n)): float rounding for huge n."""

import math


def old(n: int) -> int:
    if n < 0:
        return -1
    return math.isqrt(n)


def new(n: int) -> int:
    if n < 0:
        return -1
    return int(math.sqrt(n))
