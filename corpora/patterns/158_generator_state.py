# beyond-foundation
"""Generator bodies run only on next(); locals persist between yields; exhaustion is permanent.

A StopIteration from next() inside a list comprehension is not converted (not a generator)."""


def counter(log, n):
    log.append("start")
    i = 0
    while i < n:
        log.append("yield " + str(i))
        yield i
        i += 1
    log.append("end")


def drive(n, takes):
    log = []
    gen = counter(log, n)
    log.append("created")
    got = [next(gen, "done") for _ in range(takes)]
    return (got, log)


def strict(n):
    gen = counter([], n)
    return [next(gen) for _ in range(n + 1)]


CASES = [("drive", (2, 4), {}), ("drive", (0, 1), {}), ("drive", (3, 0), {}), ("strict", (1,), {}),
         ("drive", ("x", 1), {})]

EXPECTED = [([0, 1, "done", "done"], ["created", "start", "yield 0", "yield 1", "end"]),
            (["done"], ["created", "start", "end"]), ([], ["created"]), StopIteration, TypeError]
