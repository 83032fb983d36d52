# beyond-foundation
"""An exception raised in `else` escapes the same try's handlers, but finally still runs."""


def checked(x, log):
    try:
        value = int(x)
    except ValueError:
        log.append("bad input")
        return None
    else:
        log.append("else")
        return 100 // value
    finally:
        log.append("finally")


def run(x):
    log = []
    try:
        result = checked(x, log)
    except ZeroDivisionError:
        result = "div0"
    return (result, log)


CASES = [("run", ("4",), {}), ("run", ("0",), {}), ("run", ("z",), {}), ("checked", ("0", []), {}),
         ("run", (None,), {})]

EXPECTED = [(25, ["else", "finally"]), ("div0", ["else", "finally"]),
            (None, ["bad input", "finally"]), ZeroDivisionError, TypeError]
