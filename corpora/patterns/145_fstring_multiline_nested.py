# beyond-foundation
"""f-strings nested inside f-strings, in loops, and evaluation order of their fields."""


def nested(items, width):
    return f"<{', '.join(f'{i:>{width}}' for i in items)}>"


def order(log):
    def get(v):
        log.append(v)
        return v

    text = f"{get(1)}{get(2)}{get(3)!r:>3}"
    return (text, log)


def table(rows):
    lines = []
    for name, score in rows:
        lines.append(f"{name:<6}|{score:5.1f}|{'*' * int(score)}")
    return "\n".join(lines)


CASES = [("nested", ([1, 22], 3), {}), ("order", ([],), {}),
         ("table", ([("ab", 2.5), ("c", 0)],), {}), ("table", ([("x", "y")],), {}),
         ("nested", ([], 2), {})]

EXPECTED = ["<  1,  22>", ("12  3", [1, 2, 3]), "ab    |  2.5|**\nc     |  0.0|", ValueError, "<>"]
