"""Arguments for differential execution, derived from a function's signature and body.

A refactoring usually breaks at the edges of a type (negative numbers, -0.0, NaN, empty
containers, numbers past 2**53 or past a loop bound), so every generator starts with a sweep
of boundary values, one parameter at a time, before it draws random values.  What a
parameter *is* comes from, in this order: its annotation, what the body does with it (``+ 1``
and ``//`` make a number, ``.append`` a list, ``range(n)`` a small non-negative int...), a
literal default, example calls, and finally a mix of common types.

Values come from a seeded `random.Random` (not Hypothesis' ``.example()``, which is neither
deterministic nor meant for this), so ``(signature, seed)`` always gives the same inputs and
a counterexample can be regenerated from its index.  Only builtin data types are produced:
they pickle into the sandbox and compare by `canonical_repr`.
"""

from __future__ import annotations

import ast
import itertools
import math
import random
import struct
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "Case",
    "InputGenerator",
    "Param",
    "Signature",
    "TypeSpec",
    "conforms",
    "infer_usage",
    "signature_of",
    "spec_from_annotation",
    "spec_from_value",
]


# --------------------------------------------------------------------------- type specs


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """A small type language: enough to generate values, nothing more.

    kind: int, float, str, bytes, bool, none, list, tuple, dict, set, union, any.
    ``small`` marks an int used as a count (``range(n)``, ``s * n``, ``2 ** n``): values
    stay below a few thousand so loops finish.  ``variadic`` marks ``tuple[T, ...]``.
    """

    kind: str
    args: tuple[TypeSpec, ...] = ()
    small: bool = False
    variadic: bool = False

    def __str__(self) -> str:
        if self.kind == "union":
            return " | ".join(map(str, self.args))
        if self.kind == "int" and self.small:
            return "int(small)"
        if not self.args:
            return "None" if self.kind == "none" else self.kind
        inner = ", ".join(map(str, self.args)) + (", ..." if self.variadic else "")
        return f"{self.kind}[{inner}]"


INT: Final = TypeSpec("int")
SMALL_INT: Final = TypeSpec("int", small=True)
FLOAT: Final = TypeSpec("float")
STR: Final = TypeSpec("str")
BOOL: Final = TypeSpec("bool")
NONE: Final = TypeSpec("none")
ANY: Final = TypeSpec("any")
#: What an unconstrained value is drawn from, most common types first.
_ANY_CHOICES: Final = (
    (INT, 40), (FLOAT, 15), (STR, 15), (TypeSpec("list", (INT,)), 15), (BOOL, 5), (NONE, 5),
    (TypeSpec("tuple", (INT,), variadic=True), 5),
)  # fmt: skip

_SCALARS: Final = {"int": INT, "float": FLOAT, "str": STR, "bool": BOOL, "bytes": TypeSpec("bytes"),
                   "None": NONE, "NoneType": NONE, "complex": FLOAT}
_SEQUENCES: Final = {"list", "List", "Sequence", "MutableSequence", "Iterable", "Iterator",
                     "Collection", "Reversible"}
_MAPPINGS: Final = {"dict", "Dict", "Mapping", "MutableMapping"}
_SETS: Final = {"set", "Set", "frozenset", "FrozenSet", "AbstractSet", "MutableSet"}


def _union(specs: Iterable[TypeSpec]) -> TypeSpec:
    flat: list[TypeSpec] = []
    for spec in specs:
        for part in spec.args if spec.kind == "union" else (spec,):
            if part not in flat:
                flat.append(part)
    return flat[0] if len(flat) == 1 else TypeSpec("union", tuple(flat))


def spec_from_annotation(node: ast.expr | None) -> TypeSpec | None:
    """The spec an annotation asks for, read from the AST (nothing is evaluated).

    None when there is no annotation or it names something we cannot build (a class):
    the caller then falls back on usage.
    """
    if node is None:
        return None
    if isinstance(node, ast.Constant):
        if node.value is None:
            return NONE
        return _parse_string_annotation(node.value) if isinstance(node.value, str) else None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        left, right = spec_from_annotation(node.left), spec_from_annotation(node.right)
        return _union([left, right]) if left and right else None
    name = _dotted_tail(node)
    if name is not None:
        return _bare_name(name)
    if isinstance(node, ast.Subscript):
        return _subscripted(node)
    return None


