"""bytes: indexing yields ints, slicing yields bytes, mixing with str fails."""


def checksum(data):
    total = 0
    for b in data:
        total = (total + b) % 256
    return total


def frame(payload):
    header = bytes([len(payload)])
    return header + payload + b"\x00"


def first_and_rest(data):
    return (data[0], data[1:], data[::-1])


CASES = [
    ("checksum", (b"abc",), {}),
    ("checksum", (b"",), {}),
    ("frame", (b"hi",), {}),
    ("first_and_rest", (b"\xffab",), {}),
    ("first_and_rest", (b"",), {}),
    ("frame", ("hi",), {}),
    ("frame", (b"x" * 256,), {}),
]

EXPECTED = [38, 0, b"\x02hi\x00", (255, b"ab", b"ba\xff"), IndexError, TypeError, ValueError]
