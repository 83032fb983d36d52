# beyond-foundation
"""The first iterable of a generator expression is evaluated immediately; the rest lazily."""


def first_eager(value):
    try:
        gen = (x for x in value)
    except TypeError:
        return "raised at creation"
    return list(gen)


def rest_lazy(rows):
    gen = (y for r in rows for y in r)
    made = "created"
    try:
        return (made, list(gen))
    except TypeError:
        return (made, "raised on iteration")


def iter_called_once(values):
    it = iter(values)
    gen = (v for v in it)
    first = next(gen)
    return (first, list(it))


CASES = [("first_eager", (5,), {}), ("first_eager", ("ab",), {}), ("rest_lazy", ([[1], 2],), {}),
         ("rest_lazy", ([[1], [2]],), {}), ("iter_called_once", ([1, 2, 3],), {}),
         ("iter_called_once", ([],), {})]

EXPECTED = ["raised at creation", ["a", "b"], ("created", "raised on iteration"),
            ("created", [1, 2]), (1, [2, 3]), StopIteration]
