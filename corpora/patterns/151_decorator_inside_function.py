# beyond-foundation
"""A decorator defined and applied inside a function, closing over the enclosing call's log."""


def run(values):
    log = []

    def traced(func):
        def wrapper(*args):
            log.append("call " + func.__name__ + str(args))
            result = func(*args)
            log.append("ret " + repr(result))
            return result
        return wrapper

    @traced
    def double(x):
        return x * 2

    @traced
    @traced
    def twice(x):
        return double(x) + 1

    results = [twice(v) for v in values]
    return (results, log, twice.__name__)


CASES = [("run", ([1],), {}), ("run", ([],), {}), ("run", ([None],), {}), ("run", (["a"],), {})]

EXPECTED = [([3], ["call wrapper(1,)", "call twice(1,)", "call double(1,)", "ret 2", "ret 3",
                   "ret 3"], "wrapper"),
            ([], [], "wrapper"), TypeError, TypeError]
