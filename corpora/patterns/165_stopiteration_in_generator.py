# beyond-foundation
"""PEP 479: a StopIteration escaping a generator body becomes RuntimeError (3.7+)."""


def leaky(items):
    it = iter(items)
    while True:
        yield next(it)  # StopIteration here -> RuntimeError


def safe(items):
    it = iter(items)
    while True:
        try:
            yield next(it)
        except StopIteration:
            return


def cause_name(items):
    try:
        return list(leaky(items))
    except RuntimeError as e:
        return type(e.__cause__).__name__


def run_safe(items):
    return list(safe(items))


def run_leaky(items):
    return list(leaky(items))


CASES = [("cause_name", ([1, 2],), {}), ("cause_name", ([],), {}), ("run_safe", ([1, 2],), {}),
         ("run_leaky", ([3],), {}), ("run_safe", (7,), {})]

EXPECTED = ["StopIteration", "StopIteration", [1, 2], RuntimeError, TypeError]
