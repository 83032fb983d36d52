# beyond-foundation
"""`with` and a hand-written context manager that logs enter/exit and can suppress."""


class Tracker:
    def __init__(self, log, suppress=False):
        self.log = log
        self.suppress = suppress

    def __enter__(self):
        self.log.append("enter")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.log.append("exit " + (exc_type.__name__ if exc_type else "ok"))
        return self.suppress


def guarded(x, suppress):
    log = []
    with Tracker(log, suppress):
        log.append(10 // x)
    return log


CASES = [
    ("guarded", (2, False), {}),
    ("guarded", (0, True), {}),
    ("guarded", (0, False), {}),
    ("guarded", ("a", True), {}),
]

EXPECTED = [["enter", 5, "exit ok"], ["enter", "exit ZeroDivisionError"], ZeroDivisionError]
