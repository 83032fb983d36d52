# beyond-foundation
"""`*` and `**` unpacking in calls: several of each, order of evaluation, duplicate keywords."""


def show(*args, **kwargs):
    return (args, sorted(kwargs.items()))


def spread(a, b, extra, opts):
    return show(*a, 0, *b, x=1, **opts, **extra)


def order(log):
    def arg(v):
        log.append(v)
        return [v]

    show(*arg(1), arg(2), *arg(3), k=arg(4))
    return log


def duplicate(opts):
    return show(x=1, **opts)


CASES = [("spread", ([1], (2, 3), {"y": 2}, {"z": 3}), {}), ("spread", ([], "ab", {}, {}), {}),
         ("order", ([],), {}), ("duplicate", ({"x": 2},), {}), ("spread", (1, [], {}, {}), {}),
         ("duplicate", ({1: 2},), {})]

EXPECTED = [((1, 0, 2, 3), [("x", 1), ("y", 2), ("z", 3)]), ((0, "a", "b"), [("x", 1)]),
            [1, 2, 3, 4], TypeError, TypeError, TypeError]
