"""Copy propagation in structured SSA: the copies here are an ``if`` result that both arms
yield unchanged, and the truth value of a value already proven ``bool``."""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Value
from trm_agent.passes.analysis import infer_types, replace_uses
from trm_agent.passes.manager import PassContext

SAME_VALUE = "copyprop-if-same-value"
TRUTH_OF_BOOL = "copyprop-truth-of-bool"
SOUNDNESS = {
    SAME_VALUE: "whichever arm runs, the result is the same SSA value",
    TRUTH_OF_BOOL: "bool(b) is b for an object proven to be a bool",
}


class CopyProp:
    name = "copyprop"
    rules = (SAME_VALUE, TRUTH_OF_BOOL)

    def run(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        types = infer_types(fn)
        for op in list(fn.walk()):
            if op.parent is None:
                continue
            if op.opdef.name == "cf.if" and op.results:
                for index, result in enumerate(op.results):
                    same = _same_yield(op, index)
                    if same is not None:
                        replace_uses(fn, result, same)
                        ctx.applied(SAME_VALUE)
                        changes += 1
            elif op.opdef.name == "py.truth" and types.get(op.operands[0]) == "bool" \
                    and isinstance(op.operands[0].owner, Op) \
                    and not op.operands[0].owner.regions:  # region results: types must agree
                op.operands[0].type = op.result.type  # proven: the IR may say so too
                replace_uses(fn, op.result, op.operands[0])
                ctx.applied(TRUTH_OF_BOOL)
                changes += 1
        return changes


def _same_yield(op: Op, index: int) -> Value | None:
    values = set()
    for arm in op.regions:
        last = arm.ops[-1] if arm.ops else None
        if last is None or last.opdef.name != "cf.yield":
            return None
        values.add(last.operands[index])
    if len(values) != 1:
        return None
    value = values.pop()
    inside = any(value in (r for inner in arm.walk() for r in inner.results)
                 for arm in op.regions)
    return None if inside or value is op.results[index] else value
