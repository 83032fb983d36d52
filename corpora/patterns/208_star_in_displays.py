# beyond-foundation
"""`*` and `**` in list/tuple/set/dict displays and in assignment targets."""


def merge(a, b):
    return ([*a, *b], (*a, 0), sorted({*a, *b}), {**{"x": 1}, **dict.fromkeys(a, 0), "x": 2})


def unpack(seq):
    first, *middle, last = seq
    *init, tail = seq
    return (first, middle, last, init, tail)


def dict_order(a, b):
    return list({**a, **b}.items())


CASES = [("merge", ("ab", "c"), {}), ("unpack", ([1, 2, 3, 4],), {}), ("unpack", ("xy",), {}),
         ("dict_order", ({"a": 1, "b": 2}, {"a": 3, "c": 4}), {}), ("unpack", ([1],), {}),
         ("merge", (1, []), {}), ("dict_order", ({}, [1]), {})]

EXPECTED = [(["a", "b", "c"], ("a", "b", 0), ["a", "b", "c"], {"x": 2, "a": 0, "b": 0}),
            (1, [2, 3], 4, [1, 2, 3], 4), ("x", [], "y", ["x"], "y"),
            [("a", 3), ("b", 2), ("c", 4)], ValueError, TypeError, TypeError]
