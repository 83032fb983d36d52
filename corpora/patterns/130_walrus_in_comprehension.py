# beyond-foundation
"""`:=` inside a comprehension binds in the enclosing function scope, not the comprehension's."""


def last_match(items):
    hits = [y for x in items if (y := x * 2) > 4]
    return (hits, y)


def running(values):
    total = 0
    sums = [total := total + v for v in values]
    return (sums, total)


def any_witness(values):
    if any((w := v) < 0 for v in values):
        return ("negative", w)
    return ("none", values[-1])


CASES = [("last_match", ([1, 3, 2, 5],), {}), ("last_match", ([],), {}),
         ("running", ([1, 2, 3],), {}), ("any_witness", ([3, -1, -4],), {}),
         ("any_witness", ([2, 7],), {}), ("any_witness", ([],), {})]

EXPECTED = [([6, 10], 10), UnboundLocalError, ([1, 3, 6], 6), ("negative", -1), ("none", 7),
            IndexError]
