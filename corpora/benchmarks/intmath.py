"""Integer arithmetic kernels: a prime sieve, Collatz chains, digit sums and Newton isqrt.

Stresses int ``//`` and ``%`` (floor semantics), ``x ** 2`` comparisons in loop bounds,
shifts, ``while`` loops with data-dependent trip counts and list-of-bool sieving.
"""


def sieve(limit):
    is_prime = [True] * (limit + 1)
    is_prime[0] = is_prime[1] = False
    p = 2
    while p**2 <= limit:
        if is_prime[p]:
            for multiple in range(p * p, limit + 1, p):
                is_prime[multiple] = False
        p += 1
    return [n for n in range(limit + 1) if is_prime[n]]


def collatz_length(n):
    steps = 0
    while n != 1:
        if n % 2 == 0:
            n //= 2
        else:
            n = 3 * n + 1
        steps += 1
    return steps


def longest_collatz(limit):
    best = 0
    best_start = 1
    for start in range(1, limit):
        length = collatz_length(start)
        if length > best:
            best = length
            best_start = start
    return best_start, best


def digit_sum(n):
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total


def isqrt(n):
    """Newton's method on ints; exact floor square root for any n >= 0."""
    if n < 2:
        return n
    x = n
    y = (x + 1) // 2
    while y < x:
        x = y
        y = (x + n // x) // 2
    return x


def mixed_floor_ops(count):
    """Floor division and modulo with negative operands, where C and Python differ."""
    total = 0
    for i in range(-count, count):
        total += i // 7 + i % 7 + (i * i) // 3 - (-i) % 5
    return total


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (4203, 39989, 3711, 237, 82851, 5332, 44, 27777781111)


def run(scale: int = 1) -> object:
    primes = sieve(40000 * scale)
    start, length = longest_collatz(6000 * scale)
    digits = sum(digit_sum(p) for p in primes)
    roots = 0
    for n in range(1, 3000 * scale):
        r = isqrt(n * n * 1_000_003 + n)
        roots += r % 1000
    squares = sum(1 for n in range(1, 2000) if isqrt(n) ** 2 == n)
    return (
        len(primes),
        primes[-1],
        start,
        length,
        digits,
        roots,
        squares,
        mixed_floor_ops(5000 * scale),
    )


def check(result) -> None:
    assert result == EXPECTED, result
