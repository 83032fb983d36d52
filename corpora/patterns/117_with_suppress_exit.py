# beyond-foundation
"""`__exit__` returning True suppresses the exception; code after the with sees earlier bindings."""


class Suppress:
    def __init__(self, *types):
        self.types = types
        self.seen = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.seen.append(exc_type.__name__ if exc_type else None)
        return exc_type is not None and issubclass(exc_type, self.types)


def partial(x):
    before = "unset"
    after = "unset"
    with Suppress(ZeroDivisionError) as s:
        before = "set"
        q = 10 // x
        after = q
    return (before, after, s.seen)


def unbound_after(x):
    with Suppress(ValueError):
        y = int(x)
    return y  # UnboundLocalError when int() failed and was suppressed


CASES = [("partial", (5,), {}), ("partial", (0,), {}), ("partial", ("a",), {}),
         ("unbound_after", ("7",), {}), ("unbound_after", ("x",), {}), ("unbound_after", ([],), {})]

EXPECTED = [("set", 2, [None]), ("set", "unset", ["ZeroDivisionError"]), TypeError, 7,
            UnboundLocalError, TypeError]
