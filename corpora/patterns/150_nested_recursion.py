# beyond-foundation
"""Nested functions that recurse on themselves and on each other through the enclosing scope."""


def flatten(tree):
    out = []

    def walk(node, depth):
        if isinstance(node, list):
            for child in node:
                walk(child, depth + 1)
        else:
            out.append((node, depth))

    walk(tree, 0)
    return out


def parity(n):
    def is_even(k):
        return True if k == 0 else is_odd(k - 1)

    def is_odd(k):
        return False if k == 0 else is_even(k - 1)

    return (is_even(n), is_odd(n))


CASES = [("flatten", ([1, [2, [3]], 4],), {}), ("flatten", (5,), {}), ("parity", (7,), {}),
         ("parity", (0,), {}), ("parity", ("a",), {}), ("parity", (10,), {})]

EXPECTED = [[(1, 1), (2, 2), (3, 3), (4, 1)], [(5, 0)], (False, True), (True, False), TypeError]
