# beyond-foundation
"""Manual iteration with iter()/next(), a default for exhaustion, and StopIteration."""


def pairwise_diffs(nums):
    it = iter(nums)
    prev = next(it, None)
    out = []
    for x in it:
        out.append(x - prev)
        prev = x
    return out


def second(items):
    it = iter(items)
    next(it)
    return next(it)


def lazy_squares(n, stop_at):
    gen = (i * i for i in range(n))
    total = 0
    for sq in gen:
        if sq > stop_at:
            break
        total += sq
    return (total, list(gen))


CASES = [
    ("pairwise_diffs", ([1, 4, 9, 16],), {}),
    ("pairwise_diffs", ([],), {}),
    ("second", ("ab",), {}),
    ("second", ([1],), {}),
    ("lazy_squares", (6, 5), {}),
    ("pairwise_diffs", (5,), {}),
]

EXPECTED = [[3, 5, 7], [], "b", StopIteration, (5, [16, 25]), TypeError]
