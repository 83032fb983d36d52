"""The project's only door to z3 (DESIGN §10, after Alive2's ``smt/``).

Everything else builds formulas from the small vocabulary below and asks :class:`Solver`
for a :class:`Result`, so timeouts, statistics, tactic choice and the conversion of models
back to Python values live in one place.  Expressions are opaque z3 terms outside this
module (typed :data:`Expr`); Python's ``+``, ``-``, ``*`` and comparisons work on integer
terms, everything else goes through a function here.

Floats are IEEE binary64 (``FPSort(11, 53)``), every rounding is round-nearest-even (what
CPython's C doubles do).  SMT-LIB has a single NaN, so code that must compare floats bit
for bit (DESIGN §4) carries NaN payloads itself as 64-bit vectors: see
:func:`float_bits_var`, :func:`fp_from_bits`.
"""

from __future__ import annotations

import enum
import math
import struct
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import z3

Expr = Any  # a z3 term; deliberately opaque outside this module

DEFAULT_TIMEOUT_S = 2.0
FP64 = z3.Float64()
_RNE = z3.RNE()

# Pure bit-vector/float/Boolean claims are bit-blasted: z3's default portfolio needs 5-20x
# longer on the FP64 division/multiplication equivalences the rules produce.
_BITBLAST = ("simplify", "fpa2bv", "simplify", "propagate-values", "solve-eqs",
             "bit-blast", "aig")


class Verdict(enum.Enum):
    PROVED = "proved"
    REFUTED = "refuted"
    UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Result:
    verdict: Verdict
    counterexample: dict[str, object] | None = None
    reason: str = ""
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Var:
    """An input of a query: decoded back to a Python value of ``kind`` in counterexamples."""

    name: str
    kind: str  # "int" | "bool" | "float" (FP sort) | "float-bits" (64-bit vector) | "bv"
    expr: Expr


@dataclass(slots=True)
class Stats:
    queries: int = 0
    seconds: float = 0.0
    verdicts: dict[str, int] = field(default_factory=dict)

    def record(self, verdict: Verdict, seconds: float) -> None:
        self.queries += 1
        self.seconds += seconds
        self.verdicts[verdict.value] = self.verdicts.get(verdict.value, 0) + 1


