"""Scanning a string by index with while; character classes; tokenizing numbers."""


def tokenize(expr):
    tokens = []
    i = 0
    while i < len(expr):
        ch = expr[i]
        if ch == " ":
            i += 1
            continue
        if ch.isdigit():
            j = i
            while j < len(expr) and expr[j].isdigit():
                j += 1
            tokens.append(int(expr[i:j]))
            i = j
        elif ch in "+-*/()":
            tokens.append(ch)
            i += 1
        else:
            raise ValueError("bad character " + repr(ch))
    return tokens


CASES = [
    ("tokenize", ("12 + 3*(45-6)",), {}),
    ("tokenize", ("",), {}),
    ("tokenize", ("007",), {}),
    ("tokenize", ("1 ^ 2",), {}),
    ("tokenize", (["1"],), {}),
]

EXPECTED = [[12, "+", 3, "*", "(", 45, "-", 6, ")"], [], [7], ValueError, TypeError]
