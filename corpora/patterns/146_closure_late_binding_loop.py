# beyond-foundation
"""Closures made in a loop all see the loop variable's final value; a factory captures each."""


def late(n):
    funcs = []
    for i in range(n):
        def f():
            return i * 10  # noqa: B023 - late binding is the behaviour under test
        funcs.append(f)
    return [f() for f in funcs]


def factory(n):
    def make(i):
        def f():
            return i * 10
        return f
    return [make(i)() for i in range(n)]


def rebound_after_loop(n):
    funcs = []
    for i in range(n):
        funcs.append(lambda: i)  # noqa: B023
    i = "changed"
    return [f() for f in funcs]


CASES = [("late", (3,), {}), ("factory", (3,), {}), ("late", (0,), {}),
         ("rebound_after_loop", (2,), {}), ("late", ("3",), {})]

EXPECTED = [[20, 20, 20], [0, 10, 20], [], ["changed", "changed"], TypeError]
