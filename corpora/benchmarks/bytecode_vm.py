"""A tiny stack-based bytecode interpreter running two small assembled programs.

Stresses the dispatch loop of an interpreter: a long ``if``/``elif`` chain comparing an
opcode against module-level constants, list-as-stack push/pop, and tuple unpacking of
instructions; plus a small assembler doing string splitting and dict lookups.
"""

PUSH = 0
LOAD = 1
STORE = 2
ADD = 3
SUB = 4
MUL = 5
MOD = 6
LT = 7
JUMP = 8
JUMP_IF_FALSE = 9
PRINT = 10
HALT = 11
DUP = 12
EQ = 13

OPCODES = {
    "push": PUSH,
    "load": LOAD,
    "store": STORE,
    "add": ADD,
    "sub": SUB,
    "mul": MUL,
    "mod": MOD,
    "lt": LT,
    "jump": JUMP,
    "jump_if_false": JUMP_IF_FALSE,
    "print": PRINT,
    "halt": HALT,
    "dup": DUP,
    "eq": EQ,
}

# Sum of the primes below N by trial division; N is stored in variable 0 beforehand.
PRIMES_SOURCE = """
    push 0
    store 1
    push 2
    store 2
outer:
    load 2
    load 0
    lt
    jump_if_false done
    push 2
    store 3
inner:
    load 3
    load 3
    mul
    load 2
    lt
    load 3
    load 3
    mul
    load 2
    eq
    add
    jump_if_false is_prime
    load 2
    load 3
    mod
    push 0
    eq
    jump_if_false next_divisor
    jump next_candidate
next_divisor:
    load 3
    push 1
    add
    store 3
    jump inner
is_prime:
    load 1
    load 2
    add
    store 1
    load 2
    print
next_candidate:
    load 2
    push 1
    add
    store 2
    jump outer
done:
    load 1
    halt
"""

# Iterated Fibonacci modulo 1_000_003, N steps; N is stored in variable 0 beforehand.
FIB_SOURCE = """
    push 0
    store 1
    push 1
    store 2
loop:
    load 0
    push 0
    eq
    jump_if_false body
    load 1
    halt
body:
    load 1
    load 2
    add
    push 1000003
    mod
    load 2
    store 1
    store 2
    load 0
    push 1
    sub
    store 0
    jump loop
"""


def parse_line(line):
    """Split ``op arg`` into its parts; labels end with a colon."""
    parts = line.split()
    if len(parts) == 1:
        return parts[0], None
    return parts[0], parts[1]


def assemble(source):
    """Two passes: find label addresses, then encode (opcode, int argument) pairs."""
    labels = {}
    lines = []
    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.endswith(":"):
            labels[line[:-1]] = len(lines)
        else:
            lines.append(line)
    code = []
    for line in lines:
        name, arg = parse_line(line)
        if arg is None:
            code.append((OPCODES[name], 0))
        elif arg in labels:
            code.append((OPCODES[name], labels[arg]))
        else:
            code.append((OPCODES[name], int(arg)))
    return code


def execute(code, variables, output):
    stack = []
    pc = 0
    while True:
        op, arg = code[pc]
        pc += 1
        if op == LOAD:
            stack.append(variables[arg])
        elif op == STORE:
            variables[arg] = stack.pop()
        elif op == PUSH:
            stack.append(arg)
        elif op == ADD:
            b = stack.pop()
            stack.append(stack.pop() + b)
        elif op == SUB:
            b = stack.pop()
            stack.append(stack.pop() - b)
        elif op == MUL:
            b = stack.pop()
            stack.append(stack.pop() * b)
        elif op == MOD:
            b = stack.pop()
            stack.append(stack.pop() % b)
        elif op == LT:
            b = stack.pop()
            stack.append(1 if stack.pop() < b else 0)
        elif op == EQ:
            b = stack.pop()
            stack.append(1 if stack.pop() == b else 0)
        elif op == JUMP:
            pc = arg
        elif op == JUMP_IF_FALSE:
            if not stack.pop():
                pc = arg
        elif op == DUP:
            stack.append(stack[-1])
        elif op == PRINT:
            output.append(stack.pop())
        elif op == HALT:
            return stack.pop()
        else:
            raise ValueError(f"bad opcode {op}")


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (277050, 303, 1999, 254399)


def run(scale: int = 1) -> object:
    primes = assemble(PRIMES_SOURCE)
    fib = assemble(FIB_SOURCE)
    printed = []
    prime_sum = 0
    fib_value = 0
    for _ in range(scale):
        printed = []
        prime_sum = execute(primes, [2000, 0, 0, 0], printed)
        fib_value = execute(fib, [8000, 0, 0], [])
    return (prime_sum, len(printed), printed[-1], fib_value)


def check(result) -> None:
    assert result == EXPECTED, result
