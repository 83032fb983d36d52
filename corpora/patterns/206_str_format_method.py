# beyond-foundation
"""str.format: auto/explicit numbering, named fields, attribute/index lookups, mixing errors."""


def basic(a, b):
    return "{} + {} = {}".format(a, b, a + b)  # noqa: UP032


def reorder(a, b):
    return "{1}{0}{1}".format(a, b)  # noqa: UP032


def lookups(d, items):
    return "{d[key]} {items[1]} {items.__class__.__name__} {0:>{w}}".format("x", d=d, items=items,
    w=3)


def mixed(a):
    return "{} {0}".format(a)  # noqa: F525 - mixing numbering raises ValueError


CASES = [("basic", (1, 2), {}), ("reorder", ("a", "b"), {}), ("lookups", ({"key": 5}, [7, 8]), {}),
         ("mixed", (1,), {}), ("lookups", ({}, [1, 2]), {}), ("basic", ("a", 1), {}),
         ("reorder", ("only",), {})]

EXPECTED = ["1 + 2 = 3", "bab", "5 8 list   x", ValueError, KeyError, TypeError, TypeError]
