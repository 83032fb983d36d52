"""A function's IR as a z3 formula, from per-op rules (Alive2-style translation validation).

Every op kind's meaning in z3 is registered beside its declaration (``rule("z3", ...)``), as
Alive2 keeps each instruction's SMT semantics with the instruction.  A function is executed
symbolically: each path carries a condition (``State.alive``), the effects trace so far
(``State.tok``) and its local slots; a region ends in :class:`Exit` records (yield, return,
raise, break, ...) that the enclosing op merges.

The value domain (DESIGN §6) is the datatype ``PyVal``: ints are unbounded ``Int``, floats
IEEE binary64, strs z3 strings, ``None``, tuples as cons lists, ranges, slices, exceptions the
encoder raises itself (``VExc``) and ``VObj(id)`` for every other object.  Python's semantics
are spelled out (floor division, bool as int, exact int/float comparisons, ``float ** 2``
raising OverflowError...); anything the encoder does not model precisely is either

* an **external step**: an operation that may run user code (attribute access, calls, any
  operator on an ``VObj``) appends ``TStep(prev, op, args)`` to the trace, and its result,
  exception and flags are uninterpreted functions of the new trace.  Two versions that perform
  the same external operations in the same order with the same arguments therefore see the
  same results, and the trace itself is compared at the end (the order of external calls is
  observable, DESIGN §4); or
* a **pure approximation**: an operation on builtin values that is deterministic but not
  modelled bit for bit (``str * int``, ``float // float``...) is an uninterpreted function of
  its operands, so it is the same in both versions and nothing more is assumed.

Both are over-approximations, so a proof is sound; a counterexample may be spurious, which is
why :mod:`trm_agent.verify.tv` only reports one that no interpretation of the unknowns can
explain away, and the harness replays it by execution (:mod:`trm_agent.verify.replay`).
Constructs not modelled at all raise :class:`Unsupported` (the verdict is UNKNOWN).

Loops are unrolled ``loop_bound`` times; a path that would run another iteration ends in a
``bound`` exit.  A loop whose IR is identical in both versions (same ops, attributes and
shape; its inputs may differ) can instead be *summarized*: the whole loop becomes one
external step of its inputs, which proves loops the optimizer did not touch at any trip count.
"""

from __future__ import annotations

import ast
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.opdefs import rule
from trm_agent.runtime.prelude import TRUSTED
from trm_agent.verify import smt
from trm_agent.verify.smt import Expr

DEFAULT_LOOP_BOUND = 4
MAX_CALL_DEPTH = 8  # nested bodies of pinned module functions followed per call chain
MAX_POWER = 64  # ``x ** n`` with a constant n up to this is n - 1 multiplications
MAX_SHIFT = 4096
MAX_CONST_BITS = 4096  # constant folding in Python only below this size
MAX_ALTS = 8  # alternatives a joined value keeps (beyond: just the ite term)

KINDS = ("int", "bool", "float", "str", "none", "tup", "range", "slice", "exc", "obj")
ALL = frozenset(KINDS)
OPAQUE = frozenset({"exc", "obj"})  # operations on these may run user code
INTLIKE = frozenset({"int", "bool"})
_CTOR = {"int": "VInt", "bool": "VBool", "float": "VFloat", "str": "VStr", "none": "VNone",
         "tup": "VTup", "range": "VRange", "slice": "VSlice", "exc": "VExc", "obj": "VObj"}
_FIELD = {"int": "iv", "bool": "bv", "float": "fv", "str": "sv", "exc": "ecode", "obj": "oid"}


class Unsupported(Exception):
    """The encoder does not model this construct: the verdict is UNKNOWN with this reason."""


class OutOfTime(Unsupported):
    """Building the formula took longer than the query's budget (loops unrolled in loops)."""

    def __init__(self) -> None:
        super().__init__("timeout")


# --- the theory: sorts, uninterpreted functions, codes -------------------------------------

class Theory:
    """The datatypes and uninterpreted functions every encoding shares (built once)."""

    __slots__ = (
        "abs_cmp",
        "abs_fp",
        "abs_int",
        "abs_int_fp",
        "abs_str",
        "abs_str_at",
        "abs_str_bool",
        "abs_str_int",
        "g_bound",
        "g_val",
        "lst",
        "pure_bool",
        "pure_exc",
        "pure_fp",
        "pure_int",
        "pure_raise",
        "pure_str",
        "pure_val",
        "r_exc",
        "r_flag",
        "r_item",
        "r_oid",
        "r_raise",
        "r_val",
        "state_bool",
        "state_int",
        "tok",
        "val",
    )

    def __init__(self) -> None:
        i, b, s = smt.int_sort(), smt.bool_sort(), smt.string_sort()
        self.val, self.lst, self.tok = smt.datatypes(
            ("PyVal", [("VInt", [("iv", i)]), ("VBool", [("bv", b)]),
                       ("VFloat", [("fv", smt.FP64)]), ("VStr", [("sv", s)]), ("VNone", []),
                       ("VTup", [("items", "VList")]),
                       ("VRange", [("rstart", i), ("rstop", i), ("rstep", i)]),
                       ("VSlice", [("slo", "PyVal"), ("shi", "PyVal"), ("sstep", "PyVal")]),
                       ("VExc", [("ecode", i)]), ("VObj", [("oid", i)])]),
            ("VList", [("Nil", []), ("Cons", [("hd", "PyVal"), ("tl", "VList")])]),
            ("Tok", [("TInit", [("world", i)]),
                     ("TStep", [("prev", "Tok"), ("opcode", i), ("args", "VList")])]))
        v, lst, t = self.val, self.lst, self.tok
        fn = smt.function
        # Results of an external step, as functions of the trace ending in it.
        self.r_val, self.r_raise, self.r_exc = fn("r_val", t, v), fn("r_raise", t, b), \
            fn("r_exc", t, v)
        self.r_item, self.r_flag, self.r_oid = fn("r_item", t, i, v), fn("r_flag", t, i, b), \
            fn("r_oid", t, i)
        # Module globals: value and boundness of a name in the state a trace leads to.
        self.g_val, self.g_bound = fn("g_val", i, t, v), fn("g_bound", i, t, b)
        # Pure approximations: deterministic functions of an op code and the operands.
        self.pure_val, self.pure_int = fn("pure_val", i, lst, v), fn("pure_int", i, lst, i)
        self.pure_fp, self.pure_str = fn("pure_fp", i, lst, smt.FP64), fn("pure_str", i, lst, s)
        self.pure_bool, self.pure_raise = fn("pure_bool", i, lst, b), fn("pure_raise", i, lst, b)
        self.pure_exc = fn("pure_exc", i, lst, v)
        self.state_bool = fn("state_bool", i, t, lst, b)
        self.state_int = fn("state_int", i, t, lst, i)
        # The arithmetic abstraction (see ``Arithmetic``): an op code and its operands.
        fp = smt.FP64
        self.abs_fp = fn("abs_fp", i, fp, fp, fp)
        self.abs_int = fn("abs_int", i, i, i, i)
        self.abs_int_fp = fn("abs_int_fp", i, i, i, fp)
        self.abs_cmp = fn("abs_cmp", i, i, fp, b)
        self.abs_str = fn("abs_str", i, s, s, s)
        self.abs_str_int = fn("abs_str_int", i, s, i)
        self.abs_str_bool = fn("abs_str_bool", i, s, s, b)
        self.abs_str_at = fn("abs_str_at", s, i, s)


_THEORY: Theory | None = None
# Applications of recognizers/accessors and ites, by the ids of their arguments: z3py spends
# far more time building a term than looking one up.  Each entry keeps its arguments alive
# (z3 reuses the ids of freed terms); cleared by ``new_query``.
_MEMO: dict[tuple[object, ...], tuple[Expr, tuple[Expr, ...]]] = {}


def new_query() -> None:
    _MEMO.clear()


def apply_named(name: str, term: Expr) -> Expr:
    """``PyVal.<name>(term)`` (a recognizer or accessor), memoized."""
    key = (name, smt.term_id(term))
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = (getattr(theory().val, name)(term), (term,))
    return found[0]


def theory() -> Theory:
    global _THEORY
    if _THEORY is None:
        _THEORY = Theory()
    return _THEORY


_CODES: dict[str, int] = {}
_EXC_NAMES: dict[int, str] = {}


def code(name: str) -> int:
    """A stable small int for an op description (``"call:p,p"``, ``"g:len"``...)."""
    return _CODES.setdefault(name, len(_CODES) + 1)


def codes() -> dict[str, int]:
    """Every op description given a code so far."""
    return dict(_CODES)


def exc_code(name: str) -> int:
    found = code("exc:" + name)
    _EXC_NAMES[found] = name
    return found


def exc_name(number: int) -> str:
    """The exception type name of a ``VExc`` code (for replay and reports)."""
    return _EXC_NAMES.get(number, f"<exception {number}>")


DEOPT_ID = -1
UNREACHABLE = "<unreachable>"


def function_id(name: str) -> int:
    """The object id the encoder gives the module-level function bound to ``name``."""
    return -(1_000_000 + code("fn:" + name))


def builtin_id(name: str) -> int:
    return -(2_000_000 + code("builtin:" + name))


def constant_id(value: object) -> int:
    return -(3_000_000 + code(f"const:{type(value).__name__}:{value!r}"))


# --- formula helpers that fold literals ------------------------------------------------------

TRUE = smt.bool_val(True)
FALSE = smt.bool_val(False)
_TRUE_ID, _FALSE_ID = smt.term_id(TRUE), smt.term_id(FALSE)  # terms are hash-consed


def is_true(term: Expr) -> bool:
    return smt.term_id(term) == _TRUE_ID


def is_false(term: Expr) -> bool:
    return smt.term_id(term) == _FALSE_ID


def _split(kind: str, term: Expr) -> list[Expr] | None:
    """The operands of an and/or term (memoized: z3py's ``children`` is slow)."""
    key = (kind, smt.term_id(term))
    found = _MEMO.get(key)
    if found is None:
        parts = smt.and_args(term) if kind == "and" else smt.or_args(term)
        found = _MEMO[key] = (parts, (term,))
    return found[0]


def _build(kind: str, kept: list[Expr]) -> Expr:
    key = (kind + "!", *(smt.term_id(k) for k in kept))
    found = _MEMO.get(key)
    if found is None:
        made = smt.and_(*kept) if kind == "and" else smt.or_(*kept)
        found = _MEMO[key] = (made, tuple(kept))
    return found[0]


def _flat(terms: Sequence[Expr], unit: int, zero: int,
          split: Callable[[Expr], list[Expr] | None]) -> list[Expr] | None:
    """Operands of an n-ary and/or: nested ones spliced in, units and repeats dropped; None
    when the zero element occurs.  Flat operands keep formulas built along different nestings
    (a callee's returns vs. an inlined copy's nested ifs) syntactically equal."""
    kept: list[Expr] = []
    seen: set[int] = set()
    for term in terms:
        inner = split(term)
        for part in inner if inner is not None else (term,):
            key = smt.term_id(part)
            if key == zero:
                return None
            if key != unit and key not in seen:
                seen.add(key)
                kept.append(part)
    return kept


def conj(*terms: Expr) -> Expr:
    kept = _flat(terms, _TRUE_ID, _FALSE_ID, lambda t: _split("and", t))
    if kept is None:
        return FALSE
    return kept[0] if len(kept) == 1 else _build("and", kept) if kept else TRUE


def disj(*terms: Expr) -> Expr:
    kept = _flat(terms, _FALSE_ID, _TRUE_ID, lambda t: _split("or", t))
    if kept is None:
        return TRUE
    return kept[0] if len(kept) == 1 else _build("or", kept) if kept else FALSE


def implies(a: Expr, b: Expr) -> bool:
    """Does ``a`` imply ``b`` by its shape alone (``b`` one of a's conjuncts, or ``a`` one of
    b's disjuncts)?  Used to keep joined conditions from growing redundant conjuncts."""
    b_id = smt.term_id(b)
    if smt.term_id(a) == b_id or b_id == _TRUE_ID:
        return True
    disjuncts = _split("or", b)
    if disjuncts is not None and any(smt.term_id(d) == smt.term_id(a) for d in disjuncts):
        return True
    conjuncts = _split("and", a)
    if conjuncts is None:
        return False
    ids = {smt.term_id(c) for c in conjuncts}
    wanted = _split("and", b)
    return b_id in ids or (wanted is not None and all(smt.term_id(w) in ids for w in wanted))


def neg(term: Expr) -> Expr:
    if is_true(term):
        return FALSE
    if is_false(term):
        return TRUE
    inner = smt.negated(term)
    return inner if inner is not None else smt.not_(term)


def ite(cond: Expr, then: Expr, other: Expr) -> Expr:
    c, a, b = smt.term_id(cond), smt.term_id(then), smt.term_id(other)
    if c == _TRUE_ID or a == b:
        return then
    if c == _FALSE_ID:
        return other
    key = ("ite", c, a, b)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = (smt.ite(cond, then, other), (cond, then, other))
    return found[0]


