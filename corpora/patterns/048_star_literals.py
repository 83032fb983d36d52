"""Display literals with unpacking: [*a, *b], (*a,), {*a}, {**d1, **d2}."""


def concat(a, b):
    return [*a, *b]


def as_tuple(a):
    return (*a, "end")


def union(a, b):
    return {*a, *b}


def merge(d1, d2):
    return {**d1, "sep": 0, **d2}


CASES = [
    ("concat", ([1], "ab"), {}),
    ("as_tuple", ([],), {}),
    ("as_tuple", ({"k": 1},), {}),
    ("union", ([1, 2], (2, 3)), {}),
    ("merge", ({"a": 1, "sep": 5}, {"b": 2, "a": 3}), {}),
    ("merge", ({}, [1]), {}),
    ("concat", ([1], 2), {}),
]

EXPECTED = [
    [1, "a", "b"],
    ("end",),
    ("k", "end"),
    {1, 2, 3},
    {"a": 3, "sep": 0, "b": 2},
    TypeError,
    TypeError,
]
