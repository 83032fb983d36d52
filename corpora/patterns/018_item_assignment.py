"""Item assignment into nested lists (a matrix) and dicts of lists."""


def identity(n):
    rows = []
    for i in range(n):
        row = [0] * n
        row[i] = 1
        rows.append(row)
    return rows


def set_cell(grid, r, c, value):
    grid[r][c] = value
    return grid


def aliasing(n):
    """[[0] * n] * n shares one row: one write shows up in every row."""
    grid = [[0] * n] * n
    grid[0][0] = 5
    return grid


CASES = [
    ("identity", (3,), {}),
    ("identity", (0,), {}),
    ("set_cell", ([[1, 2], [3, 4]], 1, 0, 9), {}),
    ("set_cell", ([[1]], 1, 0, 9), {}),
    ("aliasing", (2,), {}),
    ("set_cell", ([(1, 2)], 0, 0, 9), {}),
]

EXPECTED = [
    [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    [],
    [[1, 2], [9, 4]],
    IndexError,
    [[5, 0], [5, 0]],
    TypeError,
]
