# beyond-foundation
"""`raise ... from None` hides the context; __context__ is still recorded underneath."""


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise LookupError("missing " + repr(key)) from None


def details(table, key):
    try:
        return lookup(table, key)
    except LookupError as e:
        return (
            type(e).__name__,
            e.__cause__,
            e.__suppress_context__,
            type(e.__context__).__name__,
        )


CASES = [("lookup", ({"a": 1}, "a"), {}), ("lookup", ({"a": 1}, "b"), {}), ("details", ({}, 3), {}),
         ("details", ({3: "x"}, 3), {}), ("lookup", ({}, []), {})]

EXPECTED = [1, LookupError, ("LookupError", None, True, "KeyError"), "x", TypeError]
