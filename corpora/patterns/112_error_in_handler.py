# beyond-foundation
"""An exception raised in an except clause escapes with the handled one as its context."""


def handler_fails(x):
    log = []
    try:
        try:
            return 1 / x
        except ZeroDivisionError:
            log.append("handling")
            return [][0]
        finally:
            log.append("inner finally")
    except IndexError as e:
        return (log, type(e.__context__).__name__)


def handler_fails_raw(x):
    try:
        return int(x)
    except ValueError:
        return x.missing


CASES = [("handler_fails", (2,), {}), ("handler_fails", (0,), {}),
         ("handler_fails_raw", ("5",), {}), ("handler_fails_raw", ("q",), {}),
         ("handler_fails", ("s",), {})]

EXPECTED = [0.5, (["handling", "inner finally"], "ZeroDivisionError"), 5, AttributeError, TypeError]
