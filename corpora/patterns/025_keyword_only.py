"""Keyword-only and positional-only parameters."""


def clamp(x, /, lo=0, *, hi=10):
    if x < lo:
        return lo
    if x > hi:
        return hi
    return x


def tag(name, *, bold=False, italic=False):
    if bold:
        name = "*" + name + "*"
    if italic:
        name = "_" + name + "_"
    return name


CASES = [
    ("clamp", (5,), {}),
    ("clamp", (-5,), {"lo": -2}),
    ("clamp", (50,), {"hi": 20}),
    ("clamp", (5, 0, 3), {}),
    ("clamp", (), {"x": 1}),
    ("tag", ("t",), {"bold": True, "italic": 1}),
    ("tag", ("t", True), {}),
]

EXPECTED = [5, -2, 20, TypeError, TypeError, "_*t*_", TypeError]
