"""N-queens: count every placement of N non-attacking queens by backtracking.

Stresses recursion, a small ``is_safe`` helper called in the innermost loop, ``abs`` on
ints, and list mutation (append/pop) while backtracking.
"""


def is_safe(columns, col):
    """May a queen go in the next row at ``col``, given one queen per earlier row?"""
    row = len(columns)
    for r, c in enumerate(columns):
        if c == col or abs(c - col) == row - r:
            return False
    return True


def place(n, columns, solutions):
    if len(columns) == n:
        solutions.append(tuple(columns))
        return
    for col in range(n):
        if is_safe(columns, col):
            columns.append(col)
            place(n, columns, solutions)
            columns.pop()


def solve(n):
    solutions = []
    place(n, [], solutions)
    return solutions


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = ((2, 10, 4, 40, 92, 352), (0, 4, 7, 5, 2, 6, 1, 3))


def run(scale: int = 1) -> object:
    counts = []
    first = None
    for _ in range(scale):
        counts = []
        for n in range(4, 10):
            solutions = solve(n)
            counts.append(len(solutions))
            if n == 8:
                first = solutions[0]
    return (tuple(counts), first)


def check(result) -> None:
    assert result == EXPECTED, result
