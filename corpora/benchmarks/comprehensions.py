"""List, dict and set comprehensions and generator expressions over small integer data.

Stresses comprehension scopes (nested loops and conditions inside one comprehension),
building and inverting dicts, set algebra, ``zip``/``enumerate`` unpacking, and
``any``/``all``/``sum`` over generator expressions.
"""


def pythagorean_triples(limit):
    return [
        (a, b, c)
        for a in range(1, limit)
        for b in range(a, limit)
        for c in range(b, limit)
        if a * a + b * b == c * c
    ]


def divisor_table(limit):
    return {n: [d for d in range(1, n + 1) if n % d == 0] for n in range(1, limit)}


def perfect_and_abundant(table):
    sums = {n: sum(ds) - n for n, ds in table.items()}
    perfect = [n for n, s in sums.items() if s == n]
    abundant = {n for n, s in sums.items() if s > n}
    return perfect, abundant


def invert(mapping):
    return {value: key for key, value in mapping.items()}


def transpose(matrix):
    return [[row[i] for row in matrix] for i in range(len(matrix[0]))]


def grid(rows, cols):
    return [[(r * cols + c) % 97 for c in range(cols)] for r in range(rows)]


def group_by_remainder(values, modulus):
    return {r: [v for v in values if v % modulus == r] for r in range(modulus)}


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (
    32,
    (40, 42, 58),
    [6, 28, 496],
    494,
    12,
    1457,
    41315,
    (174, 173, 173, 173, 173, 173, 161),
    (True, True),
)


def run(scale: int = 1) -> object:
    triples = []
    abundant_sums = 0
    perfect = []
    for _ in range(scale):
        triples = pythagorean_triples(70)
        perfect, abundant = perfect_and_abundant(divisor_table(1000))
        abundant_sums = len({a + b for a in abundant for b in abundant if a + b < 1000})
    squares = {n: n * n for n in range(200)}
    roots = invert(squares)
    g = grid(40, 30)
    t = transpose(g)
    diag = sum(g[i][i] for i in range(30))
    column_max = [max(col) for col in t]
    groups = group_by_remainder([x for row in g for x in row], 7)
    sizes = tuple(len(v) for v in groups.values())
    flags = (all(len(col) == 40 for col in t), any(x == 96 for row in g for x in row))
    pairs = sum(i * v for i, v in enumerate(column_max))
    return (
        len(triples),
        triples[-1],
        perfect,
        abundant_sums,
        roots[144],
        diag,
        pairs,
        sizes,
        flags,
    )


def check(result) -> None:
    assert result == EXPECTED, result
