# beyond-foundation
"""generator.close() raises GeneratorExit at the yield: finally runs; yielding again is an error."""


def resource(log):
    log.append("open")
    try:
        for i in range(10):  # noqa: UP028 - explicit yield loop under test
            yield i
    finally:
        log.append("closed")


def stubborn():
    try:
        yield 1
    except GeneratorExit:
        yield 2  # RuntimeError: generator ignored GeneratorExit


def partial(k):
    log = []
    gen = resource(log)
    got = [next(gen) for _ in range(k)]
    gen.close()
    gen.close()
    return (got, log, next(gen, "exhausted"))


def ignore():
    gen = stubborn()
    next(gen)
    gen.close()


CASES = [("partial", (2,), {}), ("partial", (0,), {}), ("ignore", (), {}), ("partial", (11,), {})]

EXPECTED = [([0, 1], ["open", "closed"], "exhausted"), ([], [], "exhausted"), RuntimeError,
            StopIteration]
