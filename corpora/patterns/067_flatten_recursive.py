"""Recursion over nested lists with isinstance, accumulating into a shared list."""


def flatten(items, out=None):
    if out is None:
        out = []
    for x in items:
        if isinstance(x, (list, tuple)):
            flatten(x, out)
        else:
            out.append(x)
    return out


def depth(x):
    if not isinstance(x, list):
        return 0
    best = 0
    for item in x:
        d = depth(item)
        if d > best:
            best = d
    return best + 1


CASES = [
    ("flatten", ([1, [2, [3, (4, 5)]], "ab"],), {}),
    ("flatten", ([],), {}),
    ("depth", ([[1, [2]], 3],), {}),
    ("depth", ([],), {}),
    ("depth", ("x",), {}),
    ("flatten", (5,), {}),
]

EXPECTED = [[1, 2, 3, 4, 5, "ab"], [], 3, 1, 0, TypeError]
