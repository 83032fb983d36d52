"""Translation validation: can the optimized version of a function ever differ from the original?

Both versions are encoded over the same parameters and the same initial effects trace
(:mod:`trm_agent.verify.encode`) and compared on what DESIGN §4 observes: normal return or
raise, the return value (type included, floats bit for bit up to the NaN payload) or the
exception, and the trace of external operations (calls, attribute and item accesses,
allocations, global stores...) with the state it leaves.

Globals are symbolic, so a proof covers every environment: a guard such as
``f is __trm_F_f__`` may be true or false, and the snapshot ``__trm_F_f__`` is the function
the module bound to ``f`` (a call of that function runs its own IR).  ``__trm_deopt__`` is a
counter without observable effect.

Verdicts, per query (DESIGN §6):

* PROVED: equal on every input and environment, with every loop run at most ``loop_bound``
  times or summarized (loops identical in both versions), or proven to exit within it.
* REFUTED: only when a *concrete* counterexample exists — parameters that are ints, bools,
  floats, strs or None, the module's own functions and the real builtins bound to their
  names — and the difference is forced, i.e. no interpretation of the operations the encoder
  left unknown can make the versions agree on it.  The caller replays it by execution
  (:mod:`trm_agent.verify.replay`); one that does not reproduce is an encoder bug.
* UNKNOWN with a reason: ``timeout``, ``bound``, ``unsupported: <op>``, or a difference that
  exists only for unknown objects/rebound globals or depends on the unknown operations.
"""

from __future__ import annotations

import builtins
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from trm_agent.ir.core import Function, Module
from trm_agent.passes.inline import module_bindings
from trm_agent.verify import smt
from trm_agent.verify.encode import (
    _EXC_NAMES,
    DEFAULT_LOOP_BOUND,
    FALSE,
    FOR_LOOPS,
    LOOPS,
    TRUE,
    Activation,
    Encoder,
    Exit,
    LoopVisit,
    OutOfTime,
    Pairing,
    State,
    Sym,
    Unsupported,
    builtin_id,
    code,
    codes,
    conj,
    const_sym,
    disj,
    function_id,
    is_false,
    ite_chain,
    loop_keys,
    loop_signature,
    merge_exits,
    neg,
    new_query,
    theory,
    top_level_functions,
    vexc,
    vint,
    vlist,
    vnone,
    vobj,
    vstr,
)
from trm_agent.verify.smt import DEFAULT_TIMEOUT_S, Expr, Result, Verdict

