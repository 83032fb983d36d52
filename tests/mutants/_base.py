"""Shared machinery of the mutant passes: the Pass-protocol boilerplate and small IR edits.

Each mutant is a deliberately wrong optimization, written the way a plugin author would write a
real pass (public IR API only), so that the harness can show it catches the mistake.  The
helpers keep every mutant's IR valid: a mutant that produced malformed IR would be rejected by
the IR verifier and fall back, and then it would test the verifier, not the harness.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from trm_agent.ir.core import Function, Op, Region, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import OBJECT, Type, type_of_constant
from trm_agent.passes.analysis import const_value, replace_uses
from trm_agent.passes.manager import PassContext

LOOPS = ("cf.for", "cf.while")


class Mutant:
    """A pass that reports one rule per rewrite; subclasses implement ``rewrite``."""

    name: ClassVar[str] = "mutant"
    rule: ClassVar[str] = "mutant-rewrite"

    @property
    def rules(self) -> tuple[str, ...]:
        return (self.rule,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        changes = self.rewrite(fn, ctx)
        if changes:
            ctx.applied(self.rule, changes)
        return changes

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        raise NotImplementedError


def ops_named(fn: Function, *names: str) -> list[Op]:
    """A snapshot (rewrites may change the tree while the caller iterates)."""
    return [op for op in fn.walk() if op.opdef.name in names and op.parent is not None]


def binops(fn: Function, symbol: str) -> list[Op]:
    return [op for op in ops_named(fn, "py.binop") if op.attrs["op"] == symbol]


def constant(value: Value) -> tuple[bool, Any]:
    return const_value(value)


def int_constant(value: Value) -> int | None:
    known, v = const_value(value)
    return v if known and type(v) is int else None


def global_name(value: Value) -> str | None:
    """The global a value was loaded from, if it is a ``py.global.load`` result."""
    owner = value.owner
    if isinstance(owner, Op) and owner.opdef.name == "py.global.load":
        return str(owner.attrs["name"])
    return None


def producer(value: Value, name: str) -> Op | None:
    owner = value.owner
    return owner if isinstance(owner, Op) and owner.opdef.name == name else None


def make(name: str, operands: list[Value], attrs: dict[str, Any] | None = None,
         loc: tuple[int, int] = (0, 0), result_type: Type = OBJECT,
         regions: list[Region] | None = None, results: int = 1) -> Op:
    values = [Value(result_type) for _ in range(results)]
    return Op(OPS[name], operands, values, attrs or {}, regions or [], loc)


def make_const(value: object, loc: tuple[int, int] = (0, 0)) -> Op:
    return make("py.const", [], {"value": value}, loc, type_of_constant(value))


def region_of(ops: list[Op]) -> Region:
    region = Region()
    for op in ops:
        region.append(op)
    return region


def insert_before(anchor: Op, new_ops: list[Op]) -> None:
    region = anchor.parent
    assert region is not None
    index = region.ops.index(anchor)
    for op in new_ops:
        op.parent = region
    region.ops[index:index] = new_ops


def detach(op: Op) -> None:
    region = op.parent
    assert region is not None
    region.ops.remove(op)
    op.parent = None


def replace_with(fn: Function, old: Op, new_ops: list[Op], value: Value) -> None:
    """Put ``new_ops`` where ``old`` was and let ``value`` stand for its result."""
    insert_before(old, new_ops)
    detach(old)
    replace_uses(fn, old.result, value)


def forward(fn: Function, old: Op, value: Value) -> None:
    """Drop ``old`` and use ``value`` wherever its result was used."""
    replace_uses(fn, old.result, value)
    detach(old)


def splice_arm(fn: Function, if_op: Op, arm: Region) -> None:
    """Replace an ``if`` by one of its arms (which must end in ``cf.yield``)."""
    body, last = arm.ops[:-1], arm.ops[-1]
    insert_before(if_op, body)
    detach(if_op)
    for result, yielded in zip(if_op.results, last.operands, strict=True):
        replace_uses(fn, result, yielded)


def ends_in_yield(region: Region) -> bool:
    return bool(region.ops) and region.ops[-1].opdef.name == "cf.yield"


def loop_bodies(loop: Op) -> list[Region]:
    """The regions that run once per iteration (a while loop's condition too)."""
    if loop.opdef.name == "cf.for":
        return loop.regions[:1]
    return loop.regions[:2]


def defined_inside(op: Op) -> set[Value]:
    """Values defined by ``op``'s nested regions (arguments and results)."""
    inside: set[Value] = set()
    for region in op.regions:
        inside.update(region.args)
        for inner in region.walk():
            inside.update(inner.results)
            for nested in inner.regions:
                inside.update(nested.args)
    return inside


def materialise_constants(op: Op, before: Op) -> list[Op]:
    """Copies of ``op``'s constant operands, for when ``op`` moves out of their region."""
    copies: list[Op] = []
    for index, value in enumerate(op.operands):
        known, v = const_value(value)
        owner = value.owner
        if known and isinstance(owner, Op) and owner.parent is not before.parent:
            copy = make_const(v, owner.loc)
            copies.append(copy)
            op.operands[index] = copy.result
    return copies


def walk_regions(region: Region) -> Iterator[Region]:
    yield region
    for op in region.ops:
        for inner in op.regions:
            yield from walk_regions(inner)
