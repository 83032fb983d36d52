# beyond-foundation
"""print with sep/end/file=sys.stderr: stdout and stderr are captured and compared separately."""

import sys


def report(items, sep):
    print(*items, sep=sep, end="|\n")
    print("warning:", len(items), file=sys.stderr)
    print()
    print(sep=sep, end="")
    return len(items)


def progress(n):
    for i in range(n):
        print(i, end=" " if i < n - 1 else "\n")
    print("done", file=sys.stderr, end="!")


def bad_sep(items):
    print(*items, sep=0)


CASES = [("report", (["a", 1, None], "-"), {}), ("report", ([], ""), {}), ("progress", (3,), {}),
         ("progress", (0,), {}), ("bad_sep", ([1, 2],), {})]

EXPECTED = [3, 0, None, None, TypeError]