def ite_chain(pairs: Sequence[tuple[Expr, Expr]]) -> Expr:
    """``v1 if c1 else v2 if c2 ... else vn``: the conditions are exclusive and exhaustive,
    so the last one need not be tested."""
    result = pairs[-1][1]
    for cond, value in reversed(pairs[:-1]):
        result = ite(cond, value, result)
    return result


# --- symbolic values -------------------------------------------------------------------------

_NO = object()  # "no static value"


@dataclass(frozen=True, slots=True)
class Sym:
    """A symbolic Python value: its ``PyVal`` term plus what is known statically.

    ``kinds`` over-approximates the constructors the term may have, so operations skip
    impossible cases; ``raw`` is the unwrapped Int/Bool/FP/String when the kind is unique;
    ``const`` the Python value of a constant (a ``range`` for a range of literal bounds);
    ``items`` the elements of a tuple of static length; ``origin`` the global it was loaded
    from (calls of pinned functions); ``ident`` a trusted object's identity (the deopt counter,
    a snapshot, a builtin).  ``alts`` keeps the alternatives of a value joined from several
    paths, so tests of its kind and fields distribute over them and fold where an alternative
    is known (a guard's two arms give one literal each), and loops can run per alternative.
    """

    term: Expr
    kinds: frozenset[str] = ALL
    raw: Expr | None = None
    const: Any = _NO
    items: tuple[Sym, ...] | None = None
    origin: str = ""
    ident: str = ""
    alts: tuple[tuple[Expr, Sym], ...] | None = None


def vint(x: Expr) -> Sym:
    return Sym(theory().val.VInt(x), frozenset({"int"}), x)


def vbool(x: Expr) -> Sym:
    return Sym(theory().val.VBool(x), frozenset({"bool"}), x)


def vfloat(x: Expr) -> Sym:
    return Sym(theory().val.VFloat(x), frozenset({"float"}), x)


def vstr(x: Expr) -> Sym:
    return Sym(theory().val.VStr(x), frozenset({"str"}), x)


def vnone() -> Sym:
    return Sym(theory().val.VNone, frozenset({"none"}), const=None)


def vexc(name: str) -> Expr:
    return theory().val.VExc(smt.int_val(exc_code(name)))


def vobj(oid: int | Expr, ident: str = "") -> Sym:
    number = smt.int_val(oid) if isinstance(oid, int) else oid
    return Sym(theory().val.VObj(number), frozenset({"obj"}), number, ident=ident)


def vlist(terms: Sequence[Expr]) -> Expr:
    th = theory()
    result = th.lst.Nil
    for term in reversed(terms):
        result = th.lst.Cons(term, result)
    return result


def vtuple(items: Sequence[Sym]) -> Sym:
    return Sym(theory().val.VTup(vlist([i.term for i in items])), frozenset({"tup"}),
               items=tuple(items))


def const_sym(value: object) -> Sym:
    """A Python constant as a symbolic value (exact: ints, floats bit for bit, strs...)."""
    if value is None:
        return vnone()
    if isinstance(value, bool):
        return Sym(vbool(smt.bool_val(value)).term, frozenset({"bool"}), smt.bool_val(value),
                   value)
    if type(value) is int:
        return Sym(vint(smt.int_val(value)).term, frozenset({"int"}), smt.int_val(value), value)
    if type(value) is float:
        raw = smt.fp_val(value)
        return Sym(vfloat(raw).term, frozenset({"float"}), raw, value)
    if type(value) is str and all(ord(c) < 0x30000 for c in value):
        try:
            raw = smt.string_val(value)
        except Exception:  # noqa: BLE001 - a string z3 cannot represent: an opaque constant
            return vobj(constant_id(value))
        return Sym(vstr(raw).term, frozenset({"str"}), raw, value)
    if type(value) is tuple:
        inner = vtuple([const_sym(v) for v in value])
        return Sym(inner.term, inner.kinds, items=inner.items, const=value)
    return vobj(constant_id(value))


def is_kind(sym: Sym, kind: str) -> Expr:
    if kind not in sym.kinds:
        return FALSE
    if len(sym.kinds) == 1:
        return TRUE
    if sym.alts is not None:
        return ite_chain([(c, is_kind(a, kind)) for c, a in sym.alts])
    return apply_named("is_" + _CTOR[kind], sym.term)


def field_of(sym: Sym, kind: str, name: str) -> Expr:
    """The constructor field ``name`` of ``sym`` read as ``kind`` (meaningful where it has
    that kind; alternatives of other kinds are left out)."""
    if sym.alts is not None:
        pairs = [(c, field_of(a, kind, name)) for c, a in sym.alts if kind in a.kinds]
        if pairs:
            return ite_chain(pairs)
    return apply_named(name, sym.term)


def any_kind(sym: Sym, kinds: frozenset[str]) -> Expr:
    possible = sym.kinds & kinds
    if not possible:
        return FALSE
    if possible == sym.kinds:
        return TRUE
    return disj(*(is_kind(sym, k) for k in sorted(possible)))


def raw_of(sym: Sym, kind: str) -> Expr:
    """The unwrapped value of ``sym`` read as ``kind`` (meaningful where it has that kind)."""
    if sym.raw is not None and sym.kinds == {kind}:
        return sym.raw
    if sym.alts is not None:
        pairs = [(c, raw_of(a, kind)) for c, a in sym.alts if kind in a.kinds]
        if pairs:
            return ite_chain(pairs)
    return apply_named(_FIELD[kind], sym.term)


def range_fields(sym: Sym) -> tuple[Expr, Expr, Expr]:
    return (field_of(sym, "range", "rstart"), field_of(sym, "range", "rstop"),
            field_of(sym, "range", "rstep"))


def int_of(sym: Sym) -> Expr:
    """An int or bool as an Int (True is 1)."""
    if isinstance(sym.const, (bool, int)) and sym.const is not _NO:
        return smt.int_val(int(sym.const))
    possible = sym.kinds & INTLIKE
    if possible == {"int"}:
        return raw_of(sym, "int")
    as_int = ite(raw_of(sym, "bool"), smt.int_val(1), smt.int_val(0))
    if possible == {"bool"}:
        return as_int
    return ite(is_kind(sym, "bool"), as_int, raw_of(sym, "int"))


def merge_syms(pairs: Sequence[tuple[Expr, Sym]]) -> Sym:
    """The value that is ``sym_i`` where ``cond_i`` holds (exclusive, exhaustive)."""
    live = [(c, s) for c, s in pairs if not is_false(c)] or list(pairs[-1:])
    if len(live) == 1:
        return live[0][1]
    flat: list[tuple[Expr, Sym]] = []
    for cond, sym in live:
        if sym.alts is not None:
            flat += [(inner if implies(inner, cond) else conj(cond, inner), alt)
                     for inner, alt in sym.alts]
        else:
            flat.append((cond, sym))
    syms = [s for _, s in live]
    first = syms[0]
    kinds = frozenset().union(*(s.kinds for s in syms))
    term = ite_chain([(c, s.term) for c, s in live])
    raw = None
    if len(kinds) == 1 and all(s.raw is not None for s in syms):
        raw = ite_chain([(c, s.raw) for c, s in live])
    const = first.const if all(_same_const(s.const, first.const) for s in syms) else _NO
    items = None
    if all(s.items is not None and len(s.items) == len(first.items or ()) for s in syms):
        items = tuple(merge_syms([(c, s.items[k]) for c, s in live])  # type: ignore[index]
                      for k in range(len(first.items or ())))
    origin = first.origin if all(s.origin == first.origin for s in syms) else ""
    ident = first.ident if all(s.ident == first.ident for s in syms) else ""
    alts = tuple(flat) if len(flat) <= MAX_ALTS and const is _NO else None
    return Sym(term, kinds, raw, const, items, origin, ident, alts)


def _same_const(a: object, b: object) -> bool:
    if a is _NO or b is _NO:
        return False
    return type(a) is type(b) and repr(a) == repr(b)


# --- execution states and region exits -------------------------------------------------------

Slot = tuple[Expr, Sym]  # (bound, value)


Facts = frozenset[tuple[int, bool]]


def _literal(cond: Expr) -> tuple[int, bool]:
    inner = smt.negated(cond)
    return (smt.term_id(inner), False) if inner is not None else (smt.term_id(cond), True)


@dataclass(frozen=True, slots=True)
class State:
    """One path's condition, effects trace, local slots and the exception being handled.

    ``facts`` are the conditions this path has tested (term id, polarity): a guard tested
    again on the same path (an inlined call's slow arm calls the same global) folds to a
    literal instead of leaving the solver a contradiction to find."""

    alive: Expr
    tok: Expr
    slots: dict[str, Slot]  # never mutated: a changed slot makes a new dict
    active: Expr | None = None
    facts: Facts = frozenset()
    parts: tuple[State, ...] = ()  # the paths a join was made of (until the state changes)

    def where(self, cond: Expr) -> State:
        if is_true(cond):
            return self
        for part in self.parts:  # splitting a join by its own paths gives them back
            if part.alive.eq(cond):
                return part
        if not is_false(cond):
            key, polarity = _literal(cond)
            if (key, polarity) in self.facts:
                return self
            if (key, not polarity) in self.facts:
                cond = FALSE
        facts = self.facts if is_false(cond) else self.facts | {_literal(cond)}
        alive = self.alive if implies(self.alive, cond) else conj(self.alive, cond)
        return State(alive, self.tok, self.slots, self.active, facts)

    def known(self, cond: Expr) -> Expr:
        """``cond`` as a literal where this path already decided it."""
        if is_true(cond) or is_false(cond):
            return cond
        key, polarity = _literal(cond)
        if (key, polarity) in self.facts:
            return TRUE
        if (key, not polarity) in self.facts:
            return FALSE
        return cond

    def with_tok(self, tok: Expr) -> State:
        return State(self.alive, tok, self.slots, self.active, self.facts)

    def with_slots(self, slots: dict[str, Slot]) -> State:
        return State(self.alive, self.tok, slots, self.active, self.facts)

    def with_active(self, active: Expr | None) -> State:
        return State(self.alive, self.tok, self.slots, active, self.facts)

    def dead(self) -> bool:
        return is_false(self.alive)


@dataclass(frozen=True, slots=True)
class Exit:
    """How control leaves a region: ``kind`` is the terminator's (yield, condition, continue,
    break, return) or raise / bound; ``values`` its operands (the exception for raise)."""

    kind: str
    state: State
    values: tuple[Sym, ...] = ()


def merge_states(states: Sequence[State], entry: State | None = None) -> State:
    """Join exclusive paths: one condition, their trace and slots chosen by which one ran.
    ``entry``, where the paths split, contributes the conditions already tested there.

    The joined condition is the (flat) disjunction of the paths: measured against ``entry
    and not <the exits taken since>``, which is shorter, it keeps an inlined callee's nested
    ifs and the original callee's returns syntactically alike far more often."""
    live = [s for s in states if not s.dead()]
    if not live:
        return State(FALSE, states[0].tok if states else theory().tok.TInit(smt.int_val(0)), {})
    if len(live) == 1:
        return live[0]
    alive = disj(*(s.alive for s in live))
    tok = ite_chain([(s.alive, s.tok) for s in live])
    slots: dict[str, Slot] = {}
    unbound: Slot = (FALSE, vnone())
    for name in sorted({n for s in live for n in s.slots}):
        entries = [s.slots.get(name, unbound) for s in live]
        if all(e is entries[0] for e in entries):
            slots[name] = entries[0]
            continue
        bound = ite_chain([(s.alive, e[0]) for s, e in zip(live, entries, strict=True)])
        value = merge_syms([(s.alive, e[1]) for s, e in zip(live, entries, strict=True)])
        slots[name] = (bound, value)
    active = None
    if any(s.active is not None for s in live):
        active = ite_chain([(s.alive, s.active if s.active is not None else theory().val.VNone)
                            for s in live])
    facts = live[0].facts.intersection(*(s.facts for s in live[1:]))
    if entry is not None:
        facts |= entry.facts
    return State(alive, tok, slots, active, facts, tuple(live))


def merge_exits(exits: Sequence[Exit],
                entry: State | None = None) -> tuple[State, tuple[Sym, ...]]:
    """One state and operand tuple for exits of one kind (same operand count)."""
    state = merge_states([e.state for e in exits], entry)
    width = len(exits[0].values) if exits else 0
    values = tuple(merge_syms([(e.state.alive, e.values[k]) for e in exits])
                   for k in range(width))
    return state, values


@dataclass(slots=True)
class Activation:
    """One call of one function: its SSA values (values of a loop body are overwritten by
    each unrolled iteration, which is right since only the loop's results escape it)."""

    fn: Function
    env: dict[Value, Sym] = field(default_factory=dict)

    def get(self, value: Value) -> Sym:
        found = self.env.get(value)
        if found is None:
            owner = value.owner
            if isinstance(owner, Op) and owner.opdef.name == "py.const":
                return const_sym(owner.attrs["value"])
            raise Unsupported(f"encoder: {value!r} used before its definition")
        return found

    def args(self, op: Op) -> list[Sym]:
        return [self.get(v) for v in op.operands]


