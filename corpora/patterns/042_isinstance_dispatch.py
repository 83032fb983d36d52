"""Dispatch on type with isinstance (incl. tuples of types; bool is an int)."""


def kind(x):
    if isinstance(x, bool):
        return "bool"
    elif isinstance(x, int):
        return "int"
    elif isinstance(x, (float, complex)):
        return "number"
    elif isinstance(x, (str, bytes)):
        return "text"
    elif x is None:
        return "none"
    else:
        return "other"


def double(x):
    if isinstance(x, (list, tuple)):
        return x + x
    return x * 2


CASES = [
    ("kind", (True,), {}),
    ("kind", (10**40,), {}),
    ("kind", (float("inf"),), {}),
    ("kind", (b"x",), {}),
    ("kind", (None,), {}),
    ("kind", ({1, 2},), {}),
    ("double", ((1,),), {}),
    ("double", ({"a": 1},), {}),
]

EXPECTED = ["bool", "int", "number", "text", "none", "other", (1, 1), TypeError]
