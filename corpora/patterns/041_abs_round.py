"""abs() and round(): banker's rounding, ndigits, and errors on nan/inf."""


def rounding(x):
    return (round(x), round(x, 1), abs(x))


def round_int(n, digits):
    return round(n, digits)


CASES = [
    ("rounding", (2.5,), {}),
    ("rounding", (-3.55,), {}),
    ("rounding", (-0.0,), {}),
    ("round_int", (1234567, -3), {}),
    ("round_int", (-2.675, 2), {}),
    ("rounding", (float("nan"),), {}),
    ("rounding", (float("-inf"),), {}),
    ("rounding", ("1.5",), {}),
]

EXPECTED = [
    (2, 2.5, 2.5),
    (-4, -3.5, 3.55),
    (0, -0.0, 0.0),
    1235000,
    -2.67,
    ValueError,
    OverflowError,
    TypeError,
]