@dataclass(slots=True)
class Branch:
    """One case of an operation, selected by ``cond`` (exclusive with its siblings): a value,
    possibly raising (``raises``/``exc``), possibly after an external step (``tok``)."""

    cond: Expr
    value: Sym | None = None  # None: always raises
    raises: Expr = FALSE
    exc: Expr | None = None
    tok: Expr | None = None


Rule = Callable[["Encoder", Activation, Op, State, list[Exit]], State | None]


# --- the encoder -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class GlobalRead:
    name: str
    value: Expr
    bound: Expr


class Encoder:
    """Symbolic execution of one version of a function (and the pinned functions it calls)."""

    def __init__(self, module: Module | None, *, pins: frozenset[str] = frozenset(),
                 loop_bound: int = DEFAULT_LOOP_BOUND,
                 summarize: frozenset[str] = frozenset(), hybrid: bool = False,
                 abstract: bool = False, deadline: float | None = None, side: int = 0,
                 pairing: Pairing | None = None) -> None:
        self.module = module
        self.side = side  # 0: the original, 1: the optimized version
        self.pairing = pairing
        self.deadline = deadline  # time.perf_counter() value
        self.abstract = abstract
        self.functions = top_level_functions(module)
        self.pins = pins
        self.loop_bound = loop_bound
        self.summarize = summarize
        self.hybrid = hybrid
        self.depth = 0
        self.global_reads: list[GlobalRead] = []
        self.loops = 0
        self.summarized = 0

    # -- driving ------------------------------------------------------------------------------

    def run_function(self, fn: Function, params: Sequence[Sym], tok: Expr) -> list[Exit]:
        act = Activation(fn)
        saved, Arithmetic.abstract = Arithmetic.abstract, self.abstract
        try:
            return self.run_region(fn.body, act, State(TRUE, tok, {}), params)
        finally:
            Arithmetic.abstract = saved

    def run_region(self, region: Region, act: Activation, state: State,
                   args: Sequence[Sym]) -> list[Exit]:
        for arg, sym in zip(region.args, args, strict=True):
            act.env[arg] = sym
        exits: list[Exit] = []
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise OutOfTime
        for op in region.ops:
            if state.dead():
                return exits
            encode = op.opdef.z3
            if encode is None:
                raise Unsupported(f"unsupported: {op.opdef.name}")
            after = encode(self, act, op, state, exits)
            if op.opdef.terminator or after is None:
                return exits
            state = after
        raise Unsupported("encoder: region without terminator")

    # -- raising and external steps -----------------------------------------------------------

    def raise_if(self, state: State, cond: Expr, exc: Expr, exits: list[Exit]) -> State:
        cond = state.known(cond)
        if is_false(cond) or state.dead():
            return state
        exits.append(Exit("raise", state.where(cond), (Sym(exc, OPAQUE),)))
        return state.where(neg(cond))

    def step(self, tok: Expr, name: str, operands: Sequence[Sym]) -> Expr:
        th = theory()
        return th.tok.TStep(tok, smt.int_val(code(name)), vlist([o.term for o in operands]))

    def external(self, state: State, name: str, operands: Sequence[Sym], exits: list[Exit],
                 may_raise: bool = True) -> tuple[State, Expr]:
        """An operation that may run user code: one step of the trace."""
        t = self.step(state.tok, name, operands)
        after = state.with_tok(t)
        if may_raise:
            th = theory()
            after = self.raise_if(after, th.r_raise(t), th.r_exc(t), exits)
        return after, t

    def external_branch(self, cond: Expr, state: State, name: str,
                        operands: Sequence[Sym]) -> Branch:
        th = theory()
        t = self.step(state.tok, name, operands)
        return Branch(cond, Sym(th.r_val(t)), th.r_raise(t), th.r_exc(t), t)

    def resolve(self, state: State, branches: Sequence[Branch],
                exits: list[Exit]) -> tuple[State, Sym]:
        """Combine an operation's cases into one state (raising where a case raises)."""
        live = [b for b in branches if not is_false(b.cond)]
        if not live:
            return state.where(FALSE), vnone()
        if any(b.tok is not None for b in live):
            state = state.with_tok(ite_chain([(b.cond, b.tok if b.tok is not None else state.tok)
                                              for b in live]))
        raising = [b for b in live if b.value is None or not is_false(b.raises)]
        if raising:
            raised = disj(*(conj(b.cond, TRUE if b.value is None else b.raises)
                            for b in raising))
            exc = ite_chain([(b.cond, b.exc) for b in raising])
            state = self.raise_if(state, raised, exc, exits)
        values = [(b.cond, b.value) for b in live if b.value is not None]
        if not values:
            return state.where(FALSE), vnone()
        return state, merge_syms(values)

    def fork(self, state: State,
             cases: Sequence[tuple[Expr, Callable[[State], tuple[State, Sym]]]],
             default: Callable[[State], tuple[State, Sym]]) -> tuple[State, Sym]:
        """Run alternative encodings of one op under exclusive conditions and join them."""
        results: list[tuple[State, Sym]] = []
        rest = TRUE
        for cond, handler in cases:
            sub = state.where(cond)
            if not sub.dead():
                results.append(handler(sub))
            rest = conj(rest, neg(cond))
        sub = state.where(rest)
        if not sub.dead():
            results.append(default(sub))
        if not results:
            return state.where(FALSE), vnone()
        joined = merge_states([s for s, _ in results], state)
        value = merge_syms([(s.alive, v) for s, v in results])
        return joined, value

    # -- calls of pinned module functions -----------------------------------------------------

    def call_function(self, fn: Function, args: Sequence[Sym], state: State,
                      exits: list[Exit]) -> tuple[State, Sym]:
        """``f(args)`` with ``f`` the module's function: its own IR, in a frame of its own."""
        self.depth += 1
        try:
            inner = self.run_region(fn.body, Activation(fn),
                                    state.with_slots({}).with_active(None), args)
        finally:
            self.depth -= 1
        returns: list[Exit] = []
        for e in inner:
            restored = e.state.with_slots(state.slots).with_active(state.active)
            if e.kind == "return":
                returns.append(Exit("return", restored, e.values))
            elif e.kind in ("raise", "bound"):
                exits.append(Exit(e.kind, restored, e.values))
            else:
                raise Unsupported(f"encoder: {e.kind} leaves function {fn.qualname}")
        if not returns:
            return state.where(FALSE), vnone()
        joined, values = merge_exits(returns, state)
        return joined, values[0]


def top_level_functions(module: Module | None) -> dict[str, Function]:
    """Module-level ``def``s by name (the callees a pinned call may run)."""
    if module is None:
        return {}
    found: dict[str, Function] = {}
    for fn in module.functions:
        if fn.parent is None and fn.lowered and fn.qualname == fn.name \
                and isinstance(fn.node, ast.FunctionDef):
            found.setdefault(fn.name, fn)
    return found


def simple_signature(fn: Function) -> bool:
    """Only positional parameters, so ``f(a, b)`` passing all of them binds them in order
    (defaults do not matter then), and no closure cells."""
    node = fn.node
    if not isinstance(node, ast.FunctionDef) or fn.is_generator or fn.is_async:
        return False
    a = node.args
    if a.vararg or a.kwarg or a.kwonlyargs or len(a.posonlyargs) + len(a.args) != len(fn.params):
        return False
    # Its cells would be confused with the caller's (cells are read by name from the state).
    return not any(op.opdef.name.startswith("cell.") for op in fn.walk())


def _external_rule(name: Callable[[Op], str], may_raise: bool = True,
                   alloc: bool = False) -> Rule:
    """An op that is one external step; its results come from the step."""

    def encode(enc: Encoder, act: Activation, op: Op, state: State,
               exits: list[Exit]) -> State | None:
        state, t = enc.external(state, name(op), act.args(op), exits, may_raise)
        th = theory()
        if alloc and len(op.results) == 1:
            act.env[op.results[0]] = vobj(th.r_oid(t))
        elif len(op.results) == 1:
            act.env[op.results[0]] = Sym(th.r_val(t))
        else:
            for index, result in enumerate(op.results):
                act.env[result] = Sym(th.r_item(t, smt.int_val(index)))
        return state

    return encode


def op_text(op: Op, *attrs: str) -> str:
    return op.opdef.name + "".join(f":{op.attrs.get(a)!r}" for a in attrs)



# --- arithmetic, exact or abstracted -----------------------------------------------------------

class Arithmetic:
    """The arithmetic the semantics below use.  Exact by default; in the abstract mode (the
    first, cheap attempt of a query) float operations, int/float conversions and products,
    quotients and remainders of two unknown ints are uninterpreted functions of their
    operands.  That is an over-approximation, so a proof still holds, and it spares the
    solver bit-blasting a float multiplier or nonlinear integer reasoning where both versions
    compute the same terms anyway (inlining, unrolling).  Set per encoding by ``Encoder``."""

    abstract = False

    @classmethod
    def _fp(cls, name: str, a: Expr, b: Expr, exact: Callable[[Expr, Expr], Expr]) -> Expr:
        if not cls.abstract:
            return exact(a, b)
        return theory().abs_fp(smt.int_val(code("abs:" + name)), a, b)

    @classmethod
    def fp_add(cls, a: Expr, b: Expr) -> Expr:
        return cls._fp("+", a, b, smt.fp_add)

    @classmethod
    def fp_sub(cls, a: Expr, b: Expr) -> Expr:
        return cls._fp("-", a, b, smt.fp_sub)

    @classmethod
    def fp_mul(cls, a: Expr, b: Expr) -> Expr:
        return cls._fp("*", a, b, smt.fp_mul)

    @classmethod
    def fp_div(cls, a: Expr, b: Expr) -> Expr:
        return cls._fp("/", a, b, smt.fp_div)

    @classmethod
    def int_to_fp(cls, x: Expr) -> Expr:
        if not cls.abstract or smt.is_int_literal(x):
            return smt.fp_from_real(smt.int_to_real(x))
        return theory().abs_int_fp(smt.int_val(code("abs:float")), x, x)

    @classmethod
    def int_div_fp(cls, x: Expr, y: Expr) -> Expr:
        """``x / y`` for ints, correctly rounded (``y`` nonzero)."""
        if not cls.abstract:
            return smt.fp_from_real(smt.real_div(smt.int_to_real(x), smt.int_to_real(y)))
        return theory().abs_int_fp(smt.int_val(code("abs:/")), x, y)

    @classmethod
    def _int(cls, name: str, x: Expr, y: Expr, exact: Callable[[Expr, Expr], Expr]) -> Expr:
        if not cls.abstract or smt.is_int_literal(x) or smt.is_int_literal(y):
            return exact(x, y)
        return theory().abs_int(smt.int_val(code("abs:" + name)), x, y)

    @classmethod
    def mul(cls, x: Expr, y: Expr) -> Expr:
        return cls._int("*", x, y, lambda p, q: p * q)

    @classmethod
    def floordiv(cls, x: Expr, y: Expr) -> Expr:
        return cls._int("//", x, y, smt.floordiv)

    @classmethod
    def floormod(cls, x: Expr, y: Expr) -> Expr:
        return cls._int("%", x, y, smt.floormod)

    # strings: z3's sequence solver is slow on the case splits equivalence proofs need
    @classmethod
    def str_concat(cls, *parts: Expr) -> Expr:
        if not cls.abstract:
            return smt.str_concat(*parts)
        result = parts[0]
        for part in parts[1:]:
            result = theory().abs_str(smt.int_val(code("abs:concat")), result, part)
        return result

    @classmethod
    def str_len(cls, a: Expr) -> Expr:
        if not cls.abstract:
            return smt.str_len(a)
        return theory().abs_str_int(smt.int_val(code("abs:len")), a)

    @classmethod
    def str_at(cls, a: Expr, i: Expr) -> Expr:
        return theory().abs_str_at(a, i) if cls.abstract else smt.str_at(a, i)

    @classmethod
    def str_pred(cls, name: str, a: Expr, b: Expr) -> Expr:
        if cls.abstract:
            return theory().abs_str_bool(smt.int_val(code("abs:" + name)), a, b)
        return {"<": smt.str_lt, "<=": smt.str_le, "in": smt.str_contains}[name](a, b)

    @classmethod
    def int_float_order(cls, op: str, x: Expr, f: Expr) -> Expr | None:
        if not cls.abstract:
            return None
        return theory().abs_cmp(smt.int_val(code("abs:" + op)), x, f)


# --- Python semantics of builtin values ------------------------------------------------------

CLASSES: dict[str, frozenset[str]] = {
    "I": INTLIKE, "F": frozenset({"float"}), "S": frozenset({"str"}), "T": frozenset({"tup"}),
    "N": frozenset({"none"}), "R": frozenset({"range"}), "L": frozenset({"slice"})}
NOT_ITERABLE = frozenset({"int", "bool", "float", "none", "slice"})
FOR_LOOPS = ("cf.for", "cf.async_for")
LOOPS = (*FOR_LOOPS, "cf.while")
Raises = list[tuple[Expr, Expr]]  # (condition, exception), the first that holds wins


