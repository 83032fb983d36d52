# beyond-foundation
"""An exception raised by __exit__ replaces the body's exception, which becomes its context."""


class Strict:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            raise RuntimeError("exit saw " + exc_type.__name__)
        return False


def body(x):
    with Strict():
        return 10 // x


def context(x):
    try:
        return body(x)
    except RuntimeError as e:
        return (str(e), type(e.__context__).__name__)


CASES = [("body", (5,), {}), ("body", (0,), {}), ("context", (0,), {}), ("context", ("a",), {}),
         ("context", (2,), {})]

EXPECTED = [2, RuntimeError, ("exit saw ZeroDivisionError", "ZeroDivisionError"),
            ("exit saw TypeError", "TypeError"), 5]
