"""Regression: a generator left suspended in an ``except ... as e`` handler is closed on return.

Found by tests/test_ir_property_extended.py on 2026-11-29: the interpreter kept the handler's
values (holding the exception, whose traceback holds the frame) so the generator outlived f.
"""


def numbers(n, log):
    try:
        for k in range(n):
            yield k
    finally:
        log.append("closed")


def f():
    log = []
    try:
        1 // 0
    except Exception as e:
        log.append(type(e).__name__)
        g = numbers(4, log)
        log.append(next(g))
    return log


CASES = [("f", (), {})]
