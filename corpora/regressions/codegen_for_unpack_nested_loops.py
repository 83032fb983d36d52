"""Regression: ``for x, y in row`` inside a loop that carries other variables.

Found while reviewing this session's codegen change (2026-11-29) that keeps the unpacking in
the ``for`` target: the unpacked values were named before the inner loop's carried names were
pushed, so a value flowing to the inner ``continue`` took the *outer* loop's first carried
name (``for (s, y) in row`` clobbering ``s``: f returned (10, 2) instead of (8, 2)).
"""


def f(rows):
    s = 0
    t = 0
    for row in rows:
        u = 0
        for x, y in row:
            u = x
        s = s + u
        t = t + 1
    return s, t


def g(rows):
    s = 0
    for row in rows:
        u = 0
        for x, *rest in row:
            u = u + x + len(rest)
        s = s * 2 + u
    return s


def h(pairs):
    last = None
    n = 0
    for a, b in pairs:
        for c, d in ((b, a), (a, b)):
            last = c
            n += d
    return last, n


CASES = [
    ("f", ([[(1, 2), (3, 4)], [(5, 6)]],), {}),
    ("f", ([[], [(7, 0)], []],), {}),
    ("g", ([[(1, 2, 3), (4,)], [(5, 6)]],), {}),
    ("h", ([(1, 2), (3, 4)],), {}),
    ("h", ([],), {}),
]