CANDIDATE_S = 0.2  # per candidate assignment
BOUND_CHECK_S = 0.25  # how long to look for a proof that every loop ends within the bound
MAX_STR = 8  # longest str a counterexample may hold (decoded character by character)
_TAGS = ("int", "bool", "float", "str", "none")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one version does: raised or returned, value or exception, trace, loop bound hit."""

    raised: Expr
    value: Expr
    exc: Expr
    tok: Expr
    bound: Expr


def outcome(exits: Sequence[Exit], entry_tok: Expr) -> Outcome:
    th = theory()
    returns = [e for e in exits if e.kind == "return" and not e.state.dead()]
    raises = [e for e in exits if e.kind == "raise" and not e.state.dead()]
    bounds = [e for e in exits if e.kind == "bound" and not e.state.dead()]
    strays = [e.kind for e in exits if e.kind not in ("return", "raise", "bound")]
    if strays:
        raise Unsupported(f"encoder: {strays[0]} leaves the function")
    # A canonical order (by the terms, which are shared): versions that raise the same
    # exceptions on different paths get ite chains the solver need not reorder.
    returns.sort(key=lambda e: (smt.term_id(e.values[0].term), smt.term_id(e.state.tok)))
    raises.sort(key=lambda e: (smt.term_id(e.values[0].term), smt.term_id(e.state.tok)))
    ended = returns + raises
    raised = disj(*(e.state.alive for e in raises))
    value = ite_chain([(e.state.alive, e.values[0].term) for e in returns]) if returns \
        else th.val.VNone
    exc = ite_chain([(e.state.alive, e.values[0].term) for e in raises]) if raises \
        else th.val.VNone
    tok = ite_chain([(e.state.alive, e.state.tok) for e in ended]) if ended else entry_tok
    return Outcome(raised, value, exc, tok, disj(*(e.state.alive for e in bounds)))


def same_outcome(a: Outcome, b: Outcome, trace: Callable[[Expr], Expr] | None = None) -> Expr:
    """Equal results and traces; ``trace`` maps a trace to the part compared (all of it)."""
    view = trace or (lambda t: t)
    return conj(a.raised == b.raised,
                smt.ite(a.raised, a.exc == b.exc, a.value == b.value),
                view(a.tok) == view(b.tok))


# Steps that are effects a run shows: output, mutation, calls out of the unit (not a loop
# summary, whose effects are unknown).  Proofs compare whole traces; a refutation needs a
# difference in these: versions that differ only in reads (an attribute looked up before a
# raise, say) would not differ when replayed.
EFFECTS = ("call:", "py.attr.set", "py.attr.del", "py.item.set", "py.item.del", "py.global.",
           "cell.store", "cell.del", "py.import", "py.yield", "with.", "async_with.",
           "cf.raise", "inplace:", "py.func", "py.class", "py.comp")
# Builtins without effects of their own (on builtin values): calling one is not an effect.
PURE_BUILTINS = ("abs", "all", "any", "ascii", "bin", "bool", "bytes", "callable", "chr",
                 "complex", "dict", "divmod", "enumerate", "filter", "float", "format",
                 "frozenset", "getattr", "hasattr", "hash", "hex", "id", "int", "isinstance",
                 "issubclass", "iter", "len", "list", "map", "max", "min", "object", "oct", "ord",
                 "pow", "range", "repr", "reversed", "round", "set", "slice", "sorted", "str",
                 "sum", "tuple", "type", "zip")
_PROJECTIONS: list[Any] = []


def effects_view() -> Callable[[Expr], Expr]:
    """The trace restricted to its effect steps (a recursive function z3 unfolds)."""
    th = theory()
    known = codes()
    effectful = sorted(n for name, n in known.items() if name.startswith(EFFECTS))
    calls = sorted(n for name, n in known.items() if name.startswith("call:"))
    fn = smt.rec_function(f"effects{len(_PROJECTIONS)}", th.tok, th.tok)
    _PROJECTIONS.append(fn)
    t = smt.const("t", th.tok)
    previous = fn(th.tok.prev(t))
    kept = th.tok.TStep(previous, th.tok.opcode(t), th.tok.args(t))
    callee = th.lst.hd(th.tok.args(t))
    pure_call = conj(disj(*(th.tok.opcode(t) == n for n in calls)), th.val.is_VObj(callee),
                     disj(*(th.val.oid(callee) == builtin_id(b) for b in PURE_BUILTINS)))
    is_effect = conj(disj(*(th.tok.opcode(t) == n for n in effectful)), neg(pure_call))
    smt.rec_define(fn, [t], smt.ite(th.tok.is_TStep(t), smt.ite(is_effect, kept, previous), t))
    return lambda tok: fn(tok)


class Budget:
    """A solver whose queries also stop at a deadline for the whole check: each query may use
    ``timeout_s``, all of them together ``TOTAL_BUDGET`` times that."""

    __slots__ = ("end", "solver", "timeout_s")

    def __init__(self, timeout_s: float, end: float) -> None:
        self.solver = smt.Solver(timeout_s)
        self.timeout_s = timeout_s
        self.end = end

    def left(self) -> float:
        return self.end - time.perf_counter()

    def prove(self, claim: Expr, inputs: Sequence[smt.Var] = (), *,
              timeout_s: float | None = None) -> Result:
        limit = min(self.timeout_s if timeout_s is None else timeout_s, self.left())
        if limit <= 0.01:
            return Result(Verdict.UNKNOWN, None, "timeout")
        return self.solver.prove(claim, inputs, timeout_s=limit)

    def deadline(self) -> float:
        """For building one encoding: a query's time, within the whole check's."""
        return min(time.perf_counter() + self.timeout_s, self.end)


TOTAL_BUDGET = 2.5  # a whole check may take this many times the per-query timeout


def check_functions(original: Function, optimized: Function, *, module: Module | None = None,
                    optimized_module: Module | None = None,
                    timeout_s: float = DEFAULT_TIMEOUT_S,
                    loop_bound: int = DEFAULT_LOOP_BOUND) -> Result:
    """Do ``original`` and ``optimized`` ever differ?  ``module`` holds the original's module
    functions (the callees of pinned calls); ``optimized_module`` the optimized ones (default:
    the same).  ``timeout_s`` bounds each solver query, and ``TOTAL_BUDGET`` times it the
    whole check."""
    start = time.perf_counter()
    new_query()
    try:
        result = _check(original, optimized, module, optimized_module or module, timeout_s,
                        loop_bound)
    except Unsupported as exc:
        result = Result(Verdict.UNKNOWN, None, str(exc))
    except RecursionError:
        result = Result(Verdict.UNKNOWN, None, "encoder: formula too deep")
    finally:
        new_query()
    return replace(result, seconds=time.perf_counter() - start)


def _check(original: Function, optimized: Function, module: Module | None,
           optimized_module: Module | None, timeout_s: float, loop_bound: int) -> Result:
    """Cheapest first.  (1) Loops the optimizer changed, paired by induction with the
    original's.  (2) Arithmetic abstracted, loops identical in both versions summarized, the
    others unrolled.  (3) Exact arithmetic, identical loops unrolled up to the bound and
    summarized beyond it: the candidate inputs, then the full proof.  A refutation found with
    the abstraction is as good as an exact one (it holds for every interpretation of the
    unknowns, the exact arithmetic being one of them)."""
    if list(original.params) != list(optimized.params):
        raise Unsupported("the two versions have different parameters")
    pins = frozenset(module.pins if module is not None else ()) | \
        frozenset(optimized_module.pins if optimized_module is not None else ())
    keys = loop_keys(original, top_level_functions(module), pins)
    other = loop_keys(optimized, top_level_functions(optimized_module), pins)
    matched = frozenset(keys & other)
    solver = Budget(timeout_s, time.perf_counter() + TOTAL_BUDGET * timeout_s)

    def query(abstract: bool) -> Query:
        return Query(original, optimized, module, optimized_module, pins, loop_bound, matched,
                     bool(matched) and not abstract, abstract, solver.deadline())

    if changed_loops(original, optimized, matched):
        lemma_solver = Budget(timeout_s / 2, solver.end)
        try:
            pairing = Pairing(lambda a, b: bodies_agree(a, b, lemma_solver))
            paired = Query(original, optimized, module, optimized_module, pins, loop_bound,
                           matched, False, True, solver.deadline(), pairing=pairing)
            if not pairing.unpaired and paired.prove(solver).verdict is Verdict.PROVED:
                return Result(Verdict.PROVED)
        except OutOfTime:
            pass
    first = query(abstract=True)
    result = first.decide(solver)
    if solver.left() <= 0:
        return result
    if result.verdict is not Verdict.UNKNOWN:
        return result
    if result.reason.startswith(("bound", "no replayable")) and not matched:
        return result  # equal wherever it can be checked: exact arithmetic would not help
    try:
        exact = query(abstract=False)
    except OutOfTime:
        return result
    if not result.reason.startswith(("bound", "no replayable")):
        found = exact.try_candidates(solver, min(time.perf_counter() + timeout_s / 2,
                                                 solver.end))
        if found is not None:
            return found
    final = exact.decide(solver)
    if final.verdict is Verdict.UNKNOWN and final.reason == "timeout":
        return result  # the cheap attempt's reason says more
    return final


# --- loops paired by induction --------------------------------------------------------------

LOOP_OPS = LOOPS


def changed_loops(original: Function, optimized: Function, matched: frozenset[str]) -> bool:
    """Does the optimized version run a loop not identical to one of the original's?"""
    del original
    return any(loop_signature(op)[0] not in matched for op in optimized.walk()
               if op.opdef.name in LOOP_OPS)


