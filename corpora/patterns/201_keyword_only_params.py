# beyond-foundation
"""Keyword-only parameters (after * or *args) with and without defaults; mutable default trap."""


def fetch(url, *, timeout=10, retries):
    return (url, timeout, retries)


def collect(*items, sep=",", upper=False):
    text = sep.join(items)
    return text.upper() if upper else text


def remember(x, *, seen=[]):  # noqa: B006 - the shared default is the behaviour under test
    seen.append(x)
    return len(seen)


CASES = [("fetch", ("u",), {"retries": 2}), ("fetch", ("u",), {"retries": 0, "timeout": 1}),
         ("fetch", ("u", 5, 2), {}), ("fetch", ("u",), {}),
         ("collect", ("a", "b"), {"sep": "-", "upper": True}), ("collect", (), {}),
         ("remember", (1,), {}), ("remember", (2,), {})]

EXPECTED = [("u", 10, 2), ("u", 1, 0), TypeError, TypeError, "A-B", "", 1, 2]
