# beyond-foundation
"""bytes and str do not mix: formatting bytes into str shows b'..', concatenation raises."""


def show(data):
    return f"{data}|{data!r}|{len(data)}"


def decode_join(parts):
    return "-".join(p.decode() if isinstance(p, bytes) else p for p in parts)


def mix(a, b):
    return a + b


def bytes_percent(n):
    return b"n=%d %s" % (n, b"ok")


CASES = [("show", (b"ab",), {}), ("show", ("ab",), {}),
         ("decode_join", ([b"x", "y", "\xe9".encode()],), {}), ("mix", (b"a", b"b"), {}),
         ("mix", (b"a", "b"), {}), ("bytes_percent", (3,), {}), ("decode_join", ([b"\xff"],), {})]

EXPECTED = ["b'ab'|b'ab'|2", "ab|'ab'|2", "x-y-é", b"ab", TypeError, b"n=3 ok", UnicodeDecodeError]
