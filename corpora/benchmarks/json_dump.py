"""JSON-like serialization: dump nested data to text by hand and parse it back.

Stresses recursion over dicts/lists, ``isinstance`` dispatch, string escaping character
by character, ``str.join`` of many small pieces, and a recursive-descent parser class
walking a string with an index attribute.
"""

import random

ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
UNESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r"}
WORDS = ("id", "name", "tags", "score", "active", "children", "note", "path", "size", "owner")


def escape(text):
    out = []
    for ch in text:
        out.append(ESCAPES.get(ch, ch))
    return '"' + "".join(out) + '"'


def dump(value):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, list):
        return "[" + ",".join([dump(item) for item in value]) + "]"
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            parts.append(escape(key) + ":" + dump(item))
        return "{" + ",".join(parts) + "}"
    raise TypeError(f"cannot serialize {type(value).__name__}")


class Parser:
    """Recursive descent over the text ``dump`` produces (no whitespace between tokens)."""

    def __init__(self, text):
        self.text = text
        self.pos = 0

    def peek(self):
        return self.text[self.pos]

    def expect(self, ch):
        if self.text[self.pos] != ch:
            raise ValueError(f"expected {ch!r} at {self.pos}")
        self.pos += 1

    def parse(self):
        value = self.value()
        if self.pos != len(self.text):
            raise ValueError("trailing data")
        return value

    def value(self):
        ch = self.peek()
        if ch == "{":
            return self.object()
        if ch == "[":
            return self.array()
        if ch == '"':
            return self.string()
        if self.text.startswith("null", self.pos):
            self.pos += 4
            return None
        if self.text.startswith("true", self.pos):
            self.pos += 4
            return True
        if self.text.startswith("false", self.pos):
            self.pos += 5
            return False
        return self.number()

    def object(self):
        self.expect("{")
        result = {}
        if self.peek() == "}":
            self.pos += 1
            return result
        while True:
            key = self.string()
            self.expect(":")
            result[key] = self.value()
            if self.peek() == "}":
                self.pos += 1
                return result
            self.expect(",")

    def array(self):
        self.expect("[")
        result = []
        if self.peek() == "]":
            self.pos += 1
            return result
        while True:
            result.append(self.value())
            if self.peek() == "]":
                self.pos += 1
                return result
            self.expect(",")

    def string(self):
        self.expect('"')
        chars = []
        text = self.text
        while text[self.pos] != '"':
            ch = text[self.pos]
            if ch == "\\":
                self.pos += 1
                ch = UNESCAPES[text[self.pos]]
            chars.append(ch)
            self.pos += 1
        self.pos += 1
        return "".join(chars)

    def number(self):
        start = self.pos
        text = self.text
        while self.pos < len(text) and text[self.pos] in "+-0123456789.eE":
            self.pos += 1
        literal = text[start : self.pos]
        if "." in literal or "e" in literal or "E" in literal:
            return float(literal)
        return int(literal)


def make_value(rng, depth):
    roll = rng.random()
    if depth <= 0 or roll < 0.35:
        kind = rng.randrange(6)
        if kind == 0:
            return rng.randrange(-(10**6), 10**6)
        if kind == 1:
            return rng.randrange(-(10**6), 10**6) / 64
        if kind == 2:
            return rng.choice(WORDS) + "\t" + str(rng.randrange(100)) + '"q"\n'
        if kind == 3:
            return None
        return kind == 4
    if roll < 0.65:
        return [make_value(rng, depth - 1) for _ in range(rng.randrange(1, 6))]
    result = {}
    for _ in range(rng.randrange(1, 6)):
        result[rng.choice(WORDS) + str(rng.randrange(10))] = make_value(rng, depth - 1)
    return result


def fingerprint(text):
    digest = 2166136261
    for ch in text:
        digest = ((digest ^ ord(ch)) * 16777619) & 0xFFFFFFFF
    return digest


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (80, 84140, 944315827)


def run(scale: int = 1) -> object:
    rng = random.Random(1337)
    documents = [make_value(rng, 6) for _ in range(80 * scale)]
    total_length = 0
    digest = 0
    for doc in documents:
        text = dump(doc)
        back = Parser(text).parse()
        if back != doc:
            raise AssertionError("round trip changed the document")
        total_length += len(text)
        digest ^= fingerprint(text)
    return (len(documents), total_length, digest)


def check(result) -> None:
    assert result == EXPECTED, result
