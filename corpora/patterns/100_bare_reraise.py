# beyond-foundation
"""Bare `raise` re-raises the exception being handled, even after a nested handled one."""


def reraise(x, log):
    try:
        return 10 // x
    except ZeroDivisionError:
        try:
            int("bad")
        except ValueError:
            log.append("inner handled")
        log.append("reraising")
        raise


def outer(x):
    log = []
    try:
        return reraise(x, log)
    except ArithmeticError as e:
        return (type(e).__name__, log)


def bare_raise_outside():
    raise  # no active exception: RuntimeError


CASES = [("outer", (2,), {}), ("outer", (0,), {}), ("reraise", (0, []), {}),
         ("bare_raise_outside", (), {}), ("outer", (None,), {})]

EXPECTED = [5, ("ZeroDivisionError", ["inner handled", "reraising"]), ZeroDivisionError,
            RuntimeError, TypeError]
