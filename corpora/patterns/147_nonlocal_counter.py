# beyond-foundation
"""Counters built with `nonlocal`; two closures from one call share a cell, separate calls don't."""


def make_counter(start):
    count = start

    def inc(step=1):
        nonlocal count
        count += step
        return count

    def get():
        return count

    return inc, get


def use(start, steps):
    inc, get = make_counter(start)
    inc2, get2 = make_counter(start)
    results = [inc(s) for s in steps]
    inc2()
    return (results, get(), get2())


def missing_nonlocal():
    n = 0

    def bump():
        n += 1  # noqa: F823 - UnboundLocalError: n is local here without `nonlocal`
        return n

    return bump()


CASES = [("use", (0, [1, 2, 3]), {}), ("use", (10, []), {}), ("missing_nonlocal", (), {}),
         ("use", ("a", ["b"]), {}), ("use", (0, ["x"]), {})]

EXPECTED = [([1, 3, 6], 6, 1), ([], 10, 11), UnboundLocalError, TypeError, TypeError]
