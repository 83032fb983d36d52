# beyond-foundation
"""try/except inside a loop with continue/break: skip bad records, stop on a sentinel."""


def parse_records(lines):
    good = []
    errors = 0
    for line in lines:
        if line == "END":
            break
        try:
            key, value = line.split("=")
            good.append((key.strip(), int(value)))
        except ValueError:
            errors += 1
            continue
    return (good, errors)


def retry(values, attempts):
    for i in range(attempts):
        try:
            return 100 // values[i]
        except ZeroDivisionError:
            print("attempt", i, "failed")
    raise RuntimeError("gave up after %d attempts" % attempts)  # noqa: UP031


CASES = [
    ("parse_records", (["a=1", "b", "c = 3", "END", "d=4"],), {}),
    ("parse_records", ([],), {}),
    ("parse_records", (["x=y=z", "k=v"],), {}),
    ("retry", ([0, 0, 7], 3), {}),
    ("retry", ([0], 1), {}),
    ("retry", ([0], 2), {}),
    ("parse_records", ([1],), {}),
]

EXPECTED = [
    ([("a", 1), ("c", 3)], 1),
    ([], 0),
    ([], 2),
    14,
    RuntimeError,
    IndexError,
    AttributeError,
]
