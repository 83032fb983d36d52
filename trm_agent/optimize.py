"""optimize_ir: the pipeline for a requested level under the fallback contract (DESIGN §5).

Per function, in order: TRM-optimized → baseline-optimized → original.  A version is used only
when (1) the passes finished within the time budget without an internal error, (2) the IR
verifier accepts it, (3) the ``Verifier`` accepts it as equivalent, and (4) the cost model says it
is not slower than the level below.  Otherwise the function falls back one level and the decision
carries the reason code (``fallback.py``); ``incidents`` (a path) appends each fallback to the
incident log.  No user code runs here: the default verifier accepts a version when every rewrite
applied in it is a rule proven sound under its guard (algebraic rules: z3 in the test suite;
structural rules: argued in ``SOUNDNESS`` tables and checked by differential execution over
``corpora/``).  Per-function z3 translation validation joins through the same interface.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from trm_agent.fallback import (
    INTERNAL_ERROR,
    LEVELS,
    MODEL_ERROR,
    SKIPPED_BY_REQUEST,
    SLOWER_THAN_BASELINE,
    TIMEOUT,
    UNSUPPORTED_CONSTRUCT,
    VERIFY_REFUTED,
    VERIFY_UNKNOWN,
    Decision,
    log_incident,
)
from trm_agent.ir.core import Function, Module, clone_function, no_gc
from trm_agent.ir.verifier import VerifyError, verify_function
from trm_agent.passes import Pass, PassManager, PassTimeout, baseline_passes, structural_rules
from trm_agent.passes.cost import CostTable, function_cost
from trm_agent.passes.rules import RULES

RESERVED_PREFIX = "__trm_"
# Rewrites that only tidy what translation introduced (truth tests, unused temporaries,
# literal arithmetic CPython folds itself): alone they are no reason to regenerate a function.
CLEANUP_RULES = frozenset({"dce-unused-pure", "copyprop-truth-of-bool", "copyprop-if-same-value",
                           "fold-constant-expression", "fold-constant-branch"})


@dataclass(frozen=True, slots=True)
class Verdict:
    verdict: str  # "PROVED" | "REFUTED" | "UNKNOWN"
    accept: bool
    reason: str = ""


class Verifier(Protocol):
    def check(self, original: Function, optimized: Function,
              rules: Mapping[str, int]) -> Verdict: ...


class RuleVerifier:
    """Accept a version whose every applied rewrite is a known-sound rule (see module doc)."""

    def __init__(self, extra_sound: Mapping[str, str] | None = None) -> None:
        self.sound = set(RULES) | set(structural_rules()) | set(extra_sound or {})

    def check(self, original: Function, optimized: Function,
              rules: Mapping[str, int]) -> Verdict:
        unknown = sorted(r for r in rules if r not in self.sound)
        if unknown:
            return Verdict("UNKNOWN", False, "rewrites without a soundness proof: "
                           + ", ".join(unknown))
        return Verdict("UNKNOWN", True, "every applied rule is proven sound under its guard")


class TrustingVerifier:
    """Accept every version: for the harness, which puts a pass under test and checks the
    result itself (differential execution, z3), never for compiling a user's program."""

    def check(self, original: Function, optimized: Function,
              rules: Mapping[str, int]) -> Verdict:
        return Verdict("UNKNOWN", True, "accepted unchecked (a pass under test)")


@dataclass(slots=True)
class FunctionOutcome:
    """What the optimizer did to one function (kept for reports and compile-time figures)."""

    qualname: str
    rules: dict[str, int]
    seconds: float
    cost_before: int
    cost_after: int


@dataclass(slots=True)
class OptimizeResult:
    module: Module
    decisions: list[Decision] = field(default_factory=list)
    outcomes: list[FunctionOutcome] = field(default_factory=list)
    pins: set[str] = field(default_factory=set)
    seconds: dict[str, float] = field(default_factory=dict)  # optimizer time per function


def decide(fn: Function, level: str) -> Decision:
    if fn.lowered:
        return Decision(fn.qualname, fn.lineno, True, level)
    first = fn.blockers[0] if fn.blockers else None
    construct = getattr(first, "construct", None) or getattr(first, "code", None)
    detail = first.format() if first is not None and hasattr(first, "format") else str(first or "")
    reason = UNSUPPORTED_CONSTRUCT if construct != "internal-error" else "internal-error"
    return Decision(fn.qualname, fn.lineno, False, "original", reason,
                    f"{construct}: {detail}" if construct else detail)


@dataclass(slots=True)
class Options:
    """How ``optimize_ir`` runs: the pipeline, its budget, the verifier, debug switches."""

    manager: PassManager | None = None
    verifier: Verifier | None = None
    extra_passes: tuple[Pass, ...] = ()  # plugins (``--pass module:attr``), after the baseline
    budget_s: float = 2.0
    verify_each: bool = False
    print_after: tuple[str, ...] = ()
    incidents: str | Path | None = None
    check_cost: bool = True


