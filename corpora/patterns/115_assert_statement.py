# beyond-foundation
"""`assert` raises AssertionError with its message, evaluated only when the test fails."""


def check_positive(x):
    assert x > 0, "must be positive, got " + str(x)
    return x


def message_evaluated_lazily(x, log):
    assert x, log.append("message built")  # side effect only on failure
    return log


def caught(x):
    try:
        check_positive(x)
    except AssertionError as e:
        return ("assert", e.args)
    return ("ok", __debug__)


CASES = [("check_positive", (3,), {}), ("check_positive", (-1,), {}), ("caught", (0,), {}),
         ("caught", (2,), {}), ("message_evaluated_lazily", (1, []), {}),
         ("message_evaluated_lazily", (0, []), {}), ("check_positive", ("a",), {})]

EXPECTED = [3, AssertionError, ("assert", ("must be positive, got 0",)), ("ok", True), [],
            AssertionError, TypeError]
