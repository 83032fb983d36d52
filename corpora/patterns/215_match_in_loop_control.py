# beyond-foundation
"""match statements inside loops with break/continue in case bodies, and return from a case."""


def interpret(program):
    stack = []
    for op in program:
        match op:
            case ("push", value):
                stack.append(value)
            case "add":
                stack.append(stack.pop() + stack.pop())
            case "skip":
                continue
            case "halt":
                break
            case ("ret", n):
                return ("returned", stack[-n:])
            case _:
                raise SyntaxError(f"bad op {op!r}")
        stack.append("|") if op == "add" else None
    else:
        return ("ran off", stack)
    return ("halted", stack)


CASES = [("interpret", ([("push", 1), ("push", 2), "add", "halt", ("push", 9)],), {}),
         ("interpret", ([("push", 1), "skip"],), {}),
         ("interpret", ([("push", 1), ("push", 2), ("ret", 1)],), {}),
         ("interpret", (["add"],), {}), ("interpret", (["jump"],), {}), ("interpret", ([],), {})]

EXPECTED = [("halted", [3, "|"]), ("ran off", [1]), ("returned", [2]), IndexError, SyntaxError,
            ("ran off", [])]
