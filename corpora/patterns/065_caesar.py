"""Caesar cipher: ord/chr arithmetic with modulo wrap-around, incl. negative shifts."""


def shift_char(ch, k):
    if "a" <= ch <= "z":
        return chr((ord(ch) - ord("a") + k) % 26 + ord("a"))
    if "A" <= ch <= "Z":
        return chr((ord(ch) - ord("A") + k) % 26 + ord("A"))
    return ch


def caesar(text, k):
    out = ""
    for ch in text:
        out += shift_char(ch, k)
    return out


CASES = [
    ("caesar", ("Hello, World!", 3), {}),
    ("caesar", ("abc", -1), {}),
    ("caesar", ("xyz", 26 * 10**20 + 1), {}),
    ("caesar", ("", 5), {}),
    ("caesar", ("abc", 1.5), {}),
    ("shift_char", ("ab", 1), {}),
]

EXPECTED = ["Khoor, Zruog!", "zab", "yza", "", TypeError, TypeError]
