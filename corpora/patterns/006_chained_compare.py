"""Chained comparisons evaluate the middle operand once and short-circuit."""

calls = 0


def middle(x):
    global calls
    calls += 1
    return x


def in_range(lo, x, hi):
    return lo <= x < hi


def counted_chain(a, b, c):
    """The middle call must happen exactly once, the result pairs with the counter."""
    result = a < middle(b) < c
    return (result, calls)


def all_equal(a, b, c):
    return a == b == c


CASES = [
    ("in_range", (0, 5, 10), {}),
    ("in_range", (0, 10, 10), {}),
    ("counted_chain", (1, 2, 3), {}),
    ("counted_chain", (5, 2, 3), {}),
    ("all_equal", (1, 1.0, True), {}),
    ("in_range", ("a", 1, 2), {}),
    ("in_range", (5, 1, "z"), {}),
]

EXPECTED = [True, False, (True, 1), (False, 2), True, TypeError, False]
