"""Constant folding (operators on literal operands) and branch folding (an ``if`` on a constant).

Folding runs the operator at compile time on builtin constants only, so the value is the one the
program would compute; anything that raises, is large, or whose identity could be observed
(``is`` between constants depends on interning) is left for run time.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

from trm_agent.ir.core import Function, Op, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import type_of_constant
from trm_agent.passes.analysis import const_value, replace_uses
from trm_agent.passes.manager import PassContext

FOLD_EXPR = "fold-constant-expression"
FOLD_BRANCH = "fold-constant-branch"
SOUNDNESS = {
    FOLD_EXPR: "the operator is applied at compile time to builtin constants by the same "
               "CPython that runs the program; raising or oversized cases are not folded",
    FOLD_BRANCH: "an if whose condition is a constant always takes the same arm",
}

_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
    ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
}
_UNARY: dict[str, Callable[[Any], Any]] = {"-": operator.neg, "+": operator.pos,
                                           "~": operator.invert, "not": operator.not_}
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
    ">=": operator.ge,
}
_SCALARS = (int, float, bool, str, bytes, type(None))
MAX_INT_BITS = 128
MAX_SEQUENCE = 256


def foldable_constant(value: object) -> bool:
    if isinstance(value, tuple):
        return len(value) <= MAX_SEQUENCE and all(foldable_constant(v) for v in value)
    if type(value) not in _SCALARS:
        return False
    if isinstance(value, int):
        return value.bit_length() <= MAX_INT_BITS
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (str, bytes)):
        return len(value) <= MAX_SEQUENCE
    return True


def _evaluate(op: Op, values: list[object]) -> tuple[bool, object]:
    name, kind = op.opdef.name, op.attrs.get("op")
    tables: dict[str, dict[str, Any]] = {"py.binop": _BINARY, "py.unop": _UNARY,
                                         "py.cmp": _COMPARE}
    fn: Any = tables.get(name, {}).get(str(kind)) if name != "py.truth" else bool
    if fn is None:
        return False, None
    if name == "py.binop" and kind in ("**", "<<") and isinstance(values[1], int) \
            and values[1] > MAX_INT_BITS:
        return False, None
    try:
        result = fn(*values)
    except Exception:  # noqa: BLE001 - the program raises it at run time; leave it there
        return False, None
    return foldable_constant(result), result


class ConstFold:
    name = "constfold"
    rules = (FOLD_EXPR, FOLD_BRANCH)

    def run(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in list(fn.walk()):
            if op.parent is None or op.opdef.name not in ("py.binop", "py.unop", "py.cmp",
                                                          "py.truth"):
                continue
            known = [const_value(v) for v in op.operands]
            if not all(k for k, _ in known):
                continue
            values = [v for _, v in known]
            if not all(foldable_constant(v) for v in values):
                continue
            ok, result = _evaluate(op, values)
            if ok:
                _replace_with_constant(fn, op, result)
                ctx.applied(FOLD_EXPR)
                changes += 1
        for op in list(fn.walk()):
            if op.parent is not None and op.opdef.name == "cf.if" and "guard" not in op.attrs \
                    and _fold_branch(fn, op):
                ctx.applied(FOLD_BRANCH)
                changes += 1
        return changes


def _replace_with_constant(fn: Function, op: Op, value: object) -> None:
    const = Op(OPS["py.const"], [], [Value(type_of_constant(value), op.result.hint)],
               {"value": value}, [], op.loc)
    region = op.parent
    assert region is not None
    index = region.ops.index(op)
    const.parent = region
    region.ops[index] = const
    op.parent = None
    replace_uses(fn, op.result, const.result)


def _fold_branch(fn: Function, op: Op) -> bool:
    known, value = const_value(op.operands[0])
    if not known or type(value) not in (bool, int, type(None)):
        return False
    arm = op.regions[0 if value else 1]
    if not arm.ops or arm.ops[-1].opdef.name != "cf.yield":
        return False  # the arm leaves the region (return/raise/break): keep the structure
    region = op.parent
    assert region is not None
    index = region.ops.index(op)
    body, last = arm.ops[:-1], arm.ops[-1]
    for inner in body:
        inner.parent = region
    region.ops[index:index + 1] = body
    op.parent = None
    for result, yielded in zip(op.results, last.operands, strict=True):
        replace_uses(fn, result, yielded)
    return True
