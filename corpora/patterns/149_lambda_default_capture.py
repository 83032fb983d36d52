# beyond-foundation
"""Lambda defaults are evaluated once at definition time; mutable defaults are shared."""


def snapshot(values):
    base = values[0]
    f = lambda x, b=base: x + b  # noqa: E731
    base = values[1]
    g = lambda x: x + base  # noqa: E731
    return (f(100), g(100))


def shared_default(n):
    add = lambda x, acc=[]: (acc.append(x), list(acc))[1]  # noqa: E731
    return [add(i) for i in range(n)]


def keyword_lambda(items):
    return sorted(items, key=lambda s, *, k=1: s[-k])


CASES = [("snapshot", ([1, 2],), {}), ("shared_default", (3,), {}),
         ("keyword_lambda", (["ab", "ba", "cc"],), {}), ("snapshot", ([1],), {}),
         ("keyword_lambda", ([""],), {})]

EXPECTED = [(101, 102), [[0], [0, 1], [0, 1, 2]], ["ba", "ab", "cc"], IndexError, IndexError]
