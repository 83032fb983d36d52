"""Variadic parameters: *args collects a tuple, **kwargs collects a dict."""


def count_args(*args, **kwargs):
    return (len(args), sorted(kwargs))


def head_tail(first, *rest):
    return (first, rest)


def render(tag, *children, sep=" ", **attrs):
    out = "<" + tag
    for key, value in attrs.items():
        out += " " + key + "=" + str(value)
    out += ">"
    return out + sep.join(children)


CASES = [
    ("count_args", (1, 2, 3), {"b": 1, "a": 2}),
    ("count_args", (), {}),
    ("head_tail", (1,), {}),
    ("head_tail", (1, 2, 3), {}),
    ("render", ("p", "a", "b"), {"sep": "-", "id": 3}),
    ("head_tail", (), {}),
    ("render", ("p", 1, 2), {}),
]

EXPECTED = [(3, ["a", "b"]), (0, []), (1, ()), (1, (2, 3)), "<p id=3>a-b", TypeError, TypeError]
