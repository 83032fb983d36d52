"""Alive-style soundness proofs of the baseline's rewrite rules (``trm_agent.passes.rules``).

For a rule ``guard: source => target`` the claim is: for every value of the variables and
every allowed value of the compile-time constants, if ``guard`` evaluates to true then
``source`` and ``target`` have the same outcome in the sense of DESIGN §4 — the same
exception type, or values of the same type that are equal, floats bit for bit.

Expressions are read with :mod:`ast` and encoded with Python's semantics, never z3's:
ints are unbounded, ``//``/``%`` floor, ``>>``/``<<`` are floor division/multiplication by
``2**n``, ``&``/``|``/``^`` follow infinite two's complement, floats are IEEE binary64 with
their NaN payloads, and every operation that may raise carries an exception code.
Subexpressions without variables are evaluated by Python itself, once per value of the
constants, so ``2 ** K`` or ``1 / 3.0`` mean exactly what CPython computes.  Anything the
encoder does not know is UNKNOWN with a reason, never PROVED.

A refutation is believed only after Python reproduces it: :func:`check_rule` runs
``source`` and ``target`` on the counterexample, and a counterexample that does not reproduce
raises :class:`EncoderBugError`.  See ``docs/verification.md``.
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace

from trm_agent.passes.rules import RULES, Rule
from trm_agent.verify import smt
from trm_agent.verify.smt import Expr, Result, Verdict

RULE_TIMEOUT_S = 30.0  # rules are proven once, in the test suite; 2 s is for per-function queries
ENUMERATE_LIMIT = 64  # constant ranges up to this size are proven one value at a time
ENUMERATE_MAX = 4096  # the most values enumerated when an encoding needs a concrete constant
TABLE_MAX = 5000  # the most constant assignments a symbolic encoding may tabulate
MAX_POWER = 64  # ``x ** n`` is unrolled into n - 1 multiplications up to this n
MAX_SHIFT = 4096

_BUILTINS: dict[str, object] = {"int": int, "float": float, "abs": abs, "bool": bool}
_TYPES = {"int": int, "float": float, "bool": bool}
_QUIET_BIT = 1 << 51
_SIGN_BIT = 1 << 63
_NO_EXC = 0
_EXC_CODES: dict[str, int] = {"ZeroDivisionError": 1, "OverflowError": 2, "ValueError": 3}


class Unsupported(Exception):
    """The encoder does not model this construct; the verdict becomes UNKNOWN."""


class NeedsConcrete(Unsupported):
    """The encoding needs a constant's concrete value: prove one value at a time instead."""


class EncoderBugError(RuntimeError):
    """z3 refuted a rule with a counterexample that Python does not reproduce."""


def _exc_code(name: str) -> int:
    return _EXC_CODES.setdefault(name, len(_EXC_CODES) + 1)


def _exc(code: int) -> Expr:
    """Exception codes are bytes, not Ints, so float-only claims stay pure bit-vector ones
    (bit-blasted, many times faster than with arithmetic mixed in)."""
    return smt.bv_val(code, 8)


# --- concrete outcomes (DESIGN §4) ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Outcome:
    """What evaluating an expression did: a value, or the name of the exception it raised."""

    value: object = None
    raised: str | None = None


def run(expr: str | ast.expr, env: Mapping[str, object]) -> Outcome:
    """Evaluate an expression with Python, exceptions being outcomes like values."""
    tree = ast.Expression(expr) if isinstance(expr, ast.expr) else ast.parse(expr, mode="eval")
    code = compile(tree, "<rule>", "eval")
    try:
        return Outcome(eval(code, {"__builtins__": _BUILTINS, "type": type}, dict(env)))
    except Exception as exc:  # noqa: BLE001 - every exception is an observable outcome
        return Outcome(raised=type(exc).__name__)


def same_outcome(a: Outcome, b: Outcome) -> bool:
    """DESIGN §4 for scalar results: same exception type, or same type and value (floats
    bit for bit, so NaN payloads and the sign of zero count)."""
    if a.raised is not None or b.raised is not None:
        return a.raised == b.raised
    if type(a.value) is not type(b.value):
        return False
    if isinstance(a.value, float):
        return smt.float_bits(a.value) == smt.float_bits(float(b.value))  # type: ignore[arg-type]
    return bool(a.value == b.value)


def reproduces(rule: Rule, counterexample: Mapping[str, object]) -> bool:
    """Does Python confirm the counterexample: guard true, source and target differ?"""
    guard = run(rule.guard, counterexample)
    if guard.raised is not None or not guard.value:
        return False
    return not same_outcome(run(rule.source, counterexample), run(rule.target, counterexample))


# --- symbolic values -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Sym:
    """A symbolic outcome: ``exc`` is 0 or an exception code; ``value`` is meaningful when
    it is 0.  Floats also carry ``nan``: their 64 bits whenever they are NaN."""

    kind: str  # "int" | "bool" | "float"
    value: Expr
    exc: Expr
    nan: Expr | None = None
    table: tuple[Outcome, ...] | None = None  # per constant assignment, for constants


def _first_exc(parts: Sequence[Expr], raises: Sequence[tuple[Expr, str]] = ()) -> Expr:
    """The exception of an evaluation that runs ``parts`` in order, then may itself raise."""
    result = _exc(_NO_EXC)
    for cond, name in reversed(raises):
        if not smt.is_literal(cond, False):
            result = smt.ite(cond, _exc(_exc_code(name)), result)
    for exc in reversed(parts):
        if not smt.is_literal(exc, _NO_EXC):
            result = smt.ite(exc != _NO_EXC, exc, result)
    return result


