"""Classic sorting algorithms written out in Python: quicksort, merge sort, heapsort and
insertion sort, checked against each other on seeded random data.

Stresses list indexing and swapping, recursion, slicing, ``while`` loops with compound
conditions, and comparisons of ints and of tuples.
"""

import random


def insertion_sort(items, lo, hi):
    """Sort ``items[lo:hi]`` in place; fast for the short runs quicksort leaves."""
    for i in range(lo + 1, hi):
        value = items[i]
        j = i - 1
        while j >= lo and items[j] > value:
            items[j + 1] = items[j]
            j -= 1
        items[j + 1] = value


def partition(items, lo, hi):
    """Hoare-style partition around the median of three; returns the split point."""
    mid = (lo + hi - 1) // 2
    a, b, c = items[lo], items[mid], items[hi - 1]
    pivot = max(min(a, b), min(max(a, b), c))
    i = lo
    j = hi - 1
    while True:
        while items[i] < pivot:
            i += 1
        while items[j] > pivot:
            j -= 1
        if i >= j:
            return j + 1
        items[i], items[j] = items[j], items[i]
        i += 1
        j -= 1


def quicksort(items, lo=0, hi=None):
    if hi is None:
        hi = len(items)
    while hi - lo > 12:
        split = partition(items, lo, hi)
        if split - lo < hi - split:
            quicksort(items, lo, split)
            lo = split
        else:
            quicksort(items, split, hi)
            hi = split
    insertion_sort(items, lo, hi)


def merge(left, right):
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if right[j] < left[i]:
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def merge_sort(items):
    if len(items) <= 1:
        return items[:]
    mid = len(items) // 2
    return merge(merge_sort(items[:mid]), merge_sort(items[mid:]))


def sift_down(heap, start, end):
    root = start
    while True:
        child = 2 * root + 1
        if child >= end:
            return
        if child + 1 < end and heap[child] < heap[child + 1]:
            child += 1
        if heap[root] >= heap[child]:
            return
        heap[root], heap[child] = heap[child], heap[root]
        root = child


def heapsort(items):
    heap = items[:]
    n = len(heap)
    for start in range(n // 2 - 1, -1, -1):
        sift_down(heap, start, n)
    for end in range(n - 1, 0, -1):
        heap[0], heap[end] = heap[end], heap[0]
        sift_down(heap, 0, end)
    return heap


def digest(items):
    h = 0
    for i, v in enumerate(items):
        h = (h * 1_000_003 + v * (i % 13 + 1)) % 2_305_843_009_213_693_951
    return h


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (6000, -99991, 99885, 2181015970088501943, (0, -98515), (16, 99755))


def run(scale: int = 1) -> object:
    rng = random.Random(99)
    data = [rng.randrange(-100_000, 100_000) for _ in range(6000 * scale)]
    quick = data[:]
    quicksort(quick)
    merged = merge_sort(data)
    heaped = heapsort(data)
    if not quick == merged == heaped:
        raise AssertionError("sorting algorithms disagree")
    pairs = [(v % 17, v) for v in data[:1000]]
    quicksort(pairs)
    return (len(quick), quick[0], quick[-1], digest(quick), pairs[0], pairs[-1])


def check(result) -> None:
    assert result == EXPECTED, result
