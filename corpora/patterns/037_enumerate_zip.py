"""Iterating with enumerate (with start) and zip (stops at the shortest)."""


def numbered(items, start=1):
    lines = []
    for i, item in enumerate(items, start):
        lines.append(str(i) + ". " + str(item))
    return lines


def dot(a, b):
    total = 0
    for x, y in zip(a, b):  # noqa: B905 - stopping at the shortest is the pattern
        total += x * y
    return total


def pairs(a, b):
    out = []
    for p in zip(a, b):  # noqa: B905 - stopping at the shortest is the pattern
        out.append(p)
    return out


CASES = [
    ("numbered", (["a", "b"],), {}),
    ("numbered", ("xy",), {"start": 0}),
    ("dot", ([1, 2, 3], [4, 5, 6]), {}),
    ("dot", ([1, 2, 3], [1]), {}),
    ("pairs", ("abc", [1, 2]), {}),
    ("dot", ([1], 5), {}),
]

EXPECTED = [["1. a", "2. b"], ["0. x", "1. y"], 32, 1, [("a", 1), ("b", 2)], TypeError]
