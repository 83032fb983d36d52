# beyond-foundation
"""A generator is its own iterator: iterating twice yields nothing the second time."""


def squares(n):
    for i in range(n):
        yield i * i


def twice(n):
    g = squares(n)
    return (list(g), list(g), iter(g) is g)


def zip_self(n):
    g = squares(n)
    return list(zip(g, g))  # noqa: B905 - zip stops at the first exhausted iterator


def running():
    g = squares(3)
    next(g)
    return g.gi_running, g.gi_frame is not None, list(g), g.gi_frame is None


def bad(n):
    return list(squares(n))


CASES = [("twice", (3,), {}), ("zip_self", (5,), {}), ("running", (), {}), ("bad", ("3",), {}),
         ("twice", (0,), {})]

EXPECTED = [([0, 1, 4], [], True), [(0, 1), (4, 9)], (False, True, [1, 4], True), TypeError,
            ([], [], True)]
