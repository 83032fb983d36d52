# beyond-foundation
"""Comprehension loop variables are local to the comprehension; a same-named local is untouched."""


def shadow(items):
    x = "outer"
    squares = [x * x for x in items]
    return (x, squares)


def leak_attempt(items):
    _ = [y for y in items]
    return y  # noqa: F821 - NameError: y never leaks out of the comprehension


def for_loop_leaks(items):
    for z in items:  # noqa: B007 - the leaked loop variable is read after the loop
        pass
    return z  # UnboundLocalError only when the loop did not run


CASES = [("shadow", ([1, 2],), {}), ("shadow", ([],), {}), ("leak_attempt", ([1],), {}),
         ("for_loop_leaks", ([1, 2],), {}), ("for_loop_leaks", ([],), {})]

EXPECTED = [("outer", [1, 4]), ("outer", []), NameError, 2, UnboundLocalError]
