"""Functions whose bodies are only a docstring or `pass`, and `pass` inside branches."""


def noop():
    """Does nothing; calling it returns None."""


def placeholder(x):
    pass


def filter_positive(nums):
    """Keep positive numbers; the `pass` branch is an explicit no-op."""
    out = []
    for n in nums:
        if n <= 0:
            pass
        else:
            out.append(n)
    return out


def doc_of():
    return filter_positive.__doc__.split(";")[0]


CASES = [
    ("noop", (), {}),
    ("placeholder", (1,), {}),
    ("filter_positive", ([3, -1, 0, 2],), {}),
    ("filter_positive", ([],), {}),
    ("doc_of", (), {}),
    ("noop", (1,), {}),
    ("filter_positive", ([None],), {}),
]

EXPECTED = [None, None, [3, 2], [], "Keep positive numbers", TypeError, TypeError]
