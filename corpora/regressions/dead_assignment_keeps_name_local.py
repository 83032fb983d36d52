"""Regression: a name assigned only after ``return`` is still local (UnboundLocalError).

Found by tests/test_ir_property_extended.py (Hypothesis) on 2026-11-29: codegen dropped the
unreachable assignment, so the generated function read the global of the same name.
"""

i = 0


def f():
    return i  # noqa: F823 - deliberately local and unbound
    i = 1  # noqa: F841


def g():
    return (lambda: y)()  # noqa: F821
    y = 2  # noqa: F841


CASES = [("f", (), {}), ("g", (), {})]
