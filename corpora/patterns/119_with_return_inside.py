# beyond-foundation
"""`return` inside a with block: the value is computed, then __exit__ runs, then it is returned."""


class Closer:
    def __init__(self, log):
        self.log = log

    def __enter__(self):
        self.log.append("open")
        return self.log

    def __exit__(self, *exc):
        self.log.append("close")


def early(x):
    log = []
    with Closer(log) as h:
        if x:
            return (list(h), h)
        h.append("body")
    log.append("after")
    return (None, log)


def nested_return(x):
    log = []
    with Closer(log):  # noqa: SIM117 - nesting is the form under test
        with Closer(log):
            return len(log) + 1 // x


CASES = [("early", (True,), {}), ("early", (False,), {}), ("nested_return", (1,), {}),
         ("nested_return", (0,), {})]

EXPECTED = [(["open"], ["open", "close"]), (None, ["open", "body", "close", "after"]), 3,
            ZeroDivisionError]
