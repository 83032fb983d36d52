"""Mutants of the loop passes: unrolling, invariant code motion, and propagation into loops.

Each one makes an assumption about iterations that holds for the simple loop its author had in
mind: that the loop runs at least once, that nothing in it changes what it reads, that a value
carried around it keeps its first value, or that the trip count is what the code says minus one.
"""

from __future__ import annotations

from tests.mutants._base import (
    LOOPS,
    Mutant,
    defined_inside,
    detach,
    forward,
    insert_before,
    int_constant,
    loop_bodies,
    make,
    make_const,
    materialise_constants,
    ops_named,
    producer,
)
from trm_agent.ir.core import Function, Op, Region, Value, clone_op
from trm_agent.ir.types import INT
from trm_agent.passes.analysis import replace_uses, uses
from trm_agent.passes.guards import on_slow_path, range_loop_call, version_loop
from trm_agent.passes.manager import PassContext

MAX_BODY_OPS = 30


class UnrollOneShort(Mutant):
    """Fully unrolls ``for i in range(N)`` (N up to 8) behind a ``range`` guard, but emits
    only N-1 copies of the body.

    The classic off-by-one of a trip count computed as ``stop - start - 1``.  Wrong because
    ``range(N)`` yields N items, ``0 .. N-1``.  Python fact: ``range`` excludes its stop, not
    its last item.
    """

    name = "mutant-unroll-one-short"
    rule = "unroll-range-short"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        filename = ctx.module.filename if ctx.module else "<ir>"
        changes = 0
        for loop in ops_named(fn, "cf.for"):
            call = range_loop_call(loop, uses(fn))
            if call is None or call.attrs["kinds"] != ("p",) or not _simple(loop):
                continue
            trips = int_constant(call.operands[1])
            if trips is None or not 2 <= trips <= 8:
                continue
            version_loop(fn, loop, call, _copies(loop, trips - 1), "unroll", filename)
            changes += 1
        return changes


def _simple(loop: Op) -> bool:
    if len(loop.regions) != 1 or on_slow_path(loop) or loop.parent is None:
        return False
    body = loop.regions[0]
    ops = list(body.walk())
    if len(ops) > MAX_BODY_OPS or not body.ops or body.ops[-1].opdef.name != "cf.continue":
        return False
    exits = [op for op in ops if op.opdef.name in ("cf.break", "cf.continue")]
    return exits == [body.ops[-1]] and not any(
        op.opdef.name in ("local.store", "local.del") for op in ops)


def _copies(loop: Op, count: int) -> list[Op]:
    body = loop.regions[0]
    carried = list(loop.operands[1:])
    out: list[Op] = []
    for i in range(count):
        index = make_const(i, loop.loc)
        index.result.type = INT
        out.append(index)
        mapping: dict[Value, Value] = {body.args[0]: index.result}
        mapping.update(zip(body.args[1:], carried, strict=True))
        copies = [clone_op(op, mapping) for op in body.ops]
        carried = [mapping.get(v, v) for v in body.ops[-1].operands]
        out.extend(copies[:-1])
    out.append(make("cf.yield", carried, {}, loop.loc, results=0))
    return out


_MAY_RAISE_EXPRESSIONS = ("py.binop", "py.unop", "py.cmp", "py.item.get")


class HoistMayRaise(Mutant):
    """Loop-invariant code motion that also hoists operations which may raise.

    ``a // b`` with invariant operands moves before the loop.  Wrong when the loop runs zero
    times (the exception appears although the program never evaluated the expression) and when
    an earlier iteration's effects should have come first.  Python fact: an expression that can
    raise is an effect; it may only move where it surely runs, in the same order.
    """

    name = "mutant-hoist-may-raise"
    rule = "licm-any-expression"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        moved = 0
        for loop in reversed(ops_named(fn, *LOOPS)):
            inside = {v for v in defined_inside(loop) if not _is_const(v)}
            for region in loop_bodies(loop):
                for op in list(region.ops):
                    if op.opdef.name in _MAY_RAISE_EXPRESSIONS and not op.regions \
                            and not any(v in inside for v in op.operands):
                        _hoist(op, loop)
                        inside.difference_update(op.results)
                        moved += 1
        return moved


