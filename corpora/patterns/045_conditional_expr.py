"""Conditional expressions, nested, and only the chosen branch is evaluated."""


def sign(x):
    return "neg" if x < 0 else "zero" if x == 0 else "pos"


def safe_div(a, b):
    return a / b if b != 0 else None


def pick(flag, items):
    return items[0] if flag else items[-1]


CASES = [
    ("sign", (-2,), {}),
    ("sign", (0.0,), {}),
    ("sign", (float("nan"),), {}),
    ("safe_div", (1, 0), {}),
    ("safe_div", (3, 2), {}),
    ("pick", (True, "ab"), {}),
    ("pick", (False, []), {}),
    ("sign", (None,), {}),
]

EXPECTED = ["neg", "zero", "pos", None, 1.5, "a", IndexError, TypeError]
