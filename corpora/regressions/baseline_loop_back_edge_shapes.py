"""Regression: type analysis assumed every back edge of a loop carries all its values; a
``continue`` inside ``try`` carries them through slots instead (stdlib
pkgutil._iter_file_finder_modules crashed the baseline pipeline with an IndexError, 2026-11-29)."""


def names(entries):
    seen = {}
    count = 0
    for fn in entries:
        try:
            head, tail = fn.split(".", 1)
        except ValueError:
            continue
        if head in seen:
            continue
        seen[head] = tail
        count += 1
    return count, seen


CASES = [("names", (["a.py", "b", "a.pyc", "c.txt"],), {}), ("names", ([],), {})]
