"""``trm-harness verify``: translation validation of every function the optimizer changed.

The source is translated twice: once kept as the original IR, once optimized at the requested
level (plugin passes included, accepted unchecked so the pass under test is not filtered out
by the rule verifier).  Each changed function is checked with z3
(:func:`trm_agent.verify.tv.check_functions`); every REFUTED counterexample is replayed by
execution (:mod:`trm_agent.verify.replay`) against the compiled source.  A counterexample
that does not reproduce is reported as an encoder bug (verdict UNKNOWN, counted apart), never
dropped: z3 and execution must agree before anything is called a miscompile.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from trm_agent.agent import TRMAgent
from trm_agent.cli import EXIT_OK, EXIT_PROBLEM, CliError, write_json_reports
from trm_agent.fallback import LEVELS
from trm_agent.ir.core import Function, Module
from trm_agent.optimize import Options, TrustingVerifier
from trm_agent.passes import Pass, load_pass
from trm_agent.verify.encode import DEFAULT_LOOP_BOUND
from trm_agent.verify.replay import replay
from trm_agent.verify.smt import DEFAULT_TIMEOUT_S, Verdict
from trm_agent.verify.tv import check_functions

PROVED, REFUTED, UNKNOWN = "PROVED", "REFUTED", "UNKNOWN"
ENCODER_BUG = "encoder-bug: counterexample did not reproduce"
LOOP_OPS = frozenset({"cf.for", "cf.while", "cf.async_for"})


@dataclass(slots=True)
class FunctionReport:
    """One changed function's verdict, as the JSON report and the table show it."""

    name: str
    line: int
    verdict: str
    reason: str
    seconds: float
    counterexample: dict[str, object] | None = None
    loops: bool = False
    rules: dict[str, int] = field(default_factory=dict)
    replay: str = ""
    encoder_bug: bool = False
    cpu_seconds: float = 0.0  # this process's CPU time: what the wall clock is on an idle machine

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "line": self.line, "verdict": self.verdict,
                "reason": self.reason, "seconds": round(self.seconds, 6),
                "counterexample": json_values(self.counterexample),
                "counterexample_repr": {k: repr(v) for k, v in
                                        (self.counterexample or {}).items()} or None,
                "loops": self.loops, "rules": dict(sorted(self.rules.items())),
                "replay": self.replay, "encoder_bug": self.encoder_bug,
                "cpu_seconds": round(self.cpu_seconds, 6)}


def json_values(values: dict[str, object] | None) -> dict[str, object] | None:
    """Values JSON holds exactly as themselves; others (NaN, inf, -0.0) as their repr."""
    if values is None:
        return None
    out: dict[str, object] = {}
    for name, value in values.items():
        exact = isinstance(value, (bool, int, str)) or value is None or (
            isinstance(value, float) and math.isfinite(value) and math.copysign(1, value) > 0)
        out[name] = value if exact else repr(value)
    return out


@dataclass(slots=True)
class Settings:
    opt: str = "baseline"
    passes: tuple[Pass, ...] = ()
    timeout_s: float = DEFAULT_TIMEOUT_S
    loop_bound: int = DEFAULT_LOOP_BOUND
    replay: bool = True

    def options(self) -> Options | None:
        if not self.passes:
            return None
        return Options(extra_passes=self.passes, verifier=TrustingVerifier())


class InputError(ValueError):
    """The source cannot be verified (not Python we can read)."""


def has_loops(*functions: Function) -> bool:
    return any(op.opdef.name in LOOP_OPS for fn in functions for op in fn.walk())


def verify_source(source: str, filename: str, settings: Settings) -> list[FunctionReport]:
    """Verify each function the optimizer changed in ``source``, in source order."""
    agent = TRMAgent.load()
    parsed = agent.parse_module(source, filename)
    if not parsed.ok:
        first = parsed.diagnostics[0] if parsed.diagnostics else None
        raise InputError(first.format() if first is not None else "cannot parse the source")
    original = agent.translate_ast(parsed)
    optimized = agent.translate_ast(agent.parse_module(source, filename))
    result = agent.optimize_ir(optimized, settings.opt, options=settings.options())
    rules = {o.qualname: o.rules for o in result.outcomes}
    compiled: list[str | None] = []  # built on the first refutation
    reports = []
    for before, after in zip(original.functions, optimized.functions, strict=True):
        if before.qualname not in rules or not after.lowered:
            continue
        report = verify_function(before, after, original, optimized, settings)
        report.rules = dict(rules[before.qualname])
        if report.verdict == REFUTED and settings.replay:
            if not compiled:
                compiled.append(agent.compile_source(source, filename, settings.opt,
                                                     options=settings.options()).source)
            confirm(report, source, compiled[0], filename)
        reports.append(report)
    return reports


