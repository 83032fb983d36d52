"""IR verifier: structural invariants every pass must preserve.

Checks arity and attribute shapes against the op declarations, SSA dominance (a value is used
only after its definition, in its region or a nested one), terminators, and that values flowing
out of regions (yield/continue/break) match the op's results in number and type.
"""

from __future__ import annotations

from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.opdefs import ATTR_KINDS, VARIADIC
from trm_agent.ir.types import OBJECT, Type

_LOOPS = ("cf.for", "cf.async_for", "cf.while")
_EXITS = ("cf.return", "cf.raise", "cf.break", "cf.continue", "cf.unreachable")


class VerifyError(ValueError):
    """An IR invariant does not hold; the message names the function, op and location."""


def _subtype(actual: Type, expected: Type) -> bool:
    return expected is OBJECT or actual is expected or actual.join(expected) is expected


class _Verifier:
    __slots__ = ("fn", "loops", "visible")

    def __init__(self, fn: Function) -> None:
        self.fn = fn
        self.visible: set[Value] = set()
        self.loops: list[Op] = []

    def fail(self, op: Op | None, message: str) -> None:
        where = f" at {op.opdef.name} loc({op.loc[0]}:{op.loc[1]})" if op else ""
        raise VerifyError(f"{self.fn.qualname}{where}: {message}")

    def run(self) -> None:
        body = self.fn.body
        if len(body.args) != len(self.fn.params):
            self.fail(None, "body arguments do not match the parameters")
        self.region(body, allowed=("cf.return", "cf.raise"))

    def region(self, region: Region, allowed: tuple[str, ...]) -> None:
        added: list[Value] = []
        for arg in region.args:
            self.define(arg, None, added)
        if not region.ops:
            self.fail(region.parent, "empty region (no terminator)")
        last = len(region.ops) - 1
        for i, op in enumerate(region.ops):
            if op.parent is not region:
                self.fail(op, "op's parent link is wrong")
            if op.opdef.terminator != (i == last):
                self.fail(op, "terminator not at the end of its region" if i != last
                          else "region does not end in a terminator")
            self.op(op)
            for res in op.results:
                self.define(res, op, added)
        term = region.ops[-1]
        if term.opdef.name not in allowed and term.opdef.name not in _EXITS:
            self.fail(term, f"region must end in one of {', '.join(allowed + _EXITS)}")
        self.visible.difference_update(added)

    def define(self, value: Value, op: Op | None, added: list[Value]) -> None:
        if value in self.visible:
            self.fail(op, f"value {value!r} defined twice")
        self.visible.add(value)
        added.append(value)

    def op(self, op: Op) -> None:
        d = op.opdef
        for count, actual, what in ((d.operands, len(op.operands), "operands"),
                                    (d.results, len(op.results), "results"),
                                    (d.regions, len(op.regions), "regions")):
            if count != VARIADIC and count != actual:
                self.fail(op, f"expected {count} {what}, found {actual}")
        for v in op.operands:
            if v not in self.visible:
                self.fail(op, f"operand {v!r} does not dominate its use")
        self.attrs(op)
        for region in op.regions:
            if region.parent is not op:
                self.fail(op, "region's parent link is wrong")
        self.check_kind(op)

    def attrs(self, op: Op) -> None:
        d = op.opdef
        for name, shape in d.attrs.items():
            if name not in op.attrs:
                if name not in d.optional_attrs:
                    self.fail(op, f"missing attribute {name!r}")
                continue
            value = op.attrs[name]
            if not ATTR_KINDS[shape](value):
                self.fail(op, f"attribute {name!r} must be {shape}, got {value!r}")
            allowed = d.allowed_values.get(name)
            if allowed is not None and value not in allowed:
                self.fail(op, f"attribute {name}={value!r} not one of {sorted(allowed)}")
        extra = set(op.attrs) - set(d.attrs)
        if extra:
            self.fail(op, f"unknown attributes {sorted(extra)}")

    def check_kind(self, op: Op) -> None:
        name = op.opdef.name
        if name == "cf.if":
            for region in op.regions:
                if region.args:
                    self.fail(op, "cf.if regions take no arguments")
                self.region(region, ("cf.yield",))
        elif name in ("cf.for", "cf.async_for"):
            if not op.operands or len(op.regions) not in (1, 2):
                self.fail(op, "cf.for needs an iterable operand and a body (+ else) region")
            self.loop(op, carried_init=op.operands[1:], body=op.regions[0], body_extra=1,
                      orelse=op.regions[1] if len(op.regions) == 2 else None)
        elif name == "cf.while":
            if len(op.regions) not in (2, 3):
                self.fail(op, "cf.while needs condition and body (+ else) regions")
            self.loop(op, carried_init=op.operands, body=op.regions[1], body_extra=0,
                      cond=op.regions[0], orelse=op.regions[2] if len(op.regions) == 3 else None)
        elif name == "cf.try":
            self.try_op(op)
        elif name == "cf.match":
            guards = op.attrs.get("guards", ())
            if len(guards) != len(op.attrs.get("patterns", ())) \
                    or len(op.regions) != len(guards) + sum(guards):
                self.fail(op, "cf.match regions do not match its patterns and guards")
            index = 0
            for guarded in guards:
                if guarded:
                    self.region(op.regions[index], ("cf.condition",))
                    index += 1
                self.region(op.regions[index], ("cf.yield",))
                index += 1
        elif name in ("cf.with", "cf.async_with"):
            if len(op.regions[0].args) != (1 if op.attrs.get("has_as") else 0):
                self.fail(op, "cf.with body takes one argument exactly when has_as")
            self.region(op.regions[0], ("cf.yield",))
        elif name == "cf.assert":
            self.region(op.regions[0], ("cf.condition",))
            self.region(op.regions[1], ("cf.yield",))
        elif name in ("cf.yield", "cf.condition", "cf.break", "cf.continue"):
            self.flow(op)
        elif name == "py.unpack":
            if len(op.results) != op.attrs.get("count"):
                self.fail(op, "py.unpack result count differs from its count attribute")
        elif name == "py.call" and len(op.attrs.get("kinds", ())) != len(op.operands) - 1:
            self.fail(op, "py.call needs one kind per argument")

    def try_op(self, op: Op) -> None:
        handlers = op.attrs.get("handlers", 0)
        expected = 1 + 2 * handlers + op.attrs.get("has_else", False) \
            + op.attrs.get("has_finally", False)
        if len(op.regions) != expected or len(op.attrs.get("names", ())) != handlers:
            self.fail(op, "cf.try regions/names do not match its attributes")
        for region in op.regions:
            if region.args:
                self.fail(op, "cf.try regions take no arguments")
            self.region(region, ("cf.yield",))

    def loop(self, op: Op, carried_init: list[Value], body: Region, body_extra: int,
             cond: Region | None = None, orelse: Region | None = None) -> None:
        if len(op.results) != len(carried_init):
            self.fail(op, "loop results must match its carried values")
        if len(body.args) != len(carried_init) + body_extra:
            self.fail(op, "loop body arguments must match its carried values")
        if cond is not None:
            if len(cond.args) != len(carried_init):
                self.fail(op, "loop condition arguments must match its carried values")
            self.region(cond, ("cf.condition",))
        self.loops.append(op)
        self.region(body, ("cf.continue",))
        self.loops.pop()
        if orelse is not None:  # break/continue in ``else`` belong to an enclosing loop
            if len(orelse.args) != len(carried_init):
                self.fail(op, "loop else arguments must match its carried values")
            self.region(orelse, ("cf.yield",))

    def flow(self, op: Op) -> None:
        """Values leaving a region must match what the receiving op expects."""
        region = op.parent
        owner = region.parent if region is not None else None
        name = op.opdef.name
        if name in ("cf.break", "cf.continue"):
            if not self.loops:
                self.fail(op, f"{name} outside a loop")
            loop = self.loops[-1]
            self.match(op, op.operands, loop.results)
        elif name == "cf.condition":
            if owner is None or owner.opdef.name not in ("cf.while", "cf.assert", "cf.match"):
                self.fail(op, "cf.condition outside a loop condition or assert test")
        elif owner is not None and owner.opdef.name == "cf.assert":
            if len(op.operands) > 1:
                self.fail(op, "assert message region yields at most one value")
        elif owner is not None and owner.opdef.name == "cf.try" and region is not None \
                and _is_match_region(owner, region):
            if len(op.operands) > 1:
                self.fail(op, "an except clause's match region yields at most one value")
        elif owner is not None:
            self.match(op, op.operands, owner.results)

    def match(self, op: Op, values: list[Value], targets: list[Value]) -> None:
        if len(values) != len(targets):
            self.fail(op, f"passes {len(values)} values, expected {len(targets)}")
        for value, target in zip(values, targets, strict=True):
            if not _subtype(value.type, target.type):
                self.fail(op, f"value of type {value.type} flows into {target.type}")


def _is_match_region(op: Op, region: Region) -> bool:
    index = op.regions.index(region)
    return 1 <= index <= 2 * op.attrs.get("handlers", 0) and index % 2 == 1


def verify_function(fn: Function) -> None:
    _Verifier(fn).run()


def verify(module: Module) -> None:
    """Verify every lowered function of a module (blocked ones may hold partial bodies)."""
    for fn in module.functions:
        if fn.lowered:
            verify_function(fn)
