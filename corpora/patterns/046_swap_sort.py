"""Swapping with `a, b = b, a`: bubble sort in place, and rotation of three names."""


def bubble_sort(items):
    n = len(items)
    for i in range(n):
        swapped = False
        for j in range(n - 1 - i):
            if items[j] > items[j + 1]:
                items[j], items[j + 1] = items[j + 1], items[j]
                swapped = True
        if not swapped:
            break
    return None


def rotate(a, b, c):
    a, b, c = b, c, a
    return (a, b, c)


CASES = [
    ("bubble_sort", ([5, 1, 4, 2, 8],), {}),
    ("bubble_sort", ([],), {}),
    ("bubble_sort", (["b", "a", "c"],), {}),
    ("rotate", (1, 2, 3), {}),
    ("bubble_sort", ([3, "a"],), {}),
    ("bubble_sort", ([2.0, -0.0, 0.0, -1],), {}),
]

EXPECTED = [None, None, None, (2, 3, 1), TypeError, None]
