"""print() with several arguments, sep= and end=, and printing non-str values."""


def table(rows):
    print("name", "qty", sep=" | ")
    for name, qty in rows:
        print(name, qty, sep=" | ")
    print("rows:", len(rows), end=".\n")
    return len(rows)


def dump(*values):
    print(*values)
    print(values, sep="")
    return None


CASES = [
    ("table", ([("apple", 3), ("pear", 0.5)],), {}),
    ("table", ([],), {}),
    ("dump", (1, "a", None, [1.5], {"k": b"v"}), {}),
    ("dump", (), {}),
    ("table", ([("x",)],), {}),
]

EXPECTED = [2, 0, None, None, ValueError]
