"""Dense matrix multiplication on lists of lists of ints, plus a matrix power.

Stresses triple-nested loops with indexing, int multiply-add, transposition with
``zip(*rows)``, and ``%`` to keep entries bounded; results are exact (no floats).
"""

import random

MODULUS = 1_000_003


def random_matrix(rng, n):
    return [[rng.randrange(-50, 51) for _ in range(n)] for _ in range(n)]


def identity(n):
    return [[1 if i == j else 0 for j in range(n)] for i in range(n)]


def transpose(m):
    return [list(col) for col in zip(*m)]


def multiply(a, b):
    """Row-by-column products; ``b`` is transposed once so the inner loop walks rows."""
    bt = transpose(b)
    result = []
    for row in a:
        out = []
        for col in bt:
            total = 0
            for k in range(len(row)):
                total += row[k] * col[k]
            out.append(total % MODULUS)
        result.append(out)
    return result


def power(m, exponent):
    """Square-and-multiply; the exponent's bits are read with ``%`` and ``//``."""
    result = identity(len(m))
    while exponent > 0:
        if exponent % 2 == 1:
            result = multiply(result, m)
        m = multiply(m, m)
        exponent //= 2
    return result


def trace(m):
    return sum(m[i][i] for i in range(len(m)))


def checksum(m):
    total = 0
    for i, row in enumerate(m):
        for j, value in enumerate(row):
            total = (total + value * (i + 1) * (j + 3)) % MODULUS
    return total


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (26952970, 436762, 806352, 908004)


def run(scale: int = 1) -> object:
    rng = random.Random(7)
    a = random_matrix(rng, 48)
    b = random_matrix(rng, 48)
    product = multiply(a, b)
    powered = power(a, 5 * scale)
    return (trace(product), checksum(product), trace(powered) % MODULUS, checksum(powered))


def check(result) -> None:
    assert result == EXPECTED, result
