# beyond-foundation
"""List comprehensions with filters, nesting, and the comprehension's own scope."""


def squares_of_evens(nums):
    return [x * x for x in nums if x % 2 == 0]


def pairs(n):
    return [(i, j) for i in range(n) for j in range(i)]


def matrix_t(m):
    return [[row[i] for row in m] for i in range(len(m[0]))]


def scope_leak(x):
    values = [x for x in range(3)]
    return (x, values)


CASES = [
    ("squares_of_evens", ([1, 2, 3, 4],), {}),
    ("squares_of_evens", ([],), {}),
    ("pairs", (3,), {}),
    ("matrix_t", ([[1, 2], [3, 4]],), {}),
    ("scope_leak", ("outer",), {}),
    ("squares_of_evens", (["a"],), {}),
]

EXPECTED = [
    [4, 16],
    [],
    [(1, 0), (2, 0), (2, 1)],
    [[1, 3], [2, 4]],
    ("outer", [0, 1, 2]),
    TypeError,
]
