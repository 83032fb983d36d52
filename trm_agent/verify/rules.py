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
encoder does not model is UNKNOWN with a reason, never PROVED.

Proofs use unbounded Ints.  When they time out, or when ints meet floats (z3 is weak at
Int/Real/FP mixtures), a second encoding with ints as 64-bit vectors — every operation
required not to overflow — searches for counterexamples only.  A refutation is believed
only after Python reproduces it; one that does not raises :class:`EncoderBugError`.
See ``docs/verification.md``.
"""

from __future__ import annotations

import ast
import functools
import itertools
import math
import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from types import CodeType

from trm_agent.passes.rules import RULES, Rule
from trm_agent.verify import smt
from trm_agent.verify.smt import Expr, Result, Verdict

RULE_TIMEOUT_S = 30.0  # rules are proven once, in the test suite; 2 s is for per-function queries
SEARCH_SHARE = 0.25  # of the timeout, for the bounded counterexample search done first
ENUMERATE_LIMIT = 64  # constant ranges up to this size are proven one value at a time
ENUMERATE_MAX = 4096  # the most values enumerated when an encoding needs a concrete constant
TABLE_MAX = 5000  # the most constant assignments a symbolic encoding may tabulate
MAX_POWER = 64  # ``x ** n`` is unrolled into n - 1 multiplications up to this n
MAX_SHIFT = 4096
SEARCH_WIDTH = 64  # bits of an int in the bounded counterexample search

_BUILTINS: dict[str, object] = {"int": int, "float": float, "abs": abs, "bool": bool}
_TYPES = ("int", "float", "bool")
_QUIET_BIT = 1 << 51
_SIGN_BIT = 1 << 63
_NO_EXC = 0
_EXC_CODES: dict[str, int] = {"ZeroDivisionError": 1, "OverflowError": 2, "ValueError": 3}


class Unsupported(Exception):
    """The encoder does not model this construct; the verdict becomes UNKNOWN."""


class NeedsConcrete(Unsupported):
    """The encoding needs a constant's concrete value: prove one value at a time instead."""


class OutOfBounds(Unsupported):
    """A constant does not fit the bounded search's bit-vectors (the search is skipped)."""


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
    """Evaluate an expression with Python, exceptions being outcomes like values.  It is
    compiled afresh each time, so CPython's specialising interpreter has not warmed up on it
    (specialised float ops may pick a different NaN operand)."""
    tree = ast.Expression(expr) if isinstance(expr, ast.expr) else ast.parse(expr, mode="eval")
    return _run_code(compile(tree, "<rule>", "eval"), env)


def _run_code(code: CodeType, env: Mapping[str, object]) -> Outcome:
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
    if isinstance(a.value, float) and isinstance(b.value, float):
        return smt.float_bits(a.value) == smt.float_bits(b.value)
    return bool(a.value == b.value)


def reproduces(rule: Rule, counterexample: Mapping[str, object]) -> bool:
    """Does Python confirm the counterexample: guard true, source and target differ?"""
    guard = run(rule.guard, counterexample)
    if guard.raised is not None or not guard.value:
        return False
    return not same_outcome(run(rule.source, counterexample), run(rule.target, counterexample))


# --- symbolic outcomes -----------------------------------------------------------------------

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

@dataclass(frozen=True, slots=True)
class NanBehaviour:
    """What this CPython's float operations do with NaNs (IEEE 754 leaves it open)."""

    default: int  # the bits of the NaN an invalid operation (inf - inf) produces
    canonical: bool  # every NaN result is ``default`` (RISC-V; ARM in default-NaN mode)
    winners: Mapping[str, str]  # per op, "first"/"second": whose payload survives nan op nan


@functools.cache
def machine_nan_behaviour() -> NanBehaviour | None:
    """Measured once, through :func:`run` as replays execute.  Proofs hold for every
    behaviour; this only lets refutations be searched for and replayed on this machine."""
    inf = float("inf")
    defaults = {_bits_of(run(f"a {op} b", {"a": inf, "b": b}))
                for op, b in (("-", inf), ("*", 0.0), ("/", inf), ("+", -inf))}
    if len(defaults) != 1:
        return None
    default = defaults.pop()
    first, second = 0x7FF8000000000001, 0xFFF8000000000002
    env = {"a": smt.float_from_bits(first), "b": smt.float_from_bits(second)}
    results = {op: _bits_of(run(f"a {op} b", env)) for op in "+-*/"}
    if all(bits == default for bits in results.values()):
        return NanBehaviour(default, True, {op: "first" for op in results})
    if not all(bits in (first, second) for bits in results.values()):
        return None
    winners = {op: "first" if bits == first else "second" for op, bits in results.items()}
    return NanBehaviour(default, False, winners)


def _bits_of(outcome: Outcome) -> int:
    return smt.float_bits(outcome.value) if isinstance(outcome.value, float) else -1


class _Platform:
    """The NaN behaviour in one claim: free in proofs (any payload-propagating or canonical-NaN
    machine, operands chosen independently at each operation), pinned to this machine's for
    counterexample searches."""

    __slots__ = ("canonical", "choices", "default_nan")

    def __init__(self) -> None:
        self.default_nan = smt.bv_var("%nan.default", 64).expr
        self.canonical = smt.bool_var("%nan.canonical").expr
        self.choices: list[tuple[Expr, str]] = []

    def premise(self) -> Expr:
        exponent_and_quiet = smt.bv_val(0x7FF8000000000000, 64)
        return smt.bv_and(self.default_nan, exponent_and_quiet) == exponent_and_quiet

    def choose_first(self, op: str) -> Expr:
        choice = smt.bool_var(f"%nan.choice{len(self.choices)}").expr
        self.choices.append((choice, op))
        return choice

    def pins(self) -> list[tuple[Expr, Expr]] | None:
        measured = machine_nan_behaviour()
        if measured is None:
            return None
        pins = [(self.default_nan, smt.bv_val(measured.default, 64)),
                (self.canonical, smt.bool_val(measured.canonical))]
        pins += [(choice, smt.bool_val(measured.winners[op] == "first"))
                 for choice, op in self.choices]
        return pins


# --- integers: unbounded for proofs, bit-vectors for counterexample searches -------------------

