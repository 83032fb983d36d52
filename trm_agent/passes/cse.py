"""Common subexpression elimination over dominating ops.

Only deterministic ops without effects on proven builtin types are merged (an ``a + b`` on
objects may call ``__add__`` with side effects, and two displays are two objects), and a value is
reused only where its definition dominates: earlier in the same region or an enclosing one.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.passes.analysis import const_value, deterministic, infer_types, replace_uses
from trm_agent.passes.manager import PassContext

RULE = "cse-deterministic"
SOUNDNESS = {RULE: "a deterministic, effect-free op on the same SSA operands computes the same "
                   "value as the dominating copy, which already ran (and raised if it could)"}

Key = tuple[str, tuple[tuple[str, object], ...], tuple[object, ...]]
# Constants are literals at each use anyway; an f-string piece must stay inside its f-string
# (codegen splices it; a shared piece would need a variable and a second __format__ call).
_NEVER_MERGED = frozenset({"py.const", "py.format"})


class CSE:
    name = "cse"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        types = infer_types(fn)
        replaced: list[tuple[Op, Value]] = []
        # A value formatted into an f-string is computed in the middle of that f-string: made
        # multi-use, it would need a statement there, and codegen could no longer splice the
        # f-string's pieces (found by the mutate campaign: two f"{i % 10}" in a row).
        formatted = {v for op in fn.walk() if op.opdef.name == "py.format" for v in op.operands}
        _region(fn.body, [{}], types, replaced, formatted)
        for op, value in replaced:
            replace_uses(fn, op.result, value)
            if op.parent is not None:
                op.parent.ops.remove(op)
                op.parent = None
        if replaced:
            ctx.applied(RULE, len(replaced))
        return len(replaced)


def _key(op: Op) -> Key:
    attrs = tuple(sorted((k, repr(v)) for k, v in op.attrs.items()))
    return op.opdef.name, attrs, tuple(_operand_key(v) for v in op.operands)


def _operand_key(value: Value) -> object:
    """Equal literals are the same operand wherever they were written."""
    known, constant = const_value(value)
    return ("const", type(constant).__name__, repr(constant)) if known else id(value)


def _region(region: Region, scopes: list[dict[Key, Value]], types: dict[Value, str],
            replaced: list[tuple[Op, Value]], formatted: set[Value]) -> None:
    scopes.append({})
    for op in region.ops:
        if op.regions:
            for inner in op.regions:
                _region(inner, scopes, types, replaced, formatted)
            continue
        if len(op.results) != 1 or op.opdef.name in _NEVER_MERGED \
                or op.result in formatted or not deterministic(op, types):
            continue
        key = _key(op)
        found = next((s[key] for s in reversed(scopes) if key in s), None)
        if found is not None and found.type is op.result.type:
            replaced.append((op, found))
        else:
            scopes[-1][key] = op.result
    scopes.pop()
