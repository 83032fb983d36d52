"""TRMAgent: the four public methods of DESIGN §1 (plus compile_source, their composition)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from trm_agent import codegen
from trm_agent.fallback import CODEGEN_ERROR, INTERNAL_ERROR, Decision, log_incident
from trm_agent.ir.core import Function, Module, no_gc
from trm_agent.optimize import FunctionOutcome, OptimizeResult, Options, optimize_ir
from trm_agent.parse import Diagnostic, ParsedModule, parse_module
from trm_agent.translate import translate_module


@dataclass(slots=True)
class CompileResult:
    """A compiled module: drop-in source, its IR, decisions and diagnostics."""

    source: str | None
    module: Module | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    outcomes: list[FunctionOutcome] = field(default_factory=list)  # what the optimizer did
    seconds: dict[str, float] = field(default_factory=dict)  # optimizer time per function

    @property
    def ok(self) -> bool:
        return self.source is not None


class TRMAgent:
    """Compiler front door.  The model arrives with later issues; ``load`` takes a spec now."""

    def __init__(self, spec: str | None = None) -> None:
        self.spec = spec or "heuristic"

    @classmethod
    def load(cls, spec: str | None = None) -> TRMAgent:
        return cls(spec)

    def parse_module(self, source: str | bytes, filename: str = "<string>") -> ParsedModule:
        return parse_module(source, filename)

    def translate_ast(self, parsed: ParsedModule) -> Module:
        return translate_module(parsed)

    def optimize_ir(self, module: Module, level: str = "none",
                    skip: frozenset[str] = frozenset(),
                    options: Options | None = None) -> OptimizeResult:
        return optimize_ir(module, level, skip, options)

    def feedback(self, metrics: dict[str, Any]) -> int:
        from trm_agent.feedback import FeedbackStore

        return FeedbackStore().record(metrics)

    def compile_source(self, source: str | bytes, filename: str = "<string>",
                       opt: str = "none", skip: frozenset[str] = frozenset(),
                       options: Options | None = None) -> CompileResult:
        """Parse, translate, optimize and regenerate one module (never raises on bad input).

        ``skip``: qualnames kept at level ``none`` (the runtime asks for this when a function's
        guards keep failing).
        """
        with no_gc():  # the IR is all cycles: collections mid-compile cost ~25% (measured)
            parsed = self.parse_module(source, filename)
            if not parsed.ok:
                return CompileResult(None, None, parsed.diagnostics)
            return self._compile_parsed(parsed, self.translate_ast(parsed), filename, opt, skip,
                                        options)

    def compile_levels(self, source: str | bytes, filename: str = "<string>",
                       levels: Sequence[str] = ("none", "baseline"),
                       options: Options | None = None) -> dict[str, CompileResult]:
        """``compile_source`` at several levels, parsing once and translating as little as
        possible: level ``none`` leaves the IR untouched, so the next level reuses it (the
        harness compiles every program at ``none`` and at the level under test).  The results
        share IR: the ``none`` result's ``.module`` is the one the next level then optimized."""
        with no_gc():
            parsed = self.parse_module(source, filename)
            if not parsed.ok:
                return {level: CompileResult(None, None, parsed.diagnostics) for level in levels}
            results: dict[str, CompileResult] = {}
            module: Module | None = None
            for level in levels:
                if module is None:
                    module = self.translate_ast(parsed)
                lowered = [fn.lowered for fn in module.functions]
                results[level] = self._compile_parsed(parsed, module, filename, level,
                                                      frozenset(), options)
                if level != "none" or lowered != [fn.lowered for fn in module.functions]:
                    module = None  # optimized bodies or codegen fallbacks: the next starts anew
            return results

    def _compile_parsed(self, parsed: ParsedModule, module: Module, filename: str, opt: str,
                        skip: frozenset[str], options: Options | None) -> CompileResult:
        result = self.optimize_ir(module, opt, skip, options)
        text = codegen.generate_source(result.module)
        decisions = [d if fn.lowered else Decision(fn.qualname, fn.lineno, False, "original",
                                                   d.reason or CODEGEN_ERROR, d.detail or
                                                   _blocker_detail(fn))
                     for d, fn in zip(result.decisions, module.functions, strict=True)]
        incidents = options.incidents if options is not None else None
        if incidents is not None:
            for before, after in zip(result.decisions, decisions, strict=True):
                if after.reason == CODEGEN_ERROR and before.reason != CODEGEN_ERROR:
                    log_incident(after, incidents, requested=opt, file=filename)
        try:
            compile(text, filename, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:  # a codegen bug: fall back for the whole module
            for fn in module.functions:
                fn.lowered = False
            decisions = [Decision(d.qualname, d.lineno, d.lowered, "original", INTERNAL_ERROR,
                                  f"generated code did not compile: {exc}") for d in decisions]
            text = parsed.source
        return CompileResult(text, module, parsed.diagnostics, decisions, result.outcomes,
                             result.seconds)


def _blocker_detail(fn: Function) -> str:
    return fn.blockers[-1].format() if fn.blockers else ""