def _arith_compare(op: type, x: Expr, y: Expr) -> Expr:
    fns: dict[type, Callable[[Expr, Expr], Expr]] = {
        ast.Eq: lambda p, q: p == q, ast.NotEq: lambda p, q: p != q,
        ast.Lt: lambda p, q: p < q, ast.LtE: lambda p, q: p <= q,
        ast.Gt: lambda p, q: p > q, ast.GtE: lambda p, q: p >= q}
    if op not in fns:
        raise Unsupported(f"comparison {op.__name__}")
    return fns[op](x, y)


class _Ints:
    """Python ints as z3 Ints: exact for every value."""

    __slots__ = ()
    side: list[Expr] = []  # noqa: RUF012 - never appended to: nothing can overflow

    def var(self, name: str) -> smt.Var:
        return smt.int_var(name)

    def const(self, value: int) -> Expr:
        return smt.int_val(value)

    def affine(self, k: Expr, slope: int, offset: int, values: Sequence[int]) -> Expr:
        return smt.bv_to_int(k, signed=True) * slope + offset

    def add(self, a: Expr, b: Expr) -> Expr:
        return a + b

    def sub(self, a: Expr, b: Expr) -> Expr:
        return a - b

    def mul(self, a: Expr, b: Expr) -> Expr:
        return a * b

    def neg(self, a: Expr) -> Expr:
        return -a

    def invert(self, a: Expr) -> Expr:
        return -a - 1

    def floordiv(self, a: Expr, b: Expr) -> Expr:
        return smt.floordiv(a, b)

    def floormod(self, a: Expr, b: Expr) -> Expr:
        return smt.floormod(a, b)

    def to_float(self, a: Expr) -> tuple[Expr, Expr]:
        """float(a), and when it raises OverflowError (rounds to infinity)."""
        value = smt.fp_from_real(smt.int_to_real(a))
        return value, smt.fp_is_inf(value)

    def truediv(self, a: Expr, b: Expr) -> tuple[Expr, Expr]:
        """CPython's long_true_divide: correctly rounded; a zero quotient is negative when
        exactly one operand is; a quotient beyond the float range raises OverflowError."""
        exact = smt.real_div(smt.int_to_real(a), smt.int_to_real(b))
        zero = smt.ite(b < 0, smt.fp_val(-0.0), smt.fp_val(0.0))
        value = smt.ite(a == 0, zero, smt.fp_from_real(exact))
        return value, smt.fp_is_inf(value)

    def trunc(self, f: Expr) -> Expr:
        real = smt.fp_to_real(f)
        return smt.ite(real >= 0, smt.real_floor(real), -smt.real_floor(-real))

    def compare_float(self, op: type, i: Expr, f: Expr, int_left: bool) -> Expr:
        """Exact comparison of an int with a non-NaN float (CPython does not round the int);
        against an infinity only the infinity's sign matters."""
        zero, one = smt.int_to_real(smt.int_val(0)), smt.int_to_real(smt.int_val(1))
        inf = smt.fp_is_inf(f)
        ri = smt.ite(inf, zero, smt.int_to_real(i))
        rf = smt.ite(inf, smt.ite(smt.fp_is_negative(f), -one, one), smt.fp_to_real(f))
        return _arith_compare(op, ri, rf) if int_left else _arith_compare(op, rf, ri)

    def bitwise(self, op: type, a: Expr, mask: int) -> Expr:
        and_ = _and_const(a, mask)
        if op is ast.BitAnd:
            return and_
        if op is ast.BitOr:
            return a + mask - and_
        return a + mask - 2 * and_


class _BoundedInts:
    """Python ints as ``width``-bit vectors, each operation required (in ``side``) to give
    the mathematical result.  Only for finding counterexamples: a model satisfying ``side``
    is a real one, but "no model" proves nothing about larger ints."""

    __slots__ = ("side", "width")

    def __init__(self, width: int = SEARCH_WIDTH) -> None:
        self.width = width
        self.side: list[Expr] = []

    def var(self, name: str) -> smt.Var:
        return smt.bv_var(name, self.width)

    def const(self, value: int) -> Expr:
        if not -(2 ** (self.width - 1)) <= value < 2 ** (self.width - 1):
            raise OutOfBounds(f"{value} does not fit {self.width} bits")
        return smt.bv_val(value, self.width)

    def affine(self, k: Expr, slope: int, offset: int, values: Sequence[int]) -> Expr:
        for v in (min(values), max(values)):
            self.const(v)
        return smt.bv_sext(k, self.width - k.size()) * slope + offset

    def _exact(self, op: str, a: Expr, b: Expr | None = None) -> None:
        self.side.append(smt.bv_exact(op, a, b))

    def add(self, a: Expr, b: Expr) -> Expr:
        self._exact("+", a, b)
        return a + b

    def sub(self, a: Expr, b: Expr) -> Expr:
        self._exact("-", a, b)
        return a - b

    def mul(self, a: Expr, b: Expr) -> Expr:
        self._exact("*", a, b)
        return a * b

    def neg(self, a: Expr) -> Expr:
        self._exact("neg", a)
        return -a

    def invert(self, a: Expr) -> Expr:
        return ~a

    def floordiv(self, a: Expr, b: Expr) -> Expr:
        self._exact("//", a, b)
        return smt.bv_floordiv(a, b)

    def floormod(self, a: Expr, b: Expr) -> Expr:
        return smt.bv_floormod(a, b)

    def to_float(self, a: Expr) -> tuple[Expr, Expr]:
        return smt.fp_from_sbv(a), smt.bool_val(False)

    def truediv(self, a: Expr, b: Expr) -> tuple[Expr, Expr]:
        """Both operands exact as floats, so IEEE division is the correctly rounded quotient
        (and 0 / -5 is -0.0, as in CPython)."""
        limit = self.const(min(2**53, 2 ** (self.width - 1) - 1))
        for x in (a, b):
            self.side.append(smt.and_(-limit <= x, x <= limit))
        return smt.fp_div(smt.fp_from_sbv(a), smt.fp_from_sbv(b)), smt.bool_val(False)

    def trunc(self, f: Expr) -> Expr:
        self.side.append(smt.fp_lt(smt.fp_abs(f), smt.fp_val(2.0 ** (self.width - 1))))
        return smt.fp_to_sbv(f, self.width)

    def compare_float(self, op: type, i: Expr, f: Expr, int_left: bool) -> Expr:
        """Compare ``2*i`` with ``2*trunc(f) + sign(f - trunc(f))`` on wider vectors."""
        wide = self.width + 3
        big = smt.not_(smt.fp_lt(smt.fp_abs(f), smt.fp_val(2.0 ** (self.width + 1))))
        t = smt.fp_to_sbv(f, wide)
        ft = smt.fp_from_sbv(t)  # exact: |t| < 2**52, or f is an integer and t == f
        one, zero = smt.bv_val(1, wide), smt.bv_val(0, wide)
        d = smt.ite(smt.fp_lt(ft, f), one, smt.ite(smt.fp_lt(f, ft), -one, zero))
        huge = smt.bv_val(2 ** (self.width + 1), wide)
        rf = smt.ite(big, smt.ite(smt.fp_is_negative(f), -huge, huge), t * 2 + d)
        ri = smt.bv_sext(i, 3) * 2
        return _arith_compare(op, ri, rf) if int_left else _arith_compare(op, rf, ri)

    def bitwise(self, op: type, a: Expr, mask: int) -> Expr:
        m = self.const(mask)  # two's complement: the low bits of the infinite pattern
        if op is ast.BitAnd:
            return smt.bv_and(a, m)
        if op is ast.BitOr:
            return smt.bv_or(a, m)
        return smt.bv_xor(a, m)


