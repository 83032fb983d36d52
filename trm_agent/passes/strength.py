"""Strength reduction and algebraic identities from ``passes.rules.RULES``, applied only where
the rule's guard is proven by type analysis (e.g. ``type(x) is int`` because ``x`` is the result
of int arithmetic on literals and range values).  Each rule is proven with z3 in the test suite.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.passes.analysis import const_value, infer_types, replace_uses
from trm_agent.passes.manager import PassContext

_IDENTITY = {("+", "right", 0): "int-add-zero", ("+", "left", 0): "int-zero-add",
             ("-", "right", 0): "int-sub-zero", ("*", "right", 1): "int-mul-one",
             ("*", "left", 1): "int-one-mul"}


class StrengthReduce:
    name = "strength"
    rules = ("int-square", "int-cube", "int-floordiv-pow2", "int-mod-pow2", "int-add-zero",
             "int-zero-add", "int-sub-zero", "int-mul-one", "int-one-mul", "float-div-pow2")

    def run(self, fn: Function, ctx: PassContext) -> int:
        types = infer_types(fn)
        changes = 0
        for op in list(fn.walk()):
            if op.parent is None or op.opdef.name != "py.binop":
                continue
            rule = _reduce(fn, op, types)
            if rule:
                ctx.applied(rule)
                changes += 1
        return changes


def _int_const(value: Value) -> int | None:
    known, v = const_value(value)
    return v if known and type(v) is int else None


def _reduce(fn: Function, op: Op, types: dict[Value, str]) -> str | None:
    left, right = op.operands
    kind = op.attrs["op"]
    lt, rt = types.get(left), types.get(right)
    if lt == "int":
        k = _int_const(right)
        if kind == "**" and k in (2, 3):
            _rebuild(fn, op, ["*"] * (k - 1), left)
            return "int-square" if k == 2 else "int-cube"
        if kind in ("//", "%") and k is not None and k > 1 and k & (k - 1) == 0 \
                and k.bit_length() - 1 <= 62:
            shift = k.bit_length() - 1
            if kind == "//":
                _binop_with_const(op, ">>", shift)
                return "int-floordiv-pow2"
            _binop_with_const(op, "&", k - 1)
            return "int-mod-pow2"
        for (symbol, side, unit), rule in _IDENTITY.items():
            if symbol == kind and side == "right" and k == unit and type(k) is int:
                replace_uses(fn, op.result, left)
                return rule
    if rt == "int" and lt is not None:
        k = _int_const(left)
        for (symbol, side, unit), rule in _IDENTITY.items():
            if symbol == kind and side == "left" and k == unit:
                replace_uses(fn, op.result, right)
                return rule
    if lt == "float" and kind == "/":
        known, c = const_value(right)
        if known and type(c) is float and c != 0.0:
            exponent = _power_of_two(c)
            if exponent is not None and abs(exponent) <= 1000:
                _binop_with_const(op, "*", 2.0 ** -exponent)
                return "float-div-pow2"
    return None


def _power_of_two(c: float) -> int | None:
    mantissa, exponent = __import__("math").frexp(c)
    return exponent - 1 if mantissa == 0.5 else None


def _binop_with_const(op: Op, symbol: str, value: object) -> None:
    const = Op(OPS["py.const"], [], [Value(op.operands[1].type)], {"value": value}, [], op.loc)
    region = op.parent
    assert region is not None
    const.parent = region
    region.ops.insert(region.ops.index(op), const)
    op.operands = [op.operands[0], const.result]
    op.attrs = {"op": symbol}


def _rebuild(fn: Function, op: Op, symbols: list[str], base: Value) -> None:
    """``base ** n`` as ``base * base * ...`` (left-associated, as Python would write it)."""
    region = op.parent
    assert region is not None
    index = region.ops.index(op)
    current = base
    new_ops = []
    for symbol in symbols[:-1]:
        step = Op(OPS["py.binop"], [current, base], [Value()], {"op": symbol}, [], op.loc)
        new_ops.append(step)
        current = step.result
    for step in new_ops:
        step.parent = region
    region.ops[index:index] = new_ops
    op.operands = [current, base]
    op.attrs = {"op": symbols[-1]}
