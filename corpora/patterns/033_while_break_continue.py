"""`while` loops steered by `break` and `continue`."""


def sum_odd_until_zero(nums):
    total = 0
    i = 0
    while i < len(nums):
        x = nums[i]
        i += 1
        if x == 0:
            break
        if x % 2 == 0:
            continue
        total += x
    return total


def collatz_steps(n):
    steps = 0
    while True:
        if n == 1:
            break
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


CASES = [
    ("sum_odd_until_zero", ([1, 2, 3, 0, 5],), {}),
    ("sum_odd_until_zero", ([],), {}),
    ("sum_odd_until_zero", ([2, 4],), {}),
    ("collatz_steps", (27,), {}),
    ("collatz_steps", (1,), {}),
    ("sum_odd_until_zero", ([1, None],), {}),
]

EXPECTED = [4, 0, 0, 111, 0, TypeError]
