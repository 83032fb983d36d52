# beyond-foundation
"""f-strings with format specs, conversions and nested expressions."""


def report(name, score, total):
    pct = score / total
    return f"{name!r:>8}: {score}/{total} = {pct:.1%}"


def table_row(values, width=5):
    return "|".join(f"{v:^{width}}" for v in values)


def debug(x):
    return f"{x=}, {x * 2 = }"


CASES = [
    ("report", ("ann", 3, 4), {}),
    ("report", ("bob", 0, 0), {}),
    ("table_row", ([1, "ab", 2.5],), {}),
    ("debug", (21,), {}),
    ("table_row", ([1],), {"width": "?"}),
]

EXPECTED = [
    "   'ann': 3/4 = 75.0%",
    ZeroDivisionError,
    "  1  | ab  | 2.5 ",
    "x=21, x * 2 = 42",
    ValueError,
]
