# beyond-foundation
"""`break` and `continue` inside try/finally in loops: finally runs on every exit path."""


def walk(items):
    log = []
    for x in items:
        try:
            if x < 0:
                continue
            if x == 0:
                break
            log.append(x)
        finally:
            log.append("f" + str(x))
    else:
        log.append("else")
    return log


def while_exit(n):
    log, i = [], 0
    while True:
        try:
            i += 1
            if i % 2:
                continue
            if i > n:
                break
            log.append(i)
        finally:
            log.append(-i)
    return log


CASES = [("walk", ([1, -2, 3],), {}), ("walk", ([2, 0, 5],), {}), ("walk", ([],), {}),
         ("while_exit", (4,), {}), ("walk", ([1, "x"],), {})]

EXPECTED = [[1, "f1", "f-2", 3, "f3", "else"], [2, "f2", "f0"], ["else"],
            [-1, 2, -2, -3, 4, -4, -5, -6]]
