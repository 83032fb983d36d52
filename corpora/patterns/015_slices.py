"""Slicing with steps and negative indices on lists, strings and tuples."""


def slices(seq):
    return (seq[1:], seq[:-1], seq[::2], seq[::-1], seq[-2:], seq[1:-1:2], seq[5:1:-2])


def last(seq):
    return seq[-1]


def middle(seq):
    n = len(seq)
    return seq[n // 2]


CASES = [
    ("slices", ([0, 1, 2, 3, 4, 5, 6],), {}),
    ("slices", ("abcdefg",), {}),
    ("slices", ((),), {}),
    ("last", ("xyz",), {}),
    ("last", ([],), {}),
    ("middle", ({1: "a"},), {}),
    ("slices", (12,), {}),
]

EXPECTED = [
    (
        [1, 2, 3, 4, 5, 6],
        [0, 1, 2, 3, 4, 5],
        [0, 2, 4, 6],
        [6, 5, 4, 3, 2, 1, 0],
        [5, 6],
        [1, 3, 5],
        [5, 3],
    ),
    ("bcdefg", "abcdef", "aceg", "gfedcba", "fg", "bdf", "fd"),
    ((), (), (), (), (), (), ()),
    "z",
    IndexError,
    KeyError,
]
