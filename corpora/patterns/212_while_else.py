# beyond-foundation
"""`while ... else`: else runs when the condition becomes false, not after break or an exception."""


def search(n, target):
    i = 0
    while i < n:
        if i * i == target:
            break
        i += 1
    else:
        return ("no root", i)
    return ("root", i)


def countdown(n):
    log = []
    while n > 0:
        n -= 1
        if n == 2:
            continue
        log.append(n)
    else:
        log.append("liftoff")
    return log


def raising(values):
    log = []
    while values:
        log.append(10 // values.pop())
    else:
        log.append("else")
    return log


CASES = [("search", (10, 49), {}), ("search", (5, 50), {}), ("search", (0, 0), {}),
         ("countdown", (4,), {}), ("raising", ([2, 5],), {}), ("raising", ([0, 1],), {}),
         ("search", ("3", 1), {})]

EXPECTED = [("root", 7), ("no root", 5), ("no root", 0), [3, 1, 0, "liftoff"], [2, 5, "else"],
            ZeroDivisionError, TypeError]
