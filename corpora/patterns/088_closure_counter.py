# beyond-foundation
"""Closures: `nonlocal` counters and late binding of loop variables."""


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step


def use_counter(start, steps):
    step = make_counter(start)
    out = []
    for s in steps:
        out.append(step(s))
    return out


def late_binding(n):
    fns = []
    for i in range(n):
        fns.append(lambda: i)  # noqa: B023 - late binding is the pattern
    return [f() for f in fns]


CASES = [
    ("use_counter", (0, [1, 2, 3]), {}),
    ("use_counter", (10, []), {}),
    ("late_binding", (3,), {}),
    ("late_binding", (0,), {}),
    ("use_counter", (0, ["x"]), {}),
]

EXPECTED = [[1, 3, 6], [], [2, 2, 2], [], TypeError]
