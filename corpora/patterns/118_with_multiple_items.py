# beyond-foundation
"""`with a() as x, b() as y`: entered left to right, exited right to left; a failing second
`__enter__` still exits the first."""


class CM:
    def __init__(self, log, name, fail_enter=False):
        self.log, self.name, self.fail_enter = log, name, fail_enter

    def __enter__(self):
        if self.fail_enter:
            self.log.append("enter-fail " + self.name)
            raise OSError(self.name)
        self.log.append("enter " + self.name)
        return self.name

    def __exit__(self, exc_type, exc, tb):
        self.log.append("exit " + self.name)


def both(fail_second):
    log = []
    try:
        with CM(log, "a") as x, CM(log, "b", fail_second) as y:
            log.append(x + y)
    except OSError as e:
        log.append("caught " + str(e))
    return log


def escaping():
    log = []
    with CM(log, "a") as x, CM(log, "b", True):
        log.append(x)
    return log


CASES = [("both", (False,), {}), ("both", (True,), {}), ("escaping", (), {})]

EXPECTED = [["enter a", "enter b", "ab", "exit b", "exit a"],
            ["enter a", "enter-fail b", "exit a", "caught b"], OSError]
