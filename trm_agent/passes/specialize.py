"""Type-guarded specialisation of ``for i in range(...)`` loops.

While ``range`` is the real builtin, every item of the loop is an ``int``; the loop is versioned
under that guard (``range is __trm_range__``, checked once per loop entry) and the fast copy's
loop variable is typed ``int``.  Type analysis then proves the arithmetic derived from it, which
lets strength reduction, CSE and LICM apply without per-operation guards.  When the guard fails
the original loop runs unchanged.  ``Despecialize`` undoes a versioning that gained nothing.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Value, clone_op
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import INT
from trm_agent.passes.analysis import replace_uses, uses
from trm_agent.passes.cost import CostTable, ops_cost, region_cost
from trm_agent.passes.guards import DEOPT_OPS, on_slow_path, range_loop_call, version_loop
from trm_agent.passes.manager import PassContext

RULE = "specialize-range-int"
SOUNDNESS = {RULE: "range objects yield ints; the fast copy differs from the loop only in "
                   "type facts, and runs only while the global range is the builtin"}
MAX_LOOP_OPS = 150
MAX_VERSIONS = 8  # per function: each versioning copies a loop


class SpecializeRange:
    name = "specialize"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        while changes < MAX_VERSIONS:  # outer loops first; their fast copies' loops next
            loop, call = _next_candidate(fn)
            if loop is None or call is None:
                break
            mapping: dict[Value, Value] = {}
            fast_call, fast_loop = clone_op(call, mapping), clone_op(loop, mapping)
            fast_loop.regions[0].args[0].type = INT
            fast = [fast_call, fast_loop,
                    Op(OPS["cf.yield"], list(fast_loop.results), [], {}, [], loop.loc)]
            version_loop(fn, loop, call, fast, "specialize",
                         ctx.module.filename if ctx.module else "<ir>")
            ctx.applied(RULE)
            changes += 1
        return changes


def _next_candidate(fn: Function) -> tuple[Op | None, Op | None]:
    used = uses(fn)
    for loop in fn.walk():
        if loop.opdef.name != "cf.for" or loop.regions[0].args[0].type is INT:
            continue
        call = range_loop_call(loop, used)
        if call is not None and not on_slow_path(loop) \
                and sum(1 for _ in loop.regions[0].walk()) <= MAX_LOOP_OPS:
            return loop, call
    return None, None


class Despecialize:
    """Undo a loop versioning whose fast copy gained nothing (by the cost model): two copies of
    a loop only pay when the typed one is cheaper.  Runs after the passes that use the types."""

    name = "despecialize"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        table = CostTable(None)
        undone = 0
        for op in list(fn.walk()):
            if op.parent is None or op.opdef.name != "cf.if" \
                    or op.attrs.get("guard") != "specialize":
                continue
            fast, slow = op.regions
            if region_cost(fast, table) < ops_cost(slow.ops[DEOPT_OPS:], table):
                continue
            _collapse(fn, op)
            undone += 1
            ctx.rules[RULE] -= 1  # undone: the function no longer depends on this rewrite
            if ctx.rules[RULE] <= 0:
                del ctx.rules[RULE]
        return undone


def _collapse(fn: Function, guard_if: Op) -> None:
    """Replace the versioned if by its slow arm's original loop (minus the deopt call)."""
    region = guard_if.parent
    assert region is not None
    slow = guard_if.regions[1]
    body, last = slow.ops[DEOPT_OPS:-1], slow.ops[-1]
    index = region.ops.index(guard_if)
    cond = guard_if.operands[0].owner
    trusted = cond.operands[1].owner if isinstance(cond, Op) else None
    for inner in body:
        inner.parent = region
    region.ops[index:index + 1] = body
    guard_if.parent = None
    for result, value in zip(guard_if.results, last.operands, strict=True):
        replace_uses(fn, result, value)
    for dead in (cond, trusted):
        if isinstance(dead, Op) and dead.parent is region:
            region.ops.remove(dead)
            dead.parent = None
