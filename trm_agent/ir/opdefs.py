"""Declarative op kinds of NoodleCore-IR.

Every op kind is declared exactly once here: operand/result/region arity, attribute shapes and
effect traits (as xDSL declares ops with traits such as Pure or IsTerminator).  Its meaning lives
beside the declaration in per-kind rule tables (interpreter, codegen, z3) that the other layers
register into; ``tests/test_ir_opdefs.py`` fails when a kind lacks a rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Effect traits.  An op without MAY_RAISE/CALLS_USER_CODE/... is pure and may be freely
# reordered, duplicated or removed by passes.
PURE = "pure"
MAY_RAISE = "may-raise"
CALLS_USER_CODE = "calls-user-code"  # __add__, __eq__, descriptors, __iter__, ...
READS_GLOBALS = "reads-globals"
WRITES_GLOBALS = "writes-globals"
READS_CELLS = "reads-cells"  # a closure's variables: any call may change them (nonlocal)
WRITES_CELLS = "writes-cells"
READS_LOCALS = "reads-slots"
WRITES_LOCALS = "writes-slots"
SIDE_EFFECTS = "side-effects"
ALLOCATES = "allocates"
TERMINATOR = "terminator"

VARIADIC = -1

# Attribute shapes, checked by the verifier.
ATTR_KINDS: dict[str, Callable[[Any], bool]] = {
    "str": lambda v: isinstance(v, str),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "const": lambda v: True,
    "strs": lambda v: isinstance(v, tuple) and all(isinstance(x, str) for x in v),
    "ints": lambda v: isinstance(v, tuple) and all(type(x) is int for x in v),
}


@dataclass(slots=True, eq=False)
class OpDef:
    """The declaration of one op kind."""

    name: str
    operands: int = 0  # count, or VARIADIC
    results: int = 1  # count, or VARIADIC
    regions: int = 0
    attrs: dict[str, str] = field(default_factory=dict)  # name -> shape in ATTR_KINDS
    optional_attrs: frozenset[str] = frozenset()
    traits: frozenset[str] = frozenset()
    cost: int = 1  # deterministic weight counted by the interpreter (DESIGN §3)
    allowed_values: dict[str, frozenset[Any]] = field(default_factory=dict)
    # Rules registered by the other layers (one per kind; see module docstring).
    interp: Callable[..., Any] | None = None
    codegen: Callable[..., Any] | None = None
    z3: Callable[..., Any] | None = None

    @property
    def terminator(self) -> bool:
        return TERMINATOR in self.traits

    @property
    def pure(self) -> bool:
        return PURE in self.traits


OPS: dict[str, OpDef] = {}


def define(name: str, **kwargs: Any) -> OpDef:
    traits = kwargs.pop("traits", ())
    opdef = OpDef(name, traits=frozenset(traits), **kwargs)
    if name in OPS:
        raise ValueError(f"op kind {name} declared twice")
    OPS[name] = opdef
    return opdef


def rule(table: str, *names: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a function as the ``table`` rule (interp/codegen/z3) of the given op kinds."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        for name in names:
            setattr(OPS[name], table, fn)
        return fn

    return register


_USER = (MAY_RAISE, CALLS_USER_CODE)
BINARY_OPS = frozenset({"+", "-", "*", "/", "//", "%", "**", "<<", ">>", "&", "|", "^", "@"})
UNARY_OPS = frozenset({"-", "+", "~", "not"})
COMPARE_OPS = frozenset({"==", "!=", "<", "<=", ">", ">=", "is", "is not", "in", "not in"})

# --- values and variables ---------------------------------------------------------------------
CONST = define("py.const", attrs={"value": "const"}, traits=(PURE,), cost=0)
GLOBAL_LOAD = define("py.global.load", attrs={"name": "str"},
                     traits=(MAY_RAISE, READS_GLOBALS), cost=2)
GLOBAL_STORE = define("py.global.store", operands=1, results=0, attrs={"name": "str"},
                      traits=(WRITES_GLOBALS, CALLS_USER_CODE), cost=2)
GLOBAL_DEL = define("py.global.del", results=0, attrs={"name": "str"},
                    traits=(MAY_RAISE, WRITES_GLOBALS, CALLS_USER_CODE), cost=2)
LOCAL_LOAD = define("local.load", attrs={"name": "str"}, traits=(MAY_RAISE, READS_LOCALS), cost=1)
LOCAL_STORE = define("local.store", operands=1, results=0, attrs={"name": "str"},
                     traits=(WRITES_LOCALS, CALLS_USER_CODE), cost=1)
LOCAL_DEL = define("local.del", results=0, attrs={"name": "str"},
                   traits=(MAY_RAISE, WRITES_LOCALS, CALLS_USER_CODE), cost=1)

# Cell variables: locals captured by an inner scope, and an inner function's free variables.
CELL_LOAD = define("cell.load", attrs={"name": "str"}, traits=(MAY_RAISE, READS_CELLS), cost=1)
CELL_STORE = define("cell.store", operands=1, results=0, attrs={"name": "str"},
                    traits=(WRITES_CELLS, CALLS_USER_CODE), cost=1)
CELL_DEL = define("cell.del", results=0, attrs={"name": "str"},
                  traits=(MAY_RAISE, WRITES_CELLS, CALLS_USER_CODE), cost=1)
# A nested ``def``: operands = decorators, then positional defaults, then keyword-only defaults
# (for the parameters named in ``kwdefaults``); the body is the ir.Function ``qualname``/``line``
# of the same module.  The result is the decorated function.
FUNC = define("py.func", operands=VARIADIC,
              attrs={"qualname": "str", "line": "int", "ndecorators": "int", "ndefaults": "int",
                     "kwdefaults": "strs", "annotations": "strs"},
              traits=(*_USER, ALLOCATES), cost=8)
# A class statement inside a function: operands = decorators, then the bases and keywords
# (``kinds`` as for py.call); its body runs as written (methods that are lowered are spliced).
CLASS = define("py.class", operands=VARIADIC,
               attrs={"name": "str", "line": "int", "ndecorators": "int", "kinds": "strs"},
               traits=(*_USER, ALLOCATES, SIDE_EFFECTS), cost=20)
# A lambda or a comprehension kept as source (its body is a scope of its own): ``__trm_d<i>__``
# placeholders stand for the default operands, ``__trm_iter__`` for a comprehension's first
# iterable (evaluated here, as CPython does).
LAMBDA = define("py.lambda", operands=VARIADIC, attrs={"source": "str", "kwdefaults": "strs"},
                traits=(ALLOCATES,), cost=6)
COMP = define("py.comp", operands=1, attrs={"source": "str"}, traits=(*_USER, ALLOCATES,
                                                                      SIDE_EFFECTS), cost=10)

# ``type(x) is T`` for a builtin type T, against the trusted builtins of the runtime prelude
# (a module may shadow ``type`` or ``int``): the optimizer's type guard.
TYPE_IS = define("py.typeis", operands=1, attrs={"type": "str"}, traits=(PURE,), cost=1,
                 allowed_values={"type": frozenset({
                     "int", "float", "bool", "str", "list", "tuple", "dict", "range"})})

# --- expressions -------------------------------------------------------------------------------
BINOP = define("py.binop", operands=2, attrs={"op": "str"}, traits=_USER, cost=3,
               allowed_values={"op": BINARY_OPS})
INPLACE = define("py.inplace", operands=2, attrs={"op": "str"}, traits=_USER, cost=3,
                 allowed_values={"op": BINARY_OPS})
UNOP = define("py.unop", operands=1, attrs={"op": "str"}, traits=_USER, cost=2,
              allowed_values={"op": UNARY_OPS})
CMP = define("py.cmp", operands=2, attrs={"op": "str"}, traits=_USER, cost=3,
             allowed_values={"op": COMPARE_OPS})
TRUTH = define("py.truth", operands=1, traits=_USER, cost=1)
CALL = define("py.call", operands=VARIADIC, attrs={"kinds": "strs"},
              traits=(*_USER, READS_GLOBALS, WRITES_GLOBALS, SIDE_EFFECTS), cost=10)
ATTR_GET = define("py.attr.get", operands=1, attrs={"name": "str"}, traits=_USER, cost=3)
ATTR_SET = define("py.attr.set", operands=2, results=0, attrs={"name": "str"},
                  traits=(*_USER, SIDE_EFFECTS), cost=3)
ATTR_DEL = define("py.attr.del", operands=1, results=0, attrs={"name": "str"},
                  traits=(*_USER, SIDE_EFFECTS), cost=3)
ITEM_GET = define("py.item.get", operands=2, traits=_USER, cost=3)
ITEM_SET = define("py.item.set", operands=3, results=0, traits=(*_USER, SIDE_EFFECTS), cost=3)
ITEM_DEL = define("py.item.del", operands=2, results=0, traits=(*_USER, SIDE_EFFECTS), cost=3)
SLICE = define("py.slice", operands=3, traits=(PURE, ALLOCATES), cost=2)
# Displays: ``starred`` lists the operand positions written ``*x`` (these iterate: user code).
TUPLE = define("py.tuple", operands=VARIADIC, attrs={"starred": "ints"},
               traits=(ALLOCATES,), cost=2)
LIST = define("py.list", operands=VARIADIC, attrs={"starred": "ints"},
              traits=(ALLOCATES,), cost=3)
SET = define("py.set", operands=VARIADIC, attrs={"starred": "ints"},
             traits=(*_USER, ALLOCATES), cost=4)
# ``layout`` has one letter per entry: "k" = key, value operands; "*" = one ``**mapping`` operand.
DICT = define("py.dict", operands=VARIADIC, attrs={"layout": "str"},
              traits=(*_USER, ALLOCATES), cost=4)
# Unpack an iterable into ``count`` results; ``star`` is the index of the starred target or -1.
UNPACK = define("py.unpack", operands=1, results=VARIADIC, attrs={"count": "int", "star": "int"},
                traits=_USER, cost=3)

# f-strings: format one value (``conv`` is -1, or ord of 's', 'r', 'a'; an optional second operand
# is the format spec), and concatenate the pieces.
FORMAT = define("py.format", operands=VARIADIC, attrs={"conv": "int"}, traits=_USER, cost=4)
CONCAT = define("py.concat", operands=VARIADIC, traits=(ALLOCATES,), cost=2)
# ``import a.b.c`` binds the top package (leaf=False); ``import a.b.c as x`` binds the leaf module.
IMPORT = define("py.import", attrs={"name": "str", "level": "int", "leaf": "bool"},
                traits=(*_USER, READS_GLOBALS, SIDE_EFFECTS), cost=20)
# ``from module import a, b``: one result per name.
IMPORT_FROM = define("py.import.from", results=VARIADIC,
                     attrs={"module": "str", "names": "strs", "level": "int"},
                     traits=(*_USER, READS_GLOBALS, SIDE_EFFECTS), cost=20)

# Generators and coroutines: yield a value and receive what is sent back; delegate to a
# sub-iterator (PEP 380) and receive its return value; await an awaitable.
YIELD_VALUE = define("py.yield", operands=1, traits=(*_USER, SIDE_EFFECTS), cost=4)
YIELD_FROM = define("py.yield.from", operands=1, traits=(*_USER, SIDE_EFFECTS), cost=6)
AWAIT = define("py.await", operands=1, traits=(*_USER, SIDE_EFFECTS), cost=6)

# --- structured control flow --------------------------------------------------------------------
# ``guard`` (optional) marks an if the optimizer built: region 0 is the optimized code, taken
# when the condition (a guard) holds; region 1 is the original code.  The value names the
# rewrite (e.g. "inline"), for the cost model (only the fast arm is expected) and for reports.
IF = define("cf.if", operands=1, results=VARIADIC, regions=2, attrs={"guard": "str"},
            optional_attrs=frozenset({"guard"}), cost=1)
# for: operands = (iterable, *initial carried values); body args = (item, *carried).
# An optional last region is the loop's ``else`` clause (args = carried values at normal exit,
# ends in cf.yield to the loop's results); ``break`` skips it.
FOR = define("cf.for", operands=VARIADIC, results=VARIADIC, regions=VARIADIC,
             traits=_USER, cost=2)
# while: operands = initial carried values; region 0 = condition (args = carried, ends in
# cf.condition), region 1 = body (args = carried).
WHILE = define("cf.while", operands=VARIADIC, results=VARIADIC, regions=VARIADIC, cost=1)
# try: regions = body, then (match, handler) per ``except`` clause, then else and finally when
# present.  A match region yields the exception type(s) (nothing for a bare ``except``); ``names``
# holds each handler's ``as`` variable ('' for none), bound and unbound as CPython does.
TRY = define("cf.try", results=0, regions=VARIADIC,
             attrs={"handlers": "int", "has_else": "bool", "has_finally": "bool",
                    "names": "strs"}, traits=(MAY_RAISE,), cost=2)
# async for: the same shape as cf.for, iterating with __aiter__/__anext__ and awaiting.
ASYNC_FOR = define("cf.async_for", operands=VARIADIC, results=VARIADIC, regions=VARIADIC,
                   traits=(*_USER, SIDE_EFFECTS), cost=8)
# match: operand = subject; per case, a guard region (when ``guards`` says so; ends in
# cf.condition) then a body region.  Patterns are kept as source: their capture variables and
# the names their value patterns read are slots, so the text means the same after codegen.
MATCH = define("cf.match", operands=1, results=0, regions=VARIADIC,
               attrs={"patterns": "strs", "guards": "ints"}, traits=(*_USER, SIDE_EFFECTS),
               cost=6)
# with: operand = context manager; the body's one argument (when ``has_as``) is what
# ``__enter__`` returned.
WITH = define("cf.with", operands=1, results=0, regions=1, attrs={"has_as": "bool"},
              traits=(*_USER, SIDE_EFFECTS), cost=6)
ASYNC_WITH = define("cf.async_with", operands=1, results=0, regions=1, attrs={"has_as": "bool"},
                    traits=(*_USER, SIDE_EFFECTS), cost=10)
# assert: region 0 computes the test (ends in cf.condition), region 1 the message (ends in
# cf.yield with zero or one value).  Both are skipped entirely under ``python -O``.
ASSERT = define("cf.assert", results=0, regions=2, traits=(MAY_RAISE,), cost=1)

YIELD = define("cf.yield", operands=VARIADIC, results=0, traits=(TERMINATOR,), cost=0)
CONDITION = define("cf.condition", operands=1, results=0, traits=(TERMINATOR,), cost=0)
BREAK = define("cf.break", operands=VARIADIC, results=0, traits=(TERMINATOR,), cost=1)
CONTINUE = define("cf.continue", operands=VARIADIC, results=0, traits=(TERMINATOR,), cost=1)
RETURN = define("cf.return", operands=1, results=0, traits=(TERMINATOR,), cost=1)
# Marks the end of a region that control never reaches (both arms of an if left the region).
UNREACHABLE = define("cf.unreachable", results=0, traits=(TERMINATOR,), cost=0)
# raise: operands = () for a bare re-raise, (exc,), or (exc, cause) when ``has_cause``.
RAISE = define("cf.raise", operands=VARIADIC, results=0, attrs={"has_cause": "bool"},
               traits=(TERMINATOR, MAY_RAISE, CALLS_USER_CODE), cost=5)

# --- escape hatch -------------------------------------------------------------------------------
# A Python statement or expression the translator does not lower, carried verbatim so the rest of
# the function can still be analysed and reported; a function holding one is not lowered.
OPAQUE = define("py.opaque", operands=0, results=VARIADIC,
                attrs={"construct": "str", "source": "str"},
                traits=(*_USER, READS_GLOBALS, WRITES_GLOBALS, SIDE_EFFECTS), cost=10)

REGION_TERMINATORS = {"cf.if": ("cf.yield",), "cf.for": ("cf.continue",),
                      "cf.while": ("cf.condition", "cf.continue"),
                      "cf.assert": ("cf.condition", "cf.yield")}
