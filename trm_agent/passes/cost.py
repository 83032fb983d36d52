"""Static cost of a function's IR, for "is the optimized version not slower?" (DESIGN §5).

The same per-op weights the interpreter counts, with loop bodies weighted as if they ran
``LOOP_TRIPS`` times, and a guard's if counted on its fast arm only (the guard is expected to
hold; a guard that keeps failing is the runtime's job to notice).  A call to a function of the
same module costs a frame plus the callee's own cost, priced once per module on the original
bodies (``CostTable``), so an inlined body and the call it replaces are priced alike.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Module, Op, Region

LOOP_TRIPS = 8
FRAME_COST = 12
UNKNOWN_CALLEE = 30  # a call to anything else: a parameter, a method, a builtin, an import
# Relative weights of binary operators (3 = a specialized add/multiply in CPython 3.11): ``**``
# goes through the generic power routine, ``//`` and ``%`` through division with remainder,
# while shifts and bitwise ops on small ints take single-digit fast paths.
BINOP_COST = {"**": 10, "//": 4, "%": 4, ">>": 2, "<<": 2, "&": 2, "|": 2, "^": 2}


class CostTable:
    """Full cost of each top-level function of a module, recursion priced at zero."""

    def __init__(self, module: Module | None) -> None:
        self.bodies = {f.name: f for f in module.functions
                       if f.parent is None and f.lowered} if module else {}
        self.memo: dict[str, int] = {}
        self.active: set[str] = set()

    def callee(self, name: str) -> int:
        if name in self.memo:
            return self.memo[name]
        fn = self.bodies.get(name)
        if fn is None or name in self.active:
            return 0
        self.active.add(name)
        cost = FRAME_COST + region_cost(fn.body, self)
        self.active.discard(name)
        self.memo[name] = cost
        return cost


def function_cost(fn: Function, table: CostTable) -> int:
    return region_cost(fn.body, table)


def region_cost(region: Region, table: CostTable) -> int:
    return ops_cost(region.ops, table)


def ops_cost(ops: list[Op], table: CostTable) -> int:
    return sum(_op_cost(op, table) for op in ops)


def _op_cost(op: Op, table: CostTable) -> int:
    name = op.opdef.name
    cost = op.opdef.cost
    if name in ("py.binop", "py.inplace"):
        cost = BINOP_COST.get(op.attrs["op"], cost)
    if name == "py.call":
        target = op.operands[0].owner
        if isinstance(target, Op) and target.opdef.name == "py.global.load" \
                and target.attrs["name"] in table.bodies:
            cost += table.callee(target.attrs["name"])
        else:
            cost += UNKNOWN_CALLEE
    if not op.regions:
        return cost
    if name == "cf.if":
        arms = [region_cost(r, table) for r in op.regions]
        return cost + (arms[0] if "guard" in op.attrs else max(arms))
    if name in ("cf.for", "cf.while", "cf.async_for"):
        return cost + LOOP_TRIPS * sum(region_cost(r, table) for r in op.regions)
    return cost + sum(region_cost(r, table) for r in op.regions)
