# beyond-foundation
"""Dict and attribute access, calls and conditional expressions inside f-string fields."""


def describe(person):
    return f"{person['name']} is {person['age']} ({'adult' if person['age'] >= 18 else 'minor'})"


def listing(d):
    return ", ".join(f"{k}={v!r}" for k, v in sorted(d.items()))


def braces(n):
    return f"{{literal}} {{{n}}} {n!r:*^5}"


CASES = [("describe", ({"name": "Ann", "age": 30},), {}),
         ("describe", ({"name": "Bo", "age": 9},), {}), ("listing", ({"b": "x", "a": 1},), {}),
         ("braces", (7,), {}), ("describe", ({"name": "C"},), {})]

EXPECTED = ["Ann is 30 (adult)", "Bo is 9 (minor)", "a=1, b='x'", "{literal} {7} **7**", KeyError]