_IntTheory = _Ints | _BoundedInts


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
    """Prove ``y & mask == sum(y mod 2**hi - y mod 2**lo for each run)`` for every ``y`` in
    ``[0, 2**w)``, ``w = mask.bit_length()``, on (w+1)-bit vectors where nothing overflows.
    Both sides of the unbounded identity depend on ``x mod 2**w`` only, so it covers all
    ints."""
    width = max(mask.bit_length(), 1)
    y = smt.bv_var("y", width + 1).expr
    low = smt.bv_and(y, smt.bv_val(2**width - 1, width + 1))
    total = smt.bv_val(0, width + 1)
    for lo, hi in _runs(mask):
        total = total + smt.bv_urem(low, 2**hi, width + 1) - smt.bv_urem(low, 2**lo, width + 1)
    claim = smt.bv_and(low, smt.bv_val(mask, width + 1)) == total
    return smt.Solver(timeout_s=RULE_TIMEOUT_S).prove(claim).verdict is Verdict.PROVED


# --- compile-time constants ------------------------------------------------------------------

class _Constants:
    """The values of a rule's constants: one assignment (concrete) or all of them (symbolic:
    bit-vector symbols, and tables of what Python computed for each value)."""

    __slots__ = ("assignments", "premise", "symbols")

    def __init__(self, ranges: Mapping[str, tuple[int, int]],
                 fixed: Mapping[str, int] | None) -> None:
        self.symbols: dict[str, smt.Var] = {}
        self.assignments: list[dict[str, int]] = [dict(fixed or {})]
        self.premise = smt.bool_val(True)
        if fixed is not None or not ranges:
            return
        names = sorted(ranges)
        for name in names:
            lo, hi = ranges[name]
            self.symbols[name] = smt.bv_var(name, max(lo.bit_length(), hi.bit_length()) + 2)
        self.assignments = [dict(zip(names, values, strict=True)) for values in
                            itertools.product(*(range(ranges[n][0], ranges[n][1] + 1)
                                                for n in names))]
        if len(self.assignments) > TABLE_MAX:
            raise Unsupported(f"{len(self.assignments)} constant values are too many to tabulate")
        self.premise = smt.and_(*(_in_range(var.expr, *ranges[name])
                                  for name, var in self.symbols.items()))

    def select(self, entries: Sequence[object | None], run_type: type[_Run],
               build: Callable[[_Run], Expr]) -> Expr:
        """One term for a table (``None`` entries don't matter): a case split over runs of
        consecutive values that a single formula in K covers."""
        if len(self.assignments) == 1:
            value = entries[0]
            return build(run_type(0, value if value is not None else run_type.filler))
        if len(self.symbols) == 1:
            ((name, var),) = self.symbols.items()
            points = [(a[name], e) for a, e in zip(self.assignments, entries, strict=True)]
            return _case_split(var.expr, points, run_type, build)
        known = [(a, e) for a, e in zip(self.assignments, entries, strict=True) if e is not None]
        if not known:
            return build(run_type(0, run_type.filler))
        result = build(run_type(0, known[-1][1]))
        for assignment, entry in reversed(known[:-1]):
            cond = smt.and_(*(self.symbols[n].expr == smt.bv_val(v, self.symbols[n].expr.size())
                              for n, v in assignment.items()))
            result = smt.ite(cond, build(run_type(0, entry)), result)
        return result


def _in_range(bv: Expr, lo: int, hi: int) -> Expr:
    width = bv.size()
    return smt.and_(smt.bv_signed_le(smt.bv_val(lo, width), bv),
                    smt.bv_signed_le(bv, smt.bv_val(hi, width)))


class _Run:
    """Consecutive table entries (K, value) that equal one value."""

    filler: object = 0

    def __init__(self, k: int, value: object) -> None:
        self.points: list[tuple[int, object]] = [(k, value)]

    def accepts(self, k: int, value: object) -> bool:
        return value == self.points[0][1] and type(value) is type(self.points[0][1])

    def add(self, k: int, value: object) -> bool:
        if not self.accepts(k, value):
            return False
        self.points.append((k, value))
        return True

    @property
    def value(self) -> object:
        return self.points[0][1]


class _AffineRun(_Run):
    """Ints ``slope * K + offset``: ``2 * K``, ``K - 1``..."""

    def accepts(self, k: int, value: object) -> bool:
        if len(self.points) == 1:
            k0, v0 = self.points[0]
            return isinstance(value, int) and (value - v0) % (k - k0) == 0  # type: ignore[operator]
        (k0, v0), (k1, v1) = self.points[0], self.points[1]
        slope, rem = divmod(v1 - v0, k1 - k0)  # type: ignore[operator]
        return not rem and value == v0 + slope * (k - k0)

    def slope_offset(self) -> tuple[int, int]:
        (k0, v0), (k1, v1) = self.points[0], self.points[-1]
        slope = (v1 - v0) // (k1 - k0) if k1 != k0 else 0  # type: ignore[operator]
        return slope, v0 - slope * k0  # type: ignore[operator]


