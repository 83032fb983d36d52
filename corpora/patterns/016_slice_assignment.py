"""Slice assignment grows, shrinks and replaces list parts in place."""


def replace_middle(items, new):
    items[1:-1] = new
    return items


def every_other(items, value):
    n = len(items[::2])
    items[::2] = [value] * n
    return items


def bad_extended(items):
    items[::2] = [0]
    return items


def clear(items):
    items[:] = []
    return len(items)


CASES = [
    ("replace_middle", ([1, 2, 3, 4], ["a"]), {}),
    ("replace_middle", ([1, 2], [7, 8, 9]), {}),
    ("every_other", ([1, 2, 3, 4, 5], 0), {}),
    ("bad_extended", ([1, 2, 3, 4],), {}),
    ("clear", ([1, 2, 3],), {}),
    ("replace_middle", ((1, 2, 3), [0]), {}),
]

EXPECTED = [[1, "a", 4], [1, 7, 8, 9, 2], [0, 2, 0, 4, 0], ValueError, 0, TypeError]
