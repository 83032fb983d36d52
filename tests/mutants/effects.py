"""Mutants that lose or reorder effects: calls, stores, and the identity of mutable objects.

DESIGN §4 counts the output, the mutations of arguments and globals and the order of calls as
part of a program's behaviour; each pass here treats one of them as if it did not matter.
"""

from __future__ import annotations

from itertools import pairwise

from tests.mutants._base import (
    Mutant,
    constant,
    detach,
    forward,
    global_name,
    ops_named,
    walk_regions,
)
from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.passes.analysis import uses
from trm_agent.passes.manager import PassContext

DEOPT = "__trm_deopt__"


def _user_call(op: Op) -> bool:
    return op.opdef.name == "py.call" and global_name(op.operands[0]) != DEOPT


def _value_key(value: Value) -> tuple[object, ...]:
    """Constants by value (two ``0`` literals are the same index), other values by identity."""
    known, v = constant(value)
    return ("const", type(v).__name__, repr(v)) if known else ("value", id(value))


class DropUnusedCall(Mutant):
    """Deletes calls whose result is unused, as DCE would delete an unused pure expression.

    Wrong because a call runs arbitrary code: ``print(x)``, ``xs.append(x)`` and ``log(...)``
    are called for their effects, not their value.  Python fact: calls have side effects.
    """

    name = "mutant-drop-unused-call"
    rule = "dce-unused-call"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        used = uses(fn)
        dead = [op for op in ops_named(fn, "py.call") if _user_call(op) and not used.get(op.result)]
        for op in dead:
            detach(op)
        return len(dead)


class SwapAdjacentCalls(Mutant):
    """Schedules the second of two neighbouring calls first when neither uses the other's result.

    A scheduler that checks only data dependences.  Wrong because calls also depend on each other
    through their effects (output order, shared state).  Python fact: calls to code outside the
    unit happen in program order (DESIGN §4 compares the ordered sequence of calls).
    """

    name = "mutant-swap-adjacent-calls"
    rule = "schedule-independent-calls"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        return sum(_swap_first_pair(region) for region in walk_regions(fn.body))


def _swap_first_pair(region: Region) -> int:
    calls = [i for i, op in enumerate(region.ops) if _user_call(op)]
    for first, second in pairwise(calls):
        a, b = region.ops[first], region.ops[second]
        between = region.ops[first + 1:second + 1]
        if a.loc >= b.loc or any(op.regions for op in between) \
                or any(a.result in op.operands for op in between):
            continue
        region.ops.remove(a)
        region.ops.insert(region.ops.index(b) + 1, a)
        return 1
    return 0


class CSEAcrossStores(Mutant):
    """Merges two ``xs[i]`` reads of the same container and index in straight-line code.

    Wrong because it forgets the ``xs[i] = v`` (or the call that mutates ``xs``) between them:
    the second read returns the stale value.  Python fact: lists and dicts are mutable; a read
    is not a pure function of its operands.
    """

    name = "mutant-cse-across-stores"
    rule = "cse-item-get"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for region in list(walk_regions(fn.body)):
            seen: dict[tuple[object, ...], Value] = {}
            for op in list(region.ops):
                if op.opdef.name != "py.item.get":
                    continue
                key = (id(op.operands[0]), _value_key(op.operands[1]))
                if key in seen:
                    forward(fn, op, seen[key])
                    changes += 1
                else:
                    seen[key] = op.result
        return changes


class CSEDisplays(Mutant):
    """Merges two list (or dict) displays with the same elements into one object.

    Wrong because each display builds a new object: after ``a = []; b = []`` appending to
    ``a`` must leave ``b`` empty.  Python fact: identity and aliasing of mutable objects are
    observable.
    """

    name = "mutant-cse-displays"
    rule = "cse-display"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for region in list(walk_regions(fn.body)):
            seen: dict[tuple[object, ...], Value] = {}
            for op in list(region.ops):
                if op.opdef.name not in ("py.list", "py.dict"):
                    continue
                key = (op.opdef.name, repr(sorted(op.attrs.items())),
                       *(_value_key(v) for v in op.operands))
                if key in seen:
                    forward(fn, op, seen[key])
                    changes += 1
                else:
                    seen[key] = op.result
        return changes


class DeadGlobalStore(Mutant):
    """Deletes ``global x; x = ...`` when the function itself never reads ``x`` again.

    Dead-store elimination that treats a global like a local.  Wrong because other functions,
    other modules and the caller read module globals.  Python fact: a global store is an
    effect visible outside the function.
    """

    name = "mutant-dead-global-store"
    rule = "dse-global"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        read = {op.attrs["name"] for op in ops_named(fn, "py.global.load")}
        dead = [op for op in ops_named(fn, "py.global.store") if op.attrs["name"] not in read]
        for op in dead:
            detach(op)
        return len(dead)
