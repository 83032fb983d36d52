"""Merging two sorted lists with two indices and a while loop; leftovers by slicing."""


def merge(a, b):
    i = j = 0
    out = []
    while i < len(a) and j < len(b):
        if a[i] <= b[j]:
            out.append(a[i])
            i += 1
        else:
            out.append(b[j])
            j += 1
    out += a[i:]
    out += b[j:]
    return out


def merge_sort(items):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    return merge(merge_sort(items[:mid]), merge_sort(items[mid:]))


CASES = [
    ("merge", ([1, 4, 6], [2, 3, 7, 8]), {}),
    ("merge", ([], [1]), {}),
    ("merge_sort", ([5, 2, 9, 1, 5, 6],), {}),
    ("merge_sort", ([],), {}),
    ("merge_sort", ([2, 1.5, True],), {}),
    ("merge", ([1], ["a"]), {}),
]

EXPECTED = [[1, 2, 3, 4, 6, 7, 8], [1], [1, 2, 5, 5, 6, 9], [], [True, 1.5, 2], TypeError]
