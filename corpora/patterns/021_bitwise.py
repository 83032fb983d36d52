"""Bitwise operators on ints incl. negatives, big ints and a negative shift count."""


def bits(a, b):
    return (a & b, a | b, a ^ b, ~a, a << 3, a >> 1)


def popcount(n):
    count = 0
    while n:
        n &= n - 1
        count += 1
    return count


def shift(a, n):
    return a << n


CASES = [
    ("bits", (12, 10), {}),
    ("bits", (-12, 10), {}),
    ("bits", (2**70, 2**70 - 1), {}),
    ("popcount", (255,), {}),
    ("popcount", (2**100 + 1,), {}),
    ("shift", (1, -1), {}),
    ("bits", (1.0, 2), {}),
]

EXPECTED = [
    (8, 14, 6, -13, 96, 6),
    (0, -2, -2, 11, -96, -6),
    (0, 2**71 - 1, 2**71 - 1, -(2**70) - 1, 2**73, 2**69),
    8,
    2,
]