_LEMMAS = [0]


def bodies_agree(first: LoopVisit, second: LoopVisit, solver: Budget) -> bool:
    """Do two loops' bodies (and conditions, else clauses) do the same thing from every
    iteration state: any trace, any carried values and slots, the item the iterable yields?
    Their outside values are the ones each met (the same, as the caller checked)."""
    th = theory()
    _LEMMAS[0] += 1
    tag = f"lemma{_LEMMAS[0]}"
    names = sorted({o.attrs["name"] for visit in (first, second) for r in visit.op.regions
                    for o in r.walk() if o.opdef.name.startswith("local.")})
    slots = {n: (smt.bool_var(f"{tag}:bound:{n}").expr, Sym(smt.const(f"{tag}:{n}", th.val)))
             for n in names}
    entry = State(TRUE, smt.const(f"{tag}:tok", th.tok), slots, smt.const(f"{tag}:exc", th.val))
    carried = [Sym(smt.const(f"{tag}:carried{i}", th.val))
               for i in range(len(first.op.results))]
    item = _fresh_item(tag, first.iterable)
    claims = []
    for index, (region, other) in enumerate(zip(first.op.regions, second.op.regions,
                                                strict=True)):
        is_body = first.op.opdef.name in FOR_LOOPS and index == 0
        args = (item, *carried) if is_body else tuple(carried[:len(region.args)])
        if len(region.args) != len(other.args) or len(args) != len(region.args):
            return False
        exits = [visit.enc.run_region(r, Activation(visit.fn, dict(visit.env)), entry, args)
                 for visit, r in ((first, region), (second, other))]
        claim = _same_exits(*exits)
        if claim is None:
            return False
        claims.append(claim)
    return solver.prove(conj(*claims)).verdict is Verdict.PROVED