def _quiet(bits: Expr) -> Expr:
    return smt.bv_or(bits, smt.bv_val(_QUIET_BIT, 64))


# --- the platform's NaN behaviour ------------------------------------------------------------

@functools.cache
def machine_nan_behaviour() -> tuple[int, dict[str, str]] | None:
    """This CPython's default NaN and which operand's NaN wins when both are NaN, per op.

    IEEE 754 leaves both open and C compilers swap commutative operands, so proofs hold for
    every choice; these measurements only let a refutation be replayed on this machine.
    """
    inf = float("inf")
    defaults = {smt.float_bits(run(f"a {op} b", {"a": inf, "b": b}).value)  # type: ignore[arg-type]
                for op, b in (("-", inf), ("*", 0.0), ("/", inf), ("+", -inf))}
    if len(defaults) != 1:
        return None
    first, second = 0x7FF8000000000001, 0xFFF8000000000002
    env = {"a": smt.float_from_bits(first), "b": smt.float_from_bits(second)}
    winners: dict[str, str] = {}
    for op in "+-*/":
        bits = smt.float_bits(run(f"a {op} b", env).value)  # type: ignore[arg-type]
        if bits not in (first, second):
            return None
        winners[op] = "first" if bits == first else "second"
    return defaults.pop(), winners


class _Platform:
    """The NaN choices of one claim: free in the proof, pinned to this machine for replay."""

    __slots__ = ("choices", "default_nan")

    def __init__(self) -> None:
        self.default_nan = smt.bv_var("%nan.default", 64).expr
        self.choices: list[tuple[Expr, str]] = []

    def premise(self) -> Expr:
        exponent_and_quiet = 0x7FF8000000000000
        return smt.bv_and(self.default_nan, smt.bv_val(exponent_and_quiet, 64)) == \
            smt.bv_val(exponent_and_quiet, 64)

    def choose_first(self, op: str) -> Expr:
        choice = smt.bool_var(f"%nan.choice{len(self.choices)}").expr
        self.choices.append((choice, op))
        return choice

    def pins(self) -> Expr | None:
        measured = machine_nan_behaviour()
        if measured is None:
            return None
        default, winners = measured
        pins = [self.default_nan == smt.bv_val(default, 64)]
        pins += [choice == smt.bool_val(winners[op] == "first") for choice, op in self.choices]
        return smt.and_(*pins)


# --- compile-time constants ----------------------------------------------------------------

class _Constants:
    """The values of a rule's constants: one assignment (concrete) or all of them (symbolic,
    selected by bit-vector symbols and tables)."""

    __slots__ = ("assignments", "conds", "premise", "symbols")

    def __init__(self, ranges: Mapping[str, tuple[int, int]],
                 fixed: Mapping[str, int] | None) -> None:
        self.symbols: dict[str, smt.Var] = {}
        if fixed is not None or not ranges:
            self.assignments: list[dict[str, int]] = [dict(fixed or {})]
            self.conds: list[Expr] = [smt.bool_val(True)]
            self.premise = smt.bool_val(True)
            return
        names = sorted(ranges)
        for name in names:
            lo, hi = ranges[name]
            width = max(lo.bit_length(), hi.bit_length()) + 2
            self.symbols[name] = smt.bv_var(name, width)
        self.assignments = [dict(zip(names, values, strict=True)) for values in
                            itertools.product(*(range(ranges[n][0], ranges[n][1] + 1)
                                                for n in names))]
        if len(self.assignments) > TABLE_MAX:
            raise Unsupported(f"{len(self.assignments)} constant values are too many to tabulate")
        self.conds = [smt.and_(*(self.symbols[n].expr == smt.bv_val(v, self.symbols[n].expr.size())
                                 for n, v in a.items())) for a in self.assignments]
        self.premise = smt.and_(*(_in_range(var.expr, *ranges[name])
                                  for name, var in self.symbols.items()))

    def select(self, values: Sequence[Expr], same: Callable[[Expr, Expr], bool]) -> Expr:
        result = values[-1]
        if all(same(v, result) for v in values):
            return result
        for cond, value in zip(reversed(self.conds[:-1]), reversed(values[:-1]), strict=True):
            result = smt.ite(cond, value, result)
        return result

    def affine(self, values: Sequence[int]) -> tuple[smt.Var, int, int] | None:
        """``values[i] == a * K_i + b`` for the single constant K?  Tables like ``2.0 ** K``
        become bit arithmetic on K instead of thousands-way case splits."""
        if len(self.symbols) != 1 or len(values) < 2:
            return None
        ((name, var),) = self.symbols.items()
        ks = [a[name] for a in self.assignments]
        slope, rem = divmod(values[1] - values[0], ks[1] - ks[0])
        offset = values[0] - slope * ks[0]
        if rem or any(v != slope * k + offset for v, k in zip(values, ks, strict=True)):
            return None
        return var, slope, offset


def _in_range(bv: Expr, lo: int, hi: int) -> Expr:
    width = bv.size()
    return smt.and_(smt.bv_signed_le(smt.bv_val(lo, width), bv),
                    smt.bv_signed_le(bv, smt.bv_val(hi, width)))


def _bits_equal(a: Expr, b: Expr) -> bool:
    return bool(a.eq(b))


