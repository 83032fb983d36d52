"""`range` with start, stop, positive and negative steps, and a zero step error."""


def collect(start, stop, step=1):
    out = []
    for i in range(start, stop, step):
        out.append(i)
    return out


def countdown(n):
    s = ""
    for i in range(n, 0, -1):
        s += str(i)
    return s


def range_len(start, stop, step):
    return len(range(start, stop, step))


CASES = [
    ("collect", (0, 10, 3), {}),
    ("collect", (10, 0, -3), {}),
    ("collect", (5, 5), {}),
    ("countdown", (5,), {}),
    ("range_len", (-(10**20), 10**20, 10**18), {}),
    ("collect", (0, 5, 0), {}),
    ("collect", (0, 2.5), {}),
]

EXPECTED = [[0, 3, 6, 9], [10, 7, 4, 1], [], "54321", 200, ValueError, TypeError]
