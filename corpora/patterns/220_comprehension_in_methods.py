# beyond-foundation
"""Comprehensions inside methods capture self; zero-arg super() inside a comprehension fails."""


class Base:
    def items(self):
        return [1, 2, 3]


class Matrix(Base):
    def __init__(self, rows):
        self.rows = rows

    def scaled(self, k):
        return [[v * k for v in row] for row in self.rows]

    def column_sums(self):
        return {i: sum(row[i] for row in self.rows) for i in range(len(self.rows[0]))}

    def via_super(self):
        return [x for x in super().items()]  # super() evaluated in the method: fine

    def super_inside(self):
        # 3.11: TypeError, the comprehension's first argument is its iterator, not self
        return [super().items() for _ in range(1)]


def run(rows, k):
    m = Matrix(rows)
    return (m.scaled(k), m.column_sums(), m.via_super())


def run_super_inside():
    return Matrix([]).super_inside()


CASES = [("run", ([[1, 2], [3, 4]], 2), {}), ("run", ([[5]], 0), {}), ("run", ([], 1), {}),
         ("run", ([[1, "a"]], 1), {}), ("run_super_inside", (), {})]

EXPECTED = [([[2, 4], [6, 8]], {0: 4, 1: 6}, [1, 2, 3]), ([[0]], {0: 5}, [1, 2, 3]), IndexError,
            TypeError, TypeError]