class _Pow2Run(_Run):
    """Float bits with one sign and fraction and an exponent affine in K: ``2.0 ** K``,
    ``3.0 * 2.0 ** -K``... (else all bits equal)."""

    def accepts(self, k: int, value: object) -> bool:
        if len(self.points) == 1:
            k0, first = self.points[0]
            step = _exponent(value) - _exponent(first)
            return value == first or (_rest(value) == _rest(first) and _normal(value)
                                      and _normal(first) and step != 0 and step % (k - k0) == 0)
        if self.points[0][1] == self.points[1][1]:
            return value == self.points[0][1]
        exps = _AffineRun(self.points[0][0], _exponent(self.points[0][1]))
        exps.add(self.points[1][0], _exponent(self.points[1][1]))
        return _rest(value) == _rest(self.points[0][1]) and _normal(value) \
            and exps.accepts(k, _exponent(value))


def _exponent(bits: object) -> int:
    return (int(bits) >> 52) & 0x7FF  # type: ignore[call-overload]


def _rest(bits: object) -> int:
    return int(bits) & ~(0x7FF << 52)  # type: ignore[call-overload]


def _normal(bits: object) -> bool:
    return 1 <= _exponent(bits) <= 0x7FE


def _case_split(k: Expr, points: Sequence[tuple[int, object | None]], run_type: type[_Run],
                build: Callable[[_Run], Expr]) -> Expr:
    runs: list[_Run] = []
    for key, value in points:
        if value is not None and not (runs and runs[-1].add(key, value)):
            runs.append(run_type(key, value))
    if not runs:
        return build(run_type(0, run_type.filler))
    result = build(runs[-1])
    for current, following in zip(reversed(runs[:-1]), reversed(runs[1:]), strict=True):
        below_next = smt.bv_signed_le(k, smt.bv_val(following.points[0][0] - 1, k.size()))
        result = smt.ite(below_next, build(current), result)
    return result


def _table_sym(table: tuple[Outcome, ...], consts: _Constants, ints: _IntTheory) -> Sym:
    """A constant subexpression's per-assignment Python outcomes as one symbolic value."""
    codes = [_exc_code(o.raised) if o.raised else _NO_EXC for o in table]
    exc = consts.select(codes, _Run, lambda run: _exc(int(run.value)))  # type: ignore[call-overload]
    values = [o.value for o in table if o.raised is None]
    kinds = {type(v).__name__ for v in values}
    if not values:
        return Sym("int", ints.const(0), exc, table=table)
    if len(kinds) != 1 or not kinds <= set(_TYPES):
        raise Unsupported(f"constant of type(s) {sorted(kinds)}")
    entries = [o.value if o.raised is None else None for o in table]
    kind = kinds.pop()
    if kind == "bool":
        value = consts.select(entries, _Run, lambda run: smt.bool_val(bool(run.value)))
        return Sym("bool", value, exc, table=table)
    if kind == "int":
        return Sym("int", consts.select(entries, _AffineRun, _int_builder(consts, ints)), exc,
                   table=table)
    bits = [smt.float_bits(v) if isinstance(v, float) else None for v in entries]
    value = consts.select(bits, _Pow2Run, _float_builder(consts))
    nans = [b if b is not None and math.isnan(smt.float_from_bits(b)) else None for b in bits]
    nan = consts.select(nans, _Run, lambda run: smt.bv_val(int(run.value), 64))  # type: ignore[call-overload]
    return Sym("float", value, exc, nan, table)


def _int_builder(consts: _Constants, ints: _IntTheory) -> Callable[[_Run], Expr]:
    def build(run: _Run) -> Expr:
        assert isinstance(run, _AffineRun)
        slope, offset = run.slope_offset()
        if slope == 0:
            return ints.const(int(run.value))  # type: ignore[call-overload]
        ((_, var),) = consts.symbols.items()
        return ints.affine(var.expr, slope, offset, [int(v) for _, v in run.points])  # type: ignore[call-overload]
    return build


