# beyond-foundation
"""Positional-only parameters (before /) with defaults; their names are free for **kwargs."""


def clamp(value, lo=0, hi=10, /):
    return max(lo, min(hi, value))


def tagged(name, /, **attrs):
    return (name, sorted(attrs.items()))


def mixed(a, /, b, *, c=3):
    return a * 100 + b * 10 + c


CASES = [("clamp", (15,), {}), ("clamp", (-5, -2), {}), ("clamp", (5,), {"hi": 3}),
         ("tagged", ("div",), {"name": "x", "id": 1}), ("mixed", (1, 2), {}),
         ("mixed", (1,), {"b": 2, "c": 0}), ("mixed", (), {"a": 1, "b": 2}),
         ("mixed", (1, 2, 3), {})]

EXPECTED = [10, -2, TypeError, ("div", [("id", 1), ("name", "x")]), 123, 120, TypeError, TypeError]
