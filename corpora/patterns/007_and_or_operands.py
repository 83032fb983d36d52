"""`and`/`or` return one of their operands, not a bool; `not` always returns a bool."""


def pick_default(value, default):
    return value or default


def guard(a, b):
    return a and b


def mixed(a, b, c):
    return a and b or c  # noqa: RUF021 - precedence is the pattern under test


def negate(x):
    return not x


CASES = [
    ("pick_default", (0, "zero"), {}),
    ("pick_default", ([1], "x"), {}),
    ("guard", ("", 5), {}),
    ("guard", ([0], None), {}),
    ("mixed", (1, 0, "c"), {}),
    ("mixed", (None, 1, []), {}),
    ("negate", ([],), {}),
    ("negate", (float("nan"),), {}),
]

EXPECTED = ["zero", [1], "", None, "c", [], True, False]
