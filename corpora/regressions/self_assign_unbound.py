"""Regression: ``j = j`` with j unbound must raise UnboundLocalError after compilation.

Found by tests/test_ir_property.py (Hypothesis) on 2026-11-29: codegen dropped the
self-assignment ``j = j`` of a slot variable as a no-op, losing the load that raises.
"""


def f(a, b, s, xs):
    i = 0
    t = s[:1]
    ys = []
    j = j  # noqa: F821 - deliberately unbound
    return (0, "", xs)


CASES = [("f", (0, 0, "", []), {})]
