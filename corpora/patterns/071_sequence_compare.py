"""Lexicographic comparison of strings, lists and tuples; ordering across types fails."""


def compare(a, b):
    if a < b:
        return -1
    elif a == b:
        return 0
    return 1


def ordered(a, b, c):
    return a <= b <= c


CASES = [
    ("compare", ("apple", "apricot"), {}),
    ("compare", ([1, 2, 3], [1, 2]), {}),
    ("compare", ((1, "a"), (1, "a")), {}),
    ("compare", ("B", "a"), {}),
    ("ordered", ([], [0], [0, 0]), {}),
    ("compare", (None, 1), {}),
    ("compare", ([1, "a"], [1, 2]), {}),
]

EXPECTED = [-1, 1, 0, -1, True, TypeError, TypeError]
