"""Every augmented assignment operator on ints and floats."""


def int_chain(x):
    x += 3
    x -= 1
    x *= 5
    x //= 3
    x %= 7
    x **= 3
    x <<= 2
    x >>= 1
    x &= 0xFF
    x |= 0x100
    x ^= 0x0F
    return x


def float_chain(x):
    x /= 4
    x *= -1
    x -= 0.5
    x //= 1
    return x


CASES = [
    ("int_chain", (0,), {}),
    ("int_chain", (-10,), {}),
    ("int_chain", (10**20,), {}),
    ("float_chain", (10.0,), {}),
    ("float_chain", (0.0,), {}),
    ("int_chain", (1.5,), {}),
]

EXPECTED = [0x100 ^ 0x0F ^ ((((0 + 3 - 1) * 5 // 3) % 7) ** 3 << 2 >> 1 & 0xFF)]
