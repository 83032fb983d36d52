"""Full unrolling of small ``for i in range(N)`` loops (N a literal, 1..MAX_TRIPS), guarded.

``range`` is a global: the unrolled copy runs only while it is the real builtin (compared with
the runtime's trusted ``__trm_range__``); otherwise the original loop runs.  Loops with ``break``,
``continue`` inside nested regions, an ``else`` clause or a large body are left alone.  The
copies see ``i`` as a constant, which constant folding then uses.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Value, clone_op
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import INT
from trm_agent.passes.analysis import const_value, uses
from trm_agent.passes.guards import on_slow_path, range_loop_call, version_loop
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
            found = _trip_count(loop, used)
            if found is not None and _unrollable(loop):
                _unroll(fn, loop, *found, ctx.module.filename if ctx.module else "<ir>")
                ctx.applied(RULE)
                changes += 1
        return changes


def _trip_count(loop: Op, used: dict[Value, list[Op]]) -> tuple[Op, int] | None:
    call = range_loop_call(loop, used)
    if call is None or call.attrs["kinds"] != ("p",):
        return None
    known, n = const_value(call.operands[1])
    if not known or type(n) is not int or not 1 <= n <= MAX_TRIPS:
        return None
    return call, n


def _unrollable(loop: Op) -> bool:
    if len(loop.regions) != 1 or on_slow_path(loop):
        return False
    body = loop.regions[0]
    ops = list(body.walk())
    if len(ops) > MAX_BODY_OPS or not body.ops or body.ops[-1].opdef.name != "cf.continue":
        return False
    terminators = [op for op in ops if op.opdef.name in ("cf.break", "cf.continue")]
    return terminators == [body.ops[-1]] and not any(
        op.opdef.name in ("local.store", "local.del") for op in ops)


def _unroll(fn: Function, loop: Op, call: Op, trips: int, filename: str) -> None:
    loc = loop.loc
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
    version_loop(fn, loop, call, fast_ops, "unroll", filename)