def _table_sym(table: tuple[Outcome, ...], consts: _Constants) -> Sym:
    """A constant subexpression's per-assignment Python outcomes as one symbolic value."""
    codes = [_exc(_exc_code(o.raised) if o.raised else _NO_EXC) for o in table]
    exc = consts.select(codes, _bits_equal)
    values = [o.value for o in table if o.raised is None]
    kinds = {type(v) for v in values}
    if not values:
        return Sym("int", smt.int_val(0), exc, table=table)
    if len(kinds) != 1 or kinds.pop().__name__ not in _TYPES:
        raise Unsupported(f"constant of type(s) {sorted({type(v).__name__ for v in values})}")
    filler = values[0]
    padded = [o.value if o.raised is None else filler for o in table]
    if isinstance(filler, bool):
        return Sym("bool", consts.select([smt.bool_val(bool(v)) for v in padded], _bits_equal),
                   exc, table=table)
    if isinstance(filler, int):
        return Sym("int", _select_int(padded, consts), exc, table=table)  # type: ignore[arg-type]
    value, nan = _select_float(padded, consts)  # type: ignore[arg-type]
    return Sym("float", value, exc, nan, table)


def _select_int(values: Sequence[int], consts: _Constants) -> Expr:
    affine = consts.affine(values) if len(set(values)) > 1 else None
    if affine is not None:
        var, slope, offset = affine
        return smt.bv_to_int(var.expr, signed=True) * slope + offset
    return consts.select([smt.int_val(v) for v in values], _bits_equal)


def _select_float(values: Sequence[float], consts: _Constants) -> tuple[Expr, Expr]:
    bits = [smt.float_bits(v) for v in values]
    if len(set(bits)) > 1:
        compact = _powers_of_two(bits, consts)
        if compact is not None:
            return compact
    bit_terms = [smt.bv_val(b, 64) for b in bits]
    fp_terms = [smt.fp_val(v) for v in values]
    return consts.select(fp_terms, _bits_equal), consts.select(bit_terms, _bits_equal)


def _powers_of_two(bits: Sequence[int], consts: _Constants) -> tuple[Expr, Expr] | None:
    """Normal floats sharing sign and fraction whose exponent is affine in the constant:
    build the exponent field from K (``2.0 ** K``, ``3.0 * 2.0 ** -K``...)."""
    exponents = [(b >> 52) & 0x7FF for b in bits]
    rest = {b & ~(0x7FF << 52) for b in bits}
    if len(rest) != 1 or not all(1 <= e <= 0x7FE for e in exponents):
        return None
    affine = consts.affine(exponents)
    if affine is None:
        return None
    var, slope, offset = affine
    wide = smt.bv_sext(var.expr, 32 - var.expr.size()) * slope + offset
    (common,) = rest
    field_bits = smt.bv_extract(wide, 10, 0)
    value = smt.fp_make(smt.bv_val(common >> 63, 1), field_bits,
                        smt.bv_val(common & ((1 << 52) - 1), 52))
    return value, smt.bv_val(0, 64)  # never NaN


# --- the encoder -----------------------------------------------------------------------------

_ALLOWED = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Compare, ast.BoolOp, ast.IfExp,
            ast.Call, ast.Constant, ast.Name, ast.Load, ast.operator, ast.unaryop, ast.cmpop,
            ast.boolop)


def _validate(tree: ast.AST, names: set[str]) -> None:
    """Reject everything outside the modelled subset before anything is evaluated."""
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise Unsupported(f"{type(node).__name__} is not modelled")
        if isinstance(node, ast.Name) and node.id not in names and node.id not in _BUILTINS:
            raise Unsupported(f"unknown name {node.id!r}")
        if isinstance(node, ast.Call) and (
                not isinstance(node.func, ast.Name) or node.func.id not in _BUILTINS
                or len(node.args) != 1 or node.keywords
                or isinstance(node.args[0], ast.Starred)):
            raise Unsupported(f"call {ast.unparse(node)!r} is not modelled")
        if isinstance(node, ast.Constant) and type(node.value) not in (int, float, bool):
            raise Unsupported(f"constant {node.value!r} is not modelled")


