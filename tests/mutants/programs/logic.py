# ruff: noqa
# mypy: ignore-errors
"""Truth values and short-circuit evaluation: ``not`` returns a bool, NaN is unequal to itself,
``and`` and chained comparisons evaluate their right side only when needed, and a condition
known only at run time decides its branch at run time."""


def as_flag(x):
    return not not x


def reflexive(x):
    return x == x


def ratio_ok(n):
    return n != 0 and 100 // n > 3


def in_order(a, b, c):
    return a < b < c


def sign_word(x):
    word = "positive" if x > 0 else "not positive"
    return word


CASES = [
    ("as_flag", (5,), {}),
    ("as_flag", ([],), {}),
    ("reflexive", (1,), {}),
    ("reflexive", (float("nan"),), {}),
    ("ratio_ok", (5,), {}),
    ("ratio_ok", (0,), {}),
    ("in_order", (1, 2, 3), {}),
    ("in_order", (2, 1, "x"), {}),
    ("sign_word", (3,), {}),
    ("sign_word", (-3,), {}),
]
