# beyond-foundation
"""`global` inside a nested function skips the enclosing function's local of the same name."""

name = "module"


def outer():
    name = "outer"

    def set_global():
        global name
        name = "set by inner"

    def set_enclosing():
        nonlocal name
        name = "enclosing changed"

    set_global()
    first = name
    set_enclosing()
    return (first, name, globals()["name"])


def define_global(value):
    global created_later
    created_later = value
    return created_later


def read_missing():
    return not_defined_anywhere  # noqa: F821 - NameError


CASES = [("outer", (), {}), ("define_global", ([1],), {}), ("read_missing", (), {}),
         ("define_global", ("s",), {})]

EXPECTED = [("outer", "enclosing changed", "set by inner"), [1], NameError, "s"]
