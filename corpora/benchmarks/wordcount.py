"""Word statistics over generated prose: dict- and str-heavy text processing.

Stresses ``str.lower``/``strip``/``split``, dict counting with ``get``, tuple keys for
bigrams, sorting with key functions, and string building; the text comes from a seeded
``random.Random`` choosing words from a fixed vocabulary.
"""

import random

VOCABULARY = (
    "the quick brown fox jumps over lazy dog while a river runs past old mill "
    "and children play near water under bright summer sky when evening falls "
    "lanterns glow softly along narrow streets of this quiet little town"
).split()
PUNCT = ".,;:!?\"'()"


def make_text(seed, sentences):
    rng = random.Random(seed)
    out = []
    for _ in range(sentences):
        length = rng.randrange(5, 16)
        words = [rng.choice(VOCABULARY) for _ in range(length)]
        words[0] = words[0].capitalize()
        if rng.random() < 0.3:
            words[rng.randrange(length)] += ","
        out.append(" ".join(words) + rng.choice((".", ".", "!", "?")))
    return " ".join(out)


def normalize(word):
    return word.strip(PUNCT).lower()


def count_words(text):
    counts = {}
    for raw in text.split():
        word = normalize(raw)
        if word:
            counts[word] = counts.get(word, 0) + 1
    return counts


def count_bigrams(text):
    counts = {}
    previous = None
    for raw in text.split():
        word = normalize(raw)
        if previous is not None:
            key = (previous, word)
            counts[key] = counts.get(key, 0) + 1
        previous = None if raw[-1] in ".!?" else word
    return counts


def letter_frequencies(text):
    freq = {}
    for ch in text.lower():
        if ch.isalpha():
            freq[ch] = freq.get(ch, 0) + 1
    return freq


def top(counts, k):
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:k]


def longest_words(counts, k):
    return sorted(counts, key=lambda w: (-len(w), w))[:k]


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (
    114982,
    20058,
    1444,
    [("little", 580), ("under", 569), ("while", 567), ("this", 559), ("when", 558)],
    [(("evening", "town"), 24), (("when", "little"), 24), (("while", "under"), 24)],
    29128,
    ["children", "lanterns", "evening"],
)


def run(scale: int = 1) -> object:
    text = make_text(42, 2000 * scale)
    words = count_words(text)
    bigrams = count_bigrams(text)
    letters = letter_frequencies(text)
    common = top(words, 5)
    pairs = top(bigrams, 3)
    vowels = sum(letters.get(v, 0) for v in "aeiou")
    return (
        len(text),
        sum(words.values()),
        len(bigrams),
        common,
        pairs,
        vowels,
        longest_words(words, 3),
    )


def check(result) -> None:
    assert result == EXPECTED, result
