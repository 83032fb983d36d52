# ruff: noqa
# mypy: ignore-errors
"""Speculation on globals: a small module function the optimizer inlines is rebound at run
time, and ``abs`` is called on values where an unguarded expansion differs (-0.0)."""


def helper(x):
    return x + 1


def use(x):
    return helper(x) * 2


def replacement(x):
    return x - 1


def rebind():
    globals()["helper"] = replacement
    return "rebound"


def magnitude(x):
    return abs(x)


CASES = [
    ("use", (1,), {}),
    ("magnitude", (-2,), {}),
    ("magnitude", (-0.0,), {}),
    ("rebind", (), {}),
    ("use", (1,), {}),
]
