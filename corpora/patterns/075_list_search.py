"""list.index/count/reverse/sort in place, and `index` of a missing value."""


def positions(items, x):
    return (items.count(x), items.index(x))


def sort_in_place(items):
    items.sort()
    items.reverse()
    return None


def remove_all(items, x):
    while x in items:
        items.remove(x)
    return len(items)


CASES = [
    ("positions", ([3, 1, 3], 3), {}),
    ("positions", ([1, 2], 9), {}),
    ("sort_in_place", ([3, 1, 2],), {}),
    ("sort_in_place", ([1, "b"],), {}),
    ("remove_all", ([1, 2, 1, 1], 1), {}),
    ("remove_all", ([], 1), {}),
    ("positions", ((1, 1.0), True), {}),
]

EXPECTED = [(2, 0), ValueError, None, TypeError, 1, 0, (2, 0)]
