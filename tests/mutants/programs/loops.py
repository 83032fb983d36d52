# ruff: noqa
# mypy: ignore-errors
"""Loops whose iterations depend on each other: a condition re-read every time, an exact trip
count, an expression that only runs when the loop does, an accumulator carried around the loop
(in SSA and, inside ``try``, in a slot)."""


def pad(xs, width):
    while len(xs) < width:
        xs.append(0)
    return xs


def weekly(base):
    days = []
    for d in range(7):
        days.append(base + d)
    return days


def repeat_ratio(n, a, b):
    out = []
    for _ in range(n):
        out.append(a // b)
    return out


def running_total(xs):
    total = 0
    for x in xs:
        total = total + x
    return total


def guarded_total(n):
    total = 0
    for i in range(n):
        try:
            total = total + i
        except TypeError:
            pass
    return total


CASES = [
    ("pad", ([1], 3), {}),
    ("weekly", (10,), {}),
    ("repeat_ratio", (2, 7, 2), {}),
    ("repeat_ratio", (0, 1, 0), {}),
    ("running_total", ([1, 2, 3],), {}),
    ("guarded_total", (4,), {}),
]
