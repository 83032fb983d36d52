# beyond-foundation
"""Variables assigned part-way through a try are visible in except, finally and after."""


def progress(values):
    step = 0
    total = 0
    try:
        for v in values:
            total += v
            step += 1
    except TypeError:
        print("failed at step", step, "total", total)
    finally:
        print("finally sees", step)
    return (step, total)


def maybe_unbound(x):
    try:
        a = 10 // x
        b = a + 1
    except ZeroDivisionError:
        pass
    return b  # UnboundLocalError when the division failed


CASES = [("progress", ([1, 2, 3],), {}), ("progress", ([1, 2, "x", 4],), {}),
         ("progress", ([],), {}), ("maybe_unbound", (5,), {}), ("maybe_unbound", (0,), {}),
         ("progress", (None,), {})]

EXPECTED = [(3, 6), (2, 3), (0, 0), 3, UnboundLocalError, (0, 0)]