def cls_cond(sym: Sym, cls: str) -> Expr:
    return any_kind(sym, CLASSES[cls])


def classes_of(sym: Sym) -> list[str]:
    return [c for c, kinds in CLASSES.items() if sym.kinds & kinds]


def first_raise(cases: Raises) -> tuple[Expr, Expr | None]:
    live = [(c, e) for c, e in cases if not is_false(c)]
    if not live:
        return FALSE, None
    return disj(*(c for c, _ in live)), ite_chain(live)


def pure_parts(name: str, operands: Sequence[Sym]) -> tuple[Expr, Expr]:
    """The code and argument list of a pure approximation."""
    return smt.int_val(code(name)), vlist([o.term for o in operands])


def pure_value(name: str, operands: Sequence[Sym], kind: str = "val") -> Sym:
    """A deterministic builtin operation that is not modelled bit for bit."""
    th = theory()
    c, args = pure_parts(name, operands)
    if kind == "int":
        return vint(th.pure_int(c, args))
    if kind == "float":
        return vfloat(th.pure_fp(c, args))
    if kind == "str":
        return vstr(th.pure_str(c, args))
    if kind == "bool":
        return vbool(th.pure_bool(c, args))
    return Sym(th.pure_val(c, args))


def pure_raises(name: str, operands: Sequence[Sym]) -> tuple[Expr, Expr]:
    th = theory()
    c, args = pure_parts(name, operands)
    return th.pure_raise(c, args), th.pure_exc(c, args)


def known_branch(cond: Expr, value: Sym | None, raises: Raises) -> Branch:
    r, e = first_raise(raises)
    if value is None:
        return Branch(cond, None, TRUE, e if e is not None else vexc("TypeError"))
    return Branch(cond, value, r, e)


def to_float(sym: Sym, cls: str) -> tuple[Expr, Raises]:
    """An int/bool/float operand as a float: ints round to nearest, too large ones raise."""
    if cls == "F":
        return raw_of(sym, "float"), []
    known = static_int(sym)
    if known is not None:
        try:
            return smt.fp_val(float(known)), []
        except OverflowError:
            return smt.fp_val(0.0), [(TRUE, vexc("OverflowError"))]
    value = Arithmetic.int_to_fp(int_of(sym))
    return value, [(smt.fp_is_inf(value), vexc("OverflowError"))]


def static_int(sym: Sym) -> int | None:
    if sym.const is not _NO and isinstance(sym.const, (bool, int)):
        return int(sym.const)
    return None


def int_binary(op: str, a: Sym, b: Sym) -> tuple[Sym | None, Raises]:
    """Python's int operators (bools are ints) on unbounded integers."""
    x, y = int_of(a), int_of(b)
    divisor = static_int(b)
    zero_div = [(y == 0 if divisor is None else smt.bool_val(divisor == 0),
                 vexc("ZeroDivisionError"))]
    if op == "+":
        return vint(x + y), []
    if op == "-":
        return vint(x - y), []
    if op == "*":
        return vint(Arithmetic.mul(x, y)), []
    if op == "//":
        return vint(Arithmetic.floordiv(x, y)), zero_div
    if op == "%":
        return vint(Arithmetic.floormod(x, y)), zero_div
    if op == "/":
        # long_true_divide: the exact quotient correctly rounded; 0 / -n is -0.0.
        zero = ite(y < 0, smt.fp_val(-0.0), smt.fp_val(0.0))
        value = ite(x == 0, zero, Arithmetic.int_div_fp(x, y))
        return vfloat(value), [*zero_div, (smt.fp_is_inf(value), vexc("OverflowError"))]
    if op == "**":
        return _int_pow(a, b, x, y)
    if op in ("<<", ">>"):
        return _int_shift(op, a, b, x, y)
    if op in ("&", "|", "^"):
        return _int_bitwise(op, a, b, x, y)
    return None, []


def _int_pow(a: Sym, b: Sym, x: Expr, y: Expr) -> tuple[Sym | None, Raises]:
    n = static_int(b)
    if n is not None and 0 <= n <= MAX_POWER:
        value = smt.int_val(1)
        for i in range(n):
            value = x if i == 0 else Arithmetic.mul(value, x)
        return vint(value), []
    raised, exc = pure_raises("int**", [a, b])
    negative = [(conj(y < 0, x == 0), vexc("ZeroDivisionError")), (raised, exc)]
    if n is not None and n < 0:
        return pure_value("int**", [a, b], "float"), negative
    value = merge_syms([(y >= 0, pure_value("int**", [a, b], "int")),
                        (y < 0, pure_value("int**", [a, b], "float"))])
    return value, negative


def _int_shift(op: str, a: Sym, b: Sym, x: Expr, y: Expr) -> tuple[Sym | None, Raises]:
    n = static_int(b)
    negative = (vexc("ValueError"))  # "negative shift count"
    if n is not None and n < 0:
        return None, [(TRUE, negative)]
    if n is not None and n <= MAX_SHIFT:
        factor = smt.int_val(2 ** n)
        return vint(x * factor if op == "<<" else smt.floordiv(x, factor)), []
    raised, exc = pure_raises("shift" + op, [a, b])
    return pure_value("shift" + op, [a, b], "int"), [(y < 0, negative), (raised, exc)]


def _int_bitwise(op: str, a: Sym, b: Sym, x: Expr, y: Expr) -> tuple[Sym | None, Raises]:
    both_bool = conj(is_kind(a, "bool"), is_kind(b, "bool"))
    as_bool = None
    if not is_false(both_bool):
        p, q = field_of(a, "bool", "bv"), field_of(b, "bool", "bv")
        as_bool = vbool(smt.and_(p, q) if op == "&" else smt.or_(p, q) if op == "|"
                        else smt.xor(p, q))
    mask, other = static_int(b), x
    if mask is None:
        mask, other = static_int(a), y
    as_int: Sym | None = None
    if mask == 0:
        as_int = vint(smt.int_val(0)) if op == "&" else vint(other)
    elif mask == -1:
        as_int = vint(other) if op == "&" else vint(smt.int_val(-1)) if op == "|" \
            else vint(-other - 1)
    elif mask is not None and mask > 0 and op == "&" and mask & (mask + 1) == 0:
        as_int = vint(smt.floormod(other, smt.int_val(mask + 1)))  # x & (2**k - 1)
    if as_int is None:
        as_int = pure_value("int" + op, [a, b], "int")
    if as_bool is None or is_true(both_bool):
        return as_bool or as_int, []
    return merge_syms([(both_bool, as_bool), (neg(both_bool), as_int)]), []


def float_binary(op: str, a: Sym, b: Sym, fa: Expr, fb: Expr) -> tuple[Sym | None, Raises]:
    """Python's float operators: IEEE binary64, round to nearest even; x / 0.0 raises."""
    divisor = b.const if isinstance(b.const, (bool, int, float)) else None
    zero_div = [(smt.fp_is_zero(fb) if divisor is None else smt.bool_val(divisor == 0),
                 vexc("ZeroDivisionError"))]
    if op == "+":
        return vfloat(Arithmetic.fp_add(fa, fb)), []
    if op == "-":
        return vfloat(Arithmetic.fp_sub(fa, fb)), []
    if op == "*":
        return vfloat(Arithmetic.fp_mul(fa, fb)), []
    if op == "/":
        return vfloat(Arithmetic.fp_div(fa, fb)), zero_div
    if op in ("//", "%"):
        return pure_value("float" + op, [vfloat(fa), vfloat(fb)], "float"), zero_div
    if op == "**":
        return _float_pow(b, fa, fb)
    return None, []


def _float_pow(b: Sym, fa: Expr, fb: Expr) -> tuple[Sym | None, Raises]:
    """float_pow for the exponents 0, 1 and 2 (libm's pow assumed correctly rounded, as in
    ``verify.rules``); other exponents are a pure approximation (the result may be complex)."""
    n = b.const if b.const is not _NO and isinstance(b.const, (bool, int, float)) else None
    if n is not None and float(n) in (0.0, 1.0, 2.0):
        if float(n) == 0.0:
            return vfloat(smt.fp_val(1.0)), []
        if float(n) == 1.0:
            return vfloat(fa), []
        special = disj(smt.fp_is_nan(fa), smt.fp_is_inf(fa), smt.fp_is_zero(fa))
        square = Arithmetic.fp_mul(smt.fp_abs(fa), smt.fp_abs(fa))
        value = ite(smt.fp_is_nan(fa), fa, square)
        return vfloat(value), [(conj(neg(special), smt.fp_is_inf(square)),
                                vexc("OverflowError"))]
    operands = [vfloat(fa), vfloat(fb)]
    raised, exc = pure_raises("float**", operands)
    return pure_value("float**", operands), [(raised, exc)]


def known_binary(op: str, ca: str, cb: str, a: Sym, b: Sym) -> tuple[Sym | None, Raises] | None:
    """The result of ``a op b`` for builtin operand classes; None means TypeError."""
    if ca == "I" and cb == "I":
        value, raises = int_binary(op, a, b)
        return None if value is None and not raises else (value, raises)
    if {ca, cb} <= {"I", "F"}:
        fa, ra = to_float(a, ca)
        fb, rb = to_float(b, cb)
        value, raises = float_binary(op, a, b, fa, fb)
        return None if value is None else (value, ra + rb + raises)
    if op == "+" and ca == cb == "S":
        return vstr(Arithmetic.str_concat(raw_of(a, "str"), raw_of(b, "str"))), []
    if op == "+" and ca == cb == "T":
        if a.items is not None and b.items is not None:
            return vtuple(a.items + b.items), []
        return pure_value("tuple+", [a, b]), []
    if op == "*" and {ca, cb} in ({"S", "I"}, {"T", "I"}):
        raised, exc = pure_raises("repeat", [a, b])
        return pure_value("repeat", [a, b], "str" if "S" in (ca, cb) else "val"), \
            [(raised, exc)]
    if op == "%" and ca == "S":
        raised, exc = pure_raises("str%", [a, b])
        return pure_value("str%", [a, b], "str"), [(raised, exc)]
    return None


