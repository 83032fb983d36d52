# beyond-foundation
"""A generator's `return` raises StopIteration(value); finally clauses run before it does."""


def gen(n, log):
    try:
        for i in range(n):
            if i == 2:
                return "early"
            yield i
        return "full"
    finally:
        log.append("cleanup")


def collect(n):
    log = []
    g = gen(n, log)
    items = []
    while True:
        try:
            items.append(next(g))
        except StopIteration as stop:
            return (items, stop.value, log)


def list_drops_value(n):
    return list(gen(n, []))


CASES = [("collect", (5,), {}), ("collect", (1,), {}), ("list_drops_value", (4,), {}),
         ("collect", (0,), {}), ("collect", ("x",), {})]

EXPECTED = [([0, 1], "early", ["cleanup"]), ([0], "full", ["cleanup"]), [0, 1],
            ([], "full", ["cleanup"]), TypeError]
