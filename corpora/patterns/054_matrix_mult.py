"""Matrix multiplication and transpose with nested index loops."""


def matmul(a, b):
    n, m, p = len(a), len(b), len(b[0])
    if len(a[0]) != m:
        raise ValueError("shape mismatch")
    out = []
    for i in range(n):
        row = [0] * p
        for j in range(p):
            acc = 0
            for k in range(m):
                acc += a[i][k] * b[k][j]
            row[j] = acc
        out.append(row)
    return out


def transpose(a):
    out = []
    for j in range(len(a[0])):
        col = []
        for i in range(len(a)):
            col.append(a[i][j])
        out.append(col)
    return out


CASES = [
    ("matmul", ([[1, 2], [3, 4]], [[5, 6], [7, 8]]), {}),
    ("matmul", ([[1, 2, 3]], [[1], [2], [3]]), {}),
    ("matmul", ([[1, 2]], [[1, 2]]), {}),
    ("transpose", ([[1, 2, 3], [4, 5, 6]],), {}),
    ("transpose", ([],), {}),
    ("matmul", ([[0.5]], [[float("inf")]]), {}),
]

EXPECTED = [[[19, 22], [43, 50]], [[14]], ValueError, [[1, 4], [2, 5], [3, 6]], IndexError]
