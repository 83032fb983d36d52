# beyond-foundation
"""Lambdas made in a comprehension share the loop variable (late binding) unless defaulted."""


def late(n):
    funcs = [lambda: i for i in range(n)]  # noqa: B023 - late binding under test
    return [f() for f in funcs]


def early(n):
    funcs = [lambda i=i: i for i in range(n)]
    return [f() for f in funcs]


def adders(values):
    adds = {v: (lambda x, v=v: x + v) for v in values}
    return [adds[v](100) for v in sorted(adds)]


CASES = [("late", (3,), {}), ("early", (3,), {}), ("late", (0,), {}), ("adders", ([3, 1, 2],), {}),
         ("adders", (["a"],), {})]

EXPECTED = [[2, 2, 2], [0, 1, 2], [], [101, 102, 103], TypeError]
