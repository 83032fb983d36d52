"""A list used as a stack to check balanced brackets; dict of pairs."""

PAIRS = {")": "(", "]": "[", "}": "{"}


def balanced(s):
    stack = []
    for ch in s:
        if ch in "([{":
            stack.append(ch)
        elif ch in PAIRS:  # noqa: SIM102 - nested test reads as the algorithm
            if not stack or stack.pop() != PAIRS[ch]:
                return False
    return len(stack) == 0


def max_depth(s):
    depth = best = 0
    for ch in s:
        if ch == "(":
            depth += 1
            best = max(best, depth)
        elif ch == ")":
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced at ')'")
    return best


CASES = [
    ("balanced", ("([]{()})",), {}),
    ("balanced", ("(]",), {}),
    ("balanced", ("",), {}),
    ("balanced", ("((",), {}),
    ("max_depth", ("(a(b)(c(d)))",), {}),
    ("max_depth", ("())",), {}),
    ("balanced", (None,), {}),
]

EXPECTED = [True, False, True, False, 3, ValueError, TypeError]
