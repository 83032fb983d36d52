# beyond-foundation
"""An exception raised in `finally` replaces the pending one, which becomes its __context__."""


def replace(x):
    try:
        return 1 // x
    finally:
        if x == 0:
            raise ValueError("from finally")


def context_name(x):
    try:
        replace(x)
    except ValueError as e:
        return type(e.__context__).__name__
    return "no error"


def finally_raises_after_return(x):
    try:
        return x
    finally:
        x.append(1)


CASES = [("replace", (1,), {}), ("replace", (0,), {}), ("context_name", (0,), {}),
         ("context_name", (4,), {}), ("finally_raises_after_return", ([],), {}),
         ("finally_raises_after_return", ((),), {})]

EXPECTED = [1, ValueError, "ZeroDivisionError", "no error", [1], AttributeError]
