"""NaN, infinities and signed zero: comparisons, arithmetic, and sign-preserving results."""


def classify(x):
    if x != x:
        return "nan"
    if x == float("inf") or x == -float("inf"):
        return "inf"
    if x == 0:
        return "zero"
    return "finite"


def negate_zero(x):
    return (-x, x * -1, 0.0 - x, x + 0.0)


def nan_ops(x):
    return (x == x, x < 1, x > 1, max(x, 1.0), min(1.0, x))


def inf_arith(x):
    return (x - x, x * 0, x / 2)


CASES = [
    ("classify", (float("nan"),), {}),
    ("classify", (float("-inf"),), {}),
    ("classify", (-0.0,), {}),
    ("negate_zero", (0.0,), {}),
    ("negate_zero", (-0.0,), {}),
    ("nan_ops", (float("nan"),), {}),
    ("inf_arith", (float("inf"),), {}),
    ("classify", ("nan",), {}),
]

EXPECTED = [
    "nan",
    "inf",
    "zero",
    (-0.0, -0.0, 0.0, 0.0),
    (0.0, 0.0, 0.0, 0.0),
    (False, False, False, float("nan"), 1.0),
]