def _fresh_item(tag: str, iterable: Sym | None) -> Sym:
    """What one iteration may bind: an int for a range, a one-character str for a str."""
    th = theory()
    kinds = iterable.kinds if iterable is not None else frozenset()
    if kinds == {"range"}:
        return vint(smt.int_var(f"{tag}:item").expr)
    if kinds == {"str"}:
        return vstr(smt.const(f"{tag}:item", smt.string_sort()))
    return Sym(smt.const(f"{tag}:item", th.val))


def _same_exits(left: list[Exit], right: list[Exit]) -> Expr | None:
    """Both regions leave the same way (kind), with the same values, trace, slots and handled
    exception, on every path; None when one may hit the loop bound (no conclusion then)."""
    if any(not e.state.dead() for e in (*left, *right) if e.kind == "bound"):
        return None
    parts = []
    for kind in sorted({e.kind for e in (*left, *right)}):
        sides = [[e for e in exits if e.kind == kind and not e.state.dead()]
                 for exits in (left, right)]
        if not sides[0] or not sides[1]:
            parts.append(neg(disj(*(e.state.alive for e in sides[0] + sides[1]))))
            continue
        merged = [merge_exits(group) for group in sides]
        (s1, v1), (s2, v2) = merged
        if len(v1) != len(v2):
            return None
        same = [s1.tok == s2.tok, *(a.term == b.term for a, b in zip(v1, v2, strict=True))]
        for name in sorted(set(s1.slots) | set(s2.slots)):
            (b1, x1), (b2, x2) = (s.slots.get(name, (FALSE, vnone())) for s in (s1, s2))
            same += [b1 == b2, smt.implies(b1, x1.term == x2.term)]
        if s1.active is not None or s2.active is not None:
            none = theory().val.VNone
            same.append((s1.active if s1.active is not None else none)
                        == (s2.active if s2.active is not None else none))
        parts += [s1.alive == s2.alive, smt.implies(s1.alive, conj(*same))]
    return conj(*parts)