class Solver:
    """Validity queries with a per-query timeout; one instance can serve many queries."""

    __slots__ = ("stats", "timeout_s")

    def __init__(self, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.timeout_s = timeout_s
        self.stats = Stats()

    def prove(self, claim: Expr, inputs: Iterable[Var] = (), *,
              timeout_s: float | None = None) -> Result:
        """Is ``claim`` true for every value of its free symbols?  REFUTED carries a model of
        ``not claim`` restricted to ``inputs``, as Python values."""
        limit = self.timeout_s if timeout_s is None else timeout_s
        start = time.perf_counter()
        reason = "no solver tried"
        for make in _strategies(claim):
            left = limit - (time.perf_counter() - start)
            if left <= 0:
                break
            solver = make()
            solver.set("timeout", max(1, int(left * 1000)))
            solver.add(z3.Not(claim))
            try:
                answer = solver.check()
            except z3.Z3Exception as exc:  # a tactic that cannot handle the formula
                reason = f"z3 error: {exc}"
                continue
            if answer == z3.unsat:
                return self._done(Verdict.PROVED, None, "", start)
            if answer == z3.sat:
                model = solver.model()
                cex = {var.name: to_python(model.eval(var.expr, model_completion=True), var.kind)
                       for var in inputs}
                return self._done(Verdict.REFUTED, cex, "", start)
            reason = f"z3: {solver.reason_unknown()}"
            if "timeout" in reason or "canceled" in reason:
                break
        else:
            return self._done(Verdict.UNKNOWN, None, reason, start)
        return self._done(Verdict.UNKNOWN, None, f"z3: timeout after {limit:g} s", start)

    def _done(self, verdict: Verdict, cex: dict[str, object] | None, reason: str,
              start: float) -> Result:
        seconds = time.perf_counter() - start
        self.stats.record(verdict, seconds)
        return Result(verdict, cex, reason, seconds)


def _strategies(claim: Expr) -> list[Callable[[], Any]]:
    """Solvers to try in turn while the previous one gives up without timing out.

    Int/Real claims go to z3's default solver.  Bit-vector/float claims are bit-blasted; the
    plain SAT back end is fastest but cannot finish goals that keep uninterpreted leftovers
    (division by zero, float-to-int of NaN), which the ``smt`` back end can.
    """
    if _mentions(claim, _ARITH_SORTS, ()):
        return [z3.Solver]
    with_smt = lambda: z3.Then(*_BITBLAST, "smt").solver()  # noqa: E731
    if _mentions(claim, (), _PARTIAL_OPS):
        return [with_smt]
    return [lambda: z3.Then(*_BITBLAST, "sat").solver(), with_smt]


_ARITH_SORTS = (z3.Z3_INT_SORT, z3.Z3_REAL_SORT)
_PARTIAL_OPS = (z3.Z3_OP_BSDIV, z3.Z3_OP_BSMOD, z3.Z3_OP_BSREM, z3.Z3_OP_BUDIV, z3.Z3_OP_BUREM,
                z3.Z3_OP_FPA_TO_IEEE_BV, z3.Z3_OP_FPA_TO_REAL, z3.Z3_OP_FPA_TO_SBV,
                z3.Z3_OP_FPA_TO_UBV)


def uses_reals(claim: Expr) -> bool:
    """Does the formula mix in real arithmetic (int/float conversions of unbounded ints)?"""
    return _mentions(claim, (z3.Z3_REAL_SORT,), ())


def _mentions(root: Expr, sorts: tuple[int, ...], ops: tuple[int, ...]) -> bool:
    """Does any subterm have one of these sort kinds or apply one of these operators?"""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        key = node.get_id()
        if key in seen:
            continue
        seen.add(key)
        if node.sort().kind() in sorts or (z3.is_app(node) and node.decl().kind() in ops):
            return True
        stack.extend(node.children())
    return False


# --- variables and model values ------------------------------------------------------------

def int_var(name: str) -> Var:
    return Var(name, "int", z3.Int(name))


def bool_var(name: str) -> Var:
    return Var(name, "bool", z3.Bool(name))


def fp64_var(name: str) -> Var:
    return Var(name, "float", z3.FP(name, FP64))


def float_bits_var(name: str) -> Var:
    """A Python float as its 64 raw bits, so NaN payloads survive into counterexamples."""
    return Var(name, "float-bits", z3.BitVec(name, 64))


def bv_var(name: str, width: int) -> Var:
    return Var(name, "bv", z3.BitVec(name, width))


def to_python(value: Expr, kind: str | None = None) -> object:
    """A z3 model value as the Python value it stands for (ints exact, floats bit-exact).

    ``kind`` says how to read a bit-vector: ``"float-bits"`` as a float's bits, ``"bv"`` as
    a signed int; by default it is read unsigned.
    """
    if kind == "float-bits":
        return float_from_bits(value.as_long())
    if z3.is_true(value) or z3.is_false(value):
        return bool(z3.is_true(value))
    if z3.is_int_value(value):
        return value.as_long()
    if z3.is_bv_value(value):
        return value.as_signed_long() if kind == "bv" else value.as_long()
    if z3.is_fp_value(value):
        return _fp_to_float(value)
    if z3.is_rational_value(value):
        return value.as_fraction()
    raise TypeError(f"no Python value for z3 term {value} of sort {value.sort()}")


def _fp_to_float(value: Expr) -> float:
    if value.isNaN():
        return math.nan
    return float_from_bits(z3.simplify(z3.fpToIEEEBV(value)).as_long())


def float_from_bits(bits: int) -> float:
    return float(struct.unpack("<d", struct.pack("<Q", bits & (2**64 - 1)))[0])


def float_bits(value: float) -> int:
    return int(struct.unpack("<Q", struct.pack("<d", value))[0])


# --- Boolean vocabulary --------------------------------------------------------------------

def bool_val(value: bool) -> Expr:
    return z3.BoolVal(value)


def and_(*terms: Expr) -> Expr:
    return z3.And(*terms) if terms else z3.BoolVal(True)


def or_(*terms: Expr) -> Expr:
    return z3.Or(*terms) if terms else z3.BoolVal(False)


def not_(term: Expr) -> Expr:
    return z3.Not(term)


def xor(a: Expr, b: Expr) -> Expr:
    return z3.Xor(a, b)


def implies(a: Expr, b: Expr) -> Expr:
    return z3.Implies(a, b)


def ite(cond: Expr, then: Expr, other: Expr) -> Expr:
    return z3.If(cond, then, other)


def same(a: Expr, b: Expr) -> Expr:
    """SMT equality: for floats it tells -0.0 from 0.0 and treats every NaN as one value."""
    return a == b


def simplify(term: Expr) -> Expr:
    return z3.simplify(term)


def is_literal(term: Expr, value: object) -> bool:
    """Is ``term`` syntactically the constant ``value`` (True/False, an Int or a bit-vector)?"""
    if isinstance(value, bool):
        return bool(z3.is_true(term)) if value else bool(z3.is_false(term))
    return bool(z3.is_int_value(term) or z3.is_bv_value(term)) and term.as_long() == value


# --- integers (Python semantics where z3's differ) -----------------------------------------

def int_val(value: int) -> Expr:
    return z3.IntVal(value)


def floordiv(a: Expr, b: Expr) -> Expr:
    """Python's ``a // b`` (floor) from z3's Euclidean ``div``; undefined for ``b == 0``.

    Euclid keeps ``0 <= a mod b < |b|``.  For ``b > 0`` that is floor division.  For ``b < 0``
    with a nonzero remainder, floor lies one below: ``7 // -2 == -4`` while Euclid gives -3.
    """
    q = a / b
    return z3.If(z3.Or(b > 0, a % b == 0), q, q - 1)


def floormod(a: Expr, b: Expr) -> Expr:
    """Python's ``a % b``: takes the sign of ``b``; ``a == b * (a // b) + a % b``."""
    r = a % b
    return z3.If(z3.Or(b > 0, r == 0), r, r + b)


def int_to_real(a: Expr) -> Expr:
    return z3.ToReal(a)


def real_div(a: Expr, b: Expr) -> Expr:
    return a / b


def real_floor(a: Expr) -> Expr:
    return z3.ToInt(a)


def bv_to_int(a: Expr, signed: bool) -> Expr:
    return z3.BV2Int(a, is_signed=signed)


def bv_val(value: int, width: int) -> Expr:
    return z3.BitVecVal(value, width)


def bv_signed_le(a: Expr, b: Expr) -> Expr:
    return a <= b  # z3py's <= on bit-vectors is the signed comparison


def bv_or(a: Expr, b: Expr) -> Expr:
    return a | b


def bv_xor(a: Expr, b: Expr) -> Expr:
    return a ^ b


def bv_and(a: Expr, b: Expr) -> Expr:
    return a & b


def bv_urem(a: Expr, divisor: int, width: int) -> Expr:
    return z3.URem(a, z3.BitVecVal(divisor, width))


def bv_floordiv(a: Expr, b: Expr) -> Expr:
    """Python's ``//`` on signed bit-vectors (``bvsdiv`` truncates toward zero)."""
    q = a / b
    r = z3.SRem(a, b)
    return z3.If(z3.And(r != 0, (r < 0) != (b < 0)), q - 1, q)


def bv_floormod(a: Expr, b: Expr) -> Expr:
    """Python's ``%`` on signed bit-vectors: ``bvsmod`` already takes the divisor's sign."""
    return a % b


def bv_exact(op: str, a: Expr, b: Expr | None = None) -> Expr:
    """The signed bit-vector ``op`` (+ - * // neg) gives the mathematical integer result."""
    if op == "+":
        return z3.And(z3.BVAddNoOverflow(a, b, True), z3.BVAddNoUnderflow(a, b))
    if op == "-":
        return z3.And(z3.BVSubNoOverflow(a, b), z3.BVSubNoUnderflow(a, b, True))
    if op == "*":
        return z3.And(z3.BVMulNoOverflow(a, b, True), z3.BVMulNoUnderflow(a, b))
    if op == "//":
        return z3.BVSDivNoOverflow(a, b)
    if op == "neg":
        return z3.BVSNegNoOverflow(a)
    raise ValueError(op)


def bv_sext(a: Expr, extra: int) -> Expr:
    return z3.SignExt(extra, a)


def bv_extract(a: Expr, high: int, low: int) -> Expr:
    return z3.Extract(high, low, a)


# --- IEEE binary64 -------------------------------------------------------------------------

def fp_val(value: float) -> Expr:
    """An exact float constant (NaN becomes SMT's only NaN; carry its bits separately)."""
    if math.isnan(value):
        return z3.fpNaN(FP64)
    return z3.fpBVToFP(z3.BitVecVal(float_bits(value), 64), FP64)


def fp_from_bits(bits: Expr) -> Expr:
    return z3.fpBVToFP(bits, FP64)


def fp_to_bits(value: Expr) -> Expr:
    """The 64 bits of a non-NaN float (z3 leaves the bits of NaN unspecified)."""
    return z3.fpToIEEEBV(value)


def fp_make(sign: Expr, exponent: Expr, significand: Expr) -> Expr:
    """A float from its fields: 1-bit sign, 11-bit biased exponent, 52-bit fraction."""
    return z3.fpFP(sign, exponent, significand)


def fp_add(a: Expr, b: Expr) -> Expr:
    return z3.fpAdd(_RNE, a, b)


def fp_sub(a: Expr, b: Expr) -> Expr:
    return z3.fpSub(_RNE, a, b)


def fp_mul(a: Expr, b: Expr) -> Expr:
    return z3.fpMul(_RNE, a, b)


def fp_div(a: Expr, b: Expr) -> Expr:
    return z3.fpDiv(_RNE, a, b)


def fp_neg(a: Expr) -> Expr:
    return z3.fpNeg(a)


def fp_abs(a: Expr) -> Expr:
    return z3.fpAbs(a)


def fp_is_nan(a: Expr) -> Expr:
    return z3.fpIsNaN(a)


def fp_is_inf(a: Expr) -> Expr:
    return z3.fpIsInf(a)


def fp_is_zero(a: Expr) -> Expr:
    return z3.fpIsZero(a)


def fp_is_negative(a: Expr) -> Expr:
    return z3.fpIsNegative(a)


def fp_eq(a: Expr, b: Expr) -> Expr:
    """IEEE ``==``: false with a NaN, true for 0.0 == -0.0."""
    return z3.fpEQ(a, b)


def fp_lt(a: Expr, b: Expr) -> Expr:
    return z3.fpLT(a, b)


def fp_le(a: Expr, b: Expr) -> Expr:
    return z3.fpLEQ(a, b)


def fp_from_real(a: Expr) -> Expr:
    """The real ``a`` correctly rounded to a float (overflowing to ±inf, as IEEE does)."""
    return z3.fpToFP(_RNE, a, FP64)


def fp_from_sbv(a: Expr) -> Expr:
    """A signed bit-vector correctly rounded to a float."""
    return z3.fpSignedToFP(_RNE, a, FP64)


def fp_to_sbv(a: Expr, width: int) -> Expr:
    """A float truncated toward zero to a signed bit-vector (exact when it fits)."""
    return z3.fpToSBV(z3.RTZ(), a, z3.BitVecSort(width))


def fp_to_real(a: Expr) -> Expr:
    """The real value of a finite float (unspecified for NaN and infinities)."""
    return z3.fpToReal(a)


def substitute(term: Expr, pairs: Iterable[tuple[Expr, Expr]]) -> Expr:
    """``term`` with symbols replaced (e.g. by constants, to evaluate it with :func:`simplify`)."""
    return z3.substitute(term, *pairs)


# --- datatypes, uninterpreted functions and strings (translation validation) ---------------
# Added for ``verify.encode``: a function's IR is encoded over a tagged union of Python values
# and an effects trace, both algebraic datatypes, with unknown operations as uninterpreted
# functions.

def int_sort() -> Expr:
    return z3.IntSort()


def bool_sort() -> Expr:
    return z3.BoolSort()


def string_sort() -> Expr:
    return z3.StringSort()


def datatypes(*decls: tuple[str, list[tuple[str, list[tuple[str, Any]]]]]) -> list[Expr]:
    """Mutually recursive datatypes: ``(name, [(constructor, [(field, sort)])])`` where a field's
    sort may be the name of one of the datatypes.  Returns the sorts in order; constructors,
    recognizers (``is_<ctor>``) and accessors are attributes of each sort."""
    pending = {name: z3.Datatype(name) for name, _ in decls}
    for name, constructors in decls:
        for constructor, fields in constructors:
            pending[name].declare(constructor, *[
                (field_name, pending[sort] if isinstance(sort, str) else sort)
                for field_name, sort in fields])
    return list(z3.CreateDatatypes(*pending.values()))


def function(name: str, *sorts: Expr) -> Expr:
    """An uninterpreted function: domain sorts, then the range sort."""
    return z3.Function(name, *sorts)


def const(name: str, sort: Expr) -> Expr:
    return z3.Const(name, sort)


def string_val(value: str) -> Expr:
    return z3.StringVal(value)


def str_concat(*parts: Expr) -> Expr:
    return z3.Concat(*parts) if len(parts) > 1 else parts[0]


def str_len(a: Expr) -> Expr:
    return z3.Length(a)


def str_lt(a: Expr, b: Expr) -> Expr:
    """Lexicographic order by code point, as Python compares str."""
    return a < b


def str_le(a: Expr, b: Expr) -> Expr:
    return a <= b


def str_contains(haystack: Expr, needle: Expr) -> Expr:
    return z3.Contains(haystack, needle)


def str_at(a: Expr, index: Expr) -> Expr:
    """The one-character string at ``index`` (empty outside the string)."""
    return z3.SubString(a, index, 1)


def str_code(a: Expr) -> Expr:
    """The code point of a one-character string, -1 for any other string."""
    return z3.StrToCode(a)


def is_int_literal(term: Expr) -> bool:
    return bool(z3.is_int_value(term))


def negated(term: Expr) -> Expr | None:
    """``t`` when ``term`` is ``not t``, else None."""
    return term.arg(0) if z3.is_not(term) else None


def term_id(term: Expr) -> int:
    """Identity of a live term (terms are hash-consed: equal structure, same node).  The node's
    address: z3's own id costs a checked C call, and encoders ask this very often."""
    return int(term.ast.value)


def and_args(term: Expr) -> list[Expr] | None:
    """The operands of an ``and``, or None for any other term."""
    return list(term.children()) if z3.is_and(term) else None


def or_args(term: Expr) -> list[Expr] | None:
    return list(term.children()) if z3.is_or(term) else None


def rec_function(name: str, *sorts: Expr) -> Expr:
    """A recursive function (domain sorts, then range); define it with :func:`rec_define`."""
    return z3.RecFunction(name, *sorts)


def rec_define(fn: Expr, params: list[Expr], body: Expr) -> None:
    z3.RecAddDefinition(fn, params, body)
