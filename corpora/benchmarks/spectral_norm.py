"""Spectral norm: the largest singular value of an infinite matrix, by power iteration.

Stresses calls to a tiny helper (``eval_A``) from doubly nested loops, int arithmetic
with ``//`` feeding a float division, and list building in the matrix-vector products.
"""

import math


def eval_A(i, j):
    """Entry (i, j) of the matrix: 1 / (the (i+j)-th triangular number + i + 1)."""
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def eval_A_times_u(u):
    n = len(u)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_A(i, j) * u[j]
        out.append(total)
    return out


def eval_At_times_u(u):
    n = len(u)
    out = []
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += eval_A(j, i) * u[j]
        out.append(total)
    return out


def eval_AtA_times_u(u):
    return eval_At_times_u(eval_A_times_u(u))


def dot(a, b):
    total = 0.0
    for x, y in zip(a, b):
        total += x * y
    return total


def spectral_norm(n, iterations):
    u = [1.0] * n
    v = u
    for _ in range(iterations):
        v = eval_AtA_times_u(u)
        u = eval_AtA_times_u(v)
    return math.sqrt(dot(u, v) / dot(v, v))


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = 1.2742162298990216


def run(scale: int = 1) -> object:
    return spectral_norm(80, 10 * scale)


def check(result) -> None:
    assert abs(result - EXPECTED) < 1e-12, result
