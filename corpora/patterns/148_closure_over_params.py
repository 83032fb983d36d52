# beyond-foundation
"""Closures over parameters (incl. defaults, *args, **kwargs) and over a mutable argument."""


def multiplier(factor, *extra, **named):
    def apply(x):
        return x * factor + sum(extra) + named.get("bias", 0)
    return apply


def use(values, factor, *extra, **named):
    f = multiplier(factor, *extra, **named)
    return [f(v) for v in values]


def appender(target):
    def add(x):
        target.append(x)
        return len(target)
    return add


def use_appender(target, items):
    add = appender(target)
    return [add(i) for i in items]


CASES = [("use", ([1, 2], 3), {}), ("use", ([1], 2, 10, 20), {"bias": 1}), ("use", ([], 1), {}),
         ("use_appender", ([9], ["a", "b"]), {}), ("use", (["a"], 2, 1), {}),
         ("use_appender", (None, [1]), {})]

EXPECTED = [[3, 6], [33], [], [2, 3], TypeError, AttributeError]
