# beyond-foundation
"""Generators are lazy: side effects interleave with the consumer, and stop when it stops."""


def noisy(tag, value):
    print(tag, value)
    return value


def interleave(values):
    gen = (noisy("produce", v) for v in values)
    out = []
    for v in gen:
        noisy("consume", v)
        out.append(v)
        if v == "stop":
            break
    return out


def eager_vs_lazy(values):
    eager = [noisy("list", v) for v in values]
    lazy = (noisy("gen", v) for v in values)
    print("built both")
    return (eager, next(lazy))


CASES = [("interleave", ([1, "stop", 3],), {}), ("interleave", ([],), {}),
         ("eager_vs_lazy", ([7, 8],), {}), ("eager_vs_lazy", ([],), {})]

EXPECTED = [[1, "stop"], [], ([7, 8], 7), StopIteration]
