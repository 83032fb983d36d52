"""list.append/pop/insert/extend/remove on the caller's list (mutation is visible)."""


def push_pop(items, x):
    items.append(x)
    items.insert(0, x)
    last = items.pop()
    first = items.pop(0)
    return (first, last, len(items))


def extend_remove(items, more, drop):
    items.extend(more)
    items.remove(drop)
    return items


def pop_at(items, i):
    return items.pop(i)


CASES = [
    ("push_pop", ([1, 2], 9), {}),
    ("extend_remove", ([1, 2, 3], [2, 4], 2), {}),
    ("extend_remove", ([1], [], 5), {}),
    ("pop_at", ([], 0), {}),
    ("pop_at", ([1, 2, 3], -1), {}),
    ("pop_at", ([1, 2, 3], "0"), {}),
]

EXPECTED = [(9, 9, 2), [1, 3, 2, 4], ValueError, IndexError, 3, TypeError]
