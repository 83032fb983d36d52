# beyond-foundation
"""A generator-based context manager (contextlib) with try/finally and exception suppression."""

from contextlib import contextmanager, suppress


@contextmanager
def tag(log, name):
    log.append("<" + name + ">")
    try:
        yield len(log)
    except ValueError:
        log.append("!" + name)
    finally:
        log.append("</" + name + ">")


def render(kind):
    log = []
    with tag(log, "a") as depth:  # noqa: SIM117 - nesting is the form under test
        with tag(log, "b"):
            log.append(depth)
            if kind == "value":
                raise ValueError
            if kind == "type":
                raise TypeError
    return log


def suppressed(x):
    with suppress(ZeroDivisionError):
        return 1 // x
    return "suppressed"


CASES = [("render", ("ok",), {}), ("render", ("value",), {}), ("render", ("type",), {}),
         ("suppressed", (1,), {}), ("suppressed", (0,), {})]

EXPECTED = [["<a>", "<b>", 1, "</b>", "</a>"], ["<a>", "<b>", 1, "!b", "</b>", "</a>"], TypeError,
            1, "suppressed"]
