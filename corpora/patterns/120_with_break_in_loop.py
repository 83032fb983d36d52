# beyond-foundation
"""`break` and `continue` inside a with block inside a loop still run __exit__ every time."""


class Step:
    def __init__(self, log, i):
        self.log, self.i = log, i

    def __enter__(self):
        self.log.append("in" + str(self.i))

    def __exit__(self, *exc):
        self.log.append("out" + str(self.i))


def loop(items):
    log = []
    for i, x in enumerate(items):
        with Step(log, i):
            if x == "skip":
                continue
            if x == "stop":
                break
            log.append(x.upper())
    else:
        log.append("no break")
    return log


CASES = [("loop", (["a", "skip", "b"],), {}), ("loop", (["a", "stop", "b"],), {}),
         ("loop", ([],), {}), ("loop", (["a", 1],), {})]

EXPECTED = [["in0", "A", "out0", "in1", "out1", "in2", "B", "out2", "no break"],
            ["in0", "A", "out0", "in1", "out1"], ["no break"], AttributeError]
