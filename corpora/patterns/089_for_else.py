# beyond-foundation
"""`for ... else` and `while ... else`: the else runs only when no break happened."""


def find_divisor(n):
    for d in range(2, n):
        if n % d == 0:
            break
    else:
        return None
    return d


def first_match(items, target):
    i = 0
    while i < len(items):
        if items[i] == target:
            break
        i += 1
    else:
        i = -1
    return i


CASES = [
    ("find_divisor", (15,), {}),
    ("find_divisor", (13,), {}),
    ("find_divisor", (2,), {}),
    ("first_match", ([4, 5], 5), {}),
    ("first_match", ([], 5), {}),
    ("find_divisor", ("9",), {}),
]

EXPECTED = [3, None, None, 1, -1, TypeError]
