# beyond-foundation
"""Slicing with steps on str/list/tuple, incl. negative steps, out-of-range bounds and step 0."""


def views(seq):
    return (seq[::2], seq[::-1], seq[-2::-2], seq[1:-1:3], seq[5:1:-1], seq[-100:100], seq[3:1])


def slice_object(seq, start, stop, step):
    s = slice(start, stop, step)
    return (seq[s], s.indices(len(seq)))


CASES = [("views", ("abcdefgh",), {}), ("views", (list(range(7)),), {}), ("views", ((1, 2),), {}),
         ("slice_object", ("hello", None, None, -2), {}),
         ("slice_object", ([1, 2, 3], -1, -5, -1), {}), ("slice_object", ("abc", 0, 3, 0), {}),
         ("views", (5,), {})]

EXPECTED = [("aceg", "hgfedcba", "geca", "be", "fedc", "abcdefgh", ""),
            ([0, 2, 4, 6], [6, 5, 4, 3, 2, 1, 0], [5, 3, 1], [1, 4], [5, 4, 3, 2],
             [0, 1, 2, 3, 4, 5, 6], []),
            ((1,), (2, 1), (1,), (), (), (1, 2), ()), ("olh", (4, -1, -2)),
            ([3, 2, 1], (2, -1, -1)), ValueError, TypeError]
