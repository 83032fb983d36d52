"""Run-length encoding and decoding: string building with counters."""


def encode(s):
    if not s:
        return ""
    out = ""
    prev = s[0]
    count = 1
    for ch in s[1:]:
        if ch == prev:
            count += 1
        else:
            out += str(count) + prev
            prev, count = ch, 1
    return out + str(count) + prev


def decode(s):
    out = ""
    num = ""
    for ch in s:
        if ch.isdigit():
            num += ch
        else:
            out += ch * int(num)
            num = ""
    return out


CASES = [
    ("encode", ("aaabccdddd",), {}),
    ("encode", ("",), {}),
    ("decode", ("3a1b2c",), {}),
    ("decode", ("12x",), {}),
    ("decode", ("a",), {}),
    ("encode", ([1, 1, 2],), {}),
]

EXPECTED = ["3a1b2c4d", "", "aaabcc", "xxxxxxxxxxxx", ValueError, TypeError]
