"""Sieve of Eratosthenes with a boolean list and slice assignment; trial division."""


def sieve(n):
    if n < 2:
        return []
    is_prime = [True] * (n + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p * p <= n:
        if is_prime[p]:
            is_prime[p * p :: p] = [False] * len(range(p * p, n + 1, p))
        p += 1
    primes = []
    for i in range(n + 1):
        if is_prime[i]:
            primes.append(i)
    return primes


def is_prime(n):
    if n < 2:
        return False
    d = 2
    while d * d <= n:
        if n % d == 0:
            return False
        d += 1
    return True


CASES = [
    ("sieve", (30,), {}),
    ("sieve", (1,), {}),
    ("sieve", (2,), {}),
    ("is_prime", (97,), {}),
    ("is_prime", (2**31 - 1,), {}),
    ("sieve", (10.0,), {}),
]

EXPECTED = [[2, 3, 5, 7, 11, 13, 17, 19, 23, 29], [], [2], True, True, TypeError]