def binary(enc: Encoder, state: State, op: str, a: Sym, b: Sym, exits: list[Exit],
           inplace: bool = False) -> tuple[State, Sym]:
    folded = fold(op, (a, b))
    if folded is not None:
        return apply_folded(enc, state, folded, exits)
    branches: list[Branch] = []
    opaque = disj(any_kind(a, OPAQUE), any_kind(b, OPAQUE))
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state,
                                            ("inplace:" if inplace else "binop:") + op, [a, b]))
    valid = []
    for ca in classes_of(a):
        for cb in classes_of(b):
            result = known_binary(op, ca, cb, a, b)
            if result is None:
                continue
            cond = conj(cls_cond(a, ca), cls_cond(b, cb))
            branches.append(known_branch(cond, *result))
            valid.append(cond)
    branches.append(Branch(conj(neg(opaque), neg(disj(*valid))), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


# constant folding: CPython computes what the encoder would otherwise have to model
_PY_BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
    "/": lambda a, b: a / b, "//": lambda a, b: a // b, "%": lambda a, b: a % b,
    "**": lambda a, b: a ** b, "<<": lambda a, b: a << b, ">>": lambda a, b: a >> b,
    "&": lambda a, b: a & b, "|": lambda a, b: a | b, "^": lambda a, b: a ^ b,
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
    "u-": lambda a, _: -a, "u+": lambda a, _: +a, "u~": lambda a, _: ~a,
}
_FOLDABLE = (bool, int, float, str, type(None))


def fold(op: str, operands: Sequence[Sym]) -> tuple[str, object] | None:
    """``("value", v)`` or ``("raise", name)`` when every operand is a small constant."""
    fn = _PY_BINARY.get(op)
    if fn is None or any(o.const is _NO or type(o.const) not in _FOLDABLE for o in operands):
        return None
    values = [o.const for o in operands]
    for v in values:
        if (isinstance(v, int) and v.bit_length() > MAX_CONST_BITS) or \
                (isinstance(v, str) and len(v) > 1000):
            return None
    if op in ("**", "<<", "*") and len(values) == 2 and isinstance(values[1], int) \
            and not isinstance(values[1], bool) and abs(values[1]) > 64 \
            and not isinstance(values[0], float):
        return None
    try:
        result = fn(values[0], values[1] if len(values) > 1 else None)
    except ArithmeticError as exc:
        return ("raise", type(exc).__name__)
    except (TypeError, ValueError) as exc:
        return ("raise", type(exc).__name__)
    if type(result) not in _FOLDABLE:
        return None
    return ("value", result)


def apply_folded(enc: Encoder, state: State, folded: tuple[str, object],
                 exits: list[Exit]) -> tuple[State, Sym]:
    kind, payload = folded
    if kind == "value":
        return state, const_sym(payload)
    state = enc.raise_if(state, TRUE, vexc(str(payload)), exits)
    return state, vnone()


def int_float_compare(op: str, x: Expr, f: Expr, int_left: bool) -> Expr:
    """Exact comparison of an int with a float (CPython never rounds the int)."""
    abstract = Arithmetic.int_float_order(op if int_left else "r" + op, x, f)
    if abstract is not None:
        return abstract
    nan, inf, negative = smt.fp_is_nan(f), smt.fp_is_inf(f), smt.fp_is_negative(f)
    xr, fr = smt.int_to_real(x), smt.fp_to_real(f)
    below = ite(nan, FALSE, ite(inf, neg(negative), xr < fr))  # int < float
    above = ite(nan, FALSE, ite(inf, negative, xr > fr))  # int > float
    equal = conj(neg(nan), neg(inf), xr == fr)
    less, greater = (below, above) if int_left else (above, below)
    return {"==": equal, "!=": neg(equal), "<": less, "<=": disj(less, equal),
            ">": greater, ">=": disj(greater, equal)}[op]


def ordered(op: str, lt: Callable[[Expr, Expr], Expr], le: Callable[[Expr, Expr], Expr],
            p: Expr, q: Expr) -> Expr:
    return {"<": lambda: lt(p, q), "<=": lambda: le(p, q), ">": lambda: lt(q, p),
            ">=": lambda: le(q, p)}[op]()


def known_compare(op: str, ca: str, cb: str, a: Sym, b: Sym) -> Expr | None:
    """``a op b`` for builtin classes (tuples and slices compare through user code)."""
    equality = op in ("==", "!=")
    result: Expr | None = None
    if ca == "I" and cb == "I":
        x, y = int_of(a), int_of(b)
        result = {"==": x == y, "!=": x != y, "<": x < y, "<=": x <= y, ">": x > y,
                  ">=": x >= y}[op]
    elif ca == "F" and cb == "F":
        p, q = raw_of(a, "float"), raw_of(b, "float")
        result = neg(smt.fp_eq(p, q)) if op == "!=" else smt.fp_eq(p, q) if op == "==" \
            else ordered(op, smt.fp_lt, smt.fp_le, p, q)
    elif {ca, cb} == {"I", "F"}:
        if ca == "I":
            result = int_float_compare(op, int_of(a), raw_of(b, "float"), True)
        else:
            result = int_float_compare(op, int_of(b), raw_of(a, "float"), False)
    elif ca == "S" and cb == "S":
        p, q = raw_of(a, "str"), raw_of(b, "str")
        result = (p == q) if op == "==" else (p != q) if op == "!=" \
            else ordered(op, lambda x, y: Arithmetic.str_pred("<", x, y),
                         lambda x, y: Arithmetic.str_pred("<=", x, y), p, q)
    elif equality and ca == cb == "N":
        result = TRUE if op == "==" else FALSE
    elif equality and ca == cb == "R":
        same = pure_value("range==", [a, b], "bool").raw
        result = same if op == "==" else neg(same)
    elif equality and ca != cb:
        result = FALSE if op == "==" else TRUE
    return result


def compare(enc: Encoder, state: State, op: str, a: Sym, b: Sym,
            exits: list[Exit]) -> tuple[State, Sym]:
    if op in ("is", "is not"):
        same = identity(a, b)
        return state, vbool(same if op == "is" else neg(same))
    if op in ("in", "not in"):
        return contains(enc, state, op, a, b, exits)
    folded = fold(op, (a, b))
    if folded is not None:
        return apply_folded(enc, state, folded, exits)
    user = disj(any_kind(a, OPAQUE), any_kind(b, OPAQUE),
                conj(is_kind(a, "tup"), is_kind(b, "tup")),
                conj(is_kind(a, "slice"), is_kind(b, "slice")))
    branches: list[Branch] = []
    if not is_false(user):
        branches.append(enc.external_branch(user, state, "cmp:" + op, [a, b]))
    valid = []
    for ca in classes_of(a):
        for cb in classes_of(b):
            if ca == cb and ca in "TL":
                continue
            result = known_compare(op, ca, cb, a, b)
            if result is None:
                continue
            cond = conj(cls_cond(a, ca), cls_cond(b, cb))
            branches.append(Branch(cond, vbool(result)))
            valid.append(cond)
    branches.append(Branch(conj(neg(user), neg(disj(*valid))), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


def identity(a: Sym, b: Sym) -> Expr:
    """``a is b``: objects by id, None and bools exactly; equal ints/strs/floats may or may not
    be the same object (an unknown but fixed choice)."""
    if a.ident and b.ident:
        return TRUE if a.ident == b.ident else FALSE
    th = theory()
    parts = []
    for kind in sorted(a.kinds & b.kinds):
        both = conj(is_kind(a, kind), is_kind(b, kind))
        if kind == "none":
            parts.append(both)
        elif kind == "bool":
            parts.append(conj(both, raw_of(a, "bool") == raw_of(b, "bool")))
        elif kind == "obj":
            parts.append(conj(both, raw_of(a, "obj") == raw_of(b, "obj")))
        else:
            c, args = pure_parts("is", [a, b])
            parts.append(conj(both, a.term == b.term, th.pure_bool(c, args)))
    return disj(*parts)


def contains(enc: Encoder, state: State, op: str, needle: Sym, box: Sym,
             exits: list[Exit]) -> tuple[State, Sym]:
    th = theory()
    flip = op == "not in"
    user = disj(any_kind(box, OPAQUE | {"tup", "range"}),
                conj(is_kind(box, "str"), any_kind(needle, OPAQUE)))
    branches: list[Branch] = []
    if not is_false(user):
        t = enc.step(state.tok, "cmp:in", [needle, box])
        found = th.r_flag(t, smt.int_val(0))  # ``in`` always converts to bool
        branches.append(Branch(user, vbool(neg(found) if flip else found), th.r_raise(t),
                               th.r_exc(t), t))
    both_str = conj(is_kind(box, "str"), is_kind(needle, "str"))
    if not is_false(both_str):
        inside = Arithmetic.str_pred("in", raw_of(box, "str"), raw_of(needle, "str"))
        branches.append(Branch(both_str, vbool(neg(inside) if flip else inside)))
    branches.append(Branch(conj(neg(user), neg(both_str)), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


def truth_of_kind(sym: Sym, kind: str) -> Expr:
    th = theory()
    if kind == "int":
        return raw_of(sym, "int") != 0
    if kind == "bool":
        return raw_of(sym, "bool")
    if kind == "float":
        return neg(smt.fp_is_zero(raw_of(sym, "float")))  # NaN is true
    if kind == "str":
        return Arithmetic.str_len(raw_of(sym, "str")) > 0
    if kind == "none":
        return FALSE
    if kind == "tup":
        if sym.items is not None:
            return TRUE if sym.items else FALSE
        return th.lst.is_Cons(field_of(sym, "tup", "items"))
    if kind == "range":
        if isinstance(sym.const, range):
            return smt.bool_val(len(sym.const) > 0)
        start, stop, step = range_fields(sym)
        return ite(step > 0, start < stop, start > stop)
    return TRUE  # slices


def truth(enc: Encoder, state: State, sym: Sym, exits: list[Exit]) -> tuple[State, Expr]:
    """``bool(sym)``: exact for builtin values, ``__bool__``/``__len__`` for objects."""
    if sym.const is not _NO and type(sym.const) in (*_FOLDABLE, tuple):
        return state, smt.bool_val(bool(sym.const))
    if sym.kinds == {"bool"}:
        return state, raw_of(sym, "bool")
    th = theory()
    pairs = [(is_kind(sym, k), truth_of_kind(sym, k)) for k in sorted(sym.kinds - OPAQUE)]
    opaque = any_kind(sym, OPAQUE)
    if not is_false(opaque):
        t = enc.step(state.tok, "truth", [sym])
        state = state.with_tok(ite(opaque, t, state.tok))
        state = enc.raise_if(state, conj(opaque, th.r_raise(t)), th.r_exc(t), exits)
        pairs.append((opaque, th.r_flag(t, smt.int_val(0))))
    return state, ite_chain(pairs)


def unary(enc: Encoder, state: State, op: str, a: Sym, exits: list[Exit]) -> tuple[State, Sym]:
    if op == "not":
        state, value = truth(enc, state, a, exits)
        return state, vbool(neg(value))
    folded = fold("u" + op, (a,))
    if folded is not None:
        return apply_folded(enc, state, folded, exits)
    branches: list[Branch] = []
    opaque = any_kind(a, OPAQUE)
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state, "unop:" + op, [a]))
    intlike, real = cls_cond(a, "I"), cls_cond(a, "F")
    if not is_false(intlike):
        x = int_of(a)
        branches.append(Branch(intlike, vint(-x if op == "-" else x if op == "+" else -x - 1)))
    valid = [intlike]
    if not is_false(real) and op != "~":
        f = raw_of(a, "float")
        branches.append(Branch(real, vfloat(smt.fp_neg(f) if op == "-" else f)))
        valid.append(real)
    branches.append(Branch(conj(neg(opaque), neg(disj(*valid))), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


def index_of(n: Expr, key: Sym) -> Expr:
    """A Python index into a sequence of length n (negative counts from the end)."""
    known = static_int(key)
    if known is not None:
        return smt.int_val(known) if known >= 0 else n + known
    i = int_of(key)
    return ite(i < 0, i + n, i)


def item_get(enc: Encoder, state: State, box: Sym, key: Sym,
             exits: list[Exit]) -> tuple[State, Sym]:
    branches: list[Branch] = []
    opaque = disj(any_kind(box, OPAQUE), any_kind(key, OPAQUE))
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state, "item.get", [box, key]))
    valid = []

    def add(cond: Expr, value: Sym | None, raises: Raises) -> None:
        if not is_false(cond):
            branches.append(known_branch(cond, value, raises))
            valid.append(cond)

    index_error = vexc("IndexError")
    tup_int = conj(is_kind(box, "tup"), cls_cond(key, "I"))
    if not is_false(tup_int):
        if box.items is not None:
            n = len(box.items)
            i = index_of(smt.int_val(n), key)
            out = disj(i < 0, i >= n)
            value = merge_syms([(i == k, item) for k, item in enumerate(box.items)]) \
                if box.items else None
            add(tup_int, value, [(out, index_error)])
        else:
            raised, exc = pure_raises("tuple[]", [box, key])
            add(tup_int, pure_value("tuple[]", [box, key]), [(raised, exc)])
    str_int = conj(is_kind(box, "str"), cls_cond(key, "I"))
    if not is_false(str_int):
        s = raw_of(box, "str")
        n = Arithmetic.str_len(s)
        i = index_of(n, key)
        add(str_int, vstr(Arithmetic.str_at(s, i)), [(disj(i < 0, i >= n), index_error)])
    sliced = conj(any_kind(box, frozenset({"tup", "str", "range"})), is_kind(key, "slice"))
    range_int = conj(is_kind(box, "range"), cls_cond(key, "I"))
    for cond, name in ((sliced, "slice[]"), (range_int, "range[]")):
        if not is_false(cond):
            raised, exc = pure_raises(name, [box, key])
            add(cond, pure_value(name, [box, key]), [(raised, exc)])
    branches.append(Branch(conj(neg(opaque), neg(disj(*valid))), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


# --- per-op rules: values and variables ------------------------------------------------------

def _set(act: Activation, op: Op, value: Sym) -> None:
    act.env[op.results[0]] = value


@rule("z3", "py.const")
def _const(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    _set(act, op, const_sym(op.attrs["value"]))
    return state


_TRUSTED_NAMES = {f"__trm_{name}__": name for name in TRUSTED}


@rule("z3", "py.global.load")
def _global_load(enc: Encoder, act: Activation, op: Op, state: State,
                 exits: list[Exit]) -> State:
    """Globals are symbolic: any value, possibly rebound by any external step.  The names
    compiled code adds are not: the deopt counter, the trusted builtins, and the snapshot
    ``__trm_F_f__`` which is the function bound to ``f`` when the module was compiled."""
    name = op.attrs["name"]
    if name == "__trm_deopt__":
        _set(act, op, vobj(DEOPT_ID, "deopt"))
        return state
    if name in _TRUSTED_NAMES:
        builtin = _TRUSTED_NAMES[name]
        _set(act, op, vobj(builtin_id(builtin), "builtin:" + builtin))
        return state
    if name.startswith("__trm_F_") and name.endswith("__") and len(name) > 10:
        function = name[len("__trm_F_"):-2]
        _set(act, op, vobj(function_id(function), "fn:" + function))
        return state
    th = theory()
    number = smt.int_val(code("g:" + name))
    value, bound = th.g_val(number, state.tok), th.g_bound(number, state.tok)
    enc.global_reads.append(GlobalRead(name, value, bound))
    state = enc.raise_if(state, neg(bound), vexc("NameError"), exits)
    _set(act, op, Sym(value, origin=name))
    return state


rule("z3", "py.global.store")(_external_rule(lambda op: op_text(op, "name"), may_raise=False))
rule("z3", "py.global.del")(_external_rule(lambda op: op_text(op, "name")))
rule("z3", "cell.store")(_external_rule(lambda op: op_text(op, "name"), may_raise=False))
rule("z3", "cell.del")(_external_rule(lambda op: op_text(op, "name")))


@rule("z3", "cell.load")
def _cell_load(enc: Encoder, act: Activation, op: Op, state: State,
               exits: list[Exit]) -> State:
    """A closure's variable: any external step may have changed it (``nonlocal``)."""
    th = theory()
    name = op.attrs["name"]
    number = smt.int_val(code("cell:" + name))
    value, bound = th.g_val(number, state.tok), th.g_bound(number, state.tok)
    scope = None
    if enc.module is not None and enc.module.parsed is not None:
        scope = enc.module.parsed.scopes.get(act.fn.node)
    free = scope is not None and name in scope.frees
    state = enc.raise_if(state, neg(bound), vexc("NameError" if free else "UnboundLocalError"),
                         exits)
    _set(act, op, Sym(value))
    return state


@rule("z3", "local.load")
def _local_load(enc: Encoder, act: Activation, op: Op, state: State,
                exits: list[Exit]) -> State:
    bound, value = state.slots.get(op.attrs["name"], (FALSE, vnone()))
    state = enc.raise_if(state, neg(bound), vexc("UnboundLocalError"), exits)
    _set(act, op, value)
    return state


@rule("z3", "local.store")
def _local_store(enc: Encoder, act: Activation, op: Op, state: State,
                 exits: list[Exit]) -> State:
    slots = dict(state.slots)
    slots[op.attrs["name"]] = (TRUE, act.get(op.operands[0]))
    return state.with_slots(slots)


@rule("z3", "local.del")
def _local_del(enc: Encoder, act: Activation, op: Op, state: State,
               exits: list[Exit]) -> State:
    name = op.attrs["name"]
    bound, _ = state.slots.get(name, (FALSE, vnone()))
    state = enc.raise_if(state, neg(bound), vexc("UnboundLocalError"), exits)
    slots = dict(state.slots)
    slots[name] = (FALSE, vnone())
    return state.with_slots(slots)


@rule("z3", "py.typeis")
def _typeis(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """``type(x) is T`` against the trusted builtin: exact kinds are constructors; only an
    object can be a list or dict (whose class may change, hence the state)."""
    th = theory()
    value = act.get(op.operands[0])
    kind = {"int": "int", "float": "float", "bool": "bool", "str": "str", "tuple": "tup",
            "range": "range"}.get(op.attrs["type"])
    if kind is not None:
        _set(act, op, vbool(is_kind(value, kind)))
        return state
    is_obj = is_kind(value, "obj")
    query = th.state_bool(smt.int_val(code("typeis:" + op.attrs["type"])), state.tok,
                          vlist([value.term]))
    _set(act, op, vbool(conj(is_obj, query)))
    return state


# --- per-op rules: expressions ---------------------------------------------------------------

@rule("z3", "py.binop", "py.inplace")
def _binop(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    a, b = act.args(op)
    state, value = binary(enc, state, op.attrs["op"], a, b, exits, op.opdef.name == "py.inplace")
    _set(act, op, value)
    return state


@rule("z3", "py.unop")
def _unop(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    state, value = unary(enc, state, op.attrs["op"], act.get(op.operands[0]), exits)
    _set(act, op, value)
    return state


@rule("z3", "py.cmp")
def _cmp(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    a, b = act.args(op)
    state, value = compare(enc, state, op.attrs["op"], a, b, exits)
    _set(act, op, value)
    return state


@rule("z3", "py.truth")
def _truth(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    state, value = truth(enc, state, act.get(op.operands[0]), exits)
    _set(act, op, vbool(value))
    return state


@rule("z3", "py.item.get")
def _item_get(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    box, key = act.args(op)
    state, value = item_get(enc, state, box, key, exits)
    _set(act, op, value)
    return state


@rule("z3", "py.slice")
def _slice(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    lo, hi, step = act.args(op)
    _set(act, op, Sym(theory().val.VSlice(lo.term, hi.term, step.term), frozenset({"slice"})))
    return state


@rule("z3", "py.tuple")
def _tuple(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    values = act.args(op)
    starred = set(op.attrs["starred"])
    if all(values[i].items is not None and values[i].kinds == {"tup"} for i in starred):
        items: list[Sym] = []
        for index, value in enumerate(values):
            items.extend(value.items or () if index in starred else (value,))
        _set(act, op, vtuple(items))
        return state
    state, t = enc.external(state, op_text(op, "starred"), values, exits)
    _set(act, op, Sym(theory().r_val(t)))
    return state


def _display_name(op: Op) -> str:
    return op_text(op, "starred" if "starred" in op.attrs else "layout")


@rule("z3", "py.list", "py.set", "py.dict")
def _display(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """A new mutable object: an allocation step (the heap is part of the trace)."""
    may_raise = op.opdef.name != "py.list" or bool(op.attrs.get("starred"))
    state, t = enc.external(state, _display_name(op), act.args(op), exits, may_raise)
    _set(act, op, vobj(theory().r_oid(t)))
    return state


rule("z3", "py.attr.get")(_external_rule(lambda op: op_text(op, "name")))
rule("z3", "py.attr.set", "py.attr.del")(_external_rule(lambda op: op_text(op, "name")))
rule("z3", "py.item.set", "py.item.del")(_external_rule(lambda op: op.opdef.name))
rule("z3", "py.import")(_external_rule(lambda op: op_text(op, "name", "level", "leaf")))
rule("z3", "py.import.from")(_external_rule(lambda op: op_text(op, "module", "names",
                                                                 "level")))
rule("z3", "py.func")(_external_rule(lambda op: op_text(op, "qualname", "line", "ndecorators",
                                                        "ndefaults", "kwdefaults",
                                                        "annotations"), alloc=True))
rule("z3", "py.lambda")(_external_rule(lambda op: op_text(op, "source", "kwdefaults"),
                                       may_raise=False, alloc=True))
rule("z3", "py.class")(_external_rule(lambda op: op_text(op, "name", "line", "ndecorators",
                                                         "kinds")))
rule("z3", "py.comp")(_external_rule(lambda op: op_text(op, "source")))
# A generator's yields are its conversation with the caller: steps of the trace.
rule("z3", "py.yield", "py.yield.from", "py.await")(_external_rule(lambda op: op.opdef.name))


@rule("z3", "py.unpack")
def _unpack(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    th = theory()
    value = act.get(op.operands[0])
    count, star = op.attrs["count"], op.attrs["star"]
    if star < 0 and value.items is not None and value.kinds == {"tup"}:
        if len(value.items) != count:
            enc.raise_if(state, TRUE, vexc("ValueError"), exits)
            return state.where(FALSE)
        for result, item in zip(op.results, value.items, strict=True):
            act.env[result] = item
        return state
    name = f"unpack:{count}:{star}"

    def external(sub: State) -> tuple[State, Sym]:
        sub, t = enc.external(sub, name, [value], exits)
        return sub, vtuple([Sym(th.r_item(t, smt.int_val(k))) for k in range(count)])

    def pure(sub: State) -> tuple[State, Sym]:
        raised, exc = pure_raises(name, [value])
        sub = enc.raise_if(sub, raised, exc, exits)
        return sub, vtuple([pure_value(f"{name}:{k}", [value]) for k in range(count)])

    def type_error(sub: State) -> tuple[State, Sym]:
        enc.raise_if(sub, TRUE, vexc("TypeError"), exits)
        return sub.where(FALSE), vtuple([vnone()] * count)

    sequences = frozenset({"tup", "str", "range"})
    user = disj(any_kind(value, OPAQUE), any_kind(value, sequences) if star >= 0 else FALSE)
    known = conj(any_kind(value, sequences), neg(user))
    state, joined = enc.fork(state, [(user, external), (known, pure)], type_error)
    for result, item in zip(op.results, joined.items or (), strict=True):
        act.env[result] = item
    return state


@rule("z3", "py.format")
def _format(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    value, *spec = act.args(op)
    plain = op.attrs["conv"] == -1 and not spec
    if plain and value.kinds == {"str"}:
        _set(act, op, value)  # FORMAT_VALUE leaves an exact str alone
        return state
    name = op_text(op, "conv")
    branches: list[Branch] = []
    opaque = disj(any_kind(value, OPAQUE), *(any_kind(s, OPAQUE) for s in spec))
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state, name, [value, *spec]))
    is_str = conj(is_kind(value, "str"), neg(opaque)) if plain else FALSE
    if not is_false(is_str):
        branches.append(Branch(is_str, value))
    raised, exc = pure_raises(name, [value, *spec])
    branches.append(Branch(conj(neg(opaque), neg(is_str)), pure_value(name, [value, *spec], "str"),
                           raised, exc))
    state, result = enc.resolve(state, branches, exits)
    _set(act, op, result)
    return state


@rule("z3", "py.concat")
def _concat(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    parts = act.args(op)
    if all(p.kinds == {"str"} for p in parts):
        raws = [raw_of(p, "str") for p in parts]
        _set(act, op, vstr(Arithmetic.str_concat(*raws) if raws else smt.string_val("")))
    else:
        _set(act, op, pure_value("concat", parts, "str"))
    return state


# --- calls -----------------------------------------------------------------------------------

@rule("z3", "py.call")
def _call(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """A call is an external step, except: the deopt counter (no effect at all); the module
    function a pinned global names, while the global is that function (its own IR runs);
    the builtin ``range`` (a range value)."""
    callee, *args = act.args(op)
    kinds = op.attrs["kinds"]
    if callee.ident == "deopt":
        _set(act, op, vnone())
        return state
    name = "call:" + ",".join(kinds)
    if callee.ident == "builtin:type" and kinds == ("p",):
        state, result = trusted_type(enc, state, callee, args[0], name, exits)
        _set(act, op, result)
        return state

    def external(sub: State) -> tuple[State, Sym]:
        sub, t = enc.external(sub, name, [callee, *args], exits)
        return sub, Sym(theory().r_val(t))

    cases: list[tuple[Expr, Callable[[State], tuple[State, Sym]]]] = []
    positional = all(k == "p" for k in kinds)
    if positional and "obj" in callee.kinds:
        target = enc.functions.get(callee.origin) if callee.origin in enc.pins else None
        if target is not None and enc.depth < MAX_CALL_DEPTH and simple_signature(target) \
                and len(target.params) == len(args):
            def run(sub: State, fn: Function = target) -> tuple[State, Sym]:
                return enc.call_function(fn, args, sub, exits)

            cases.append((identity(callee, vobj(function_id(callee.origin))), run))
        if (callee.origin == "range" or callee.ident == "builtin:range") and 1 <= len(args) <= 3:
            def make(sub: State) -> tuple[State, Sym]:
                return call_range(enc, sub, callee, args, name, exits)

            cases.append((identity(callee, vobj(builtin_id("range"))), make))
        for builtin, model in BUILTIN_MODELS.items():
            if (callee.origin == builtin or callee.ident == "builtin:" + builtin) \
                    and len(args) == 1:
                def apply(sub: State, fn: Callable[..., tuple[State, Sym]] = model) -> \
                        tuple[State, Sym]:
                    return fn(enc, sub, callee, args[0], name, exits)

                cases.append((identity(callee, vobj(builtin_id(builtin))), apply))
    state, result = enc.fork(state, cases, external) if cases else external(state)
    _set(act, op, result)
    return state


_TYPE_NAMES = {"int": "int", "bool": "bool", "float": "float", "str": "str", "none": "NoneType",
               "tup": "tuple", "range": "range", "slice": "slice"}


def trusted_type(enc: Encoder, state: State, callee: Sym, value: Sym, name: str,
                 exits: list[Exit]) -> tuple[State, Sym]:
    """``__trm_type__(x)`` (the real ``type``, as guards call it; no user code runs): the
    builtin class of a builtin value.  An object's class depends on the state (``__class__``
    can be assigned) and is never one of those builtin classes, whose ids are negative: exact
    ints, strs... are never ``VObj``."""
    del callee, name
    branches = [Branch(is_kind(value, kind), vobj(builtin_id(_TYPE_NAMES[kind])))
                for kind in sorted(value.kinds - OPAQUE)]
    opaque = any_kind(value, OPAQUE)
    if not is_false(opaque):
        th = theory()
        number = th.state_int(smt.int_val(code("type")), state.tok, vlist([value.term]))
        positive = 1 + ite(number >= 0, number, -number)
        branches.append(Branch(opaque, vobj(positive)))
    return enc.resolve(state, branches, exits)


def call_abs(enc: Encoder, state: State, callee: Sym, value: Sym, name: str,
             exits: list[Exit]) -> tuple[State, Sym]:
    """The builtin ``abs``: exact for ints, bools and floats (it clears the sign bit, so
    ``abs(-0.0)`` is ``0.0``); ``__abs__`` of an object is user code."""
    branches: list[Branch] = []
    opaque = any_kind(value, OPAQUE)
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state, name, [callee, value]))
    intlike, real = cls_cond(value, "I"), cls_cond(value, "F")
    if not is_false(intlike):
        x = int_of(value)
        branches.append(Branch(intlike, vint(ite(x < 0, -x, x))))
    if not is_false(real):
        branches.append(Branch(real, vfloat(smt.fp_abs(raw_of(value, "float")))))
    branches.append(Branch(conj(neg(opaque), neg(intlike), neg(real)), None, TRUE,
                           vexc("TypeError")))
    return enc.resolve(state, branches, exits)


def call_len(enc: Encoder, state: State, callee: Sym, value: Sym, name: str,
             exits: list[Exit]) -> tuple[State, Sym]:
    """The builtin ``len``: of a str or tuple exactly, of a range as a pure function; of an
    object through ``__len__``; TypeError for numbers and None."""
    branches: list[Branch] = []
    opaque = any_kind(value, OPAQUE)
    if not is_false(opaque):
        branches.append(enc.external_branch(opaque, state, name, [callee, value]))
    text, tup, rng = is_kind(value, "str"), is_kind(value, "tup"), is_kind(value, "range")
    if not is_false(text):
        branches.append(Branch(text, vint(Arithmetic.str_len(raw_of(value, "str")))))
    if not is_false(tup):
        size = vint(smt.int_val(len(value.items))) if value.items is not None \
            else pure_value("len", [value], "int")
        branches.append(Branch(tup, size))
    if not is_false(rng):
        branches.append(Branch(rng, pure_value("len", [value], "int")))
    sized = disj(opaque, text, tup, rng)
    branches.append(Branch(neg(sized), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


BUILTIN_MODELS = {"abs": call_abs, "len": call_len}


def call_range(enc: Encoder, state: State, callee: Sym, args: Sequence[Sym], name: str,
               exits: list[Exit]) -> tuple[State, Sym]:
    th = theory()
    ints = conj(*(cls_cond(a, "I") for a in args))
    user = conj(neg(ints), disj(*(any_kind(a, OPAQUE) for a in args)))
    numbers = [int_of(a) for a in args]
    start, stop, step = (smt.int_val(0), numbers[0], smt.int_val(1)) if len(numbers) == 1 \
        else (numbers[0], numbers[1], smt.int_val(1)) if len(numbers) == 2 else tuple(numbers)
    bounds = [static_int(a) for a in args]
    static: Any = _NO
    if all(b is not None for b in bounds) and (len(bounds) < 3 or bounds[2] != 0):
        static = range(*bounds)  # type: ignore[arg-type]
    value = Sym(th.val.VRange(start, stop, step), frozenset({"range"}), const=static)
    zero_step = step == 0 if len(args) < 3 or bounds[2] is None else smt.bool_val(bounds[2] == 0)
    branches = [Branch(ints, value, FALSE if len(args) < 3 else zero_step, vexc("ValueError"))]
    if not is_false(user):
        branches.append(enc.external_branch(user, state, name, [callee, *args]))
    branches.append(Branch(conj(neg(ints), neg(user)), None, TRUE, vexc("TypeError")))
    return enc.resolve(state, branches, exits)


# --- per-op rules: structured control flow ---------------------------------------------------

@rule("z3", "cf.yield", "cf.condition", "cf.continue", "cf.break", "cf.return")
def _leave(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> None:
    exits.append(Exit(op.opdef.name[3:], state, tuple(act.args(op))))


@rule("z3", "cf.unreachable")
def _unreachable(enc: Encoder, act: Activation, op: Op, state: State,
                 exits: list[Exit]) -> None:
    """Valid IR never gets here; if a version does, that is an outcome of its own."""
    enc.raise_if(state, TRUE, vexc(UNREACHABLE), exits)


@rule("z3", "cf.raise")
def _raise(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> None:
    th = theory()
    values = act.args(op)
    if not values:  # bare ``raise``: the exception being handled
        exc = state.active if state.active is not None else vexc("RuntimeError")
        enc.raise_if(state, TRUE, exc, exits)
        return
    if len(values) == 1 and values[0].kinds == {"exc"}:
        enc.raise_if(state, TRUE, values[0].term, exits)  # re-raising a caught exception
        return
    # ``raise X`` / ``raise X from Y``: instantiating X and its __init__ run user code.
    t = enc.step(state.tok, op_text(op, "has_cause"), values)
    enc.raise_if(state.with_tok(t), TRUE, th.r_exc(t), exits)


@rule("z3", "cf.if")
def _if(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    state, cond = truth(enc, state, act.get(op.operands[0]), exits)
    arms: list[Exit] = []
    for region, guard in ((op.regions[0], cond), (op.regions[1], neg(cond))):
        sub = state.where(guard)
        if sub.dead():
            continue
        for leaving in enc.run_region(region, act, sub, ()):
            (arms if leaving.kind == "yield" else exits).append(leaving)
    if not arms:
        return state.where(FALSE)
    joined, values = merge_exits(arms, state)
    for result, value in zip(op.results, values, strict=True):
        act.env[result] = value
    return joined


@rule("z3", "cf.assert")
def _assert(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    test, message = op.regions
    conds: list[Exit] = []
    for leaving in enc.run_region(test, act, state, ()):
        (conds if leaving.kind == "condition" else exits).append(leaving)
    if not conds:
        return state.where(FALSE)
    state, (value,) = merge_exits(conds)
    state, ok = truth(enc, state, value, exits)
    failing = state.where(neg(ok))
    if not failing.dead():
        for leaving in enc.run_region(message, act, failing, ()):
            if leaving.kind == "yield":
                enc.raise_if(leaving.state, TRUE, vexc("AssertionError"), exits)
            else:
                exits.append(leaving)
    return state.where(ok)


@rule("z3", "cf.try")
def _try(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """try/except/else/finally over exits: raise exits of the body go through the handlers in
    order; every exit of the statement goes through ``finally`` (encoded once, on the join of
    all of them, then each resumes where its own path condition holds)."""
    regions, handlers = op.regions, op.attrs["handlers"]
    orelse = regions[1 + 2 * handlers] if op.attrs["has_else"] else None
    final = regions[-1] if op.attrs["has_finally"] else None
    leaving: list[Exit] = []  # exits of the try statement, before ``finally``
    falls: list[Exit] = []
    raised: list[Exit] = []
    for e in enc.run_region(regions[0], act, state, ()):
        (falls if e.kind == "yield" else raised if e.kind == "raise" else leaving).append(e)
    if falls and orelse is not None:
        body_end, _ = merge_exits(falls)
        falls = []
        for e in enc.run_region(orelse, act, body_end, ()):
            (falls if e.kind == "yield" else leaving).append(e)
    if raised:
        falls += _handle(enc, act, op, state, raised, leaving)
    if final is None:
        exits.extend(leaving)
        return merge_exits(falls)[0] if falls else state.where(FALSE)
    pending = [e for e in leaving if e.kind != "bound"]
    exits.extend(e for e in leaving if e.kind == "bound")
    if falls:
        pending.append(Exit("yield", merge_exits(falls)[0], ()))
    if not pending:
        return state.where(FALSE)
    entry = merge_states([e.state for e in pending])
    ends: list[Exit] = []
    for e in enc.run_region(final, act, entry, ()):
        (ends if e.kind == "yield" else exits).append(e)
    if not ends:
        return state.where(FALSE)
    after, _ = merge_exits(ends)
    resumed = state.where(FALSE)
    for e in pending:
        continued = after.where(e.state.alive)
        if e.kind == "yield":
            resumed = continued
        else:
            exits.append(Exit(e.kind, continued, e.values))
    return resumed


def _handle(enc: Encoder, act: Activation, op: Op, entry: State, raised: list[Exit],
            leaving: list[Exit]) -> list[Exit]:
    """The except clauses; returns the fall-through exits of the handlers that ran."""
    handlers, names = op.attrs["handlers"], op.attrs["names"]
    pending, (exc,) = merge_exits(raised)
    falls: list[Exit] = []
    for index in range(handlers):
        if pending.dead():
            break
        match, handler = op.regions[1 + 2 * index], op.regions[2 + 2 * index]
        kinds: list[Exit] = []
        for e in enc.run_region(match, act, pending, ()):
            (kinds if e.kind == "yield" else leaving).append(e)
        if not kinds:
            pending = pending.where(FALSE)
            break
        pending, types = merge_exits(kinds)
        matched = TRUE
        if types:
            pending, matched = _matches(enc, pending, exc, types[0], leaving)
        inside = pending.where(matched)
        pending = pending.where(neg(matched))
        if inside.dead():
            continue
        name = names[index] if index < len(names) else ""
        slots = dict(inside.slots)
        if name:
            slots[name] = (TRUE, exc)
        inside = inside.with_slots(slots).with_active(exc.term)
        for e in enc.run_region(handler, act, inside, ()):
            after = dict(e.state.slots)
            if name:
                after[name] = (FALSE, vnone())  # ``except E as e`` ends with ``del e``
            restored = e.state.with_slots(after).with_active(entry.active)
            (falls if e.kind == "yield" else leaving).append(Exit(e.kind, restored, e.values))
    if not pending.dead():
        leaving.append(Exit("raise", pending, (exc,)))
    return falls


def _matches(enc: Encoder, state: State, exc: Sym, types: Sym,
             leaving: list[Exit]) -> tuple[State, Expr]:
    """Does ``exc`` match an except clause's type(s)?  A subclass check (no user code), by
    an uninterpreted predicate; a tuple of types matches when one of them does."""
    th = theory()
    candidates = types.items if types.items is not None and types.kinds == {"tup"} else (types,)
    found: list[Expr] = []
    for candidate in candidates:
        c, args = pure_parts("except", [exc, candidate])
        raised = conj(th.pure_raise(c, args), neg(disj(*found)))
        state = enc.raise_if(state, raised, vexc("TypeError"), leaving)
        found.append(th.pure_bool(c, args))
    return state, disj(*found)


@rule("z3", "cf.with", "cf.async_with")
def _with(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """``__enter__``/``__exit__`` (awaited ``__aenter__``/``__aexit__``) are external steps;
    ``__exit__`` runs on every way out of the body and may suppress an exception."""
    th = theory()
    manager = act.get(op.operands[0])
    prefix = "with." if op.opdef.name == "cf.with" else "async_with."
    state, t = enc.external(state, prefix + "enter", [manager], exits)
    args = (Sym(th.r_val(t)),) if op.attrs["has_as"] else ()
    falls: list[Exit] = []
    raised: list[Exit] = []
    for e in enc.run_region(op.regions[0], act, state, args):
        if e.kind == "bound":
            exits.append(e)
        elif e.kind == "raise":
            raised.append(e)
        else:
            after, _ = enc.external(e.state, prefix + "exit", [manager], exits)
            (falls if e.kind == "yield" else exits).append(Exit(e.kind, after, e.values))
    if raised:
        pending, (exc,) = merge_exits(raised)
        pending, t = enc.external(pending, prefix + "exit.exc", [manager, exc], exits)
        suppress = th.r_flag(t, smt.int_val(0))
        enc.raise_if(pending, neg(suppress), exc.term, exits)
        falls.append(Exit("yield", pending.where(suppress)))
    return merge_exits(falls)[0] if falls else state.where(FALSE)


# --- loops -----------------------------------------------------------------------------------

def _canon(value: object) -> str:
    if isinstance(value, float):
        return "f" + value.hex()
    if isinstance(value, tuple):
        return "(" + ",".join(_canon(v) for v in value) + ")"
    return f"{type(value).__name__}:{value!r}"


def loop_signature(op: Op) -> tuple[str, list[Value]]:
    """A loop's identity up to its inputs: ops, attributes and shape (not types or source
    locations), and the outside values it reads, in order of first use."""
    names: dict[Value, str] = {}
    externals: list[Value] = []
    parts: list[str] = []

    def ref(value: Value) -> str:
        found = names.get(value)
        if found is None:
            found = names[value] = f"e{len(externals)}"
            externals.append(value)
        return found

    def visit(o: Op) -> None:
        attrs = ",".join(f"{k}={_canon(v)}" for k, v in sorted(o.attrs.items()))
        parts.append(f"{o.opdef.name}[{attrs}]({','.join(ref(v) for v in o.operands)})")
        for result in o.results:
            names[result] = f"v{len(names)}"
        for region in o.regions:
            for arg in region.args:
                names[arg] = f"v{len(names)}"
            parts.append(f"{{{len(region.args)}")
            for inner in region.ops:
                visit(inner)
            parts.append("}")

    visit(op)
    digest = hashlib.sha1("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:20]
    return digest, externals


def _inner_ops(op: Op) -> Iterator[Op]:
    for region in op.regions:
        yield from region.walk()


@rule("z3", "cf.for", "cf.while", "cf.async_for")
def _loop(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit]) -> State:
    """A for loop over a value joined from several paths runs once per alternative (the
    fast arm of a guard iterates a known range, the slow arm an unknown object)."""
    enc.loops += 1
    iterable = act.get(op.operands[0]) if op.opdef.name == "cf.for" else None
    if iterable is None or iterable.alts is None:
        return _loop_one(enc, act, op, state, exits, iterable)
    ends: list[tuple[State, list[Sym]]] = []
    for cond, alt in iterable.alts:
        sub = state.where(cond)
        if not sub.dead():
            after = _loop_one(enc, act, op, sub, exits, alt)
            if not after.dead():
                ends.append((after, [act.env[r] for r in op.results]))
    if not ends:
        return state.where(FALSE)
    for index, result in enumerate(op.results):
        act.env[result] = merge_syms([(st.alive, values[index]) for st, values in ends])
    return merge_states([st for st, _ in ends])


def _short(sym: Sym, bound: int) -> bool:
    """Does iterating ``sym`` surely end within ``bound`` items?"""
    if sym.kinds == {"range"} and isinstance(sym.const, range):
        return len(sym.const) <= bound
    return sym.kinds == {"tup"} and sym.items is not None and len(sym.items) <= bound


def _loop_one(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit],
              iterable: Sym | None) -> State:
    key, externals = loop_signature(op)
    if enc.pairing is not None:
        shared = enc.pairing.summary_key(enc, act, op, iterable, key, externals)
        if shared is not None:
            enc.summarized += 1
            return summarize(enc, act, op, shared, externals, state, exits, iterable)
        if key not in enc.summarize:
            enc.pairing.unpaired += 1
    if key not in enc.summarize or (iterable is not None and _short(iterable, enc.loop_bound)):
        return unroll(enc, act, op, state, exits, iterable)
    enc.summarized += 1
    if not enc.hybrid:
        return summarize(enc, act, op, key, externals, state, exits, iterable)
    # Exact while the loop ends within the bound; the summary for the paths that go on.
    local: list[Exit] = []
    after = unroll(enc, act, op, state, local, iterable)
    exits.extend(e for e in local if e.kind != "bound")
    longer = [e.state.alive for e in local if e.kind == "bound"]
    if not longer:
        return after
    exact = [act.env[r] for r in op.results] if not after.dead() else []
    rest = summarize(enc, act, op, key, externals, state.where(disj(*longer)), exits, iterable)
    if after.dead():
        return rest
    for result, value in zip(op.results, exact, strict=True):
        act.env[result] = merge_syms([(after.alive, value), (rest.alive, act.env[result])])
    return merge_states([after, rest])


def summarize(enc: Encoder, act: Activation, op: Op, key: str, externals: Sequence[Value],
              state: State, exits: list[Exit], iterable: Sym | None = None) -> State:
    """The whole loop as one external step of everything it reads (the same loop with the
    same inputs after the same trace has the same outcome, at any trip count)."""
    th = theory()
    inputs = [act.get(v) for v in externals]
    if iterable is not None:
        inputs[0] = iterable  # externals start with the loop's own operands
    inner = list(_inner_ops(op))
    slot_names = sorted({o.attrs["name"] for o in inner if o.opdef.name.startswith("local.")})
    for name in slot_names:
        bound, value = state.slots.get(name, (FALSE, vnone()))
        inputs += [vbool(bound), value]
    if any(o.opdef.name == "cf.raise" and not o.operands for o in inner):
        inputs.append(Sym(state.active if state.active is not None else th.val.VNone))
    t = enc.step(state.tok, "loop:" + key, inputs)
    state = enc.raise_if(state.with_tok(t), th.r_raise(t), th.r_exc(t), exits)
    if any(o.opdef.name == "cf.return" for o in inner):
        returned = th.r_flag(t, smt.int_val(1))
        exits.append(Exit("return", state.where(returned), (Sym(th.r_val(t)),)))
        state = state.where(neg(returned))
    slots = dict(state.slots)
    for index, name in enumerate(slot_names):
        slots[name] = (th.r_flag(t, smt.int_val(2 + index)),
                       Sym(th.r_item(t, smt.int_val(1000 + index))))
    for index, result in enumerate(op.results):
        act.env[result] = Sym(th.r_item(t, smt.int_val(index)))
    return state.with_slots(slots)


class Iteration:
    """``for x in it``: the items of a tuple, range or str exactly; an object's through
    ``iter``/``next`` steps (StopIteration ends the loop, other exceptions propagate)."""

    __slots__ = ("asynchronous", "enc", "it", "iterator", "lst", "opaque")

    def __init__(self, enc: Encoder, it: Sym, asynchronous: bool = False) -> None:
        self.enc = enc
        self.it = it
        self.asynchronous = asynchronous  # ``async for``: only objects have ``__aiter__``
        self.opaque = any_kind(it, OPAQUE)
        self.iterator: Sym | None = None
        self.lst: Expr | None = None

    def start(self, state: State, exits: list[Exit]) -> State:
        th = theory()
        bad = neg(self.opaque) if self.asynchronous else any_kind(self.it, NOT_ITERABLE)
        state = self.enc.raise_if(state, bad, vexc("TypeError"), exits)
        if not is_false(self.opaque):
            t = self.enc.step(state.tok, "aiter" if self.asynchronous else "iter", [self.it])
            state = state.with_tok(ite(self.opaque, t, state.tok))
            state = self.enc.raise_if(state, conj(self.opaque, th.r_raise(t)), th.r_exc(t),
                                      exits)
            self.iterator = Sym(th.r_val(t))
        if "tup" in self.it.kinds and self.it.items is None:
            self.lst = field_of(self.it, "tup", "items")
        return state

    def next(self, state: State, index: int,
             exits: list[Exit]) -> tuple[State, Expr, Sym]:
        th = theory()
        it = self.it
        has: list[tuple[Expr, Expr]] = []
        items: list[tuple[Expr, Sym]] = []
        for kind in sorted(it.kinds - OPAQUE):
            cond = is_kind(it, kind)
            if kind == "tup" and it.items is not None:
                inside = index < len(it.items)
                has.append((cond, smt.bool_val(inside)))
                items.append((cond, it.items[index] if inside else vnone()))
            elif kind == "tup":
                lst = self.lst
                has.append((cond, th.lst.is_Cons(lst)))
                items.append((cond, Sym(th.lst.hd(lst))))
                self.lst = th.lst.tl(lst)
            elif kind == "range" and isinstance(it.const, range):
                inside = index < len(it.const)
                has.append((cond, smt.bool_val(inside)))
                items.append((cond, const_sym(it.const[index]) if inside else vnone()))
            elif kind == "range":
                start, stop, step = range_fields(it)
                if smt.is_int_literal(start) and smt.is_int_literal(step):
                    first, stride = start.as_long(), step.as_long()
                    value = smt.int_val(first + stride * index)
                    more = value < stop if stride > 0 else value > stop
                    has.append((cond, more))
                    items.append((cond, const_sym(first + stride * index)))
                    continue
                value = start + step * index
                has.append((cond, ite(step > 0, value < stop, value > stop)))
                items.append((cond, vint(value)))
            elif kind == "str":
                s = raw_of(it, "str")
                has.append((cond, smt.int_val(index) < Arithmetic.str_len(s)))
                items.append((cond, vstr(Arithmetic.str_at(s, smt.int_val(index)))))
            else:
                has.append((cond, FALSE))
                items.append((cond, vnone()))
        if not is_false(self.opaque) and self.iterator is not None:
            t = self.enc.step(state.tok, "anext" if self.asynchronous else "next",
                              [self.iterator])
            state = state.with_tok(ite(self.opaque, t, state.tok))
            stop = th.r_flag(t, smt.int_val(0))  # it raised StopIteration
            state = self.enc.raise_if(state, conj(self.opaque, th.r_raise(t), neg(stop)),
                                      th.r_exc(t), exits)
            has.append((self.opaque, neg(th.r_raise(t))))
            items.append((self.opaque, Sym(th.r_val(t))))
        return state, ite_chain(has), merge_syms(items)


def unroll(enc: Encoder, act: Activation, op: Op, state: State, exits: list[Exit],
           iterable: Sym | None = None) -> State:
    """The loop unrolled ``loop_bound`` times; a path that would go on ends in a bound exit."""
    ends: list[Exit] = []
    breaks: list[Exit] = []
    if op.opdef.name in FOR_LOOPS:
        first, *carried = act.args(op)
        body = op.regions[0]
        orelse = op.regions[1] if len(op.regions) > 1 else None
        source = Iteration(enc, iterable if iterable is not None else first,
                           op.opdef.name == "cf.async_for")
        state = source.start(state, exits)
    else:
        carried = act.args(op)
        test, body = op.regions[:2]
        orelse = op.regions[2] if len(op.regions) > 2 else None
    for index in range(enc.loop_bound + 1):
        if state.dead():
            break
        if op.opdef.name in FOR_LOOPS:
            state, more, item = source.next(state, index, exits)
            args: tuple[Sym, ...] = (item, *carried)
        else:
            conds: list[Exit] = []
            for e in enc.run_region(test, act, state, carried):
                (conds if e.kind == "condition" else exits).append(e)
            if not conds:
                break
            state, (value,) = merge_exits(conds)
            state, more = truth(enc, state, value, exits)
            args = tuple(carried)
        ends.append(Exit("end", state.where(neg(more)), tuple(carried)))
        state = state.where(more)
        if state.dead():
            break
        if index == enc.loop_bound:
            exits.append(Exit("bound", state))
            break
        continues = []
        for e in enc.run_region(body, act, state, args):
            if e.kind == "continue":
                continues.append(e)
            elif e.kind == "break":
                breaks.append(e)
            else:
                exits.append(e)
        if not continues:
            break
        state, values = merge_exits(continues)
        carried = list(values)
    return finish_loop(enc, act, op, orelse, ends, breaks, exits)


def finish_loop(enc: Encoder, act: Activation, op: Op, orelse: Region | None,
                ends: list[Exit], breaks: list[Exit], exits: list[Exit]) -> State:
    leaving = [Exit("yield", b.state, b.values) for b in breaks if not b.state.dead()]
    live = [e for e in ends if not e.state.dead()]
    if live:
        end_state, carried = merge_exits(live)
        if orelse is None:
            leaving.append(Exit("yield", end_state, carried))
        else:
            for e in enc.run_region(orelse, act, end_state, carried):
                (leaving if e.kind == "yield" else exits).append(e)
    if not leaving:
        return State(FALSE, ends[0].state.tok if ends else theory().tok.TInit(smt.int_val(0)),
                     {})
    joined, values = merge_exits(leaving)
    for result, value in zip(op.results, values, strict=True):
        act.env[result] = value
    return joined


@dataclass(slots=True)
class LoopVisit:
    """One encoding of a loop: enough to encode its body again, with fresh iteration inputs,
    in the context it met (the values of everything it reads from outside)."""

    enc: Encoder
    fn: Function
    env: dict[Value, Sym]
    op: Op
    iterable: Sym | None
    key: str
    inputs: tuple[int, ...]


class Pairing:
    """Loops the optimizer changed (a call inlined in the body, a specialized copy, a loop of
    an inlined callee), paired with a loop of the original.  Every loop of the original is
    summarized; a loop of the optimized version shares the summary of one that (a) reads
    exactly the same values from outside and (b) has a body ``lemma`` proves to agree on every
    iteration state — then the two agree at every trip count, by induction.  Any such pair is
    sound, so pairs are found by trying, not by source location (inlining relocates loops).
    A loop without a partner is encoded as usual."""

    __slots__ = ("lemma", "unpaired", "visits")

    def __init__(self, lemma: Callable[[LoopVisit, LoopVisit], bool]) -> None:
        self.lemma = lemma
        self.visits: list[LoopVisit] = []
        self.unpaired = 0  # changed loops of the optimized version left without a partner

    def summary_key(self, enc: Encoder, act: Activation, op: Op, iterable: Sym | None,
                    key: str, externals: Sequence[Value]) -> str | None:
        syms = [act.get(v) for v in externals]
        if iterable is not None:
            syms[0] = iterable
        source = syms[0] if op.opdef.name in FOR_LOOPS else None
        visit = LoopVisit(enc, act.fn, dict(act.env), op, source, key,
                          tuple(smt.term_id(s.term) for s in syms))
        if enc.side == 0:
            self.visits.append(visit)
            return key
        for first in self.visits:
            if first.inputs == visit.inputs and first.op.opdef is op.opdef \
                    and len(first.op.results) == len(op.results) \
                    and len(first.op.regions) == len(op.regions) and self.lemma(first, visit):
                return first.key
        return None


def loop_keys(fn: Function, functions: dict[str, Function], pins: frozenset[str],
              depth: int = 0) -> set[str]:
    """Signatures of the loops a version may run: its own and those of the pinned functions
    it calls (their bodies run in the original, their inlined copies in the optimized)."""
    keys: set[str] = set()
    for op in fn.walk():
        if op.opdef.name in LOOPS:
            keys.add(loop_signature(op)[0])
        elif op.opdef.name == "py.call" and depth < MAX_CALL_DEPTH:
            target = op.operands[0].owner
            if isinstance(target, Op) and target.opdef.name == "py.global.load":
                callee = functions.get(target.attrs["name"])
                if callee is not None and callee.name in pins and callee is not fn:
                    keys |= loop_keys(callee, functions, pins, depth + 1)
    return keys
