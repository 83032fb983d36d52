# beyond-foundation
"""`__debug__` is True without -O; it guards debug-only work and assert statements."""


def checked_sqrt(x):
    if __debug__:  # noqa: SIM102 - the __debug__ guard is the form under test
        if x < 0:
            raise ValueError("negative input")
    return x ** 0.5


def debug_flags(n):
    flags = [__debug__ for _ in range(n)]
    return (flags, not __debug__, __debug__ and "on")


def assert_in_loop(values):
    total = 0
    for v in values:
        assert isinstance(v, int), f"not an int: {v!r}"
        total += v
    return total


CASES = [("checked_sqrt", (16,), {}), ("checked_sqrt", (-4,), {}), ("debug_flags", (2,), {}),
         ("assert_in_loop", ([1, 2],), {}), ("assert_in_loop", ([1, "2"],), {}),
         ("checked_sqrt", ("x",), {})]

EXPECTED = [4.0, ValueError, ([True, True], False, "on"), 3, AssertionError, TypeError]