def optimize_ir(module: Module, level: str = "none", skip: frozenset[str] = frozenset(),
                options: Options | None = None) -> OptimizeResult:
    if level not in LEVELS:
        raise ValueError(f"unknown optimization level {level!r}; choose one of {', '.join(LEVELS)}")
    opts = options or Options()
    result = OptimizeResult(module)
    if level == "none":
        result.decisions = [decide(fn, level) for fn in module.functions]
        return result
    manager = opts.manager or PassManager([*baseline_passes(), *opts.extra_passes],
                                          budget_s=opts.budget_s,
                                          verify_each=opts.verify_each,
                                          print_after=opts.print_after)
    verifier = opts.verifier or RuleVerifier()
    reserved = _uses_reserved_names(module)
    costs = CostTable(module)
    for fn in module.functions:
        costs.callee(fn.name)  # price every function on its original body first
    for fn in module.functions:
        decision = decide(fn, level)
        if decision.lowered:
            if reserved:
                decision = _fallback(fn, "none", UNSUPPORTED_CONSTRUCT,
                                     f"the module uses the reserved name {reserved}")
            elif fn.qualname in skip:
                decision = _fallback(fn, "none", SKIPPED_BY_REQUEST, "skipped by request")
            else:
                start = time.perf_counter()
                decision = _optimize_function(fn, module, level, manager, verifier, opts, result,
                                              costs)
                result.seconds[fn.qualname] = time.perf_counter() - start
        if decision.reason and opts.incidents is not None:
            log_incident(decision, opts.incidents, requested=level, file=module.filename)
        result.decisions.append(decision)
    module.pins |= result.pins
    return result


def _fallback(fn: Function, level: str, reason: str, detail: str) -> Decision:
    return Decision(fn.qualname, fn.lineno, True, level, reason, detail)


def _optimize_function(fn: Function, module: Module, level: str, manager: PassManager,
                       verifier: Verifier, opts: Options, result: OptimizeResult,
                       costs: CostTable) -> Decision:
    """Run the pipeline on a clone; install the clone's body only if every check passes."""
    below = "baseline" if level == "trm" else "none"
    if level == "trm":
        # No model has been trained yet (DESIGN §8 arrives with the model issues): the TRM
        # level falls back to the baseline, visibly.
        inner = _optimize_function(fn, module, "baseline", manager, verifier, opts, result,
                                   costs)
        return Decision(fn.qualname, fn.lineno, True, inner.level_used,
                        MODEL_ERROR, "no TRM policy is available; " + (inner.detail or
                                                                        "used the baseline"))
    with no_gc():
        candidate = clone_function(fn)
    candidate.parent = fn.parent
    try:
        run = manager.run(candidate, module)
    except PassTimeout as exc:
        return _fallback(fn, below, TIMEOUT, str(exc))
    except Exception as exc:  # noqa: BLE001 - a pass bug must never break compilation
        return _fallback(fn, below, INTERNAL_ERROR, f"{type(exc).__name__}: {exc}")
    if not set(run.rules) - CLEANUP_RULES:
        # Nothing but tidying of the translator's own artefacts: the user's text already is
        # that code, and regenerating it could only cost time.
        fn.keep_source = True
        return Decision(fn.qualname, fn.lineno, True, level)
    try:
        verify_function(candidate)
    except VerifyError as exc:
        return _fallback(fn, below, INTERNAL_ERROR, f"optimized IR is invalid: {exc}")
    verdict = verifier.check(fn, candidate, run.rules)
    if verdict.verdict == "REFUTED":
        return _fallback(fn, below, VERIFY_REFUTED, verdict.reason)
    if not verdict.accept:
        return _fallback(fn, below, VERIFY_UNKNOWN, verdict.reason)
    before, after = function_cost(fn, costs), function_cost(candidate, costs)
    if opts.check_cost and after > before:
        return _fallback(fn, below, SLOWER_THAN_BASELINE, f"cost model: {after} > {before}")
    if opts.check_cost and after == before:
        fn.keep_source = True  # no gain: the user's own text is at least as fast
        return Decision(fn.qualname, fn.lineno, True, level)
    fn.body = candidate.body
    result.pins |= run.pins
    result.outcomes.append(FunctionOutcome(fn.qualname, dict(run.rules), run.seconds, before,
                                           after))
    return Decision(fn.qualname, fn.lineno, True, level)


def _uses_reserved_names(module: Module) -> str:
    parsed = module.parsed
    if parsed is None:
        return ""
    import ast

    for node in ast.walk(parsed.tree):
        name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(
            node, ast.Attribute) else node.name if isinstance(
            node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) else ""
        if name.startswith(RESERVED_PREFIX):
            return name
    return ""
