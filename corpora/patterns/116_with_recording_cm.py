# beyond-foundation
"""A class-based context manager records enter/exit (with the exception type) into a list."""


class Recorder:
    def __init__(self, log, name):
        self.log = log
        self.name = name

    def __enter__(self):
        self.log.append("enter " + self.name)
        return self.name.upper()

    def __exit__(self, exc_type, exc, tb):
        self.log.append(("exit", self.name, exc_type.__name__ if exc_type else None))
        return False


def use(x):
    log = []
    with Recorder(log, "a") as value:
        log.append(value)
        log.append(10 // x)
    return log


CASES = [("use", (2,), {}), ("use", (0,), {}), ("use", ("s",), {})]

EXPECTED = [["enter a", "A", 5, ("exit", "a", None)], ZeroDivisionError, TypeError]