class _Encoder:
    """Python expression (AST) -> :class:`Sym`, for one binding of the variables."""

    __slots__ = ("assumptions", "consts", "env", "platform")

    def __init__(self, env: Mapping[str, Sym], consts: _Constants, platform: _Platform) -> None:
        self.env = env
        self.consts = consts
        self.platform = platform
        self.assumptions: list[str] = []

    def encode(self, node: ast.expr) -> Sym:
        if not any(isinstance(n, ast.Name) and n.id in self.env for n in ast.walk(node)):
            return self._constant(node)
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            raise Unsupported(f"{type(node).__name__} over variables is not modelled")
        result: Sym = handler(node)
        return result

    def _constant(self, node: ast.expr) -> Sym:
        table = tuple(run(node, a) for a in self.consts.assignments)
        return _table_sym(table, self.consts)

    def _Name(self, node: ast.Name) -> Sym:
        return self.env[node.id]

    # operators ------------------------------------------------------------------------------

    def _BinOp(self, node: ast.BinOp) -> Sym:
        a, b = self.encode(node.left), self.encode(node.right)
        op = type(node.op)
        if op is ast.Pow:
            return self._pow(a, b)
        if op in (ast.LShift, ast.RShift):
            return self._shift(a, b, op is ast.LShift)
        if op in (ast.BitAnd, ast.BitOr, ast.BitXor):
            return self._bitwise(a, b, op)
        if op is ast.Div:
            return self._truediv(a, b)
        if "float" in (a.kind, b.kind):
            return self._float_arith(a, b, op)
        a, b = _as_int(a), _as_int(b)
        if op is ast.Add:
            return Sym("int", a.value + b.value, _first_exc([a.exc, b.exc]))
        if op is ast.Sub:
            return Sym("int", a.value - b.value, _first_exc([a.exc, b.exc]))
        if op is ast.Mult:
            return Sym("int", a.value * b.value, _first_exc([a.exc, b.exc]))
        if op in (ast.FloorDiv, ast.Mod):
            fn = smt.floordiv if op is ast.FloorDiv else smt.floormod
            return Sym("int", fn(a.value, b.value),
                       _first_exc([a.exc, b.exc], [(b.value == 0, "ZeroDivisionError")]))
        raise Unsupported(f"int operator {op.__name__}")

    def _float_arith(self, a: Sym, b: Sym, op: type) -> Sym:
        a, b = self._as_float(a), self._as_float(b)
        fns = {ast.Add: (smt.fp_add, "+"), ast.Sub: (smt.fp_sub, "-"),
               ast.Mult: (smt.fp_mul, "*")}
        if op not in fns:
            raise Unsupported(f"float operator {op.__name__}")
        fn, symbol = fns[op]
        value = fn(a.value, b.value)
        return Sym("float", value, _first_exc([a.exc, b.exc]), self._nan_of(symbol, a, b))

    def _truediv(self, a: Sym, b: Sym) -> Sym:
        if "float" in (a.kind, b.kind):
            a, b = self._as_float(a), self._as_float(b)
            return Sym("float", smt.fp_div(a.value, b.value),
                       _first_exc([a.exc, b.exc], [(smt.fp_is_zero(b.value), "ZeroDivisionError")]),
                       self._nan_of("/", a, b))
        # int / int is correctly rounded (CPython's long_true_divide); a zero quotient takes the
        # sign of the operands, and a quotient beyond the float range raises OverflowError.
        a, b = _as_int(a), _as_int(b)
        exact = smt.real_div(smt.int_to_real(a.value), smt.int_to_real(b.value))
        zero = smt.ite(b.value < 0, smt.fp_val(-0.0), smt.fp_val(0.0))
        value = smt.ite(a.value == 0, zero, smt.fp_from_real(exact))
        exc = _first_exc([a.exc, b.exc], [(b.value == 0, "ZeroDivisionError"),
                                          (smt.fp_is_inf(value), "OverflowError")])
        return Sym("float", value, exc, smt.bv_val(0, 64))

    def _pow(self, a: Sym, b: Sym) -> Sym:
        exponent = _concrete(b, "the exponent of **")
        if a.kind == "float" and float(exponent).is_integer():
            return self._float_pow(a, int(exponent), b)
        if isinstance(exponent, float) or a.kind == "float":
            raise Unsupported(f"** with a float operand and exponent {exponent}")
        if not 0 <= exponent <= MAX_POWER:
            raise Unsupported(f"int ** {exponent}")
        a = _as_int(a)
        value = smt.int_val(1)
        for i in range(exponent):
            value = a.value if i == 0 else value * a.value
        return Sym("int", value, _first_exc([a.exc, b.exc]))

    def _float_pow(self, a: Sym, n: int, b: Sym) -> Sym:
        """CPython's float_pow for a small integral exponent: its special cases, then libm's
        pow, assumed correctly rounded (then ``x ** 2`` is one rounding of ``x * x``)."""
        exc = _first_exc([a.exc, b.exc])
        if n == 0:
            return Sym("float", smt.fp_val(1.0), exc, smt.bv_val(smt.float_bits(1.0), 64))
        if n not in (1, 2):
            raise Unsupported(f"float ** {n}")
        self.assumptions.append(f"libm pow(x, {n}.0) is correctly rounded")
        x = a.value
        if n == 1:
            return Sym("float", x, exc, a.nan)
        special = smt.or_(smt.fp_is_nan(x), smt.fp_is_inf(x), smt.fp_is_zero(x))
        square = smt.fp_mul(smt.fp_abs(x), smt.fp_abs(x))  # +0.0 for ±0.0, +inf for ±inf
        value = smt.ite(smt.fp_is_nan(x), x, square)  # NaN comes back untouched, even signalling
        overflow = smt.and_(smt.not_(special), smt.fp_is_inf(square))
        return Sym("float", value, _first_exc([exc], [(overflow, "OverflowError")]), a.nan)

    def _shift(self, a: Sym, b: Sym, left: bool) -> Sym:
        if "float" in (a.kind, b.kind):
            raise Unsupported("a shift with a float operand")
        if b.table is None:
            raise Unsupported("a shift by a variable amount")
        factors: list[Outcome] = []
        for o in b.table:
            if o.raised is not None:
                factors.append(o)
            elif int(o.value) < 0:  # type: ignore[call-overload]
                factors.append(Outcome(raised="ValueError"))  # "negative shift count"
            elif int(o.value) > MAX_SHIFT:  # type: ignore[call-overload]
                raise Unsupported(f"a shift by {o.value}")
            else:
                factors.append(Outcome(2 ** int(o.value)))  # type: ignore[call-overload]
        factor = _table_sym(tuple(factors), self.consts)
        a = _as_int(a)
        value = a.value * factor.value if left else smt.floordiv(a.value, factor.value)
        return Sym("int", value, _first_exc([a.exc, factor.exc]))

    def _bitwise(self, a: Sym, b: Sym, op: type) -> Sym:
        if "float" in (a.kind, b.kind):
            raise Unsupported("a bitwise operator on a float")
        exc = _first_exc([a.exc, b.exc])
        if a.kind == b.kind == "bool":
            fns: dict[type, Callable[..., Expr]] = {ast.BitAnd: smt.and_, ast.BitOr: smt.or_,
                                                    ast.BitXor: smt.xor}
            fn = fns[op]
            return Sym("bool", fn(a.value, b.value), exc)
        if a.table is None and b.table is None:
            raise Unsupported("a bitwise operator on two variables")
        const, var = (a, b) if a.table is not None else (b, a)
        mask = _concrete(const, "a bitwise mask")
        if isinstance(mask, float):
            raise Unsupported("a bitwise operator on a float")
        x = _as_int(var).value
        if op is ast.BitAnd:
            value = _and_const(x, mask)
        elif op is ast.BitOr:
            value = x + mask - _and_const(x, mask)
        else:
            value = x + mask - 2 * _and_const(x, mask)
        return Sym("int", value, exc)

    def _UnaryOp(self, node: ast.UnaryOp) -> Sym:
        a = self.encode(node.operand)
        if isinstance(node.op, ast.Not):
            return Sym("bool", smt.not_(_truthy(a)), a.exc)
        if a.kind == "float":
            if isinstance(node.op, ast.UAdd):
                return a
            if isinstance(node.op, ast.USub):  # flips the sign bit, NaN or not
                return replace(a, value=smt.fp_neg(a.value),
                               nan=smt.bv_xor(a.nan, smt.bv_val(_SIGN_BIT, 64)))
            raise Unsupported("~ on a float")
        a = _as_int(a)
        if isinstance(node.op, ast.UAdd):
            return a
        if isinstance(node.op, ast.USub):
            return Sym("int", -a.value, a.exc)
        return Sym("int", -a.value - 1, a.exc)

    def _Compare(self, node: ast.Compare) -> Sym:
        left = first = self.encode(node.left)
        parts: list[tuple[Expr, Expr]] = []  # (result of this comparison, exc of its operand)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.encode(right_node)
            parts.append((_compare(type(op), left, right), right.exc))
            left = right
        value = smt.bool_val(True)
        exc = _exc(_NO_EXC)
        for result, right_exc in reversed(parts):  # a < b < c: c runs only when a < b holds
            exc = smt.ite(right_exc != _NO_EXC, right_exc, smt.ite(result, exc, _exc(_NO_EXC)))
            value = smt.and_(result, value)
        return Sym("bool", value, _first_exc([first.exc, exc]))

    def _BoolOp(self, node: ast.BoolOp) -> Sym:
        operands = [self.encode(v) for v in node.values]
        if len({o.kind for o in operands}) != 1:
            raise Unsupported("and/or over operands of different types")
        result = operands[-1]
        is_and = isinstance(node.op, ast.And)
        for operand in reversed(operands[:-1]):
            go_on = _truthy(operand) if is_and else smt.not_(_truthy(operand))
            result = _choose(go_on, result, operand, operand.exc)
        return result

    def _IfExp(self, node: ast.IfExp) -> Sym:
        test, body, orelse = (self.encode(n) for n in (node.test, node.body, node.orelse))
        if body.kind != orelse.kind:
            raise Unsupported("a conditional expression with branches of different types")
        return _choose(_truthy(test), body, orelse, test.exc)

    def _Call(self, node: ast.Call) -> Sym:
        assert isinstance(node.func, ast.Name)
        a = self.encode(node.args[0])
        name = node.func.id
        if name == "bool":
            return Sym("bool", _truthy(a), a.exc)
        if name == "float":
            return self._as_float(a)
        if name == "int":
            return _to_int(a)
        if a.kind == "float":  # abs clears the sign bit, NaN or not
            return replace(a, value=smt.fp_abs(a.value),
                           nan=smt.bv_and(a.nan, smt.bv_val(~_SIGN_BIT & (2**64 - 1), 64)))
        a = _as_int(a)
        return Sym("int", smt.ite(a.value < 0, -a.value, a.value), a.exc)

    # float helpers ----------------------------------------------------------------------------

    def _as_float(self, a: Sym) -> Sym:
        if a.kind == "float":
            return a
        a = _as_int(a)
        value = smt.fp_from_real(smt.int_to_real(a.value))
        return Sym("float", value, _first_exc([a.exc], [(smt.fp_is_inf(value), "OverflowError")]),
                   smt.bv_val(0, 64))

    def _nan_of(self, op: str, a: Sym, b: Sym) -> Expr:
        """The bits of ``a op b`` when it is NaN: an operand's NaN made quiet, or the
        platform's default NaN for invalid operations (inf - inf, 0 * inf, inf / inf)."""
        a_nan, b_nan = smt.fp_is_nan(a.value), smt.fp_is_nan(b.value)
        qa, qb = _quiet(a.nan), _quiet(b.nan)
        both = qa if _bits_equal(qa, qb) else smt.ite(self.platform.choose_first(op), qa, qb)
        return smt.ite(a_nan, smt.ite(b_nan, both, qa),
                       smt.ite(b_nan, qb, self.platform.default_nan))


