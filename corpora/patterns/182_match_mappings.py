# beyond-foundation
"""Mapping patterns match subsets of keys; **rest captures the remainder; values can be patterns."""


def handle(event):
    match event:
        case {"type": "click", "pos": (x, y)}:
            return ("click", x + y)
        case {"type": "key", "key": str(k), **rest}:
            return ("key", k, sorted(rest))
        case {"type": t}:
            return ("unknown type", t)
        case {}:
            return "empty mapping"
        case _:
            raise TypeError("not an event")


CASES = [("handle", ({"type": "click", "pos": [2, 3], "extra": 1},), {}),
         ("handle", ({"type": "key", "key": "a", "mod": 1, "alt": 0},), {}),
         ("handle", ({"type": "key", "key": 5},), {}), ("handle", ({"other": 1},), {}),
         ("handle", ([("type", "click")],), {}), ("handle", ({"type": "click", "pos": "ab"},), {})]

EXPECTED = [("click", 5), ("key", "a", ["alt", "mod"]), ("unknown type", "key"), "empty mapping",
            TypeError, ("unknown type", "click")]