def _float_builder(consts: _Constants) -> Callable[[_Run], Expr]:
    def build(run: _Run) -> Expr:
        first = int(run.value)  # type: ignore[call-overload]
        if all(v == first for _, v in run.points):
            return smt.fp_val(smt.float_from_bits(first))
        exponents = _AffineRun(run.points[0][0], _exponent(first))
        for key, bits in run.points[1:]:
            added = exponents.add(key, _exponent(bits))
            assert added, "a _Pow2Run holds only affine exponents"
        slope, offset = exponents.slope_offset()
        ((_, var),) = consts.symbols.items()
        wide = smt.bv_sext(var.expr, 32 - var.expr.size()) * slope + offset
        rest = _rest(first)
        return smt.fp_make(smt.bv_val(rest >> 63, 1), smt.bv_extract(wide, 10, 0),
                           smt.bv_val(rest & ((1 << 52) - 1), 52))
    return build


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

    __slots__ = ("assumptions", "consts", "env", "ints", "platform")

    def __init__(self, env: Mapping[str, Sym], consts: _Constants, platform: _Platform,
                 ints: _IntTheory) -> None:
        self.env = env
        self.consts = consts
        self.platform = platform
        self.ints = ints
        self.assumptions: list[str] = []

    def encode(self, node: ast.expr) -> Sym:
        if not any(isinstance(n, ast.Name) and n.id in self.env for n in ast.walk(node)):
            return self.constant(tuple(run(node, a) for a in self.consts.assignments))
        handler = getattr(self, "_" + type(node).__name__, None)
        if handler is None:
            raise Unsupported(f"{type(node).__name__} over variables is not modelled")
        result: Sym = handler(node)
        return result

    def constant(self, table: tuple[Outcome, ...]) -> Sym:
        return _table_sym(table, self.consts, self.ints)

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
        a, b = self._as_int(a), self._as_int(b)
        exc = _first_exc([a.exc, b.exc])
        ints = self.ints
        simple = {ast.Add: ints.add, ast.Sub: ints.sub, ast.Mult: ints.mul}
        if op in simple:
            return Sym("int", simple[op](a.value, b.value), exc)
        if op in (ast.FloorDiv, ast.Mod):
            fn = ints.floordiv if op is ast.FloorDiv else ints.floormod
            zero = b.value == ints.const(0)
            return Sym("int", fn(a.value, b.value),
                       _first_exc([a.exc, b.exc], [(zero, "ZeroDivisionError")]))
        raise Unsupported(f"int operator {op.__name__}")

    def _float_arith(self, a: Sym, b: Sym, op: type) -> Sym:
        a, b = self._as_float(a), self._as_float(b)
        fns = {ast.Add: (smt.fp_add, "+"), ast.Sub: (smt.fp_sub, "-"),
               ast.Mult: (smt.fp_mul, "*")}
        if op not in fns:
            raise Unsupported(f"float operator {op.__name__}")
        fn, symbol = fns[op]
        return Sym("float", fn(a.value, b.value), _first_exc([a.exc, b.exc]),
                   self._nan_of(symbol, a, b))

    def _truediv(self, a: Sym, b: Sym) -> Sym:
        if "float" in (a.kind, b.kind):
            a, b = self._as_float(a), self._as_float(b)
            return Sym("float", smt.fp_div(a.value, b.value),
                       _first_exc([a.exc, b.exc], [(smt.fp_is_zero(b.value), "ZeroDivisionError")]),
                       self._nan_of("/", a, b))
        a, b = self._as_int(a), self._as_int(b)
        value, overflow = self.ints.truediv(a.value, b.value)
        exc = _first_exc([a.exc, b.exc], [(b.value == self.ints.const(0), "ZeroDivisionError"),
                                          (overflow, "OverflowError")])
        return Sym("float", value, exc, smt.bv_val(0, 64))

    def _pow(self, a: Sym, b: Sym) -> Sym:
        exponent = _concrete(b, "the exponent of **")
        if a.kind == "float" and float(exponent).is_integer():
            return self._float_pow(a, int(exponent), b)
        if isinstance(exponent, float) or a.kind == "float":
            raise Unsupported(f"** with a float operand and exponent {exponent}")
        if not 0 <= exponent <= MAX_POWER:
            raise Unsupported(f"int ** {exponent}")
        a = self._as_int(a)
        value = self.ints.const(1)
        for i in range(exponent):
            value = a.value if i == 0 else self.ints.mul(value, a.value)
        return Sym("int", value, _first_exc([a.exc, b.exc]))

    def _float_pow(self, a: Sym, n: int, b: Sym) -> Sym:
        """CPython's float_pow for a small integral exponent: its special cases, then libm's
        pow, assumed correctly rounded (then ``x ** 2`` is one rounding of ``x * x``)."""
        exc = _first_exc([a.exc, b.exc])
        if n == 0:
            return Sym("float", smt.fp_val(1.0), exc, smt.bv_val(0, 64))
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
            n = int(o.value) if o.raised is None else 0  # type: ignore[call-overload]
            if o.raised is not None:
                factors.append(o)
            elif n < 0:
                factors.append(Outcome(raised="ValueError"))  # "negative shift count"
            elif n > MAX_SHIFT:
                raise Unsupported(f"a shift by {n}")
            else:
                factors.append(Outcome(2**n))
        factor = self.constant(tuple(factors))
        a = self._as_int(a)
        fn = self.ints.mul if left else self.ints.floordiv
        return Sym("int", fn(a.value, factor.value), _first_exc([a.exc, factor.exc]))

    def _bitwise(self, a: Sym, b: Sym, op: type) -> Sym:
        if "float" in (a.kind, b.kind):
            raise Unsupported("a bitwise operator on a float")
        exc = _first_exc([a.exc, b.exc])
        if a.kind == b.kind == "bool":
            fns: dict[type, Callable[..., Expr]] = {ast.BitAnd: smt.and_, ast.BitOr: smt.or_,
                                                    ast.BitXor: smt.xor}
            return Sym("bool", fns[op](a.value, b.value), exc)
        if a.table is None and b.table is None:
            raise Unsupported("a bitwise operator on two variables")
        const, var = (a, b) if a.table is not None else (b, a)
        mask = _concrete(const, "a bitwise mask")
        return Sym("int", self.ints.bitwise(op, self._as_int(var).value, int(mask)), exc)

    def _UnaryOp(self, node: ast.UnaryOp) -> Sym:
        a = self.encode(node.operand)
        if isinstance(node.op, ast.Not):
            return Sym("bool", smt.not_(self.truthy(a)), a.exc)
        if a.kind == "float":
            if isinstance(node.op, ast.UAdd):
                return a
            if isinstance(node.op, ast.USub):  # flips the sign bit, NaN or not
                return replace(a, value=smt.fp_neg(a.value),
                               nan=smt.bv_xor(a.nan, smt.bv_val(_SIGN_BIT, 64)))
            raise Unsupported("~ on a float")
        a = self._as_int(a)
        if isinstance(node.op, ast.UAdd):
            return a
        fn = self.ints.neg if isinstance(node.op, ast.USub) else self.ints.invert
        return Sym("int", fn(a.value), a.exc)

    def _Compare(self, node: ast.Compare) -> Sym:
        left = first = self.encode(node.left)
        parts: list[tuple[Expr, Expr]] = []  # (this comparison, exception of its right operand)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.encode(right_node)
            parts.append((self._compare(type(op), left, right), right.exc))
            left = right
        value = smt.bool_val(True)
        exc = _exc(_NO_EXC)
        for result, right_exc in reversed(parts):  # a < b < c: c runs only when a < b holds
            exc = smt.ite(right_exc != _NO_EXC, right_exc, smt.ite(result, exc, _exc(_NO_EXC)))
            value = smt.and_(result, value)
        return Sym("bool", value, _first_exc([first.exc, exc]))

    def _compare(self, op: type, a: Sym, b: Sym) -> Expr:
        """IEEE between floats; exact (not via a float conversion) between int and float."""
        if a.kind == b.kind == "float":
            x, y = a.value, b.value
            fns: dict[type, Callable[[], Expr]] = {
                ast.Eq: lambda: smt.fp_eq(x, y), ast.NotEq: lambda: smt.not_(smt.fp_eq(x, y)),
                ast.Lt: lambda: smt.fp_lt(x, y), ast.LtE: lambda: smt.fp_le(x, y),
                ast.Gt: lambda: smt.fp_lt(y, x), ast.GtE: lambda: smt.fp_le(y, x)}
            if op not in fns:
                raise Unsupported(f"comparison {op.__name__}")
            return fns[op]()
        if "float" in (a.kind, b.kind):
            flt, other = (a, b) if a.kind == "float" else (b, a)
            exact = self.ints.compare_float(op, self._as_int(other).value, flt.value,
                                            int_left=other is a)
            return smt.ite(smt.fp_is_nan(flt.value), smt.bool_val(op is ast.NotEq), exact)
        return _arith_compare(op, self._as_int(a).value, self._as_int(b).value)

    def _BoolOp(self, node: ast.BoolOp) -> Sym:
        operands = [self.encode(v) for v in node.values]
        if len({o.kind for o in operands}) != 1:
            raise Unsupported("and/or over operands of different types")
        result = operands[-1]
        for operand in reversed(operands[:-1]):
            go_on = self.truthy(operand)
            if isinstance(node.op, ast.Or):
                go_on = smt.not_(go_on)
            result = _choose(go_on, result, operand, operand.exc)
        return result

    def _IfExp(self, node: ast.IfExp) -> Sym:
        test, body, orelse = (self.encode(n) for n in (node.test, node.body, node.orelse))
        if body.kind != orelse.kind:
            raise Unsupported("a conditional expression with branches of different types")
        return _choose(self.truthy(test), body, orelse, test.exc)

    def _Call(self, node: ast.Call) -> Sym:
        assert isinstance(node.func, ast.Name)
        a = self.encode(node.args[0])
        name = node.func.id
        if name == "bool":
            return Sym("bool", self.truthy(a), a.exc)
        if name == "float":
            return self._as_float(a)
        if name == "int":
            return self._to_int(a)
        if a.kind == "float":  # abs clears the sign bit, NaN or not
            return replace(a, value=smt.fp_abs(a.value),
                           nan=smt.bv_and(a.nan, smt.bv_val(~_SIGN_BIT & (2**64 - 1), 64)))
        a = self._as_int(a)
        zero = self.ints.const(0)
        return Sym("int", smt.ite(a.value < zero, self.ints.neg(a.value), a.value), a.exc)

    # conversions ----------------------------------------------------------------------------

    def _as_int(self, a: Sym) -> Sym:
        if a.kind == "bool":
            one, zero = self.ints.const(1), self.ints.const(0)
            return Sym("int", smt.ite(a.value, one, zero), a.exc, table=a.table)
        if a.kind != "int":
            raise Unsupported(f"{a.kind} where an int is needed")
        return a

    def _as_float(self, a: Sym) -> Sym:
        if a.kind == "float":
            return a
        a = self._as_int(a)
        value, overflow = self.ints.to_float(a.value)
        return Sym("float", value, _first_exc([a.exc], [(overflow, "OverflowError")]),
                   smt.bv_val(0, 64))

    def _to_int(self, a: Sym) -> Sym:
        """``int(a)``: floats truncate toward zero; NaN raises ValueError, infinities
        OverflowError."""
        if a.kind != "float":
            return self._as_int(a)
        exc = _first_exc([a.exc], [(smt.fp_is_nan(a.value), "ValueError"),
                                   (smt.fp_is_inf(a.value), "OverflowError")])
        finite = smt.ite(smt.fp_is_nan(a.value), smt.fp_val(0.0),
                         smt.ite(smt.fp_is_inf(a.value), smt.fp_val(0.0), a.value))
        return Sym("int", self.ints.trunc(finite), exc)

    def truthy(self, a: Sym) -> Expr:
        if a.kind == "bool":
            return a.value
        if a.kind == "float":
            return smt.not_(smt.fp_is_zero(a.value))  # NaN is true
        return a.value != self.ints.const(0)

    def _nan_of(self, op: str, a: Sym, b: Sym) -> Expr:
        """The bits of ``a op b`` when it is NaN: an operand's NaN made quiet, or the
        platform's default NaN for invalid operations (inf - inf, 0 * inf, inf / inf) and
        on canonical-NaN machines."""
        a_nan, b_nan = smt.fp_is_nan(a.value), smt.fp_is_nan(b.value)
        qa, qb = _quiet(a.nan), _quiet(b.nan)
        both = qa if qa.eq(qb) else smt.ite(self.platform.choose_first(op), qa, qb)
        default = self.platform.default_nan
        propagated = smt.ite(a_nan, smt.ite(b_nan, both, qa), smt.ite(b_nan, qb, default))
        return smt.ite(self.platform.canonical, default, propagated)


