# ruff: noqa
# mypy: ignore-errors
"""Arithmetic whose result depends on the exact semantics of Python's operators (DESIGN §4):
floor division and modulo round toward −∞, float ** raises on overflow, x + 0 is not x for
floats and strings, sequence repetition allocates, bool arithmetic returns int."""


def offset(x):
    return x + 1 + 2


def floor_parts(v):
    return v // 3, v % 3


def halves(x):
    return x // 2, x % 4


def square(x):
    return x ** 2


def plus_zero(x):
    return x + 0


def repeated(xs):
    ys = xs * 1
    ys.append(0)
    return ys


def remaining(n):
    return 10 - n


def bracket(s):
    return "<" + s


def greater_bit(a, b):
    return (a > b) & 1


CASES = [
    ("offset", (5,), {}),
    ("floor_parts", (7,), {}),
    ("floor_parts", (-7,), {}),
    ("halves", (7,), {}),
    ("halves", (-7,), {}),
    ("halves", (7.5,), {}),
    ("square", (3,), {}),
    ("square", (1.5,), {}),
    ("square", (1e200,), {}),
    ("plus_zero", (4,), {}),
    ("plus_zero", (-0.0,), {}),
    ("plus_zero", ("a",), {}),
    ("repeated", ([1, 2],), {}),
    ("remaining", (3,), {}),
    ("bracket", ("b",), {}),
    ("greater_bit", (2, 1), {}),
    ("greater_bit", (1, 2), {}),
]
