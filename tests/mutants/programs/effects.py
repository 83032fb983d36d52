# ruff: noqa
# mypy: ignore-errors
"""Effects the caller can observe: output and its order, mutation of an argument, aliasing of
two fresh lists, and a module global rebound by a function that never reads it."""

mode = "idle"


def report(a, b):
    print("first", a)
    print("second", b)
    return a + b


def refresh(xs):
    before = xs[0]
    xs[0] = before + 1
    after = xs[0]
    return before, after


def fresh_lists():
    a = []
    b = []
    a.append(1)
    return a, b


def set_mode(m):
    global mode
    mode = m
    return m


def get_mode():
    return mode


CASES = [
    ("report", (1, 2), {}),
    ("refresh", ([1, 2],), {}),
    ("fresh_lists", (), {}),
    ("set_mode", ("busy",), {}),
    ("get_mode", (), {}),
]
