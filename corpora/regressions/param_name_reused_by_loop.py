"""Regression: a loop-carried variable must not reuse a parameter's name while it is live.

Found by tests/test_ir_property.py (Hypothesis) on 2026-11-29: ``j = b`` then a loop
rebinding j; codegen named the carried j ``b`` because parameters were missing from its
name-sharing table, so ``xs.append(b)`` after the loop saw j's value.
"""


def f(a, b, xs):
    i = 0
    j = b
    if a:
        s = ""
    else:
        _c1 = 0
        while _c1 < 1:
            _c1 += 1
            for i, j in [(1, 2), (1, 2)]:
                if a:
                    break
        i = 3
    xs.append(b)
    return i, j


CASES = [("f", (0, -6, [-5]), {}), ("f", (1, -6, [-5]), {})]
