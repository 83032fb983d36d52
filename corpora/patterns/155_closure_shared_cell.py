# beyond-foundation
"""Closures share the cell, not the value: later assignments in the outer scope are visible."""


def shared():
    value = 1

    def read():
        return value  # noqa: F821 - NameError once `del value` ran

    first = read()
    value = 2
    second = read()
    del value
    try:
        third = read()
    except NameError as e:
        third = type(e).__name__
    return (first, second, third)


def setter_getter(ops):
    state = None

    def set_(v):
        nonlocal state
        state = v

    def get():
        return state

    out = []
    for op in ops:
        out.append(get() if op == "get" else set_(op))
    return out


CASES = [("shared", (), {}), ("setter_getter", (["get", 5, "get", 6, "get"],), {}),
         ("setter_getter", ([],), {}), ("setter_getter", (None,), {})]

EXPECTED = [(1, 2, "NameError"), [None, None, 5, None, 6], [], TypeError]
