"""Mutants that drop or break the guards which make speculative rewrites safe.

Inlining a module function, unrolling over ``range`` and expanding a builtin are all correct only
while the global still names the object the compiler assumed (DESIGN §4: a global may be rebound
and a builtin shadowed at any time).  These passes forget that.
"""

from __future__ import annotations

from tests.mutants._base import (
    Mutant,
    ends_in_yield,
    make,
    make_const,
    ops_named,
    producer,
    region_of,
    replace_with,
    splice_arm,
)
from trm_agent.ir.core import Function
from trm_agent.passes.manager import PassContext


class InlineWithoutGuard(Mutant):
    """Keeps only the inlined body of each ``f(...) if f is <snapshot> else f(...)`` guard.

    A "redundant guard elimination" that treats a module-level function as a constant.  Wrong
    because the global can be rebound after the ``def`` (``globals()["f"] = g``, ``mod.f = g``)
    or its ``__code__`` replaced; the original program then calls the new function, the
    mutant keeps running the old body.  Python fact: globals are looked up at call time.
    """

    name = "mutant-inline-without-guard"
    rule = "drop-inline-guard"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "cf.if"):
            if op.parent is not None and op.attrs.get("guard") == "inline" \
                    and ends_in_yield(op.regions[0]):
                splice_arm(fn, op, op.regions[0])
                changes += 1
        return changes


class GuardComparesItself(Mutant):
    """Rebuilds each identity guard ``f is <snapshot>`` as ``f is f``.

    The guard builder passes the loaded global twice instead of the global and its trusted
    snapshot.  Wrong because the guard then always holds, and the fast path runs even after
    ``f`` (or ``range``) was rebound.  Python fact: a guard must compare against an independent
    copy of what the rewrite assumed.
    """

    name = "mutant-guard-compares-itself"
    rule = "identity-guard"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in ops_named(fn, "cf.if"):
            if "guard" not in op.attrs:
                continue
            cond = producer(op.operands[0], "py.cmp")
            if cond is not None and cond.attrs["op"] == "is" \
                    and cond.operands[0] is not cond.operands[1]:
                cond.operands = [cond.operands[0], cond.operands[0]]
                changes += 1
        return changes


class AbsWithoutGuard(Mutant):
    """Expands ``abs(x)`` into ``-x if x < 0 else x`` with no guard that ``abs`` is the builtin.

    Wrong twice: a module may shadow ``abs``, and even the real builtin differs from the
    expansion on ``-0.0`` (``abs(-0.0)`` is ``0.0``; ``-0.0 < 0`` is false so the expansion
    returns ``-0.0``) and on complex numbers.  Python facts: a builtin may be shadowed at any
    time (DESIGN §4); IEEE -0.0 compares equal to 0 but is a different value.
    """

    name = "mutant-abs-unguarded"
    rule = "expand-abs"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for call in ops_named(fn, "py.call"):
            target = producer(call.operands[0], "py.global.load")
            if target is None or target.attrs["name"] != "abs" or call.attrs["kinds"] != ("p",):
                continue
            x, loc = call.operands[1], call.loc
            zero = make_const(0, loc)
            less = make("py.cmp", [x, zero.result], {"op": "<"}, loc)
            truth = make("py.truth", [less.result], {}, loc)
            neg = make("py.unop", [x], {"op": "-"}, loc)
            then = region_of([neg, make("cf.yield", [neg.result], {}, loc, results=0)])
            other = region_of([make("cf.yield", [x], {}, loc, results=0)])
            choose = make("cf.if", [truth.result], {}, loc, regions=[then, other])
            replace_with(fn, call, [zero, less, truth, choose], choose.result)
            changes += 1
        return changes

