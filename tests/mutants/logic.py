"""Mutants of boolean and branch simplification.

``and``/``or`` and chained comparisons are ``cf.if`` ops whose arms compute the right-hand
operand only when needed; comparisons return whatever ``__eq__`` says.  These passes treat
Python's truth values like a textbook's booleans.
"""

from __future__ import annotations

from typing import ClassVar

from tests.mutants._base import (
    Mutant,
    constant,
    ends_in_yield,
    forward,
    insert_before,
    make_const,
    ops_named,
    producer,
    replace_with,
    splice_arm,
)
from trm_agent.ir.core import Function, Op
from trm_agent.passes.manager import PassContext

_SPECULATABLE = frozenset({"py.const", "py.binop", "py.unop", "py.cmp", "py.truth",
                           "py.item.get", "py.attr.get"})


class NotNotIsIdentity(Mutant):
    """Rewrites ``not not x`` to ``x``.

    Wrong because ``not`` converts to bool: ``not not 5`` is ``True``, not ``5`` (and
    ``not not []`` is ``False``, not ``[]``).  Python fact: ``not`` always returns a bool.
    """

    name = "mutant-not-not"
    rule = "double-negation"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "py.unop"):
            inner = producer(op.operands[0], "py.unop")
            if op.parent is not None and op.attrs["op"] == "not" and inner is not None \
                    and inner.attrs["op"] == "not":
                forward(fn, op, inner.operands[0])
                changes += 1
        return changes


class ReflexiveCompare(Mutant):
    """Folds ``x == x``, ``x <= x``, ``x >= x`` to ``True`` and ``x != x`` to ``False``.

    Wrong for NaN (``nan == nan`` is false) and for any type whose ``__eq__`` is not reflexive
    or raises.  Python fact: comparisons call user code and IEEE NaN is unequal to itself.
    """

    name = "mutant-reflexive-compare"
    rule = "fold-reflexive-compare"
    _FOLDS: ClassVar[dict[str, bool]] = {"==": True, "<=": True, ">=": True, "!=": False}

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "py.cmp"):
            result = self._FOLDS.get(op.attrs["op"])
            if result is not None and op.operands[0] is op.operands[1]:
                folded = make_const(result, op.loc)
                replace_with(fn, op, [folded], folded.result)
                changes += 1
        return changes


class SpeculateBothArms(Mutant):
    """If-conversion: evaluates both arms of a value-producing ``if`` before it, then selects.

    Applied to ``and``/``or``, conditional expressions and chained comparisons, whose arms are
    "just expressions".  Wrong because the right-hand side of ``and``/``or`` and the second
    comparison of ``a < b < c`` must not run when the first part decides: ``n != 0 and 10 // n``
    raises ZeroDivisionError once speculated.  Python fact: ``and``/``or``/chained comparisons
    short-circuit.
    """

    name = "mutant-speculate-both-arms"
    rule = "if-conversion"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "cf.if"):
            if "guard" in op.attrs or not op.results or op.parent is None:
                continue
            for arm in op.regions:
                body = arm.ops[:-1]
                if ends_in_yield(arm) and body and all(
                        o.opdef.name in _SPECULATABLE and not o.regions for o in body):
                    del arm.ops[:-1]
                    insert_before(op, body)
                    changes += 1
        return changes


class AssumeBranchTaken(Mutant):
    """Folds an ``if`` on a comparison with a constant as if the condition were true.

    A branch folder that checks ``any`` operand of the comparison is constant instead of
    ``all``, then keeps the then-arm and drops the else-arm.  Wrong whenever the condition
    depends on a run-time value.  Python fact: only a constant condition decides a branch at
    compile time.
    """

    name = "mutant-assume-branch-taken"
    rule = "fold-branch-any-constant"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "cf.if"):
            if op.parent is None or "guard" in op.attrs or not ends_in_yield(op.regions[0]):
                continue
            if _compares_with_constant(op):
                splice_arm(fn, op, op.regions[0])
                changes += 1
        return changes


def _compares_with_constant(op: Op) -> bool:
    cond = op.operands[0]
    truth = producer(cond, "py.truth")
    compare = producer(truth.operands[0] if truth is not None else cond, "py.cmp")
    return compare is not None and any(constant(v)[0] for v in compare.operands)
