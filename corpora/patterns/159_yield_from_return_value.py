# beyond-foundation
"""`yield from` re-yields the subgenerator's items and evaluates to its `return` value."""


def inner(items):
    total = 0
    for x in items:
        yield x
        total += x
    return total


def outer(groups):
    totals = []
    for g in groups:
        t = yield from inner(g)
        totals.append(t)
    yield ("totals", totals)
    return len(totals)


def run(groups):
    gen = outer(groups)
    items = list(gen)
    return items


def final_value(groups):
    gen = outer(groups)
    while True:
        try:
            next(gen)
        except StopIteration as e:
            return e.value


CASES = [("run", ([[1, 2], [], [3]],), {}), ("run", ([],), {}), ("final_value", ([[1], [2]],), {}),
         ("run", ([[1, "a"]],), {}), ("run", ([5],), {})]

EXPECTED = [[1, 2, 3, ("totals", [3, 0, 3])], [("totals", [])], 2, TypeError, TypeError]
