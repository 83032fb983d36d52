# beyond-foundation
"""Guards run after binding; a failed guard falls through (bindings may persist); or-patterns."""


def grade(score):
    match score:
        case int(n) | float(n) if n < 0:
            return "invalid"
        case int(n) | float(n) if n >= 90:
            return "A"
        case 80 | 81 | 82 | 83 | 84 | 85 | 86 | 87 | 88 | 89:
            return "B"
        case int() | float():
            return "C"
        case str(s) if s.isdigit():
            return grade(int(s))
    raise TypeError("bad score")


def leftover_binding(value):
    match value:
        case [x, y] if x > y:
            return "desc"
        case _:
            pass
    return x  # bound by the failed-guard attempt, or UnboundLocalError


CASES = [("grade", (95,), {}), ("grade", (85,), {}), ("grade", (85.0,), {}), ("grade", (-3,), {}),
         ("grade", ("90",), {}), ("grade", (None,), {}), ("leftover_binding", ([1, 2],), {}),
         ("leftover_binding", ("no",), {})]

EXPECTED = ["A", "B", "B", "invalid", "A", TypeError, 1, UnboundLocalError]
