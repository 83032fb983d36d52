"""`lst += x` mutates the list in place (caller sees it); `t += x` rebinds a tuple."""


def add_items(lst, more):
    lst += more
    return len(lst)


def add_tuple(t, more):
    t += more
    return t


def alias_then_add(lst):
    alias = lst
    lst += [0]
    lst = lst + [1]  # noqa: RUF005 - rebinding (not mutating) is the point
    return (alias, lst)


def str_iadd(lst, s):
    lst += s
    return lst


CASES = [
    ("add_items", ([1, 2], [3]), {}),
    ("add_tuple", ((1,), (2, 3)), {}),
    ("alias_then_add", ([9],), {}),
    ("str_iadd", ([], "ab"), {}),
    ("add_tuple", ((1,), [2]), {}),
    ("add_items", ([1], 5), {}),
]

EXPECTED = [3, (1, 2, 3), ([9, 0], [9, 0, 1]), ["a", "b"], TypeError, TypeError]
