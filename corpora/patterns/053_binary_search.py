"""Iterative binary search with integer midpoint arithmetic."""


def bsearch(items, target):
    lo = 0
    hi = len(items) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if items[mid] == target:
            return mid
        elif items[mid] < target:
            lo = mid + 1
        else:
            hi = mid - 1
    return -1


def insertion_point(items, x):
    lo, hi = 0, len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if items[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


CASES = [
    ("bsearch", ([1, 3, 5, 7, 9], 7), {}),
    ("bsearch", ([1, 3, 5, 7, 9], 4), {}),
    ("bsearch", ([], 1), {}),
    ("insertion_point", ([1, 2, 2, 3], 2), {}),
    ("insertion_point", ([], 0), {}),
    ("bsearch", (["a", "c"], "c"), {}),
    ("bsearch", ([1, 2], "x"), {}),
]

EXPECTED = [3, -1, -1, 1, 0, 1, TypeError]
