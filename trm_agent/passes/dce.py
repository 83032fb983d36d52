"""Dead code elimination: ops whose results are unused and that have no effect, cannot raise
and run no user code (purity from passes.analysis, which knows proven types)."""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Value
from trm_agent.passes.analysis import infer_types, is_pure, uses
from trm_agent.passes.manager import PassContext

RULE = "dce-unused-pure"
SOUNDNESS = {RULE: "an op without effects, user code or possible exceptions is unobservable "
                   "when its result is unused"}


class DCE:
    name = "dce"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        removed = 0
        while True:
            types = infer_types(fn)
            used = uses(fn)
            dead = [op for op in fn.walk() if _dead(op, used, types)]
            if not dead:
                break
            for op in dead:
                if op.parent is not None:
                    op.parent.ops.remove(op)
                    op.parent = None
            removed += len(dead)
        if removed:
            ctx.applied(RULE, removed)
        return removed


def _dead(op: Op, used: dict[Value, list[Op]], types: dict[Value, str]) -> bool:
    if op.regions or not op.results or op.opdef.terminator:
        return False
    if any(used.get(r) for r in op.results):
        return False
    return is_pure(op, types)
