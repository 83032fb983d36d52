"""Early `return` from inside loops; falling off the end returns None."""


def index_of(items, target):
    for i in range(len(items)):
        if items[i] == target:
            return i
    return -1


def first_vowel(word):
    for ch in word:
        if ch in "aeiou":
            return ch


def has_duplicate(items):
    seen = set()
    for x in items:
        if x in seen:
            return True
        seen.add(x)
    return False


CASES = [
    ("index_of", ([5, 6, 7], 6), {}),
    ("index_of", ([], 1), {}),
    ("first_vowel", ("rhythm",), {}),
    ("first_vowel", ("strange",), {}),
    ("has_duplicate", ([1, 2, 1],), {}),
    ("has_duplicate", ([1, 1.0],), {}),
    ("has_duplicate", ([[1], [1]],), {}),
]

EXPECTED = [1, -1, None, "a", True, True, TypeError]
