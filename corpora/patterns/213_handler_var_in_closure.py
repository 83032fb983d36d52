# beyond-foundation
"""An `except ... as e` name captured by a closure is a cell, still deleted after the handler."""


def capture(x):
    try:
        1 // x
    except ZeroDivisionError as e:  # noqa: F841 - used by the closure below
        def describe():
            return type(e).__name__  # noqa: F821
        inside = describe()
    else:
        return "no error"
    try:
        after = describe()
    except NameError as err:
        after = type(err).__name__
    return (inside, after)


def survivor(x):
    kept = []
    try:
        [][x]
    except IndexError as e:  # noqa: F841 - used by the lambda
        kept.append(lambda: str(e))  # noqa: F821 - NameError after the handler
    return kept[0]()


CASES = [("capture", (0,), {}), ("capture", (1,), {}), ("survivor", (3,), {}),
         ("survivor", ("a",), {})]

EXPECTED = [("ZeroDivisionError", "NameError"), "no error", NameError, TypeError]