def _as_int(a: Sym) -> Sym:
    if a.kind == "bool":
        return Sym("int", smt.ite(a.value, smt.int_val(1), smt.int_val(0)), a.exc,
                   table=a.table)
    if a.kind != "int":
        raise Unsupported(f"{a.kind} where an int is needed")
    return a


def _truthy(a: Sym) -> Expr:
    if a.kind == "bool":
        return a.value
    if a.kind == "float":
        return smt.not_(smt.fp_is_zero(a.value))  # NaN is true
    return a.value != 0


def _to_int(a: Sym) -> Sym:
    """``int(a)``: floats truncate toward zero; NaN raises ValueError, infinities OverflowError."""
    if a.kind != "float":
        return _as_int(a)
    real = smt.fp_to_real(a.value)
    value = smt.ite(real >= 0, smt.real_floor(real), -smt.real_floor(-real))
    exc = _first_exc([a.exc], [(smt.fp_is_nan(a.value), "ValueError"),
                               (smt.fp_is_inf(a.value), "OverflowError")])
    return Sym("int", value, exc)


def _choose(cond: Expr, then: Sym, other: Sym, cond_exc: Expr) -> Sym:
    """``then if cond else other`` where computing ``cond`` may have raised ``cond_exc``."""
    nan = None
    if then.kind == "float":
        nan = smt.ite(cond, then.nan, other.nan)
    exc = _first_exc([cond_exc, smt.ite(cond, then.exc, other.exc)])
    return Sym(then.kind, smt.ite(cond, then.value, other.value), exc, nan)


