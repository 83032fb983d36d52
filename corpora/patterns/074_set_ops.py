"""Set operators and methods: union, intersection, difference, add/discard/remove."""


def set_algebra(a, b):
    sa = set(a)
    sb = set(b)
    return (sa | sb, sa & sb, sa - sb, sa ^ sb, sa <= sb)


def unique_count(items):
    seen = set()
    for x in items:
        seen.add(x)
    seen.discard(None)
    return len(seen)


def must_remove(items, x):
    s = set(items)
    s.remove(x)
    return s


CASES = [
    ("set_algebra", ([1, 2, 3], [2, 3, 4]), {}),
    ("set_algebra", ("", "ab"), {}),
    ("unique_count", ([1, 1.0, True, None, "1"],), {}),
    ("must_remove", ([1, 2], 2), {}),
    ("must_remove", ([1, 2], 5), {}),
    ("unique_count", ([[1]],), {}),
]

EXPECTED = [
    ({1, 2, 3, 4}, {2, 3}, {1}, {1, 4}, False),
    ({"a", "b"}, set(), set(), {"a", "b"}, True),
    2,
    {1},
    KeyError,
    TypeError,
]
