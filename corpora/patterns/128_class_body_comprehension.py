# beyond-foundation
"""Class-body names are not visible inside comprehensions (except the first iterable)."""


def first_iterable_ok():
    class A:
        base = [1, 2, 3]  # noqa: RUF012 - a shared class attribute on purpose
        doubled = [v * 2 for v in base]  # noqa: RUF012 - a shared class attribute on purpose
    return A.doubled


def inner_reference_fails():
    class B:
        factor = 3
        # NameError: `factor` is class-scoped, invisible inside the comprehension
        scaled = [v * factor for v in range(2)]  # noqa: RUF012, F821
    return B.scaled


def global_fallback():
    class C:
        OFFSET = 1000
        shifted = [v + OFFSET for v in range(2)]  # noqa: RUF012 - reads the module OFFSET
    return C.shifted


OFFSET = 5

CASES = [("first_iterable_ok", (), {}), ("inner_reference_fails", (), {}),
         ("global_fallback", (), {})]

EXPECTED = [[2, 4, 6], NameError, [5, 6]]