def _choose(cond: Expr, then: Sym, other: Sym, cond_exc: Expr) -> Sym:
    """``then if cond else other`` where computing ``cond`` may have raised ``cond_exc``."""
    nan = smt.ite(cond, then.nan, other.nan) if then.kind == "float" else None
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
    if not isinstance(value, int | float):
        raise Unsupported(f"{what} is a {type(value).__name__}")
    return value


# --- claims ------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Claim:
    premise: Expr
    conclusion: Expr
    inputs: list[smt.Var]
    platform: _Platform
    assumptions: list[str]
    uses_reals: bool


def _parse(rule: Rule) -> tuple[dict[str, str], list[ast.expr], ast.expr, ast.expr]:
    """The variables' types, the guard's other conjuncts, source and target."""
    trees = []
    for text in (rule.guard, rule.source, rule.target):
        try:
            trees.append(ast.parse(text, mode="eval").body)
        except SyntaxError as exc:
            raise Unsupported(f"cannot parse {text!r}: {exc.msg}") from None
    guard, source, target = trees
    domains, conditions = _domains(rule, guard)
    names = set(rule.variables) | set(rule.constants)
    for tree in (source, target, *conditions):
        _validate(tree, names)
    return domains, conditions, source, target


def _domains(rule: Rule, guard: ast.expr) -> tuple[dict[str, str], list[ast.expr]]:
    """Variable types from the guard's top-level ``type(v) is T`` conjuncts."""
    is_and = isinstance(guard, ast.BoolOp) and isinstance(guard.op, ast.And)
    conjuncts = guard.values if isinstance(guard, ast.BoolOp) and is_and else [guard]
    domains: dict[str, str] = {}
    rest: list[ast.expr] = []
    for c in conjuncts:
        typed = _type_test(c)
        if typed is None:
            rest.append(c)
        else:
            domains[typed[0]] = typed[1]
    for name, kind in rule.variables.items():
        if name not in domains:
            raise Unsupported(f"the guard does not fix the type of {name}")
        if domains[name] != kind:
            raise Unsupported(f"the guard says {name} is {domains[name]}, variables say {kind}")
    if extra := sorted(set(domains) - set(rule.variables)):
        raise Unsupported(f"the guard types unknown variables {extra}")
    return domains, rest


