"""Core IR data structures: values, ops, regions, functions, modules.

Plain classes with ``__slots__`` because campaigns build and copy millions of ops; a framework
with generic attribute machinery was measured 20x too slow here (DESIGN §3).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from trm_agent.ir.opdefs import OpDef
from trm_agent.ir.types import OBJECT, Type

Loc = tuple[int, int]  # (line, col) in the user's source; (0, 0) when synthesised


class Value:
    """An SSA value: the result of an op or an argument of a region."""

    __slots__ = ("hint", "index", "owner", "type")

    def __init__(self, type_: Type = OBJECT, hint: str = "") -> None:
        self.type = type_
        self.hint = hint
        self.owner: Op | Region | None = None
        self.index = 0

    def __repr__(self) -> str:
        return f"<Value {self.hint or '?'}:{self.type}>"


class Region:
    """A single-block region: arguments plus a list of ops ending in a terminator."""

    __slots__ = ("args", "ops", "parent")

    def __init__(self, args: list[Value] | None = None, ops: list[Op] | None = None) -> None:
        self.args: list[Value] = []
        self.ops: list[Op] = []
        self.parent: Op | None = None
        for arg in args or ():
            self.add_arg(arg)
        for op in ops or ():
            self.append(op)

    def add_arg(self, value: Value) -> Value:
        value.owner = self
        value.index = len(self.args)
        self.args.append(value)
        return value

    def append(self, op: Op) -> Op:
        op.parent = self
        self.ops.append(op)
        return op

    @property
    def terminator(self) -> Op | None:
        if self.ops and self.ops[-1].opdef.terminator:
            return self.ops[-1]
        return None

    def walk(self) -> Iterator[Op]:
        """All ops in this region and nested regions, in program (pre-)order.

        An explicit stack, not recursive ``yield from``: each op then costs one step instead of
        one per enclosing region (the walk is the compiler's hottest loop).  Lists are read
        lazily, as the recursive form did, so ops appended ahead of the walk are still seen.
        """
        stack: list[Iterator[Op]] = [iter(self.ops)]
        while stack:
            op = next(stack[-1], None)
            if op is None:
                stack.pop()
                continue
            yield op
            regions = op.regions
            if len(regions) == 1:
                stack.append(iter(regions[0].ops))
            elif regions:
                stack.append(nested for region in regions for nested in region.ops)


class Op:
    """One operation: kind, operands, results, attributes, nested regions, source location."""

    __slots__ = ("attrs", "loc", "opdef", "operands", "parent", "regions", "results")

    def __init__(
        self,
        opdef: OpDef,
        operands: list[Value] | None = None,
        results: list[Value] | None = None,
        attrs: dict[str, Any] | None = None,
        regions: list[Region] | None = None,
        loc: Loc = (0, 0),
    ) -> None:
        self.opdef = opdef
        self.operands: list[Value] = list(operands) if operands else []
        self.attrs: dict[str, Any] = attrs if attrs is not None else {}
        self.loc = loc
        self.parent: Region | None = None
        self.results: list[Value] = results if results is not None else []
        for i, res in enumerate(self.results):
            res.owner = self
            res.index = i
        self.regions: list[Region] = regions if regions is not None else []
        for region in self.regions:
            region.parent = self

    @property
    def name(self) -> str:
        return self.opdef.name

    @property
    def result(self) -> Value:
        return self.results[0]

    def __repr__(self) -> str:
        return f"<Op {self.opdef.name} @{self.loc[0]}:{self.loc[1]}>"


class Function:
    """One ``def`` of the user's program (module function, method or nested function).

    The body's region arguments are the parameters, in the order of ``params``.  Signature,
    defaults, annotations and decorators stay in the user's AST (``node``): they are evaluated
    by the enclosing code, which codegen keeps, so the IR only needs the parameter names.
    """

    __slots__ = ("blockers", "body", "is_async", "is_generator", "keep_source", "lineno",
                 "lowered", "name", "node",
                 "params", "parent", "qualname", "slots")

    def __init__(self, name: str, qualname: str, lineno: int, params: list[str]) -> None:
        self.name = name
        self.qualname = qualname
        self.lineno = lineno
        self.params = params
        self.body = Region()
        self.lowered = False
        self.blockers: list[Any] = []  # list[Diagnostic]; Any avoids an import cycle
        self.node: Any = None  # the ast.FunctionDef this came from (not printed)
        self.slots: list[str] = []  # variables kept in explicit slots (local.load/store)
        self.is_async = False
        self.is_generator = False  # contains yield: calling it makes a generator
        self.parent: Function | None = None  # the enclosing def, for nested functions
        # The optimizer changed nothing: codegen keeps the user's own text of the body (the
        # regenerated text means the same, but the user's is what they measured).
        self.keep_source = False

    def walk(self) -> Iterator[Op]:
        return self.body.walk()

    def enclosing(self) -> Iterator[Function]:
        """The functions this one is nested in, innermost first."""
        parent = self.parent
        while parent is not None:
            yield parent
            parent = parent.parent

    def __repr__(self) -> str:
        return f"<Function {self.qualname} lowered={self.lowered}>"


class Module:
    """A translated source file: its functions in source order, plus diagnostics."""

    __slots__ = ("_inline_candidates", "diagnostics", "filename", "functions", "parsed", "pins")

    def __init__(self, filename: str, functions: list[Function] | None = None) -> None:
        self.filename = filename
        self.functions: list[Function] = functions or []
        self.diagnostics: list[Any] = []
        self.parsed: Any = None  # the ParsedModule (AST, scopes); absent for parsed IR text
        # Top-level functions the optimized code guards by identity: codegen snapshots each one
        # right after its ``def`` (``__trm_F_<name>__``).
        self.pins: set[str] = set()
        self._inline_candidates: Any = None  # cache of passes.inline.candidates

    @property
    def lowered(self) -> list[Function]:
        return [f for f in self.functions if f.lowered]



def clone_region(region: Region, mapping: dict[Value, Value]) -> Region:
    """Deep copy of a region; ``mapping`` maps old values to new ones (and is extended)."""
    new = Region()
    for arg in region.args:
        copy = Value(arg.type, arg.hint)
        mapping[arg] = copy
        new.add_arg(copy)
    for op in region.ops:
        new.append(clone_op(op, mapping))
    return new


def clone_op(op: Op, mapping: dict[Value, Value]) -> Op:
    results = [Value(r.type, r.hint) for r in op.results]
    for old, copy in zip(op.results, results, strict=True):
        mapping[old] = copy
    regions = [clone_region(r, mapping) for r in op.regions]
    operands = [mapping.get(v, v) for v in op.operands]
    return Op(op.opdef, operands, results, dict(op.attrs), regions, op.loc)


@contextmanager
def no_gc() -> Iterator[None]:
    """Pause the cyclic GC while building IR.

    IR objects point at their parents, so every op is in a reference cycle; with the GC on,
    building 50k ops triggers collections that rescan all live IR and cost 3-4x the build
    itself (measured: clone 21k -> 75k ops/s).  Cycles are collected when the GC resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def clone_function(fn: Function) -> Function:
    """An independent copy (passes and the oracle search mutate copies, never the original)."""
    copy = Function(fn.name, fn.qualname, fn.lineno, list(fn.params))
    copy.body = clone_region(fn.body, {})  # bulk callers wrap many clones in no_gc()
    copy.lowered, copy.blockers, copy.node = fn.lowered, list(fn.blockers), fn.node
    copy.slots, copy.is_async = list(fn.slots), fn.is_async
    copy.is_generator = fn.is_generator
    return copy
