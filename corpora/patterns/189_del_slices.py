# beyond-foundation
"""`del` on list slices with steps (incl. negative) and on indices, in place on the argument."""


def drop_every_other(items):
    del items[::2]
    return items


def drop_reversed_step(items):
    del items[-1::-3]
    return items


def drop_range(items, i, j):
    del items[i:j]
    return len(items)


def drop_index(items, i):
    del items[i]
    return items


def drop_from_tuple(t):
    del t[0]


CASES = [("drop_every_other", ([0, 1, 2, 3, 4],), {}),
         ("drop_reversed_step", (list(range(8)),), {}), ("drop_range", ([1, 2, 3, 4], 1, -1), {}),
         ("drop_range", ([1, 2], 5, 9), {}), ("drop_index", ([1, 2, 3], -1), {}),
         ("drop_index", ([], 0), {}), ("drop_from_tuple", ((1, 2),), {})]

EXPECTED = [[1, 3], [0, 2, 3, 5, 6], 2, 2, [1, 2], IndexError, TypeError]