def _type_test(node: ast.expr) -> tuple[str, str] | None:
    """``type(v) is T`` -> (v, T)."""
    if not (isinstance(node, ast.Compare) and len(node.ops) == 1
            and isinstance(node.ops[0], ast.Is) and isinstance(node.left, ast.Call)):
        return None
    call, kind = node.left, node.comparators[0]
    if (isinstance(call.func, ast.Name) and call.func.id == "type" and len(call.args) == 1
            and not call.keywords and isinstance(call.args[0], ast.Name)
            and isinstance(kind, ast.Name) and kind.id in _TYPES):
        return call.args[0].id, kind.id
    return None


def _variable(name: str, kind: str, ints: _IntTheory) -> tuple[Sym, smt.Var]:
    zero = _exc(_NO_EXC)
    if kind == "int":
        var = ints.var(name)
        return Sym("int", var.expr, zero), var
    if kind == "bool":
        var = smt.bool_var(name)
        return Sym("bool", var.expr, zero), var
    var = smt.float_bits_var(name)
    return Sym("float", smt.fp_from_bits(var.expr), zero, var.expr), var


def _build(rule: Rule, fixed: Mapping[str, int] | None, ints: _IntTheory) -> _Claim:
    domains, conditions, source, target = _parse(rule)
    consts = _Constants(rule.constants, fixed)
    env: dict[str, Sym] = {}
    inputs: list[smt.Var] = []
    for name, kind in sorted(domains.items()):
        env[name], var = _variable(name, kind, ints)
        inputs.append(var)
    inputs += list(consts.symbols.values())
    platform = _Platform()
    encoder = _Encoder(env, consts, platform, ints)
    held = [encoder.encode(c) for c in conditions]
    guard_ok = smt.and_(*(smt.and_(h.exc == _NO_EXC, encoder.truthy(h)) for h in held))
    s, t = encoder.encode(source), encoder.encode(target)
    premise = smt.and_(consts.premise, platform.premise(), guard_ok, *ints.side)
    conclusion = _same(s, t)
    return _Claim(premise, conclusion, inputs, platform, encoder.assumptions,
                  smt.uses_reals(conclusion))


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

def check_rule(rule: Rule, timeout_s: float = RULE_TIMEOUT_S, *,
               by_execution: bool = True) -> Result:
    """Prove ``guard => source == target`` for all inputs and every constant in range.

    ``by_execution`` first runs the rule on boundary and random inputs (milliseconds, and
    the quickest way to refute a wrong rule); without it every refutation comes from z3.
    ``timeout_s`` bounds each z3 query.
    """
    start = time.perf_counter()
    solver = smt.Solver(timeout_s)
    found = search_by_execution(rule) if by_execution else None
    if found is not None:
        result = Result(Verdict.REFUTED, found, "found by execution on probe inputs")
    else:
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
        result = _decide(rule, None, solver)
    except NeedsConcrete as exc:
        if size > ENUMERATE_MAX:
            raise Unsupported(f"{exc}, and {size} values are too many to enumerate") from None
        return _enumerate(rule, solver)
    if result.verdict is Verdict.PROVED and rule.constants:
        result = replace(result, reason=f"proved for all {size} constant values at once")
    return result


def _enumerate(rule: Rule, solver: smt.Solver) -> Result:
    """One proof per constant assignment; the worst verdict wins."""
    names = sorted(rule.constants)
    unknown: Result | None = None
    count = 0
    for values in itertools.product(*(range(rule.constants[n][0], rule.constants[n][1] + 1)
                                      for n in names)):
        fixed = dict(zip(names, values, strict=True))
        result = _decide(rule, fixed, solver)
        count += 1
        if result.verdict is Verdict.REFUTED:
            return result
        if result.verdict is Verdict.UNKNOWN and unknown is None:
            unknown = replace(result, reason=f"{result.reason} (at {fixed})")
    return unknown or Result(Verdict.PROVED, None, f"proved for each of {count} constant values")


def _decide(rule: Rule, fixed: Mapping[str, int] | None, solver: smt.Solver) -> Result:
    """Prove with unbounded ints for every NaN choice; search with bounded ints (first when
    ints meet floats, else after a failed proof); believe refutations only when replayed."""
    claim = _build(rule, fixed, _Ints())
    has_ints = "int" in rule.variables.values()
    search_first = has_ints and claim.uses_reals
    if search_first:
        found = _search(rule, fixed, solver, solver.timeout_s * SEARCH_SHARE)
        if found is not None:
            return found
    proof = _prove(rule, claim, fixed or {}, solver)
    if proof.verdict is Verdict.UNKNOWN and has_ints and not search_first:
        found = _search(rule, fixed, solver, solver.timeout_s * SEARCH_SHARE)
        if found is not None:
            return found
    return proof


def _prove(rule: Rule, claim: _Claim, fixed: Mapping[str, int], solver: smt.Solver) -> Result:
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
    pinned = solver.prove(_pinned(claim, pins), claim.inputs)
    if pinned.verdict is Verdict.PROVED:
        return Result(Verdict.UNKNOWN, None, "holds with this machine's NaN payloads but not "
                      f"for every IEEE-conforming choice, e.g. {cex}")
    return _confirmed(rule, pinned, fixed)


def _pinned(claim: _Claim, pins: Sequence[tuple[Expr, Expr]]) -> Expr:
    fixed = smt.and_(*(var == value for var, value in pins))
    return smt.implies(smt.and_(claim.premise, fixed), claim.conclusion)


