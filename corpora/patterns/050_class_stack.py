"""A stack class wrapping a list; popping an empty stack raises a clear error."""


class Stack:
    def __init__(self):
        self.items = []

    def push(self, x):
        self.items.append(x)

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty stack")
        return self.items.pop()

    def size(self):
        return len(self.items)


def run_ops(ops):
    """Each op is ("push", value) or ("pop",); the popped values are returned in order."""
    s = Stack()
    popped = []
    for op in ops:
        if op[0] == "push":
            s.push(op[1])
        elif op[0] == "pop":
            popped.append(s.pop())
        else:
            raise ValueError("unknown op " + op[0])
    return (popped, s.size())


CASES = [
    ("run_ops", ([("push", 1), ("push", 2), ("pop",)],), {}),
    ("run_ops", ([],), {}),
    ("run_ops", ([("pop",)],), {}),
    ("run_ops", ([("peek",)],), {}),
    ("run_ops", ([("push",)],), {}),
]

EXPECTED = [([2], 1), ([], 0), IndexError, ValueError, IndexError]
