# beyond-foundation
"""A lazy pipeline of generator stages; print order shows items flow one at a time."""


def source(items):
    for x in items:
        print("read", x)
        yield x


def parse(lines):
    for line in lines:
        yield int(line)


def positive(nums):
    return (n for n in nums if n > 0)


def run(items, limit):
    out = []
    for n in positive(parse(source(items))):
        print("got", n)
        out.append(n)
        if len(out) >= limit:
            break
    return out


CASES = [("run", (["1", "-2", "3", "4"], 2), {}), ("run", ([], 1), {}),
         ("run", (["5", "x"], 3), {}), ("run", (["0"], 1), {})]

EXPECTED = [[1, 3], [], ValueError, []]