def _parse_string_annotation(text: str) -> TypeSpec | None:
    try:
        return spec_from_annotation(ast.parse(text, mode="eval").body)
    except SyntaxError:
        return None


def _dotted_tail(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _bare_name(name: str) -> TypeSpec | None:
    if name in _SCALARS:
        return _SCALARS[name]
    if name in ("Any", "object"):
        return ANY
    if name in _SEQUENCES:
        return TypeSpec("list", (INT,))
    if name in ("tuple", "Tuple"):
        return TypeSpec("tuple", (INT,), variadic=True)
    if name in _MAPPINGS:
        return TypeSpec("dict", (STR, INT))
    if name in _SETS:
        return TypeSpec("set", (INT,))
    return None


def _subscripted(node: ast.Subscript) -> TypeSpec | None:
    base = _dotted_tail(node.value)
    items = list(node.slice.elts) if isinstance(node.slice, ast.Tuple) else [node.slice]
    if base == "Optional":
        inner = spec_from_annotation(items[0])
        return _union([inner, NONE]) if inner else None
    if base == "Union":
        parts = [spec_from_annotation(item) for item in items]
        return _union([p for p in parts if p is not None]) if all(parts) else None
    if base in ("tuple", "Tuple"):
        return _tuple_annotation(items)
    args = [spec_from_annotation(item) or ANY for item in items]
    if base in _SEQUENCES and args:
        return TypeSpec("list", (args[0],))
    if base in _MAPPINGS and len(args) == 2:
        return TypeSpec("dict", (args[0], args[1]))
    if base in _SETS and args:
        return TypeSpec("set", (args[0],))
    return _bare_name(base) if base is not None else None


def _tuple_annotation(items: list[ast.expr]) -> TypeSpec:
    if len(items) == 2 and isinstance(items[1], ast.Constant) and items[1].value is Ellipsis:
        return TypeSpec("tuple", (spec_from_annotation(items[0]) or ANY,), variadic=True)
    if len(items) == 1 and isinstance(items[0], ast.Tuple) and not items[0].elts:
        return TypeSpec("tuple", ())
    return TypeSpec("tuple", tuple(spec_from_annotation(item) or ANY for item in items))


def spec_from_value(value: object) -> TypeSpec:
    """The spec of an example value (a literal default, an argument of a known call)."""
    if value is None:
        return NONE
    if isinstance(value, bool):
        return BOOL
    for tp, spec in ((int, INT), (float, FLOAT), (str, STR), (bytes, TypeSpec("bytes"))):
        if isinstance(value, tp):
            return spec
    if isinstance(value, (list, tuple, set, frozenset)):
        elem = _union(spec_from_value(v) for v in value) if value else INT
        kind = "tuple" if isinstance(value, tuple) else "set" if isinstance(
            value, (set, frozenset)) else "list"
        return TypeSpec(kind, (elem,), variadic=kind == "tuple")
    if isinstance(value, dict):
        keys = _union(spec_from_value(k) for k in value) if value else STR
        values = _union(spec_from_value(v) for v in value.values()) if value else INT
        return TypeSpec("dict", (keys, values))
    return ANY


# --------------------------------------------------------------------------- usage inference

def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STR_METHODS: Final = _names(
    "upper lower casefold strip lstrip rstrip split rsplit splitlines startswith "
    "endswith replace find rfind isdigit isdecimal isnumeric isalpha isalnum "
    "isspace isupper islower title capitalize swapcase center ljust rjust zfill "
    "encode format partition rpartition expandtabs removeprefix removesuffix"
)
_LIST_METHODS: Final = _names(
    "append extend insert remove sort reverse clear"
)
_DICT_METHODS: Final = _names(
    "items keys values get setdefault popitem update"
)
_SET_METHODS: Final = _names(
    "add discard union intersection difference issubset issuperset"
)
_ITERATING_CALLS: Final = _names(
    "len sorted sum min max any all list tuple set frozenset enumerate reversed "
    "iter"
)
_FLOAT_CALLS: Final = _names(
    "sqrt exp log log2 log10 sin cos tan floor ceil trunc isnan isinf isfinite fabs "
    "copysign frexp modf atan"
)
_INT_ONLY_OPS: Final = (ast.BitAnd, ast.BitOr, ast.BitXor, ast.LShift, ast.RShift)
_INT_ONLY_CALLS: Final = _names(
    "bin hex oct chr isqrt factorial comb perm"
)
_COUNT_CALLS: Final = _names(
    "factorial comb perm"
)  # cost grows with the value


@dataclass(slots=True)
class _Evidence:
    tags: set[str] = field(default_factory=set)
    elements: list[str] = field(default_factory=list)  # names bound to this one's elements


class _UsageVisitor(ast.NodeVisitor):
    """Collects, per local name, what the body does with it.

    Tags: num, int, float, str, seq, list, dict, set, small (a count), strkey (indexed by
    a string).  Deliberately shallow: a wrong guess only costs inputs that raise TypeError
    in both versions.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.evidence: dict[str, _Evidence] = {name: _Evidence() for name in names}

    def _tag(self, node: ast.AST, *tags: str) -> None:
        if isinstance(node, ast.Name):
            self.evidence.setdefault(node.id, _Evidence()).tags.update(tags)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        for side, other in ((node.left, node.right), (node.right, node.left)):
            self._binop_side(node.op, side, other, node.left is side)
        self.generic_visit(node)

    def _binop_side(self, op: ast.operator, side: ast.expr, other: ast.expr, left: bool) -> None:
        if isinstance(op, _INT_ONLY_OPS):
            self._tag(side, "int")
            if isinstance(op, (ast.LShift, ast.RShift)) and not left:
                self._tag(side, "small")
            return
        if isinstance(op, ast.Pow):
            self._tag(side, "num", *(() if left else ("small",)))
            return
        literal = other.value if isinstance(other, ast.Constant) else None
        repeats = isinstance(other, (ast.List, ast.Tuple)) or isinstance(literal, str)
        if isinstance(op, ast.Mult) and repeats:  # [0] * n, "-" * n: n is a count
            self._tag(side, "small")
        elif isinstance(op, ast.Mod) and isinstance(literal, str) and not left:
            return  # "%d" % x says little about x
        elif isinstance(literal, str):
            self._tag(side, "str")
        elif isinstance(literal, float):
            self._tag(side, "float")
        elif isinstance(other, (ast.List, ast.ListComp)):
            self._tag(side, "list")
        elif isinstance(literal, int) or isinstance(op, (ast.Sub, ast.FloorDiv, ast.Mod, ast.Div)):
            self._tag(side, "num")

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Invert):
            self._tag(node.operand, "int")
        elif isinstance(node.op, (ast.USub, ast.UAdd)):
            self._tag(node.operand, "num")
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._binop_side(node.op, node.target, node.value, True)
        self._binop_side(node.op, node.value, node.target, False)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        operands = [node.left, *node.comparators]
        for op, (a, b) in zip(node.ops, itertools.pairwise(operands), strict=True):
            if isinstance(op, (ast.In, ast.NotIn)):
                self._tag(b, "seq")
                continue
            for side, other in ((a, b), (b, a)):
                value = other.value if isinstance(other, ast.Constant) else None
                if isinstance(value, str):
                    self._tag(side, "str")
                elif isinstance(value, float):
                    self._tag(side, "float")
                elif isinstance(value, int) and not isinstance(value, bool):
                    self._tag(side, "num")
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        index = node.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, str):
            self._tag(node.value, "dict", "strkey")
        elif isinstance(index, ast.Slice):
            self._tag(node.value, "seq")
            for bound in (index.lower, index.upper, index.step):
                if bound is not None:
                    self._tag(bound, "int")
        else:
            self._tag(node.value, "seq")
            self._tag(index, "int")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            self._method(func.attr, func.value)
        elif isinstance(func, ast.Name):
            self._builtin(func.id, node.args)
        if isinstance(func, ast.Attribute) and func.attr in _FLOAT_CALLS:
            for arg in node.args:
                self._tag(arg, "num", "float")
        elif isinstance(func, ast.Attribute) and func.attr in _INT_ONLY_CALLS:
            for arg in node.args:
                self._tag(arg, "int", *(("small",) if func.attr in _COUNT_CALLS else ()))
        self.generic_visit(node)

    def _method(self, name: str, receiver: ast.expr) -> None:
        if name in _STR_METHODS:
            self._tag(receiver, "str")
        elif name in _LIST_METHODS:
            self._tag(receiver, "list")
        elif name in _DICT_METHODS:
            self._tag(receiver, "dict")
        elif name in _SET_METHODS:
            self._tag(receiver, "set")
        elif name == "pop":
            self._tag(receiver, "list")
        elif name == "join":
            self._tag(receiver, "str")

    def _builtin(self, name: str, args: Sequence[ast.expr]) -> None:
        if name == "range":
            for arg in args:
                self._tag(arg, "int", "small")
        elif name in _ITERATING_CALLS and len(args) == 1:
            self._tag(args[0], "seq")
        elif name in _INT_ONLY_CALLS:
            for arg in args:
                self._tag(arg, "int", *(("small",) if name in _COUNT_CALLS else ()))
        elif name in ("abs", "round", "divmod", "pow", "float", "int") and name != "int":
            for arg in args[:1]:
                self._tag(arg, "num")
        elif name in ("zip",):
            for arg in args:
                self._tag(arg, "seq")

    def visit_For(self, node: ast.For) -> None:
        self._bind_elements(node.target, node.iter)
        self.generic_visit(node)

    def visit_comprehension(self, node: ast.comprehension) -> None:
        self._bind_elements(node.target, node.iter)
        self.generic_visit(node)

    def _bind_elements(self, target: ast.expr, iterable: ast.expr) -> None:
        if isinstance(iterable, ast.Name):
            self._tag(iterable, "seq")
            if isinstance(target, ast.Name):
                self.evidence.setdefault(iterable.id, _Evidence()).elements.append(target.id)


def infer_usage(node: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, TypeSpec]:
    """A spec per parameter that the body gives evidence about (others are left out)."""
    params = [a.arg for a in (*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs)]
    visitor = _UsageVisitor(params)
    for statement in node.body:
        visitor.visit(statement)
    found: dict[str, TypeSpec] = {}
    for name in params:
        spec = _resolve(name, visitor.evidence, depth=0)
        if spec is not None:
            found[name] = spec
    return found


def _resolve(name: str, evidence: dict[str, _Evidence], depth: int) -> TypeSpec | None:
    facts = evidence.get(name)
    if facts is None or depth > 3:
        return None
    tags = facts.tags
    element = _element_spec(facts, evidence, depth)
    if tags & {"str"} and not tags & {"list", "dict", "set"}:
        return STR
    if "dict" in tags:
        return TypeSpec("dict", (STR, element or INT))
    if "set" in tags:
        return TypeSpec("set", (element or INT,))
    if "list" in tags or "seq" in tags or element is not None:
        return TypeSpec("list", (element or INT,))
    if "int" in tags:
        return SMALL_INT if "small" in tags else INT
    if "small" in tags:
        return SMALL_INT
    if "float" in tags:
        return FLOAT
    if "num" in tags:
        return _union([INT, FLOAT])
    return None


def _element_spec(facts: _Evidence, evidence: dict[str, _Evidence], depth: int) -> TypeSpec | None:
    specs = [_resolve(e, evidence, depth + 1) for e in facts.elements]
    known = [s for s in specs if s is not None]
    return _union(known) if known else None


def conforms(value: Any, spec: TypeSpec) -> bool:
    """Is ``value`` one of the values ``spec`` stands for (an int is not a float here)?"""
    kind = spec.kind
    if kind == "any":
        return True
    if kind == "union":
        return any(conforms(value, part) for part in spec.args)
    scalar = {"int": int, "float": float, "str": str, "bytes": bytes, "bool": bool}
    if kind in scalar:
        return type(value) is scalar[kind] or (kind == "int" and type(value) is bool)
    if kind == "none":
        return value is None
    container = {"list": list, "tuple": tuple, "dict": dict, "set": set}[kind]
    if not isinstance(value, container):
        return False
    if kind == "dict":
        key, item = spec.args if len(spec.args) == 2 else (ANY, ANY)
        return all(conforms(k, key) and conforms(v, item) for k, v in value.items())
    if kind == "tuple" and not spec.variadic:
        return len(value) == len(spec.args) and all(
            conforms(v, s) for v, s in zip(value, spec.args, strict=True))
    elem = spec.args[0] if spec.args else ANY
    return all(conforms(v, elem) for v in value)


# --------------------------------------------------------------------------- signatures

_MISSING: Final = object()


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter: how it is passed, what to generate, and its literal default if any."""

    name: str
    kind: str  # "positional" | "keyword" | "varargs" | "varkw"
    spec: TypeSpec
    has_default: bool = False
    default: Any = _MISSING
    source: str = "fallback"  # annotation | usage | default | examples | fallback


@dataclass(frozen=True, slots=True)
class Signature:
    params: tuple[Param, ...]

    def describe(self) -> str:
        """``(x: int [annotation], ys: list[int] [usage])`` for the human summary."""
        return "(" + ", ".join(f"{p.name}: {p.spec} [{p.source}]" for p in self.params) + ")"

    def with_examples(self, examples: Iterable[tuple[Sequence[Any], dict[str, Any]]]) -> Signature:
        """Narrow parameters we had to guess about to the types seen in real calls."""
        seen: dict[str, list[TypeSpec]] = {}
        positional = [p for p in self.params if p.kind == "positional"]
        for args, kwargs in examples:
            for param, value in zip(positional, args, strict=False):
                seen.setdefault(param.name, []).append(spec_from_value(value))
            for name, value in kwargs.items():
                seen.setdefault(name, []).append(spec_from_value(value))
        params = tuple(
            _with_example_spec(p, seen[p.name]) if p.name in seen else p for p in self.params
        )
        return Signature(params)


def _with_example_spec(param: Param, specs: list[TypeSpec]) -> Param:
    if param.source in ("annotation", "usage") and param.spec.kind != "union":
        return param
    small = param.spec.small
    merged = _union(TypeSpec(s.kind, s.args, small and s.kind == "int", s.variadic)
                    for s in specs)
    return Param(param.name, param.kind, merged, param.has_default, param.default, "examples")


def signature_of(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
    """Parameters with the spec to generate for each (annotation > usage > default > any)."""
    args = node.args
    usage = infer_usage(node)
    positional = [*args.posonlyargs, *args.args]
    pos_defaults: list[ast.expr | None] = [None] * (len(positional) - len(args.defaults))
    pos_defaults += list(args.defaults)
    params = [_param(a, "positional", d, usage) for a, d in zip(positional, pos_defaults,
                                                                  strict=True)]
    if args.vararg is not None:
        params.append(_param(args.vararg, "varargs", None, usage))
    params += [_param(a, "keyword", d, usage) for a, d in zip(args.kwonlyargs, args.kw_defaults,
                                                              strict=True)]
    if args.kwarg is not None:
        params.append(Param(args.kwarg.arg, "varkw", ANY, source="fallback"))
    return Signature(tuple(params))


def _param(arg: ast.arg, kind: str, default: ast.expr | None,
           usage: dict[str, TypeSpec]) -> Param:
    value = _literal(default) if default is not None else _MISSING
    annotated = spec_from_annotation(arg.annotation)
    used = usage.get(arg.arg)
    if annotated is not None and annotated != ANY:
        spec, source = _refine_small(annotated, used), "annotation"
    elif used is not None:
        spec, source = used, "usage"
    elif value is not _MISSING and value is not None:
        spec, source = spec_from_value(value), "default"
    else:
        spec, source = ANY, "fallback"
    return Param(arg.arg, kind, spec, default is not None, value, source)


def _refine_small(spec: TypeSpec, used: TypeSpec | None) -> TypeSpec:
    """An ``int`` annotation on a loop count still needs small values to terminate."""
    if used is not None and used.small and spec.kind == "int":
        return SMALL_INT
    return spec


def _literal(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _MISSING


# --------------------------------------------------------------------------- values

# bool is an int (DESIGN §4): True and False belong to every int parameter's edges.
_INT_EDGES: Final = (0, 1, -1, True, False, 2, -2, 3, 7, -7, 10, 100, -100, 255, 256, 257, 999,
                     1000, 1001, 2**31 - 1, 2**31, -(2**31), 2**53, 2**53 + 1, 2**63 - 1, 2**63,
                     -(2**63), 2**64, 10**20, -(10**20))
_SMALL_EDGES: Final = (0, 1, 2, 3, -1, 10, 999, 1000, 1001, 1024)
_FLOAT_EDGES: Final = (0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 0.1, 3.0, 1e16,
                       2.0**53, 1e300, -1e300, 1.7976931348623157e308, 5e-324, -5e-324,
                       2.2250738585072014e-308, math.inf, -math.inf, math.nan)
_STR_EDGES: Final = ("", "a", "A", " ", "abc", "ab", "ss", "ß", "SS", "0", "7", "-1", "1.5",
                     "²", "½", "é", "İ", "🙂", "\n", "a b", " a ", "Hello World", "x" * 40)
_ALPHABET: Final = "abcxyzABZ019 -_.,ßé²🙂\t"
_WORDS: Final = ("hello", "world", "Python", "foo", "bar", "ß", "a b c", "42", "3.14", "")


class _Values:
    """Boundary and random values per spec, from one seeded `random.Random`."""

    __slots__ = ("max_len", "rng")

    def __init__(self, rng: random.Random, max_len: int) -> None:
        self.rng = rng
        self.max_len = max_len

    def edges(self, spec: TypeSpec) -> list[Any]:
        kind = spec.kind
        if kind == "int":
            return list(_SMALL_EDGES if spec.small else _INT_EDGES)
        simple: dict[str, Sequence[Any]] = {
            "float": _FLOAT_EDGES, "str": _STR_EDGES, "bool": (False, True), "none": (None,),
            "bytes": (b"", b"a", b"\x00", b"\xff\xfe"),
        }  # fmt: skip
        if kind in simple:
            return list(simple[kind])
        if kind == "union":
            return [v for part in spec.args for v in self.edges(part)]
        if kind == "any":
            return [0, -1, 1.5, -0.0, math.nan, "", "a", [], [1, 2], None, True]
        return self._container_edges(spec)

    def _container_edges(self, spec: TypeSpec) -> list[Any]:
        kind = spec.kind
        if kind == "tuple" and not spec.variadic:
            return [tuple(self.edges(s)[i % len(self.edges(s))] for s in spec.args)
                    for i in range(6)]
        elem_edges = self.edges(spec.args[0]) if spec.args else [0]
        groups = [[], elem_edges[:1], elem_edges[:3], elem_edges[2:7], elem_edges[::-1][:5],
                  elem_edges[:1] * 3, elem_edges[1:2] + elem_edges[:2]]
        if kind == "dict":
            return [self._dict(spec, group) for group in groups]
        if kind == "set":
            return [set(g) for g in groups if _hashable(g)]
        if kind == "tuple":
            return [tuple(g) for g in groups]
        return [list(g) for g in groups]

    def _dict(self, spec: TypeSpec, values: list[Any]) -> dict[Any, Any]:
        key_spec, value_spec = spec.args if len(spec.args) == 2 else (STR, INT)
        keys = self.edges(key_spec)
        return {keys[i % len(keys)]: self.draw(value_spec) for i in range(len(values))
                if _hashable([keys[i % len(keys)]])}

    def draw(self, spec: TypeSpec, depth: int = 0) -> Any:
        rng = self.rng
        if rng.random() < 0.2:
            return rng.choice(self.edges(spec))
        kind = spec.kind
        if kind == "int":
            return self._int(spec.small)
        if kind == "float":
            return self._float()
        if kind == "str":
            return self._str()
        if kind == "bool":
            return rng.random() < 0.5
        if kind == "none":
            return None
        if kind == "bytes":
            return bytes(rng.randrange(256) for _ in range(rng.randrange(6)))
        if kind == "union":
            return self.draw(rng.choice(spec.args), depth)
        if kind == "any":
            return self.draw(self._any_spec(depth), depth)
        return self._container(spec, depth)

    def _any_spec(self, depth: int) -> TypeSpec:
        choices = [(s, w) for s, w in _ANY_CHOICES if depth < 2 or not s.args]
        specs, weights = zip(*choices, strict=True)
        return self.rng.choices(specs, weights)[0]

    def _int(self, small: bool) -> int:
        rng = self.rng
        roll = rng.random()
        if small:
            return rng.randint(0, 12) if roll < 0.6 else (rng.randint(0, 1200) if roll < 0.95
                                                          else rng.randint(-3, -1))
        if roll < 0.5:
            return rng.randint(-10, 10)
        if roll < 0.75:
            return rng.randint(-1000, 1000)
        if roll < 0.92:
            return rng.choice((1, -1)) * (2 ** rng.randint(8, 70) + rng.randint(-2, 2))
        return rng.randint(-(2**200), 2**200)

    def _float(self) -> float:
        rng = self.rng
        roll = rng.random()
        if roll < 0.3:
            return round(rng.uniform(-10, 10), rng.choice((0, 1, 1, 2)))
        if roll < 0.45:
            return float(rng.randint(-100, 100))
        if roll < 0.65:
            return rng.uniform(-1e6, 1e6)
        if roll < 0.85:
            return rng.uniform(-1, 1) * 10.0 ** rng.randint(-300, 300)
        bits = rng.getrandbits(64)
        return float(struct.unpack("<d", struct.pack("<Q", bits))[0])

    def _str(self) -> str:
        rng = self.rng
        if rng.random() < 0.15:
            return rng.choice(_WORDS)
        return "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, self.max_len)))

    def _container(self, spec: TypeSpec, depth: int) -> Any:
        rng = self.rng
        if spec.kind == "tuple" and not spec.variadic:
            return tuple(self.draw(s, depth + 1) for s in spec.args)
        size = rng.randint(0, self.max_len) if rng.random() < 0.9 else rng.randint(0, 60)
        if spec.kind == "dict":
            key_spec, value_spec = spec.args if len(spec.args) == 2 else (STR, INT)
            keys = [self.draw(key_spec, depth + 1) for _ in range(size)]
            return {k: self.draw(value_spec, depth + 1) for k in keys if _hashable([k])}
        elem = spec.args[0] if spec.args else INT
        items = [self.draw(elem, depth + 1) for _ in range(size)]
        if rng.random() < 0.2 and items:  # duplicates and sortedness are classic edges
            items = sorted(items * 2, key=repr) if rng.random() < 0.5 else items + items[:2]
        if spec.kind == "set":
            return {v for v in items if _hashable([v])}
        return tuple(items) if spec.kind == "tuple" else items


def _hashable(values: Iterable[Any]) -> bool:
    try:
        for value in values:
            hash(value)
    except TypeError:
        return False
    return True


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True, slots=True)
class Case:
    """One call's arguments; ``index`` is its position in the generator's sequence."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    index: int = 0

    def call_text(self, name: str = "f") -> str:
        parts = [_short_repr(a) for a in self.args]
        parts += [f"{k}={_short_repr(v)}" for k, v in self.kwargs.items()]
        return f"{name}({', '.join(parts)})"


def _short_repr(value: Any, limit: int = 200) -> str:
    text = repr(value) if not (isinstance(value, int) and value.bit_length() > 600) else (
        f"int({hex(value)!r}, 16)")
    return text if len(text) <= limit else text[: limit - 3] + "..."


class InputGenerator:
    """A deterministic sequence of argument tuples for one signature.

    First every parameter walks its boundary values (the others get typical values), then
    independent random draws, in which a parameter now and then repeats another's value:
    ``a == b`` and ``a is b`` bugs need equal arguments, which independent draws rarely give.
    """

    __slots__ = ("max_len", "seed", "signature")

    def __init__(self, signature: Signature, seed: int = 0, max_len: int = 8) -> None:
        self.signature = signature
        self.seed = seed
        self.max_len = max_len

    def cases(self) -> Iterator[Case]:
        values = _Values(random.Random(f"trm-equiv:{self.seed}"), self.max_len)
        index = 0
        for case in self._edge_sweep(values):
            yield Case(case[0], case[1], index)
            index += 1
        while True:
            args, kwargs = self._random_case(values)
            yield Case(args, kwargs, index)
            index += 1

    def take(self, n: int) -> list[Case]:
        return list(itertools.islice(self.cases(), n))

    def _edge_sweep(self, values: _Values) -> Iterator[tuple[tuple[Any, ...], dict[str, Any]]]:
        params = [p for p in self.signature.params if p.kind in ("positional", "keyword")]
        typical = {p.name: self._typical(values, p) for p in params}
        yield self._build(values, typical, omit=1.0)  # every default used
        yield self._build(values, typical, omit=0.0)  # every argument given
        for param in params:
            for edge in values.edges(param.spec):
                chosen = {p.name: self._typical(values, p) for p in params}
                chosen[param.name] = edge
                yield self._build(values, chosen, omit=0.0)
        same = [p for p in params if p.spec == params[0].spec] if params else []
        if len(same) > 1:  # every equal-argument edge: f(x, x)
            for edge in values.edges(same[0].spec):
                chosen = {p.name: self._typical(values, p) for p in params}
                chosen.update({p.name: edge for p in same})
                yield self._build(values, chosen, omit=0.0)

    def _typical(self, values: _Values, param: Param) -> Any:
        if param.has_default and param.default is not _MISSING and values.rng.random() < 0.5:
            return param.default
        return values.draw(param.spec)

    def _random_case(self, values: _Values) -> tuple[tuple[Any, ...], dict[str, Any]]:
        rng = values.rng
        chosen: dict[str, Any] = {}
        params = [p for p in self.signature.params if p.kind in ("positional", "keyword")]
        for param in params:
            twins = [q for q in params if q.spec == param.spec and q.name in chosen]
            if twins and rng.random() < 0.1:
                chosen[param.name] = chosen[rng.choice(twins).name]
            else:
                chosen[param.name] = values.draw(param.spec)
        return self._build(values, chosen, omit=0.3)

    def _build(self, values: _Values, chosen: dict[str, Any],
               omit: float) -> tuple[tuple[Any, ...], dict[str, Any]]:
        """Positional arguments in order; a defaulted parameter is left out with probability
        ``omit`` (positional ones only from the end)."""
        rng = values.rng
        args: list[Any] = []
        kwargs: dict[str, Any] = {}
        pending: list[tuple[Param, Any]] = []
        for param in self.signature.params:
            if param.kind == "positional":
                pending.append((param, chosen[param.name]))
            elif param.kind == "varargs":
                args += [p[1] for p in pending]
                pending = []
                args += [values.draw(param.spec) for _ in range(rng.randint(0, 3))]
            elif param.kind == "keyword" and not (param.has_default and rng.random() < omit):
                kwargs[param.name] = chosen[param.name]
        while pending and pending[-1][0].has_default and rng.random() < omit:
            pending.pop()
        args += [p[1] for p in pending]
        return tuple(args), kwargs
