# beyond-foundation
"""try/except/else/finally: which handler runs, and finally's effect on output."""


def safe_int(s):
    try:
        value = int(s)
    except ValueError:
        return None
    except TypeError as exc:
        return "type: " + type(exc).__name__
    else:
        return value * 2
    finally:
        print("parsed", repr(s))


def finally_wins(x):
    try:
        return 1 / x
    finally:
        if x == 0:
            return "recovered"  # noqa: B012 - the swallowing return is the pattern


CASES = [
    ("safe_int", ("21",), {}),
    ("safe_int", ("x",), {}),
    ("safe_int", ([],), {}),
    ("finally_wins", (4,), {}),
    ("finally_wins", (0,), {}),
    ("finally_wins", ("a",), {}),
]

EXPECTED = [42, None, "type: TypeError", 0.25, "recovered", TypeError]