def _concrete(a: Sym, what: str) -> int | float:
    """The single value of a constant operand (NeedsConcrete when it varies with K)."""
    if a.table is None:
        raise Unsupported(f"{what} must be a constant")
    values = {o.value for o in a.table if o.raised is None}
    if any(o.raised is not None for o in a.table) or len(values) != 1:
        raise NeedsConcrete(f"{what} varies with the constants")
    (value,) = values
    return value  # type: ignore[return-value]


def _compare(op: type, a: Sym, b: Sym) -> Expr:
    """Python's comparison of ints, bools and floats: IEEE between floats, exact (not via a
    float conversion) between an int and a float."""
    if a.kind == b.kind == "float":
        x, y = a.value, b.value
        table = {ast.Eq: lambda: smt.fp_eq(x, y), ast.NotEq: lambda: smt.not_(smt.fp_eq(x, y)),
                 ast.Lt: lambda: smt.fp_lt(x, y), ast.LtE: lambda: smt.fp_le(x, y),
                 ast.Gt: lambda: smt.fp_lt(y, x), ast.GtE: lambda: smt.fp_le(y, x)}
        if op not in table:
            raise Unsupported(f"comparison {op.__name__}")
        return table[op]()
    if "float" in (a.kind, b.kind):
        return _compare_mixed(op, a, b)
    x, y = _as_int(a).value, _as_int(b).value
    return _arith_compare(op, x, y)


def _arith_compare(op: type, x: Expr, y: Expr) -> Expr:
    fns: dict[type, Callable[[Expr, Expr], Expr]] = {
        ast.Eq: lambda p, q: p == q, ast.NotEq: lambda p, q: p != q,
        ast.Lt: lambda p, q: p < q, ast.LtE: lambda p, q: p <= q,
        ast.Gt: lambda p, q: p > q, ast.GtE: lambda p, q: p >= q}
    if op not in fns:
        raise Unsupported(f"comparison {op.__name__}")
    return fns[op](x, y)


def _compare_mixed(op: type, a: Sym, b: Sym) -> Expr:
    def real(s: Sym, other: Sym) -> Expr:
        if s.kind == "float":
            one = smt.int_to_real(smt.int_val(1))
            return smt.ite(smt.fp_is_inf(s.value),
                           smt.ite(smt.fp_is_negative(s.value), -one, one),
                           smt.fp_to_real(s.value))
        # against an infinity only the infinity's sign matters: put the int at 0
        value = smt.int_to_real(_as_int(s).value)
        return smt.ite(smt.fp_is_inf(other.value), smt.int_to_real(smt.int_val(0)), value)

    flt = a if a.kind == "float" else b
    nan_result = smt.bool_val(op is ast.NotEq)
    return smt.ite(smt.fp_is_nan(flt.value), nan_result,
                   _arith_compare(op, real(a, b), real(b, a)))


def _and_const(x: Expr, mask: int) -> Expr:
    """``x & mask`` for an unbounded int x as linear arithmetic: each run of one-bits
    ``[lo, hi)`` of the mask keeps ``x mod 2**hi - x mod 2**lo``.  A negative mask keeps
    what ``~mask`` clears.  The identity is proven on bit-vectors (:func:`_mask_lemma`)."""
    if mask < 0:
        return x - _and_const(x, ~mask)
    if not _mask_lemma(mask):
        raise Unsupported(f"the bit-vector lemma for mask {mask} was not proven")
    total = smt.int_val(0)
    for lo, hi in _runs(mask):
        total = total + smt.floormod(x, smt.int_val(2**hi)) - smt.floormod(x, smt.int_val(2**lo))
    return total


def _runs(mask: int) -> Iterator[tuple[int, int]]:
    bit = 0
    while mask >> bit:
        if (mask >> bit) & 1:
            start = bit
            while (mask >> bit) & 1:
                bit += 1
            yield start, bit
        else:
            bit += 1


