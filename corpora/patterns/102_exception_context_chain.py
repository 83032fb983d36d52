# beyond-foundation
"""Implicit chaining: raising inside a handler records the handled exception as __context__."""


def chain(kind):
    try:
        if kind == "key":
            {}["k"]
        elif kind == "index":
            [][0]
        return "none"
    except LookupError:
        raise RuntimeError("wrapped")  # noqa: B904 - implicit chaining is the point


def names(kind):
    try:
        return chain(kind)
    except RuntimeError as e:
        out = [type(e).__name__]
        ctx = e.__context__
        while ctx is not None:
            out.append(type(ctx).__name__)
            ctx = ctx.__context__
        return (out, e.__cause__ is None, e.__suppress_context__)


CASES = [("names", ("key",), {}), ("names", ("index",), {}), ("names", ("other",), {}),
         ("chain", ("key",), {})]

EXPECTED = [(["RuntimeError", "KeyError"], True, False),
            (["RuntimeError", "IndexError"], True, False), "none", RuntimeError]
