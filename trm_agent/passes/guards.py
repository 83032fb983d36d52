"""Building blocks of guarded rewrites: the guard's if, its failure path, and the shapes the
passes recognise (``for x in range(...)``).

A guarded rewrite is ``cf.if {guard = KIND}`` whose region 0 is the optimized code and region 1
the original code, preceded by ``__trm_deopt__("file:line:KIND")`` so the runtime can count how
often the guard fails (DESIGN §5: a failed guard takes the original path and is counted).
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import BOOL
from trm_agent.passes.analysis import replace_uses

DEOPT_OPS = 3  # how many ops ``deopt_ops`` puts at the start of a failure path


def region_of(ops: list[Op]) -> Region:
    region = Region()
    for op in ops:
        region.append(op)
    return region


def deopt_ops(filename: str, loc: tuple[int, int], kind: str) -> list[Op]:
    """``__trm_deopt__("file:line:kind")``: count a guard failure before the original code."""
    counter = Op(OPS["py.global.load"], [], [Value()], {"name": "__trm_deopt__"}, [], loc)
    site = Op(OPS["py.const"], [], [Value()], {"value": f"{filename}:{loc[0]}:{kind}"}, [], loc)
    call = Op(OPS["py.call"], [counter.result, site.result], [Value()], {"kinds": ("p",)}, [],
              loc)
    return [counter, site, call]


def on_slow_path(op: Op) -> bool:
    """Is ``op`` on some guard's failure path?  That code only has to be right, not fast."""
    region = op.parent
    while region is not None and region.parent is not None:
        parent = region.parent
        if parent.opdef.name == "cf.if" and "guard" in parent.attrs \
                and region is parent.regions[1]:
            return True
        region = parent.parent
    return False


def is_trusted(value: Value, builtin: str) -> tuple[Op, Op]:
    """Ops computing ``value is <the real builtin>`` (against the runtime prelude's copy)."""
    trusted = Op(OPS["py.global.load"], [], [Value()], {"name": f"__trm_{builtin}__"}, [],
                 (0, 0))
    cond = Op(OPS["py.cmp"], [value, trusted.result], [Value(BOOL)], {"op": "is"}, [], (0, 0))
    return trusted, cond


def range_loop_call(loop: Op, used: dict[Value, list[Op]]) -> Op | None:
    """The ``range(...)`` call a ``cf.for`` iterates over, when it can move with the loop: the
    call's result feeds only the loop and nothing but effect-free ops stand between them."""
    if loop.opdef.name != "cf.for" or not loop.operands:
        return None
    call = loop.operands[0].owner
    if not isinstance(call, Op) or call.opdef.name != "py.call" or call.parent is not loop.parent \
            or call.attrs["kinds"] not in (("p",), ("p", "p"), ("p", "p", "p")) \
            or len(used.get(loop.operands[0], [])) != 1:
        return None
    target = call.operands[0].owner
    if not isinstance(target, Op) or target.opdef.name != "py.global.load" \
            or target.attrs["name"] != "range":
        return None
    region = loop.parent
    assert region is not None
    between = region.ops[region.ops.index(call) + 1:region.ops.index(loop)]
    if any(not op.opdef.pure or op.regions for op in between):
        return None
    return call


def version_loop(fn: Function, loop: Op, call: Op, fast_ops: list[Op], kind: str,
                 filename: str) -> Op:
    """Replace ``call; loop`` by ``if range is builtin: fast_ops else: deopt; call; loop``.

    ``fast_ops`` must end in a ``cf.yield`` of values standing for the loop's results.  The
    guard's if takes the loop's place (pure ops between the call and the loop stay before it).
    """
    region = loop.parent
    assert region is not None
    loc = loop.loc
    trusted, cond = is_trusted(call.operands[0], "range")
    trusted.loc = cond.loc = loc
    results = [Value(r.type, r.hint) for r in loop.results]
    region.ops.remove(call)
    position = region.ops.index(loop)
    region.ops.remove(loop)
    slow = region_of([*deopt_ops(filename, loc, kind), call, loop,
                      Op(OPS["cf.yield"], list(loop.results), [], {}, [], loc)])
    guard_if = Op(OPS["cf.if"], [cond.result], results, {"guard": kind},
                  [region_of(fast_ops), slow], loc)
    for old, new in zip(loop.results, results, strict=True):
        replace_uses(fn, old, new)
    slow.ops[-1].operands = list(loop.results)  # replace_uses rewrote the slow arm's yield too
    for op in (trusted, cond, guard_if):
        op.parent = region
    region.ops[position:position] = [trusted, cond, guard_if]
    return guard_if
