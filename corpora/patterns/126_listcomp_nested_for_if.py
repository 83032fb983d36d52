# beyond-foundation
"""Nested fors and several ifs in one comprehension: clauses nest left to right."""


def pairs(xs, ys):
    return [(x, y) for x in xs if x % 2 for y in ys if y > x if y != 5]


def flatten(rows):
    return [v for row in rows for v in row]


def dependent(n):
    return [(i, j) for i in range(n) for j in range(i)]


def inner_first_error(rows):
    return [1 / v for row in rows for v in row if v is not None]


CASES = [("pairs", ([1, 2, 3], [2, 4, 5, 6]), {}), ("flatten", ([[1], [], [2, 3]],), {}),
         ("dependent", (3,), {}), ("inner_first_error", ([[1, None], [4]],), {}),
         ("inner_first_error", ([[2], [0]],), {}), ("flatten", ([1],), {})]

EXPECTED = [[(1, 2), (1, 4), (1, 6), (3, 4), (3, 6)], [1, 2, 3], [(1, 0), (2, 0), (2, 1)],
            [1.0, 0.25], ZeroDivisionError, TypeError]
