"""Mandelbrot: escape-time iteration over a grid of points in the complex plane.

A float-heavy kernel: the inner loop is nothing but float multiply/add/compare, with the
real and imaginary parts kept as separate floats (no ``complex`` objects).
"""


def escape_time(cr, ci, limit):
    """Iterations before z -> z*z + c leaves the radius-2 disc (``limit`` if it never does)."""
    zr = 0.0
    zi = 0.0
    for i in range(limit):
        zr2 = zr * zr
        zi2 = zi * zi
        if zr2 + zi2 > 4.0:
            return i
        zi = 2.0 * zr * zi + ci
        zr = zr2 - zi2 + cr
    return limit


def render(width, height, limit):
    rows = []
    for y in range(height):
        ci = -1.2 + 2.4 * y / height
        row = []
        for x in range(width):
            cr = -2.1 + 3.0 * x / width
            row.append(escape_time(cr, ci, limit))
        rows.append(row)
    return rows


def summarize(rows, limit):
    inside = 0
    total = 0
    weighted = 0
    for y, row in enumerate(rows):
        for x, n in enumerate(row):
            total += n
            if n == limit:
                inside += 1
            weighted = (weighted * 31 + n * (x + 1) + y) % 1_000_000_007
    return (inside, total, weighted)


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (2349, 231984, 554497251)


def run(scale: int = 1) -> object:
    result = None
    for _ in range(scale):
        rows = render(120, 90, 80)
        result = summarize(rows, 80)
    return result


def check(result) -> None:
    assert result == EXPECTED, result