def verify_function(before: Function, after: Function, original: Module, optimized: Module,
                    settings: Settings) -> FunctionReport:
    start, cpu = time.perf_counter(), time.process_time()
    try:
        result = check_functions(before, after, module=original, optimized_module=optimized,
                                 timeout_s=settings.timeout_s, loop_bound=settings.loop_bound)
        verdict, reason, cex = result.verdict.name, result.reason, result.counterexample
    except Exception as exc:  # noqa: BLE001 - an encoder crash is "could not decide"
        verdict, reason, cex = UNKNOWN, f"encoder error: {type(exc).__name__}: {exc}", None
    assert verdict in (v.name for v in Verdict)
    return FunctionReport(before.qualname, before.lineno, verdict, reason,
                          time.perf_counter() - start, cex, has_loops(before, after),
                          cpu_seconds=time.process_time() - cpu)


def confirm(report: FunctionReport, source: str, compiled: str | None, filename: str) -> None:
    """Replay a refutation; one that does not reproduce is an encoder bug, never hidden."""
    if compiled is None:
        report.verdict, report.reason = UNKNOWN, "unconfirmed: the module did not compile"
        return
    outcome = replay(source, compiled, filename, report.name, report.counterexample or {})
    report.replay = outcome.detail
    if not outcome.ran:
        report.verdict, report.reason = UNKNOWN, f"unconfirmed: {outcome.detail}"
    elif not outcome.reproduced:
        report.verdict, report.reason, report.encoder_bug = UNKNOWN, ENCODER_BUG, True


# --- the command -------------------------------------------------------------------------------

def summary(reports: Sequence[FunctionReport]) -> dict[str, Any]:
    counts = Counter(r.verdict for r in reports)
    reasons = Counter(reason_class(r.reason) for r in reports if r.verdict == UNKNOWN)
    return {"functions": len(reports), "proved": counts[PROVED], "refuted": counts[REFUTED],
            "unknown": counts[UNKNOWN], "encoder_bugs": sum(r.encoder_bug for r in reports),
            "unknown_reasons": dict(sorted(reasons.items()))}


def reason_class(reason: str) -> str:
    """The kind of a reason: ``unsupported: cf.match`` stays; details after a colon go."""
    if reason.startswith("unsupported:"):
        return reason
    return reason.split(":")[0] if ":" in reason else reason


def verdict_table(path: str, reports: Sequence[FunctionReport]) -> Table:
    table = Table(title=f"translation validation of {path}")
    for column in ("function", "line", "verdict", "seconds", "why / counterexample"):
        table.add_column(column, justify="right" if column in ("line", "seconds") else "left")
    style = {PROVED: "green", REFUTED: "bold red", UNKNOWN: "yellow"}
    for r in reports:
        detail = r.reason
        if r.verdict == REFUTED:
            detail = ", ".join(f"{k}={v!r}" for k, v in (r.counterexample or {}).items())
            detail += f" ({r.replay})" if r.replay else ""
        table.add_row(r.name, str(r.line), f"[{style[r.verdict]}]{r.verdict}[/]",
                      f"{r.seconds:.3f}", detail)
    return table


def parse_settings(opt: str, pass_specs: Sequence[str], timeout: float,
                   bound: int) -> Settings:
    if opt not in LEVELS:
        raise CliError(f"unknown optimization level {opt!r}", "--opt",
                       f"choose one of {', '.join(LEVELS)}")
    passes = []
    for spec in pass_specs:
        try:
            passes.append(load_pass(spec))
        except (ImportError, AttributeError, LookupError, TypeError, ValueError) as exc:
            raise CliError(f"cannot load pass: {exc}", spec,
                           "give module:attr of an importable pass") from None
    return Settings(opt, tuple(passes), timeout, bound)


def run_verify_command(src: Path, settings: Settings, json_path: Path | None,
                       console: Console | None = None) -> int:
    if not src.is_file():
        raise CliError("no such file", str(src), "pass a Python source file")
    try:
        source = src.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"cannot read the source: {exc}", str(src)) from None
    try:
        reports = verify_source(source, str(src), settings)
    except InputError as exc:
        raise CliError(f"not a Python module we can read: {exc}", str(src),
                       "fix the syntax error") from None
    out = console or Console()
    out.print(verdict_table(str(src), reports))
    totals = summary(reports)
    out.print(f"{totals['functions']} changed functions: {totals['proved']} proved, "
              f"{totals['refuted']} refuted, {totals['unknown']} unknown"
              + (f" ({totals['encoder_bugs']} encoder bugs)" if totals["encoder_bugs"] else ""))
    code = EXIT_PROBLEM if totals["refuted"] else EXIT_OK
    payload = {"command": "verify", "source": str(src), "opt": settings.opt,
               "passes": [getattr(p, "name", "?") for p in settings.passes],
               "timeout": settings.timeout_s, "bound": settings.loop_bound,
               "functions": [r.as_json() for r in reports], "summary": totals,
               "exit_code": code}
    write_json_reports([json_path] if json_path else [], payload)
    return code
