"""Identity tests with `is` / `is not` versus equality with `==`."""


def describe(x):
    if x is None:
        return "missing"
    if x is True:
        return "exactly True"
    if x == True:  # noqa: E712 - comparing with == on purpose: 1 == True
        return "equal to True"
    return "other"


def same_object(a):
    b = a
    c = list(a)
    return (a is b, a is c, a == c, a is not c)


def none_eq(x):
    return (x == None, x is None)  # noqa: E711 - deliberate == None


CASES = [
    ("describe", (None,), {}),
    ("describe", (True,), {}),
    ("describe", (1,), {}),
    ("describe", (1.0,), {}),
    ("describe", (0,), {}),
    ("same_object", ([1, 2],), {}),
    ("none_eq", (0,), {}),
]

EXPECTED = [
    "missing",
    "exactly True",
    "equal to True",
    "equal to True",
    "other",
    (True, False, True, True),
    (False, False),
]
