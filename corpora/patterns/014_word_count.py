"""Counting words into a dict with get(), then picking the most frequent."""


def word_count(text):
    counts = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts


def most_common(text):
    counts = word_count(text)
    best = None
    best_n = 0
    for word, n in counts.items():
        if n > best_n:
            best, best_n = word, n
    return best


CASES = [
    ("word_count", ("the cat the hat",), {}),
    ("word_count", ("",), {}),
    ("most_common", ("a b b c c c",), {}),
    ("most_common", ("   ",), {}),
    ("word_count", (None,), {}),
]

EXPECTED = [{"the": 2, "cat": 1, "hat": 1}, {}, "c", None, AttributeError]
