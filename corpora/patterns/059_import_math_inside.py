# beyond-foundation (import inside a function is lowered by the coverage issue)
"""`import math` inside a function, then math functions and their domain errors."""


def hypot_floor(a, b):
    import math

    return math.floor(math.sqrt(a * a + b * b))


def log_ratio(a, b):
    import math

    return math.log(a) - math.log(b)


def exact_isqrt(n):
    import math

    r = math.isqrt(n)
    return (r, r * r == n)


CASES = [
    ("hypot_floor", (3, 4), {}),
    ("hypot_floor", (1, 1), {}),
    ("log_ratio", (1, 1), {}),
    ("log_ratio", (0, 1), {}),
    ("exact_isqrt", (10**40,), {}),
    ("exact_isqrt", (-1,), {}),
    ("hypot_floor", (float("inf"), 0), {}),
]

EXPECTED = [5, 1, 0.0, ValueError, (10**20, True), ValueError, OverflowError]
