# beyond-foundation
"""Dict and set comprehensions, incl. key collisions and generator expressions."""


def index_words(words):
    return {w: i for i, w in enumerate(words)}


def lengths(words):
    return {len(w) for w in words}


def total_len(words):
    return sum(len(w) for w in words)


def any_all(nums):
    return (any(x > 2 for x in nums), all(x > 0 for x in nums))


CASES = [
    ("index_words", (["a", "b", "a"],), {}),
    ("lengths", (["aa", "b", "cc"],), {}),
    ("total_len", ([],), {}),
    ("any_all", ([],), {}),
    ("any_all", ([1, 3, -1],), {}),
    ("index_words", ([[1]],), {}),
]

EXPECTED = [{"a": 2, "b": 1}, {1, 2}, 0, (False, True), (True, False), TypeError]