def _search(rule: Rule, fixed: Mapping[str, int] | None, solver: smt.Solver,
            timeout_s: float) -> Result | None:
    """A counterexample with ints as bit-vectors (on this machine's NaN behaviour), or None."""
    try:
        claim = _build(rule, fixed, _BoundedInts())
    except OutOfBounds:
        return None
    pins = claim.platform.pins()
    if pins is None:
        return None
    found = solver.prove(_pinned(claim, pins), claim.inputs, timeout_s=timeout_s)
    if found.verdict is not Verdict.REFUTED:
        return None
    return _confirmed(rule, replace(found, reason="found with ints bounded to "
                                    f"{SEARCH_WIDTH} bits"), fixed or {})


def _confirmed(rule: Rule, result: Result, fixed: Mapping[str, int]) -> Result:
    if result.verdict is not Verdict.REFUTED:
        return result
    cex = {**(result.counterexample or {}), **fixed}
    if reproduces(rule, cex):
        return replace(result, counterexample=cex)
    raise EncoderBugError(f"rule {rule.name}: z3 counterexample {cex!r} does not reproduce: "
                          f"source -> {run(rule.source, cex)}, target -> {run(rule.target, cex)}")


def check_all(timeout_s: float = RULE_TIMEOUT_S) -> dict[str, Result]:
    return {name: check_rule(rule, timeout_s) for name, rule in RULES.items()}


# --- counterexamples by execution ------------------------------------------------------------

PROBE_LIMIT = 20_000  # the most input combinations one execution search runs
_INT_PROBES = (0, 1, -1, 2, -2, 3, -3, 7, -8, 255, 256, -257, 2**31 - 1, -(2**31), 2**53 + 1,
               -(2**53) - 1, 2**63 - 1, -(2**63), 2**64 + 3, 10**30 + 1, 2**1030 - 1, -(2**1030))
_FLOAT_PROBES = (0.0, -0.0, 1.0, -1.0, 0.5, -2.5, 3.0, 0.1, 1 / 3, 5e-324, -1e-310,
                 2.2250738585072014e-308, 1.7976931348623157e308, -1e200, 1e-200, 2.0**53 + 2,
                 1e16, math.inf, -math.inf)
_NAN_BITS = (0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001, 0x7FF8000000000005)


def probe_values(kind: str, rng: random.Random) -> list[object]:
    """Boundary values of a type (huge ints, signed zeros, subnormals, infinities, NaNs with
    payloads, signalling NaN) plus a few seeded random ones."""
    if kind == "bool":
        return [False, True]
    if kind == "int":
        return [*_INT_PROBES, *(rng.randint(-(2**m), 2**m) for m in (8, 8, 64, 64, 200))]
    randoms = [smt.float_from_bits(rng.getrandbits(64)) for _ in range(6)]
    return [*_FLOAT_PROBES, *map(smt.float_from_bits, _NAN_BITS), *randoms,
            rng.uniform(-1e6, 1e6)]


def _constant_probes(lo: int, hi: int, rng: random.Random) -> list[int]:
    picks = {lo, hi, min(lo + 1, hi), max(hi - 1, lo), (lo + hi) // 2}
    picks |= {v for v in (-1, 0, 1) if lo <= v <= hi}
    picks |= {rng.randint(lo, hi) for _ in range(3)}
    return sorted(picks)


def search_by_execution(rule: Rule, seed: int = 0) -> dict[str, object] | None:
    """Run guard, source and target on probe inputs; the first confirmed difference."""
    rng = random.Random(seed)
    names = sorted(rule.variables) + sorted(rule.constants)
    pools: list[Sequence[object]] = [probe_values(rule.variables[n], rng)
                                     for n in sorted(rule.variables)]
    pools += [_constant_probes(*rule.constants[n], rng) for n in sorted(rule.constants)]
    try:
        codes = [compile(text, "<rule>", "eval") for text in (rule.guard, rule.source, rule.target)]
    except SyntaxError:
        return None
    for values in _combinations(pools, rng):
        env = dict(zip(names, values, strict=True))
        guard, source, target = (_run_code(code, env) for code in codes)
        if guard.raised is None and guard.value and not same_outcome(source, target) \
                and reproduces(rule, env):
            return env
    return None


def _combinations(pools: Sequence[Sequence[object]],
                  rng: random.Random) -> Iterator[tuple[object, ...]]:
    if math.prod(len(p) for p in pools) <= PROBE_LIMIT:
        yield from itertools.product(*pools)
        return
    for _ in range(PROBE_LIMIT):
        yield tuple(rng.choice(p) for p in pools)


# --- evaluating one expression (for testing the encoder against CPython) ---------------------

def evaluate(expr: str, env: Mapping[str, object], *, bounded: bool = False) -> Outcome:
    """What the encoding says ``expr`` computes on concrete inputs, NaN choices pinned to
    this machine's.  Tests compare it with :func:`run` to catch encoder bugs directly.
    ``bounded`` evaluates the search encoding (ints as bit-vectors) instead."""
    tree = ast.parse(expr, mode="eval").body
    _validate(tree, set(env))
    ints: _IntTheory = _BoundedInts() if bounded else _Ints()
    claim_env: dict[str, Sym] = {}
    pairs: list[tuple[Expr, Expr]] = []
    for name, value in env.items():
        kind = type(value).__name__
        claim_env[name], var = _variable(name, kind, ints)
        pairs.append((var.expr, _literal(value, kind, ints)))
    platform = _Platform()
    sym = _Encoder(claim_env, _Constants({}, None), platform, ints).encode(tree)
    pairs += platform.pins() or []

    def concrete(term: Expr, kind: str | None = None) -> object:
        return smt.to_python(smt.simplify(smt.substitute(term, pairs)), kind)

    if bounded and not all(concrete(side) for side in ints.side):
        raise OutOfBounds("an operation leaves the bounded range")
    code = concrete(sym.exc)
    if code:
        return Outcome(raised={c: n for n, c in _EXC_CODES.items()}[code])  # type: ignore[index]
    if sym.kind == "float" and concrete(smt.fp_is_nan(sym.value)):
        return Outcome(smt.float_from_bits(concrete(sym.nan)))  # type: ignore[arg-type]
    return Outcome(concrete(sym.value, "bv" if bounded and sym.kind == "int" else None))


def _literal(value: object, kind: str, ints: _IntTheory) -> Expr:
    if kind == "int":
        return ints.const(value)  # type: ignore[arg-type]
    if kind == "bool":
        return smt.bool_val(bool(value))
    return smt.bv_val(smt.float_bits(value), 64)  # type: ignore[arg-type]
