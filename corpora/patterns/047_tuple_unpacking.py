"""Unpacking: nested targets, starred targets and wrong-arity errors."""


def split_head(seq):
    head, *rest = seq
    return (head, rest)


def ends(seq):
    first, *_, last = seq
    return (first, last)


def nested(pair):
    (a, b), c = pair
    return a + b + c


def two(seq):
    x, y = seq
    return y - x


CASES = [
    ("split_head", ([1, 2, 3],), {}),
    ("split_head", ("a",), {}),
    ("ends", ((1, 2),), {}),
    ("nested", (((1, 2), 3),), {}),
    ("two", ({"a": 1, "b": 2},), {}),
    ("two", ([1, 2, 3],), {}),
    ("ends", ([],), {}),
    ("two", (5,), {}),
]

EXPECTED = [(1, [2, 3]), ("a", []), (1, 2), 6, TypeError, ValueError, ValueError, TypeError]