# Values that tell Python's semantics apart from the algebra the optimizer may assume: signed
# zeros, NaN, infinities, overflow, floor vs truncation, bool as int, str and None.
CANDIDATES: tuple[object, ...] = (0, 1, -1, 3, -7, 2**64, True, False, 0.0, -0.0, 1.5, -2.5,
                                  math.nan, math.inf, -math.inf, 1e200, "", "a", None)
PAIRED: tuple[object, ...] = (0, -1, 3, 0.0, -0.0, 1.5, math.nan, 1e200, "a", None)


def candidate_inputs(count: int) -> list[tuple[object, ...]]:
    """Assignments to try, most telling first: every parameter the same value, then one
    parameter varied at a time, then pairs for the first two parameters."""
    found: list[tuple[object, ...]] = []
    if count == 0:
        return [()]
    found += [(v,) * count for v in CANDIDATES]
    for index in range(count):
        found += [tuple(v if i == index else 1 for i in range(count)) for v in CANDIDATES]
    if count >= 2:
        found += [(a, b, *(1,) * (count - 2)) for a in PAIRED for b in PAIRED]
    unique: dict[str, tuple[object, ...]] = {}
    for values in found:
        unique.setdefault(repr(values), values)
    return list(unique.values())


class Query:
    """Both versions encoded over shared parameters and initial trace."""

    def __init__(self, original: Function, optimized: Function, module: Module | None,
                 optimized_module: Module | None, pins: frozenset[str], loop_bound: int,
                 summarize: frozenset[str], hybrid: bool, abstract: bool = False,
                 deadline: float | None = None, pairing: Pairing | None = None) -> None:
        th = theory()
        self.original = original
        self.module = module
        self.names = list(original.params)
        self.varargs, self.varkw = _star_params(original)
        self.abstract = abstract
        symbols = [Sym(smt.const(f"param:{name}", th.val)) for name in self.names]
        self.params = [sym.term for sym in symbols]
        self.entry = th.tok.TInit(smt.int_var("world").expr)
        self.encoders = [Encoder(m, pins=pins, loop_bound=loop_bound, summarize=summarize,
                                 hybrid=hybrid, abstract=abstract, deadline=deadline,
                                 side=side, pairing=pairing)
                         for side, m in enumerate((module, optimized_module))]
        self.loop_bound = loop_bound
        self.outcomes = [outcome(enc.run_function(fn, symbols, self.entry), self.entry)
                         for enc, fn in zip(self.encoders, (original, optimized), strict=True)]
        first, second = self.outcomes
        self.same = same_outcome(first, second)
        self._observable: Expr | None = None
        self.within = conj(neg(first.bound), neg(second.bound))
        self.signature = conj(*(
            th.val.is_VTup(p) if name == self.varargs else
            th.val.is_VObj(p) if name == self.varkw else TRUE
            for name, p in zip(self.names, self.params, strict=True)))

    @property
    def loops(self) -> int:
        return sum(e.loops for e in self.encoders)

    def decide(self, solver: Budget) -> Result:
        """PROVED, a confirmed REFUTED, or UNKNOWN with the reason."""
        result = self.prove(solver)
        if result.verdict is Verdict.REFUTED or result.reason == "timeout":
            # Finding a difference among replayable inputs in the real module is often much
            # easier for z3 than refuting the claim for every environment.
            found = self.refute(solver)
            if found.verdict is Verdict.REFUTED or result.verdict is Verdict.REFUTED:
                return found
        return result

    def prove(self, solver: Budget) -> Result:
        """REFUTED here means only "not proved": :meth:`refute` looks for a real witness."""
        answer = solver.prove(smt.implies(conj(self.signature, self.within), self.same))
        if answer.verdict is Verdict.UNKNOWN:
            return Result(Verdict.UNKNOWN, None, _unknown_reason(answer))
        if answer.verdict is Verdict.REFUTED:
            return Result(Verdict.REFUTED)
        if is_false(self.outcomes[0].bound) and is_false(self.outcomes[1].bound):
            return Result(Verdict.PROVED)
        # Usually the loop plainly can run longer, and building that model is what is slow:
        # a short look for a proof that it cannot, then "bound".
        exits = solver.prove(smt.implies(self.signature, self.within),
                             timeout_s=min(solver.timeout_s, BOUND_CHECK_S))
        if exits.verdict is Verdict.PROVED:
            return Result(Verdict.PROVED)
        return Result(Verdict.UNKNOWN, None,
                      f"bound: a loop may run more than {self.loop_bound} iterations")

    def refute(self, solver: Budget) -> Result:
        environment = self.environment()
        concrete, inputs = self.concrete_params()
        if concrete is None:
            return Result(Verdict.UNKNOWN, None, "no replayable counterexample: **kwargs")
        observable = self.observable()
        found = solver.prove(neg(conj(self.signature, environment, concrete, self.within,
                                      neg(observable))), inputs)
        if found.verdict is Verdict.UNKNOWN:
            return Result(Verdict.UNKNOWN, None, _unknown_reason(found))
        if found.verdict is Verdict.PROVED:
            return Result(Verdict.UNKNOWN, None,
                          "no replayable counterexample: the versions may differ only for "
                          "unknown objects or rebound globals, or in reads of the state")
        assert found.counterexample is not None
        values = self.decode(found.counterexample)
        fixed = conj(*(p == const_sym(values[name]).term
                       for name, p in zip(self.names, self.params, strict=True)))
        forced = solver.prove(smt.implies(conj(self.signature, environment, fixed, self.within),
                                          neg(observable)))
        if forced.verdict is Verdict.PROVED:
            return Result(Verdict.REFUTED, values)
        if forced.verdict is Verdict.UNKNOWN:
            return Result(Verdict.UNKNOWN, None, _unknown_reason(forced))
        return Result(Verdict.UNKNOWN, None,
                      f"approximation: the versions differ on {values} only for some "
                      "behaviours of operations the encoder does not model")

    # -- the replayable world ---------------------------------------------------------------

    def environment(self) -> Expr:
        """The module as it runs: its functions and the real builtins bound to their names,
        its other globals bound, unknown names unbound; builtin exception classes match the
        exceptions the encoder raises as Python's hierarchy says."""
        th = theory()
        bindings = module_bindings(self.module.parsed.tree) \
            if self.module is not None and self.module.parsed is not None else {"*": 1}
        defs = {fn.name for fn in (self.module.functions if self.module else ())
                if fn.parent is None and fn.qualname == fn.name}
        parts: list[Expr] = []
        classes: set[str] = set()
        for read in (r for enc in self.encoders for r in enc.global_reads):
            name = read.name
            if name in defs and bindings.get(name) == 1:
                parts += [read.bound, read.value == vobj(function_id(name)).term]
            elif name in bindings:
                parts.append(read.bound)
            elif hasattr(builtins, name):
                parts += [read.bound, read.value == vobj(builtin_id(name)).term]
                if isinstance(getattr(builtins, name), type) \
                        and issubclass(getattr(builtins, name), BaseException):
                    classes.add(name)
            elif "*" not in bindings:
                parts.append(neg(read.bound))
        for name in sorted(classes):
            for number, exc_name in list(_EXC_NAMES.items()):
                kind = getattr(builtins, exc_name, None)
                if not (isinstance(kind, type) and issubclass(kind, BaseException)):
                    continue
                args = vlist([th.val.VExc(smt.int_val(number)), vobj(builtin_id(name)).term])
                c = smt.int_val(code("except"))
                parts += [th.pure_bool(c, args) == smt.bool_val(
                    issubclass(kind, getattr(builtins, name))), neg(th.pure_raise(c, args))]
        return conj(*parts)

    def observable(self) -> Expr:
        if self._observable is None:
            first, second = self.outcomes
            self._observable = same_outcome(first, second, effects_view())
        return self._observable

    def try_candidates(self, solver: Budget, deadline: float) -> Result | None:
        """A forced difference on one of the ``CANDIDATES`` assignments: with every parameter
        fixed, float and int arithmetic is evaluated, not searched (the search for a float
        counterexample can take z3 far longer than checking these)."""
        if self.varkw is not None:
            return None
        environment = self.environment()
        observable = self.observable()
        free = [n for n in self.names if n != self.varargs]
        for values in candidate_inputs(len(free)):
            left = deadline - time.perf_counter()
            if left <= 0:
                break
            chosen = dict(zip(free, values, strict=True))
            if self.varargs is not None:
                chosen[self.varargs] = ()
            fixed = conj(*(p == const_sym(chosen[name]).term
                           for name, p in zip(self.names, self.params, strict=True)))
            forced = solver.prove(smt.implies(conj(self.signature, environment, fixed,
                                                   self.within), neg(observable)),
                                  timeout_s=min(left, CANDIDATE_S))
            if forced.verdict is Verdict.PROVED:
                return Result(Verdict.REFUTED, chosen)
        return None

    def concrete_params(self) -> tuple[Expr | None, list[smt.Var]]:
        """Parameters Python can pass: ints, bools, floats, short strs, None (``*args``
        empty); and the variables that read them back from a model."""
        th = theory()
        if self.varkw is not None:
            return None, []
        parts: list[Expr] = []
        inputs: list[smt.Var] = []
        for name, p in zip(self.names, self.params, strict=True):
            if name == self.varargs:
                parts.append(p == th.val.VTup(th.lst.Nil))
                continue
            recognizers = [th.val.is_VInt(p), th.val.is_VBool(p), th.val.is_VFloat(p),
                           th.val.is_VStr(p), th.val.is_VNone(p)]
            parts.append(disj(*recognizers))
            parts.append(smt.implies(th.val.is_VStr(p), smt.str_len(th.val.sv(p)) <= MAX_STR))
            tag = ite_chain([(r, smt.int_val(i)) for i, r in enumerate(recognizers)])
            inputs += [smt.Var(f"{name}#tag", "int", tag),
                       smt.Var(f"{name}#int", "int", th.val.iv(p)),
                       smt.Var(f"{name}#bool", "bool", th.val.bv(p)),
                       smt.Var(f"{name}#float", "float", th.val.fv(p)),
                       smt.Var(f"{name}#len", "int", smt.str_len(th.val.sv(p)))]
            inputs += [smt.Var(f"{name}#c{i}", "int",
                               smt.str_code(smt.str_at(th.val.sv(p), smt.int_val(i))))
                       for i in range(MAX_STR)]
        return conj(*parts), inputs

    def decode(self, model: dict[str, object]) -> dict[str, object]:
        values: dict[str, object] = {}
        for name in self.names:
            if name == self.varargs:
                values[name] = ()
                continue
            tag = _TAGS[int(model[f"{name}#tag"])]  # type: ignore[call-overload]
            if tag == "str":
                length = int(model[f"{name}#len"])  # type: ignore[call-overload]
                values[name] = "".join(chr(int(model[f"{name}#c{i}"]))  # type: ignore[call-overload]
                                       for i in range(length))
            elif tag == "none":
                values[name] = None
            else:
                values[name] = model[f"{name}#{tag}"]
        return values


def _star_params(fn: Function) -> tuple[str | None, str | None]:
    node = fn.node
    args = getattr(node, "args", None)
    if args is None:
        return None, None
    return (args.vararg.arg if args.vararg else None, args.kwarg.arg if args.kwarg else None)


def _unknown_reason(result: Result) -> str:
    text = result.reason
    if "timeout" in text or "canceled" in text or "resource" in text:
        return "timeout"
    return text or "unknown"


__all__ = ["FALSE", "Outcome", "Query", "Result", "Verdict", "check_functions", "outcome",
           "same_outcome", "vexc"]
