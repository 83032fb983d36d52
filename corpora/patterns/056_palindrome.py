"""Palindrome checks: cleaning with str methods, reversing with slices, two pointers."""


def clean(s):
    out = ""
    for ch in s:
        if ch.isalnum():
            out += ch.lower()
    return out


def is_palindrome(s):
    c = clean(s)
    return c == c[::-1]


def two_pointer(s):
    i, j = 0, len(s) - 1
    while i < j:
        if s[i] != s[j]:
            return False
        i += 1
        j -= 1
    return True


CASES = [
    ("is_palindrome", ("A man, a plan, a canal: Panama",), {}),
    ("is_palindrome", ("hello",), {}),
    ("is_palindrome", ("",), {}),
    ("two_pointer", ([1, 2, 1],), {}),
    ("two_pointer", ("ab",), {}),
    ("is_palindrome", ([1, 2],), {}),
]

EXPECTED = [True, False, True, True, False, AttributeError]
