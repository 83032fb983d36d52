"""Regression: a while-else condition or an assert that needs statements to compute.

Found by fuzz campaigns on 2026-11-29 (fuzz_internal_error_translate_codegen_2c02e079 and
_a699003c): a chained comparison on a conditional expression made codegen give up on the
whole function.  Codegen now spells the while-else as ``while True`` plus an exit flag (so a
``break`` in the body still skips the else clause, and ``break``/``continue`` inside the else
clause still mean the outer loop), and the assert as ``if __debug__: ... assert False, msg``.
"""


class AssertionError(Exception):  # shadows the builtin on purpose
    pass


def while_else(limit, stop, flip):
    w = 0
    out = []
    while w < limit and -5 > (flip if flip < 0 else 0) < 1:
        w += 1
        out.append(w)
        if w == stop:
            break
    else:
        out.append("else")
    return out


def while_else_in_loop(xs):
    i = -1
    for x in xs:
        i = 0
        while i < 3 and 0 < (x if i else 1) < 5:
            i += 1
            if x == 2:
                break
            if x == 3:
                continue
        else:
            if x == 4:
                continue
            if x == 1:
                break
        i = -1
    return i


def assert_chain(a):
    assert len(" pad ") < a < (10 if a > 7 else 20), "out of range"
    return a


def assert_message_needs_statements(a):
    assert a, ("falsy" if a == 0 else "empty")
    return a


CASES = [
    ("while_else", (5, 9, -9), {}),
    ("while_else", (5, 2, -9), {}),
    ("while_else", (5, 9, 3), {}),
    ("while_else_in_loop", ([0, 1, 5],), {}),
    ("while_else_in_loop", ([2, 3, 4, 6],), {}),
    ("assert_chain", (6,), {}),
    ("assert_chain", (3,), {}),
    ("assert_message_needs_statements", (0,), {}),
]
