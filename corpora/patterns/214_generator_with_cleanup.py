# beyond-foundation
"""A `with` block inside a generator: closing the suspended generator exits the context manager."""


class Res:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("acquire")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append(("release", exc_type.__name__ if exc_type else None))


def rows(log, n):
    with Res(log):
        for i in range(n):  # noqa: UP028 - explicit yield loop under test
            yield i


def consume(n, take):
    log = []
    gen = rows(log, n)
    got = []
    for v in gen:
        if len(got) == take:
            break
        got.append(v)
    log.append("loop over")
    gen.close()
    return (got, log)


CASES = [("consume", (5, 2), {}), ("consume", (1, 5), {}), ("consume", (0, 0), {}),
         ("consume", ("x", 1), {})]

EXPECTED = [([0, 1], ["acquire", "loop over", ("release", "GeneratorExit")]),
            ([0], ["acquire", ("release", None), "loop over"]),
            ([], ["acquire", ("release", None), "loop over"]), TypeError]
