# ruff: noqa  (golden fixture: the expected output is generated code)
def describe(value, width):
    import os.path
    import collections.abc as cabc
    from functools import reduce as fold
    kind = "seq" if isinstance(value, cabc.Sequence) else "other"
    total = fold(lambda a, b: a + b, [1, 2, 3])
    return f"{kind!r:>{width}}|{value=}|{total:04d}|{os.path.sep}"


def relative():
    from . import sibling
    from .pkg import name as alias
    return f"{sibling}-{alias!s}"
