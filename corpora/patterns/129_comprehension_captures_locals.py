# beyond-foundation
"""Comprehensions read the enclosing function's locals and parameters (as closures)."""


def scale(values, factor, *, limit=None):
    offset = len(values)
    out = [v * factor + offset for v in values if limit is None or v < limit]
    return out


def rebinding_after(values):
    k = 1
    gen = (v * k for v in values)
    k = 10
    return list(gen)  # the generator sees the rebinding: late binding


def nested_scopes(words):
    lengths = {w: len(w) for w in words}
    return sorted({n for n in lengths.values() if n > min(lengths.values())})


CASES = [("scale", ([1, 2, 3], 2), {}), ("scale", ([1, 5, 3], 1), {"limit": 4}),
         ("rebinding_after", ([1, 2],), {}), ("nested_scopes", (["a", "bb", "ccc", "dd"],), {}),
         ("nested_scopes", ([],), {}), ("scale", ([1], "x"), {})]

EXPECTED = [[5, 7, 9], [4, 6], [10, 20], [2, 3], [], TypeError]
