"""Full unrolling of small ``for i in range(N)`` loops (N a literal, 1..MAX_TRIPS), guarded.

``range`` is a global: the unrolled copy runs only while it is the real builtin (compared with
the runtime's trusted ``__trm_range__``); otherwise the original loop runs.  Loops with ``break``,
``continue`` inside nested regions, an ``else`` clause or a large body are left alone.  The
copies see ``i`` as a constant, which constant folding then uses.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Region, Value, clone_op
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import BOOL, INT
from trm_agent.passes.analysis import const_value, replace_uses, uses
from trm_agent.passes.inline import deopt_ops
from trm_agent.passes.manager import PassContext

RULE = "unroll-range-guarded"
SOUNDNESS = {RULE: "while range is the builtin, range(N) yields 0..N-1 in order and the body "
                   "copies run in that order with the same carried values; else the loop runs"}
MAX_TRIPS = 4
MAX_BODY_OPS = 30


class Unroll:
    name = "unroll"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        used = uses(fn)
        changes = 0
        for loop in [op for op in fn.walk() if op.opdef.name == "cf.for"]:
            trips = _trip_count(loop, used)
            if trips is not None and _unrollable(loop):
                _unroll(fn, loop, trips, ctx.module.filename if ctx.module else "<ir>")
                ctx.applied(RULE)
                changes += 1
        return changes


def _trip_count(loop: Op, used: dict[Value, list[Op]]) -> int | None:
    iterable = loop.operands[0]
    call = iterable.owner
    if not isinstance(call, Op) or call.opdef.name != "py.call" or call.attrs["kinds"] != ("p",) \
            or len(used.get(iterable, [])) != 1 or call.parent is not loop.parent:
        return None
    target = call.operands[0].owner
    if not isinstance(target, Op) or target.opdef.name != "py.global.load" \
            or target.attrs["name"] != "range":
        return None
    known, n = const_value(call.operands[1])
    if not known or type(n) is not int or not 1 <= n <= MAX_TRIPS:
        return None
    return n


def _unrollable(loop: Op) -> bool:
    if len(loop.regions) != 1 or _in_guard_slow_arm(loop):
        return False
    body = loop.regions[0]
    ops = list(body.walk())
    if len(ops) > MAX_BODY_OPS or not body.ops or body.ops[-1].opdef.name != "cf.continue":
        return False
    terminators = [op for op in ops if op.opdef.name in ("cf.break", "cf.continue")]
    return terminators == [body.ops[-1]] and not any(
        op.opdef.name in ("local.store", "local.del") for op in ops)


def _in_guard_slow_arm(op: Op) -> bool:
    region = op.parent
    while region is not None and region.parent is not None:
        parent = region.parent
        if parent.opdef.name == "cf.if" and "guard" in parent.attrs \
                and region is parent.regions[1]:
            return True
        region = parent.parent
    return False


def _unroll(fn: Function, loop: Op, trips: int, filename: str) -> None:
    region = loop.parent
    assert region is not None
    call = loop.operands[0].owner
    assert isinstance(call, Op)
    range_value = call.operands[0]
    loc = loop.loc
    trusted = Op(OPS["py.global.load"], [], [Value()], {"name": "__trm_range__"}, [], loc)
    cond = Op(OPS["py.cmp"], [range_value, trusted.result], [Value(BOOL)], {"op": "is"}, [],
              loc)
    body = loop.regions[0]
    carried = list(loop.operands[1:])
    fast_ops: list[Op] = []
    for i in range(trips):
        index = Op(OPS["py.const"], [], [Value(INT, body.args[0].hint)], {"value": i}, [], loc)
        fast_ops.append(index)
        mapping: dict[Value, Value] = {body.args[0]: index.result}
        mapping.update(zip(body.args[1:], carried, strict=True))
        copies = [clone_op(op, mapping) for op in body.ops]
        carried = [mapping.get(v, v) for v in body.ops[-1].operands]
        fast_ops.extend(copies[:-1])
    fast_ops.append(Op(OPS["cf.yield"], carried, [], {}, [], loc))
    # the slow arm: the original range(...) call and loop, moved as they are
    results = [Value(r.type, r.hint) for r in loop.results]
    index_call = region.ops.index(call)
    region.ops.remove(call)
    index_loop = region.ops.index(loop)
    region.ops.remove(loop)
    slow = _region([*deopt_ops(filename, loc, "unroll"), call, loop,
                    Op(OPS["cf.yield"], list(loop.results), [], {}, [], loc)])
    guard_if = Op(OPS["cf.if"], [cond.result], results, {"guard": "unroll"},
                  [_region(fast_ops), slow], loc)
    for old, new in zip(loop.results, results, strict=True):
        replace_uses(fn, old, new)
    # replace_uses also rewrote the slow arm's yield; point it back at the loop's own results
    slow.ops[-1].operands = list(loop.results)
    at = min(index_call, index_loop)
    for op in (trusted, cond, guard_if):
        op.parent = region
    region.ops[at:at] = [trusted, cond, guard_if]


def _region(ops: list[Op]) -> Region:
    region = Region()
    for op in ops:
        region.append(op)
    return region
