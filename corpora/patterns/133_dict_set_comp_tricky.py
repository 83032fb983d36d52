# beyond-foundation
"""Dict comprehensions keep the last value for duplicate keys; set results are sorted."""


def last_wins(pairs):
    return {k: v for k, v in pairs}


def invert(d):
    return {v: k for k, v in sorted(d.items())}


def residues(values, m):
    return sorted({v % m for v in values})


def key_order(words):
    d = {w[0]: w for w in words}
    return list(d)


CASES = [("last_wins", ([("a", 1), ("b", 2), ("a", 3)],), {}),
         ("invert", ({"x": 1, "y": 1, "z": 2},), {}), ("residues", ([1, 5, 9, -3], 4), {}),
         ("key_order", (["bat", "ant", "bee"],), {}), ("residues", ([1], 0), {}),
         ("last_wins", ([("a",)],), {})]

EXPECTED = [{"a": 3, "b": 2}, {1: "y", 2: "z"}, [1], ["b", "a"], ZeroDivisionError, ValueError]
