"""Facts the passes share: uses of values, static types, and which ops are free of effects.

Types are what the code itself proves (literals, arithmetic on proven types, comparisons),
never what a name suggests: a parameter is ``object`` until a guard checks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.ir.types import BOOL, FLOAT, INT, STR

NUMERIC = frozenset({"int", "float", "bool"})
_CONST_TYPES = {int: "int", float: "float", bool: "bool", str: "str", bytes: "bytes",
                type(None): "none", tuple: "tuple"}
# int (op) int -> int for these; "/" gives float; "**" depends on the exponent's sign.
_INT_CLOSED = frozenset({"+", "-", "*", "//", "%", "<<", ">>", "&", "|", "^"})
_FLOAT_OPS = frozenset({"+", "-", "*", "/", "//", "%"})
# Operators that cannot raise on two ints (a shift by a negative count and //, % by zero can).
INT_TOTAL = frozenset({"+", "-", "*", "&", "|", "^"})


def walk_regions(region: Region) -> Iterator[Region]:
    yield region
    for op in region.ops:
        for inner in op.regions:
            yield from walk_regions(inner)


def uses(fn: Function) -> dict[Value, list[Op]]:
    found: dict[Value, list[Op]] = {}
    for op in fn.walk():
        for value in op.operands:
            found.setdefault(value, []).append(op)
    return found


def replace_uses(fn: Function, old: Value, new: Value) -> None:
    for op in fn.walk():
        if old in op.operands:
            op.operands = [new if v is old else v for v in op.operands]


def const_value(value: Value) -> tuple[bool, object]:
    owner = value.owner
    if isinstance(owner, Op) and owner.opdef.name == "py.const":
        return True, owner.attrs["value"]
    return False, None


def binop_type(op: str, left: str | None, right: str | None, right_const: object = None) -> \
        str | None:
    """The result type of ``left op right`` for proven builtin operand types, else None."""
    if left is None or right is None or left not in NUMERIC or right not in NUMERIC:
        return "str" if op == "+" and left == right == "str" else None
    if left in ("int", "bool") and right in ("int", "bool"):
        if op in ("&", "|", "^") and left == right == "bool":
            return "bool"
        if op in _INT_CLOSED:
            return "int"
        if op == "/":
            return "float"
        if op == "**" and type(right_const) is int and right_const >= 0:
            return "int"
        return None
    if op in _FLOAT_OPS:
        return "float"  # float with int/bool/float
    return None


def infer_types(fn: Function) -> dict[Value, str]:
    """Proven builtin types of SSA values (missing = unknown).

    A loop-carried value is assumed to keep its initial value's type; the assumption is
    checked against every value carried back, and a refuted one is dropped and the analysis
    rerun, so only facts that hold on every iteration remain.
    """
    refuted: set[Value] = set()
    while True:
        types: dict[Value, str] = {}
        checks: list[tuple[Value, list[Value]]] = []
        _infer_region(fn.body, types, refuted, checks)
        wrong = {arg for arg, carried in checks if arg in types
                 and any(types.get(v) != types[arg] for v in carried)}
        if not wrong:
            return types
        refuted |= wrong


_TYPE_NAMES = {INT: "int", FLOAT: "float", BOOL: "bool", STR: "str"}


def _infer_region(region: Region, types: dict[Value, str], refuted: set[Value],
                  checks: list[tuple[Value, list[Value]]]) -> None:
    for arg in region.args:
        known = _TYPE_NAMES.get(arg.type)
        if known:  # only the optimizer types region arguments, from a guard it built
            types[arg] = known
    for op in region.ops:
        name = op.opdef.name
        if name in ("cf.for", "cf.while"):
            _assume_carried(op, types, refuted, checks)
        _infer_op(op, types)
        for inner in op.regions:
            _infer_region(inner, types, refuted, checks)
        if name == "cf.if" and op.results:
            _join_yields(op, types)
        elif name in ("cf.for", "cf.while"):
            _loop_results(op, types)


def _assume_carried(loop: Op, types: dict[Value, str], refuted: set[Value],
                    checks: list[tuple[Value, list[Value]]]) -> None:
    """Type each carried argument like its initial value, to be checked by the caller."""
    init = loop.operands[1:] if loop.opdef.name == "cf.for" else loop.operands
    skip = 1 if loop.opdef.name == "cf.for" else 0
    bodies = loop.regions[:1] if loop.opdef.name == "cf.for" else loop.regions[:2]
    backs = [op for op in _loop_exits(loop) if op.opdef.name == "cf.continue"]
    if any(len(back.operands) != len(init) for back in backs):
        return  # a back edge of another shape (e.g. through a try's slots): assume nothing
    for body in bodies:
        offset = skip if body is loop.regions[0] and loop.opdef.name == "cf.for" else 0
        for index, start in enumerate(init):
            arg = body.args[index + offset]
            known = types.get(start)
            if known and arg not in refuted:
                types[arg] = known
                checks.append((arg, [back.operands[index] for back in backs]))


def _loop_exits(loop: Op) -> list[Op]:
    """The cf.continue/cf.break ops that leave this loop (not an inner one)."""
    found: list[Op] = []
    stack = list(loop.regions)
    while stack:
        region = stack.pop()
        for op in region.ops:
            if op.opdef.name in ("cf.continue", "cf.break"):
                found.append(op)
            if op.opdef.name not in ("cf.for", "cf.while", "cf.async_for"):
                stack.extend(op.regions)
    return found


def _loop_results(loop: Op, types: dict[Value, str]) -> None:
    """A loop without break ends with its carried values: results typed like the arguments."""
    if any(op.opdef.name == "cf.break" for op in _loop_exits(loop)) or len(loop.regions) > (
            1 if loop.opdef.name == "cf.for" else 2):
        return
    args = loop.regions[0].args[1:] if loop.opdef.name == "cf.for" else loop.regions[0].args
    for result, arg in zip(loop.results, args, strict=False):
        if arg in types:
            types[result] = types[arg]


def _infer_op(op: Op, types: dict[Value, str]) -> None:
    name = op.opdef.name
    if name == "py.const":
        t = _CONST_TYPES.get(type(op.attrs["value"]))
        if t:
            types[op.result] = t
    elif name in ("py.binop", "py.inplace"):
        a, b = op.operands
        _, bc = const_value(b)
        t = binop_type(op.attrs["op"], types.get(a), types.get(b), bc)
        if t:
            types[op.result] = t
    elif name == "py.unop":
        t = types.get(op.operands[0])
        if op.attrs["op"] == "not":
            types[op.result] = "bool"
        elif t in ("int", "bool") and op.attrs["op"] in ("-", "+", "~"):
            types[op.result] = "int"
        elif t == "float" and op.attrs["op"] in ("-", "+"):
            types[op.result] = "float"
    elif name in ("py.truth", "py.typeis"):
        types[op.result] = "bool"
    elif name == "py.cmp":
        kinds = {types.get(v) for v in op.operands}
        if op.attrs["op"] in ("is", "is not", "in", "not in") or (
                None not in kinds and kinds <= NUMERIC | {"str"}):
            types[op.result] = "bool"


def _join_yields(op: Op, types: dict[Value, str]) -> None:
    arms = [r.ops[-1] for r in op.regions if r.ops and r.ops[-1].opdef.name == "cf.yield"]
    if len(arms) != 2:
        return
    for i, result in enumerate(op.results):
        kinds = {types.get(arm.operands[i]) for arm in arms}
        if len(kinds) == 1 and None not in kinds:
            types[result] = kinds.pop()  # type: ignore[assignment]


def is_pure(op: Op, types: dict[Value, str]) -> bool:
    """No effects, no user code, cannot raise: may be removed, moved or merged freely."""
    name = op.opdef.name
    if op.opdef.pure:
        return True
    kinds = [types.get(v) for v in op.operands]
    if name == "py.binop":  # float with a (possibly huge) int may raise OverflowError
        return (all(k in ("int", "bool") for k in kinds) and op.attrs["op"] in INT_TOTAL) or (
            all(k == "float" for k in kinds) and op.attrs["op"] in ("+", "-", "*"))
    if name == "py.unop":
        return kinds[0] in ("int", "bool") or (kinds[0] == "float" and op.attrs["op"] != "~") \
            or (op.attrs["op"] == "not" and kinds[0] in NUMERIC | {"str", "none", "tuple"})
    if name == "py.cmp":
        return op.attrs["op"] in ("is", "is not") or (
            all(k in NUMERIC for k in kinds) and op.attrs["op"] in ("==", "!=", "<", "<=", ">",
                                                                    ">="))
    if name == "py.truth":
        return kinds[0] in NUMERIC | {"str", "none", "tuple"}
    if name == "py.tuple":
        return not op.attrs["starred"]
    return False


def deterministic(op: Op, types: dict[Value, str]) -> bool:
    """Same operands give the same result and no effects, though it may raise (e.g. ``//`` by
    zero): a second evaluation can reuse the first one's value (CSE)."""
    if "allocates" in op.opdef.traits:
        return False  # merging two displays would make them one object (``is`` could tell)
    if is_pure(op, types):
        return True
    kinds = [types.get(v) for v in op.operands]
    if op.opdef.name == "py.binop" and all(k in NUMERIC for k in kinds):
        return op.attrs["op"] != "**"  # float ** may raise OverflowError: still deterministic
    return False
