"""Facts the passes share: uses of values, static types, and which ops are free of effects.

Types are what the code itself proves (literals, arithmetic on proven types, comparisons),
never what a name suggests: a parameter is ``object`` until a guard checks it.
"""

from __future__ import annotations

from collections.abc import Iterator

from trm_agent.ir.core import Function, Op, Region, Value

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
    """Proven builtin types of SSA values (missing = unknown).  Loop-carried values are typed
    only when the initial value and every value carried back have the same type."""
    types: dict[Value, str] = {}
    for _ in range(3):  # loop-carried facts settle after a couple of rounds
        before = len(types)
        _infer_region(fn.body, types)
        if len(types) == before:
            break
    return types


def _infer_region(region: Region, types: dict[Value, str]) -> None:
    for op in region.ops:
        name = op.opdef.name
        if name == "py.const":
            t = _CONST_TYPES.get(type(op.attrs["value"]))
            if t:
                types[op.result] = t
        elif name in ("py.binop", "py.inplace"):
            a, b = op.operands
            _, bc = const_value(b)
            t = binop_type(op.attrs["op"], types.get(a), types.get(b), bc)
            if t and (name == "py.binop" or types.get(a) != "list"):
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
            if op.attrs["op"] in ("is", "is not", "in", "not in") or (kinds <= NUMERIC | {"str"} \
                    and None not in kinds):
                types[op.result] = "bool"
        for inner in op.regions:
            _infer_region(inner, types)
        if name == "cf.if" and op.results:
            _join_yields(op, types)


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
