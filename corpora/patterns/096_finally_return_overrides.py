# beyond-foundation
"""`return` inside `finally` overrides the try's return value and swallows a pending exception."""


def override(x):
    try:
        return x * 2
    finally:
        if x > 0:
            return -1  # noqa: B012 - the override is the behaviour under test


def swallow(x):
    log = []
    try:
        log.append("try")
        return 10 // x
    finally:
        log.append("finally")
        return log  # noqa: B012, SIM107 - swallows ZeroDivisionError on purpose


def no_override(x):
    try:
        return 10 // x
    finally:
        print("cleanup", x)


CASES = [("override", (3,), {}), ("override", (-3,), {}), ("swallow", (0,), {}),
         ("swallow", (5,), {}), ("no_override", (2,), {}), ("no_override", (0,), {}),
         ("override", ("a",), {})]

EXPECTED = [-1, -6, ["try", "finally"], ["try", "finally"], 5, ZeroDivisionError, TypeError]
