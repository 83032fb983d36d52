"""`del` on list items, slices and dict keys, incl. errors for missing entries."""


def drop_index(items, i):
    del items[i]
    return items


def drop_slice(items):
    del items[::2]
    return items


def drop_key(d, key):
    del d[key]
    return d


CASES = [
    ("drop_index", ([1, 2, 3], 1), {}),
    ("drop_index", ([1, 2, 3], -1), {}),
    ("drop_index", ([], 0), {}),
    ("drop_slice", ([0, 1, 2, 3, 4],), {}),
    ("drop_key", ({"a": 1, "b": 2}, "a"), {}),
    ("drop_key", ({"a": 1}, "z"), {}),
    ("drop_index", ("abc", 0), {}),
]

EXPECTED = [[1, 3], [1, 2], IndexError, [1, 3], {"b": 2}, KeyError, TypeError]