@functools.cache
def _mask_lemma(mask: int) -> bool:
    """Prove ``y & mask == sum(y mod 2**hi - y mod 2**lo for each run)`` for every
    ``y`` in ``[0, 2**w)``, ``w = mask.bit_length()``, on (w+1)-bit vectors (no overflow).
    Both sides of the unbounded identity depend on ``x mod 2**w`` only, so this covers all
    ints."""
    width = max(mask.bit_length(), 1)
    y = smt.bv_var("y", width + 1).expr
    low = smt.bv_and(y, smt.bv_val(2**width - 1, width + 1))
    total = smt.bv_val(0, width + 1)
    for lo, hi in _runs(mask):
        total = total + smt.bv_urem(low, 2**hi, width + 1) - smt.bv_urem(low, 2**lo, width + 1)
    claim = smt.bv_and(low, smt.bv_val(mask, width + 1)) == total
    return smt.Solver(timeout_s=RULE_TIMEOUT_S).prove(claim).verdict is Verdict.PROVED


# --- claims ------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Claim:
    premise: Expr
    conclusion: Expr
    inputs: list[smt.Var]
    platform: _Platform
    assumptions: list[str] = field(default_factory=list)


def _domains(rule: Rule, guard: ast.expr) -> tuple[dict[str, str], list[ast.expr]]:
    """Variable types from the guard's ``type(v) is T`` conjuncts; the other conjuncts."""
    conjuncts = guard.values if isinstance(guard, ast.BoolOp) and isinstance(guard.op, ast.And) \
        else [guard]
    domains: dict[str, str] = {}
    rest: list[ast.expr] = []
    for c in conjuncts:
        if (isinstance(c, ast.Compare) and len(c.ops) == 1 and isinstance(c.ops[0], ast.Is)
                and isinstance(c.left, ast.Call) and isinstance(c.left.func, ast.Name)
                and c.left.func.id == "type" and len(c.left.args) == 1
                and isinstance(c.left.args[0], ast.Name)
                and isinstance(c.comparators[0], ast.Name)
                and c.comparators[0].id in _TYPES):
            domains[c.left.args[0].id] = c.comparators[0].id
        else:
            rest.append(c)
    for name, kind in rule.variables.items():
        if name not in domains:
            raise Unsupported(f"the guard does not fix the type of {name}")
        if domains[name] != kind:
            raise Unsupported(f"guard says {name} is {domains[name]}, variables say {kind}")
    if extra := sorted(set(domains) - set(rule.variables)):
        raise Unsupported(f"the guard types unknown variables {extra}")
    return domains, rest


def _variable(name: str, kind: str) -> tuple[Sym, smt.Var]:
    zero = _exc(_NO_EXC)
    if kind == "int":
        var = smt.int_var(name)
        return Sym("int", var.expr, zero), var
    if kind == "bool":
        var = smt.bool_var(name)
        return Sym("bool", var.expr, zero), var
    var = smt.float_bits_var(name)
    return Sym("float", smt.fp_from_bits(var.expr), zero, var.expr), var


def _parse(rule: Rule) -> tuple[ast.expr, ast.expr, ast.expr]:
    trees = []
    for text in (rule.guard, rule.source, rule.target):
        try:
            trees.append(ast.parse(text, mode="eval").body)
        except SyntaxError as exc:
            raise Unsupported(f"cannot parse {text!r}: {exc.msg}") from None
    guard, source, target = trees
    return guard, source, target


def _build(rule: Rule, fixed: Mapping[str, int] | None) -> _Claim:
    guard, source, target = _parse(rule)
    domains, conditions = _domains(rule, guard)
    names = set(rule.variables) | set(rule.constants)
    for tree in (source, target, *conditions):
        _validate(tree, names)
    consts = _Constants(rule.constants, fixed)
    env: dict[str, Sym] = {}
    inputs: list[smt.Var] = []
    for name, kind in sorted(domains.items()):
        env[name], var = _variable(name, kind)
        inputs.append(var)
    inputs += list(consts.symbols.values())
    platform = _Platform()
    encoder = _Encoder(env, consts, platform)
    held = [encoder.encode(c) for c in conditions]
    guard_ok = smt.and_(*(smt.and_(h.exc == _NO_EXC, _truthy(h)) for h in held))
    s, t = encoder.encode(source), encoder.encode(target)
    premise = smt.and_(consts.premise, platform.premise(), guard_ok)
    return _Claim(premise, _same(s, t), inputs, platform, encoder.assumptions)


def _same(s: Sym, t: Sym) -> Expr:
    """The symbolic form of :func:`same_outcome`."""
    if s.kind != t.kind:
        values = smt.bool_val(False)
    elif s.kind == "float":
        s_nan, t_nan = smt.fp_is_nan(s.value), smt.fp_is_nan(t.value)
        values = smt.ite(s_nan, smt.and_(t_nan, s.nan == t.nan),
                         smt.and_(smt.not_(t_nan), smt.same(s.value, t.value)))
    else:
        values = s.value == t.value
    return smt.and_(s.exc == t.exc, smt.or_(s.exc != _NO_EXC, values))


# --- verdicts ----------------------------------------------------------------------------------

def check_rule(rule: Rule, timeout_s: float = RULE_TIMEOUT_S) -> Result:
    """Prove ``guard => source == target`` for all inputs and every constant in range."""
    start = time.perf_counter()
    solver = smt.Solver(timeout_s)
    try:
        result = _check(rule, solver)
    except Unsupported as exc:
        result = Result(Verdict.UNKNOWN, None, f"unsupported: {exc}")
    return replace(result, seconds=time.perf_counter() - start)


