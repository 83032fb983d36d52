# beyond-foundation
"""Comprehensions inside comprehensions: the inner one sees the outer loop variable."""


def transpose(matrix):
    return [[row[i] for row in matrix] for i in range(len(matrix[0]))]


def table(n):
    return {i: [i * j for j in range(1, i + 1)] for i in range(1, n + 1)}


def grouped(words):
    return {n: sorted({w for w in words if len(w) == n}) for n in sorted({len(w) for w in words})}


CASES = [("transpose", ([[1, 2, 3], [4, 5, 6]],), {}), ("table", (3,), {}),
         ("grouped", (["ab", "c", "ab", "de", "f"],), {}), ("transpose", ([],), {}),
         ("transpose", ([[1, 2], [3]],), {})]

EXPECTED = [[[1, 4], [2, 5], [3, 6]], {1: [1], 2: [2, 4], 3: [3, 6, 9]},
            {1: ["c", "f"], 2: ["ab", "de"]}, IndexError, IndexError]