def _is_const(value: Value) -> bool:
    owner = value.owner
    return isinstance(owner, Op) and owner.opdef.name == "py.const"


def _hoist(op: Op, loop: Op) -> None:
    detach(op)
    copies = materialise_constants(op, loop)
    insert_before(loop, [*copies, op])


class HoistLen(Mutant):
    """Hoists ``len(xs)`` out of a loop when ``xs`` is defined outside it.

    It assumes the length of a container is loop-invariant when the container is.  Wrong when
    the loop appends to or pops from ``xs``: the hoisted length is stale, and a ``while
    len(xs) < n: xs.append(...)`` loop never ends.  Python fact: the same object can change
    between iterations; ``len`` is evaluated each time.
    """

    name = "mutant-hoist-len"
    rule = "licm-len"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        moved = 0
        for loop in reversed(ops_named(fn, *LOOPS)):
            inside = defined_inside(loop)
            for region in loop_bodies(loop):
                for op in list(region.ops):
                    target = producer(op.operands[0], "py.global.load") \
                        if op.opdef.name == "py.call" else None
                    if target is None or target.attrs["name"] != "len" \
                            or op.attrs["kinds"] != ("p",) or op.operands[1] in inside:
                        continue
                    load = make("py.global.load", [], {"name": "len"}, target.loc)
                    detach(op)
                    op.operands = [load.result, op.operands[1]]
                    insert_before(loop, [load, op])
                    moved += 1
        return moved


class CarriedKeepsInitial(Mutant):
    """Copy-propagates a loop-carried value's initial value into the loop body.

    In SSA the body argument ``%total`` looks like a copy of the operand the loop starts with;
    treating it as one forgets the value carried back by ``continue``.  Wrong after the first
    iteration: an accumulator restarts from its initial value every time.  Python fact: a
    variable assigned in a loop carries its value into the next iteration.
    """

    name = "mutant-carried-keeps-initial"
    rule = "copyprop-loop-carried"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        used = uses(fn)
        changes = 0
        for loop in ops_named(fn, *LOOPS):
            skip = 1 if loop.opdef.name == "cf.for" else 0
            initial = loop.operands[skip:]
            for region in loop_bodies(loop):
                args = region.args[skip:] if region is loop.regions[0] else region.args
                for arg, start in zip(args, initial, strict=False):
                    if used.get(arg):
                        replace_uses(fn, arg, start)
                        changes += 1
        return changes


class ForwardSlotStore(Mutant):
    """Forwards the value of the nearest earlier ``local.store x`` to a ``local.load x``.

    Store-to-load forwarding that looks only at the enclosing regions' straight-line code, and
    so misses stores inside a loop body or ``try`` between them, including the previous
    iteration's.  Wrong whenever the variable is reassigned there.  Python fact: a variable
    read in a loop sees the value assigned in the previous iteration.
    """

    name = "mutant-forward-slot-store"
    rule = "copyprop-slot"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for load in ops_named(fn, "local.load"):
            value = _dominating_store(load)
            if value is not None:
                forward(fn, load, value)
                changes += 1
        return changes


def _dominating_store(load: Op) -> Value | None:
    name = load.attrs["name"]
    current: Op | None = load
    while current is not None and current.parent is not None:
        region: Region = current.parent
        for op in reversed(region.ops[:region.ops.index(current)]):
            if op.opdef.name == "local.store" and op.attrs["name"] == name:
                return op.operands[0]
            if op.opdef.name == "local.del" and op.attrs["name"] == name:
                return None
        current = region.parent
    return None