def _check(rule: Rule, solver: smt.Solver) -> Result:
    size = math.prod(hi - lo + 1 for lo, hi in rule.constants.values())
    if rule.constants and size <= ENUMERATE_LIMIT:
        return _enumerate(rule, solver)
    try:
        return _decide(rule, _build(rule, None), solver, {})
    except NeedsConcrete as exc:
        if size > ENUMERATE_MAX:
            raise Unsupported(f"{exc}, and {size} values are too many to enumerate") from None
        return _enumerate(rule, solver)


def _enumerate(rule: Rule, solver: smt.Solver) -> Result:
    """One proof per constant assignment; the worst verdict wins."""
    names = sorted(rule.constants)
    unknown: Result | None = None
    count = 0
    for values in itertools.product(*(range(rule.constants[n][0], rule.constants[n][1] + 1)
                                      for n in names)):
        fixed = dict(zip(names, values, strict=True))
        result = _decide(rule, _build(rule, fixed), solver, fixed)
        count += 1
        if result.verdict is Verdict.REFUTED:
            return result
        if result.verdict is Verdict.UNKNOWN and unknown is None:
            unknown = replace(result, reason=f"{result.reason} (at {fixed})")
    return unknown or Result(Verdict.PROVED, None, f"proved for each of {count} constant values")


def _decide(rule: Rule, claim: _Claim, solver: smt.Solver, fixed: Mapping[str, int]) -> Result:
    """Prove for every NaN choice; confirm any refutation by running Python (on this
    machine's NaN behaviour when the first counterexample depended on another's)."""
    generic = solver.prove(smt.implies(claim.premise, claim.conclusion), claim.inputs)
    if generic.verdict is Verdict.PROVED:
        if claim.assumptions:
            return Result(Verdict.UNKNOWN, None,
                          "proved only assuming " + "; ".join(sorted(set(claim.assumptions))))
        return generic
    if generic.verdict is Verdict.UNKNOWN:
        return generic
    cex = {**(generic.counterexample or {}), **fixed}
    if reproduces(rule, cex):
        return replace(generic, counterexample=cex)
    pins = claim.platform.pins()
    if pins is None:
        return Result(Verdict.UNKNOWN, None,
                      f"refuted only for NaN behaviour this machine does not show: {cex}")
    pinned = solver.prove(smt.implies(smt.and_(claim.premise, pins), claim.conclusion),
                          claim.inputs)
    if pinned.verdict is Verdict.PROVED:
        return Result(Verdict.UNKNOWN, None, "holds with this machine's NaN payloads but not "
                      f"for every IEEE-conforming choice, e.g. {cex}")
    if pinned.verdict is Verdict.UNKNOWN:
        return pinned
    cex = {**(pinned.counterexample or {}), **fixed}
    if reproduces(rule, cex):
        return replace(pinned, counterexample=cex)
    raise EncoderBugError(f"rule {rule.name}: z3 counterexample {cex!r} does not reproduce: "
                          f"source -> {run(rule.source, cex)}, target -> {run(rule.target, cex)}")


def check_all(timeout_s: float = RULE_TIMEOUT_S) -> dict[str, Result]:
    return {name: check_rule(rule, timeout_s) for name, rule in RULES.items()}


# --- evaluating one expression (for testing the encoder against CPython) ---------------------

def evaluate(expr: str, env: Mapping[str, object]) -> Outcome:
    """What the encoding says ``expr`` computes on concrete inputs, NaN choices pinned to
    this machine's.  Tests compare it with :func:`run` to catch encoder bugs directly."""
    tree = ast.parse(expr, mode="eval").body
    _validate(tree, set(env))
    claim_env: dict[str, Sym] = {}
    pairs: list[tuple[Expr, Expr]] = []
    for name, value in env.items():
        kind = type(value).__name__
        claim_env[name], var = _variable(name, kind)
        pairs.append((var.expr, _literal(value, kind)))
    platform = _Platform()
    sym = _Encoder(claim_env, _Constants({}, None), platform).encode(tree)
    pairs += _pin_pairs(platform)

    def concrete(term: Expr) -> object:
        return smt.to_python(smt.simplify(smt.substitute(term, pairs)))

    code = concrete(sym.exc)
    if code:
        return Outcome(raised={c: n for n, c in _EXC_CODES.items()}[code])  # type: ignore[index]
    value = concrete(sym.value)
    if sym.kind == "float" and concrete(smt.fp_is_nan(sym.value)):
        value = smt.float_from_bits(concrete(sym.nan))  # type: ignore[arg-type]
    return Outcome(value)


def _literal(value: object, kind: str) -> Expr:
    if kind == "int":
        return smt.int_val(value)  # type: ignore[arg-type]
    if kind == "bool":
        return smt.bool_val(bool(value))
    return smt.bv_val(smt.float_bits(value), 64)  # type: ignore[arg-type]


def _pin_pairs(platform: _Platform) -> list[tuple[Expr, Expr]]:
    measured = machine_nan_behaviour()
    assert measured is not None
    default, winners = measured
    pairs = [(platform.default_nan, smt.bv_val(default, 64))]
    pairs += [(choice, smt.bool_val(winners[op] == "first")) for choice, op in platform.choices]
    return pairs
