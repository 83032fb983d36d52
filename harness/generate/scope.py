"""What the typed generator knows while it writes a function: variables, functions, blocks."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from harness.generate.values import Abs

__all__ = ["Ctx", "Fn", "Var"]


@dataclass(slots=True, eq=False)
class Var:
    """A name the generated code may read (and, unless ``readonly``, assign).

    ``cap`` is the invariant every assignment keeps (values.CAPS); ``owner`` is the function
    whose local it is (None: a module global).  ``fn`` is set for local callables (closures,
    lambdas, local classes' factories).
    """

    name: str
    ty: str
    cap: Abs
    owner: Fn | None
    readonly: bool = False
    kind: str = "local"  # local | param | global | loop | self
    fn: Fn | None = None
    captured: bool = False  # read by a nested scope: a cell variable


@dataclass(slots=True, eq=False)
class Fn:
    """One generated function (module level, method, closure or lambda) and its summary.

    The summary (cost, yields, mutates, return cap) is what callers rely on: functions are
    generated callees-first, so the call graph is a DAG and summaries are final when used.
    """

    name: str
    kind: str  # plain | helper | generator | recursive | async | method | closure | lambda
    params: list[Var] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)  # param -> default literal
    kwonly: list[str] = field(default_factory=list)
    ret: str = "int"
    ret_cap: Abs = field(default_factory=Abs)
    budget: int = 0
    cost: int = 0  # estimated operations of one call (including callees)
    yields: int = 0  # generators: how many values one run yields at most
    mutates: bool = False  # may change the size of a dict or set (unsafe while iterating one)
    globals_written: list[str] = field(default_factory=list)
    nonlocals: list[Var] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    entry: bool = False
    parent: Fn | None = None
    decorators: list[str] = field(default_factory=list)
    twin: Fn | None = None  # same signature, other body: ``patch`` swaps their ``__code__``

    @property
    def is_async(self) -> bool:
        return self.kind == "async"


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where a statement or expression is being generated (copied, never mutated)."""

    fn: Fn
    scope: tuple[Var, ...]
    indent: int = 1
    nesting: int = 0
    mult: int = 1  # how many times this code runs per call of ``fn`` (enclosing trip counts)
    loop: bool = False  # break/continue allowed
    catching: frozenset[str] = frozenset()  # exception names a handler around this code takes
    frozen: bool = False  # a dict/set is being iterated: no size changes of dicts/sets
    no_walrus: bool = False  # comprehension iterables, lambdas, defaults
    handler: str = ""  # the ``as`` name of the innermost except clause we are in
    in_comp: bool = False

    def child(self, **changes: Any) -> Ctx:
        return replace(self, **changes)

    def with_vars(self, *new: Var) -> Ctx:
        return replace(self, scope=self.scope + new)

    def block(self, extra_mult: int = 1, **changes: Any) -> Ctx:
        """The context of a nested block (one level deeper, ``extra_mult`` times more often)."""
        fields: dict[str, Any] = {"indent": self.indent + 1, "nesting": self.nesting + 1,
                                  "mult": self.mult * max(1, extra_mult), **changes}
        return replace(self, **fields)
