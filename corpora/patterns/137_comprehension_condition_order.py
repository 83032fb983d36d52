# beyond-foundation
"""Conditional expressions and filters in comprehensions are evaluated per element, in order."""


def classify(values):
    return ["neg" if v < 0 else "zero" if v == 0 else "pos" for v in values]


def guarded(values):
    return [10 // v for v in values if v != 0]


def filter_then_map(values):
    log = []
    out = [log.append(("map", v)) or v for v in values if log.append(("test", v)) or v % 2]
    return (out, log)


CASES = [("classify", ([-1, 0, 2],), {}), ("guarded", ([0, 5, -3],), {}),
         ("filter_then_map", ([1, 2, 3],), {}), ("classify", ([None],), {}),
         ("guarded", ([0, "a"],), {})]

EXPECTED = [["neg", "zero", "pos"], [2, -4],
            ([1, 3], [("test", 1), ("map", 1), ("test", 2), ("test", 3), ("map", 3)]), TypeError,
            TypeError]
