"""Loop-invariant code motion of ops that cannot raise and have no effects.

Hoisting anything that may raise would change behaviour when the loop runs zero times (the
exception would appear) or reorder it against the loop's own effects, so only pure ops move:
proven-type arithmetic that cannot raise, type guards, ``is`` tests.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.passes.analysis import infer_types, is_pure
from trm_agent.passes.manager import PassContext

RULE = "licm-pure"
SOUNDNESS = {RULE: "an op that cannot raise, has no effects and whose operands are defined "
                   "before the loop computes the same value before the loop"}
_LOOPS = ("cf.for", "cf.while")
# Constants are free where they are; a slice is only ever spelled inside its subscript.
_STAY = frozenset({"py.const", "py.slice"})


class LICM:
    name = "licm"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        types = infer_types(fn)
        moved = 0
        for loop in reversed([op for op in fn.walk() if op.opdef.name in _LOOPS]):
            moved += _hoist(loop, types)
        if moved:
            ctx.applied(RULE, moved)
        return moved


def _defined_inside(loop: Op) -> set[Value]:
    inside: set[Value] = set()
    for region in loop.regions:
        inside.update(region.args)
        for op in region.walk():
            if op.opdef.name != "py.const":  # constants are the same anywhere
                inside.update(op.results)
            for inner in op.regions:
                inside.update(inner.args)
    return inside


def _hoist(loop: Op, types: dict[Value, str]) -> int:
    parent = loop.parent
    if parent is None:
        return 0
    inside = _defined_inside(loop)
    moved = 0
    for region in loop.regions:
        for op in list(region.ops):
            if op.regions or op.opdef.terminator or op.opdef.name in _STAY \
                    or not is_pure(op, types) or any(v in inside for v in op.operands):
                continue
            _move_before(op, region, loop, parent)
            _materialise_constants(op, loop, parent)
            inside.difference_update(op.results)
            moved += 1
    return moved


def _move_before(op: Op, region: Region, loop: Op, parent: Region) -> None:
    region.ops.remove(op)
    parent.ops.insert(parent.ops.index(loop), op)
    op.parent = parent


def _materialise_constants(op: Op, loop: Op, parent: Region) -> None:
    """A hoisted op's constant operands defined in the loop get their own copy before it."""
    for index, value in enumerate(op.operands):
        owner = value.owner
        if isinstance(owner, Op) and owner.opdef.name == "py.const" and owner.parent is not parent:
            copy = Op(owner.opdef, [], [Value(value.type, value.hint)], dict(owner.attrs), [],
                      owner.loc)
            copy.parent = parent
            parent.ops.insert(parent.ops.index(op), copy)
            op.operands[index] = copy.result
