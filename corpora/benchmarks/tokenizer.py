"""A hand-written tokenizer for a small expression language.

Stresses string indexing one character at a time, tiny character-class helper functions
called per character, string slicing, ``in`` tests against short strings, and building a
list of (kind, text) tuples; the input is generated from a seeded ``random.Random``.
"""

import random

OPERATORS = "+-*/%<>=!&|^~"
TWO_CHAR_OPERATORS = ("==", "!=", "<=", ">=", "&&", "||", "<<", ">>", "**")
PUNCTUATION = "()[]{},;:."
KEYWORDS = frozenset({"if", "else", "while", "for", "return", "let", "fn", "in", "and", "or"})
NAMES = ("alpha", "beta", "x", "y", "count", "total", "index", "value", "item", "node")


def is_space(ch):
    return ch == " " or ch == "\t" or ch == "\n" or ch == "\r"


def is_digit(ch):
    return "0" <= ch <= "9"


def is_ident_start(ch):
    return "a" <= ch <= "z" or "A" <= ch <= "Z" or ch == "_"


def is_ident_char(ch):
    return is_ident_start(ch) or is_digit(ch)


def scan_while(text, pos, predicate):
    """Index of the first character at or after ``pos`` that fails ``predicate``."""
    end = len(text)
    while pos < end and predicate(text[pos]):
        pos += 1
    return pos


def scan_string(text, pos):
    """``pos`` is at the opening quote; returns the index just past the closing one."""
    quote = text[pos]
    pos += 1
    while text[pos] != quote:
        if text[pos] == "\\":
            pos += 1
        pos += 1
    return pos + 1


def tokenize(text):
    tokens = []
    pos = 0
    end = len(text)
    while pos < end:
        ch = text[pos]
        if is_space(ch):
            pos = scan_while(text, pos, is_space)
            continue
        start = pos
        if is_digit(ch):
            pos = scan_while(text, pos, is_digit)
            if pos < end and text[pos] == "." and pos + 1 < end and is_digit(text[pos + 1]):
                pos = scan_while(text, pos + 1, is_digit)
                kind = "float"
            else:
                kind = "int"
        elif is_ident_start(ch):
            pos = scan_while(text, pos, is_ident_char)
            kind = "keyword" if text[start:pos] in KEYWORDS else "name"
        elif ch == '"' or ch == "'":
            pos = scan_string(text, pos)
            kind = "string"
        elif text[pos : pos + 2] in TWO_CHAR_OPERATORS:
            pos += 2
            kind = "op"
        elif ch in OPERATORS:
            pos += 1
            kind = "op"
        elif ch in PUNCTUATION:
            pos += 1
            kind = "punct"
        elif ch == "#":
            pos = text.find("\n", pos)
            if pos < 0:
                pos = end
            continue
        else:
            raise ValueError(f"unexpected character {ch!r} at {pos}")
        tokens.append((kind, text[start:pos]))
    return tokens


def make_expression(rng, depth):
    if depth == 0 or rng.random() < 0.3:
        pick = rng.randrange(4)
        if pick == 0:
            return str(rng.randrange(1000))
        if pick == 1:
            return f"{rng.randrange(100)}.{rng.randrange(100)}"
        if pick == 2:
            return '"s' + str(rng.randrange(50)) + '\\n"'
        return rng.choice(NAMES) + str(rng.randrange(3))
    op = rng.choice(("+", "-", "*", "/", "==", "<=", "&&", "**", "%", "<<"))
    left = make_expression(rng, depth - 1)
    right = make_expression(rng, depth - 1)
    if rng.random() < 0.4:
        return "(" + left + " " + op + " " + right + ")"
    return left + " " + op + " " + right


def make_program(seed, statements):
    rng = random.Random(seed)
    lines = []
    for i in range(statements):
        name = rng.choice(NAMES)
        expr = make_expression(rng, 4)
        if i % 7 == 0:
            lines.append(f"# statement {i}")
        if i % 5 == 0:
            lines.append(f"if {name} < {expr} {{ return {name}; }}")
        else:
            lines.append(f"let {name}{i % 10} = {expr};")
    return "\n".join(lines) + "\n"


def summarize(tokens):
    counts = {}
    digest = 0
    for kind, text in tokens:
        counts[kind] = counts.get(kind, 0) + 1
        for ch in text:
            digest = (digest * 33 + ord(ch)) % 1_000_000_007
    return tuple(sorted(counts.items())), digest


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (
    20026,
    5666,
    (
        ("float", 453),
        ("int", 429),
        ("keyword", 360),
        ("name", 774),
        ("op", 1721),
        ("punct", 1504),
        ("string", 425),
    ),
    465140146,
)


def run(scale: int = 1) -> object:
    text = make_program(20241129, 300 * scale)
    tokens = []
    for _ in range(4):
        tokens = tokenize(text)
    counts, digest = summarize(tokens)
    return (len(text), len(tokens), counts, digest)


def check(result) -> None:
    assert result == EXPECTED, result
