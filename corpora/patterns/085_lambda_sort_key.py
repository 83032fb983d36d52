# beyond-foundation
"""Lambdas as sort keys and as small stored callables."""


def sort_records(records):
    return sorted(records, key=lambda r: (-r[1], r[0]))


def apply_ops(x, names):
    ops = {"inc": lambda v: v + 1, "dbl": lambda v: v * 2, "neg": lambda v: -v}
    for name in names:
        x = ops[name](x)
    return x


CASES = [
    ("sort_records", ([("b", 2), ("a", 2), ("c", 5)],), {}),
    ("sort_records", ([],), {}),
    ("apply_ops", (3, ["inc", "dbl", "neg"]), {}),
    ("apply_ops", ("ab", ["dbl"]), {}),
    ("apply_ops", (1, ["sqrt"]), {}),
    ("sort_records", ([("a", "x")],), {}),
]

EXPECTED = [[("c", 5), ("a", 2), ("b", 2)], [], -8, "abab", KeyError, TypeError]
