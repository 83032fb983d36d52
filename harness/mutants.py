"""Mutation testing of the harness: show that differential execution catches wrong passes.

Each mutant in ``tests/mutants`` is a deliberately wrong optimization pass.  For each one, loaded
through the public plugin interface (``trm_agent.passes.load_pass("module:Class")``), the runner
compiles the target programs with the baseline pipeline plus the mutant, accepted by the
``TrustingVerifier`` (so that the harness, not the compiler's verifier, has to catch the bug),
and runs original and compiled versions on each program's ``CASES`` in the sandbox, comparing
outcomes per DESIGN §4.  The mutant is *killed* at the first program whose outcomes differ.

Programs the mutant does not change are skipped without running them; the original outcomes and
the baseline-only compilations are computed once and shared by all mutants.  Programs whose
original outcomes differ between two runs (nondeterministic output) are left out, since a
difference there would prove nothing about the mutant.

    python -m harness.mutants [--json F] [--timeout 60] [--mutant NAME]...
    python -m harness.mutants --pass mypkg.passes:MyPass      # put your own pass under test

Exit status: 0 when every mutant was killed (with ``--pass``: when no pass changed an outcome),
1 when one survived (with ``--pass``: when a pass did), 2 on a usage error.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from harness.equivalence.driver import CASE_MARKER, DRIVER
from harness.equivalence.outcome import Outcome, compare
from harness.sandbox import DEFAULT_PRELOAD, Job, RunResult, Sandbox, compare_results
from trm_agent.cli import EXIT_OK, EXIT_PROBLEM, CliError, reported_errors, run_app
from trm_agent.cli import write_json_reports as _write_json

ROOT = Path(__file__).resolve().parents[1]
MUTANT_PROGRAMS_DIR = ROOT / "tests" / "mutants" / "programs"
PATTERNS_DIR = ROOT / "corpora" / "patterns"
DEFAULT_BUDGET_S = 60.0
DEFAULT_JOB_TIME_LIMIT_S = 3.0
DEFAULT_WORKERS = 2
DEFAULT_MEMORY_MB = 256
PROG = "python -m harness.mutants"



@dataclass(frozen=True, slots=True)
class Program:
    """A target program: a module with ``CASES`` (see corpora/patterns)."""

    name: str  # path relative to the project root, for reports
    path: Path
    source: str


@dataclass(frozen=True, slots=True)
class Execution:
    """One run of one version of a program in the sandbox."""

    result: RunResult
    cases: tuple[tuple[str, Outcome], ...] | None  # None unless the run finished normally

    def last_case(self) -> int | None:
        """The case that was running when the program stopped (from the driver's markers)."""
        marks = [line for line in self.result.stdout.split("\n") if line.startswith(CASE_MARKER)]
        return int(marks[-1][len(CASE_MARKER):]) if marks else None


@dataclass(frozen=True, slots=True)
class Difference:
    """The first observable difference between the original and a compiled version."""

    case_index: int | None
    case: str  # the call, or "<module>" when the module itself ran differently
    detail: str
    original: dict[str, Any]
    compiled: dict[str, Any]

    def evidence(self) -> dict[str, Any]:
        return {"difference": self.detail, "case": self.case, "original": self.original,
                "mutant": self.compiled}


@dataclass(slots=True)
class KillResult:
    """What the runner found out about one mutant."""

    name: str
    spec: str
    killed: bool = False
    seconds: float = 0.0
    program: str | None = None
    case: str | None = None
    case_index: int | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    programs_compiled: int = 0
    programs_changed: int = 0  # the mutant's rewrite is in the installed code
    programs_run: int = 0
    # Functions the compiler refused to install because the pass raised, produced invalid IR or
    # IR codegen cannot render (they keep their original code, so they cannot be killed).
    functions_rejected: int = 0
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(slots=True)
class MutantReport:
    mutants: list[KillResult]
    seconds: float
    setup_seconds: float
    programs: int
    excluded: dict[str, str] = field(default_factory=dict)  # program -> why it was left out

    @property
    def kill_rate(self) -> float:
        return sum(m.killed for m in self.mutants) / len(self.mutants) if self.mutants else 0.0

    @property
    def median_seconds(self) -> float:
        killed = [m.seconds for m in self.mutants if m.killed]
        return statistics.median(killed) if killed else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "mutants": [m.as_dict() for m in self.mutants],
            "kill_rate": self.kill_rate,
            "median_seconds": self.median_seconds,
            "killed": sum(m.killed for m in self.mutants),
            "total": len(self.mutants),
            "seconds": self.seconds,
            "setup_seconds": self.setup_seconds,
            "programs": self.programs,
            "excluded_programs": self.excluded,
        }


def target_programs(paths: Iterable[Path] = (MUTANT_PROGRAMS_DIR, PATTERNS_DIR)) \
        -> list[Program]:
    """The mutants' own programs first (each aims at a few mutants), then the pattern corpus;
    a directory gives its ``*.py`` files in name order, a file itself."""
    programs = []
    for path in paths:
        files = sorted(path.glob("*.py")) if path.is_dir() else [path]
        for file in files:
            if file.name == "__init__.py":
                continue
            file = file.resolve()
            name = file.relative_to(ROOT).as_posix() if file.is_relative_to(ROOT) else str(file)
            programs.append(Program(name, file, file.read_text(encoding="utf-8")))
    return programs


def _project_on_path() -> None:
    """The mutants live in the project's ``tests/`` tree, importable from the project root
    (as under pytest or ``python -m``); a script started elsewhere gets the root added."""
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))


def mutant_specs() -> tuple[str, ...]:
    _project_on_path()
    from tests.mutants import MUTANTS

    return MUTANTS


def load_mutant(spec: str) -> Any:
    """The pass, through the same entry point a user's plugin goes through."""
    from trm_agent.passes import load_pass

    _project_on_path()
    return load_pass(spec)


def compile_program(program: Program, extra: Sequence[Any] = ()) -> Any:
    """Baseline pipeline (+ plugins), accepted without proof and without the cost check: the
    pass under test, not the verifier or the cost model, decides what runs."""
    from trm_agent.agent import TRMAgent
    from trm_agent.optimize import Options, TrustingVerifier

    options = Options(extra_passes=tuple(extra), verifier=TrustingVerifier(), check_cost=False)
    return TRMAgent.load().compile_source(program.source, str(program.path), opt="baseline",
                                          options=options)


def rejected(result: Any) -> int:
    """Functions the compiler fell back on because of a broken pass or unrenderable IR."""
    from trm_agent.fallback import CODEGEN_ERROR, INTERNAL_ERROR

    return sum(d.reason in (INTERNAL_ERROR, CODEGEN_ERROR) for d in result.decisions)


def applied(result: Any, rules: Iterable[str]) -> int:
    """How many of ``rules``' rewrites are in the functions the compiler installed."""
    names = set(rules)
    return sum(n for outcome in result.outcomes for rule, n in outcome.rules.items()
               if rule in names)


def first_difference(original: Execution, compiled: Execution) -> Difference | None:
    """Per case when both runs finished; otherwise the verdicts (timeout, crash...)."""
    a, b = original.result, compiled.result
    if original.cases is not None and compiled.cases is not None:
        for index, ((call, want), (_, got)) in enumerate(
                zip(original.cases, compiled.cases, strict=False)):
            detail = compare(want, got)
            if detail is not None:
                return Difference(index, call, detail, _outcome_dict(want), _outcome_dict(got))
        if len(original.cases) != len(compiled.cases):
            return Difference(None, "<module>", "number of cases differs",
                              {"cases": len(original.cases)}, {"cases": len(compiled.cases)})
        for what in ("stdout", "stderr"):  # what the module printed outside the cases
            if getattr(a, what) != getattr(b, what):
                return Difference(None, "<module>", f"module-level {what} differs",
                                  {what: getattr(a, what)[-400:]}, {what: getattr(b, what)[-400:]})
        return None
    detail = compare_results(a, b) if a.status != "ok" or b.status != "ok" else None
    if detail is None and (original.cases is None) != (compiled.cases is None):
        detail = "one run's outcomes could not be read back"
    if detail is None:
        return None
    stopped = compiled.last_case() if b.status != "ok" else original.last_case()
    call = original.cases[stopped][0] if original.cases is not None and stopped is not None \
        and stopped < len(original.cases) else "<module>"
    return Difference(stopped, call, detail, _verdict_dict(a), _verdict_dict(b))


def _outcome_dict(outcome: Outcome) -> dict[str, Any]:
    return {k: v for k, v in dataclasses.asdict(outcome).items() if v not in ("", None)}


def _verdict_dict(result: RunResult) -> dict[str, Any]:
    out: dict[str, Any] = {"status": result.status}
    for key in ("exc_type", "exc_message", "detail", "exit_code", "signal"):
        value = getattr(result, key)
        if value not in ("", None):
            out[key] = value if not isinstance(value, str) else value[:300]
    return out


class KillRunner:
    """Runs mutants against the target programs in one sandbox, sharing per-program work."""

    def __init__(self, programs: Sequence[Program], sandbox: Sandbox,
                 budget_s: float = DEFAULT_BUDGET_S) -> None:
        self.programs = list(programs)
        self.sandbox = sandbox
        self.budget_s = budget_s
        self.excluded: dict[str, str] = {}
        self._baseline: dict[str, str | None] = {}
        self._baseline_rejected: dict[str, int] = {}
        self._original: dict[str, Execution] = {}

    def prepare(self) -> None:
        """Run every original twice (dropping nondeterministic programs) and compile every
        program with the baseline alone, so each mutant starts from shared, measured work."""
        jobs = [self._job(p, p.source) for p in self.programs]
        first = self.sandbox.map(jobs)
        second = self.sandbox.map(jobs)
        for program, a, b in zip(self.programs, first, second, strict=True):
            run_a, run_b = _execution(a), _execution(b)
            if run_a.cases is None:
                self.excluded[program.name] = f"the original did not finish: {a.status} " \
                                              f"{a.exc_type or ''} {a.detail}".rstrip()
            elif first_difference(run_a, run_b) is not None:
                self.excluded[program.name] = "nondeterministic: two original runs differ"
            else:
                self._original[program.name] = run_a
            self.baseline_source(program)
        self.programs = [p for p in self.programs if p.name not in self.excluded]

    def execute(self, program: Program, source: str) -> Execution:
        return _execution(self.sandbox.run(self._job(program, source)))

    def original(self, program: Program) -> Execution:
        if program.name not in self._original:
            self._original[program.name] = self.execute(program, program.source)
        return self._original[program.name]

    def baseline_source(self, program: Program) -> str | None:
        if program.name not in self._baseline:
            compiled = compile_program(program)
            self._baseline[program.name] = compiled.source
            self._baseline_rejected[program.name] = rejected(compiled)
        return self._baseline[program.name]

    def control(self) -> list[tuple[str, Difference]]:
        """Baseline alone against the originals: must be empty for kills to mean anything."""
        found = []
        for program in self.programs:
            source = self.baseline_source(program)
            if source is None or source == program.source:
                continue
            diff = first_difference(self.original(program), self.execute(program, source))
            if diff is not None:
                found.append((program.name, diff))
        return found

    def kill(self, spec: str) -> KillResult:
        start = time.perf_counter()
        report = KillResult(spec.rpartition(":")[2], spec)
        try:
            mutant = load_mutant(spec)
        except Exception as exc:  # noqa: BLE001 - a broken plugin is a finding, not a crash
            report.error = f"cannot load: {type(exc).__name__}: {exc}"
            return report
        report.name = str(mutant.name)
        rules = tuple(mutant.rules)
        for program in self.programs:
            if time.perf_counter() - start > self.budget_s:
                report.error = f"budget of {self.budget_s:g} s exhausted"
                break
            report.programs_compiled += 1
            compiled = compile_program(program, (mutant,))
            baseline = self.baseline_source(program)
            report.functions_rejected += max(
                0, rejected(compiled) - self._baseline_rejected[program.name])
            if compiled.source is None or not applied(compiled, rules) \
                    or compiled.source == baseline:
                continue
            report.programs_changed += 1
            original = self.original(program)
            if original.cases is None:
                continue  # an original that does not finish cannot tell the versions apart
            report.programs_run += 1
            diff = first_difference(original, self.execute(program, compiled.source))
            if diff is not None:
                report.killed, report.program = True, program.name
                report.case, report.case_index = diff.case, diff.case_index
                report.evidence = diff.evidence()
                break
        report.seconds = round(time.perf_counter() - start, 3)
        return report

    def _job(self, program: Program, source: str) -> Job:
        return Job(DRIVER, call="drive", args=(source, str(program.path)),
                   filename=f"<mutant driver: {program.name}>")


def _execution(result: RunResult) -> Execution:
    if result.status != "ok":
        return Execution(result, None)
    try:
        raw = result.value()
        cases = tuple((str(call), Outcome(*fields)) for call, fields in raw)
    except Exception:  # noqa: BLE001 - an unreadable reply compares as "could not be read back"
        return Execution(result, None)
    return Execution(result, cases)


def open_sandbox(workers: int = DEFAULT_WORKERS,
                 job_time_limit_s: float = DEFAULT_JOB_TIME_LIMIT_S) -> Sandbox:
    """Small limits: the programs take milliseconds, and a mutant that makes one loop forever
    (appending as it goes) should get its verdict fast and without crowding the machine."""
    return Sandbox(workers, time_limit_s=job_time_limit_s, memory_limit_mb=DEFAULT_MEMORY_MB,
                   preload=(*DEFAULT_PRELOAD, "harness.equivalence.outcome"))


def run_mutants(specs: Sequence[str] | None = None, *, budget_s: float = DEFAULT_BUDGET_S,
                job_time_limit_s: float = DEFAULT_JOB_TIME_LIMIT_S,
                workers: int = DEFAULT_WORKERS,
                programs: Sequence[Program] | None = None,
                on_result: Callable[[KillResult], None] | None = None) -> MutantReport:
    """Kill every mutant in ``specs`` (default: all of tests/mutants) and report."""
    start = time.perf_counter()
    chosen = list(specs) if specs is not None else list(mutant_specs())
    with open_sandbox(workers, job_time_limit_s) as sandbox:
        runner = KillRunner(programs if programs is not None else target_programs(), sandbox,
                            budget_s)
        runner.prepare()
        setup = time.perf_counter() - start
        results = []
        for spec in chosen:
            result = runner.kill(spec)
            results.append(result)
            if on_result is not None:
                on_result(result)
    return MutantReport(results, round(time.perf_counter() - start, 3), round(setup, 3),
                        len(runner.programs), runner.excluded)


# --------------------------------------------------------------------------- command line

app = typer.Typer(name=PROG, add_completion=False, pretty_exceptions_enable=False,
                  help="Show that differential execution kills every mutant pass.")


def _select(names: Sequence[str]) -> list[str]:
    specs = list(mutant_specs())
    if not names:
        return specs
    chosen = []
    for name in names:
        found = [s for s in specs if name in (s, s.rpartition(":")[2])] or (
            [name] if ":" in name else [])
        if not found:
            raise CliError(f"no mutant named {name!r}", todo="use a class name from "
                           "tests/mutants/__init__.py or a module:attr spec")
        chosen.extend(found)
    return chosen


def kill_table(report: MutantReport, what: str = "mutant") -> Table:
    """One row per pass; for a pass under test, "killed" means a difference was found."""
    found = sum(m.killed for m in report.mutants)
    title = f"mutants killed: {found}/{len(report.mutants)}" if what == "mutant" else \
        f"passes with an observable difference: {found}/{len(report.mutants)}"
    table = Table(title=title)
    for column in (what, "killed" if what == "mutant" else "differs", "seconds", "program",
                   "case", "difference"):
        table.add_column(column, overflow="fold")
    for m in report.mutants:
        bad = (not m.killed) if what == "mutant" else m.killed
        mark = ("[red]" if bad else "[green]") + ("yes" if m.killed else "no") + "[/]"
        table.add_row(m.name, mark, f"{m.seconds:.2f}", m.program or "-", (m.case or "-")[:40],
                      str(m.evidence.get("difference", m.error or ""))[:60])
    return table


def _targets(paths: Sequence[Path]) -> list[Program]:
    for path in paths:
        if not path.exists():
            raise CliError("no such file or directory", str(path), "check --programs")
    found = target_programs(paths) if paths else target_programs()
    if not found:
        raise CliError("no *.py programs found", ", ".join(map(str, paths)), "check --programs")
    return found


def _check_loadable(specs: Sequence[str]) -> None:
    for spec in specs:
        try:
            load_mutant(spec)
        except Exception as exc:  # noqa: BLE001 - any import or lookup failure is bad input
            raise CliError(f"cannot load pass {spec!r}: {type(exc).__name__}: {exc}",
                           todo="give module:attr (importable from here) or the name of a "
                                "trm_agent.passes entry point") from None


@app.command()
def main_command(
    json_out: list[Path] = typer.Option([], "--json", help="Write the JSON report here."),
    timeout: float = typer.Option(DEFAULT_BUDGET_S, "--timeout", help="Budget per pass (s)."),
    job_timeout: float = typer.Option(DEFAULT_JOB_TIME_LIMIT_S, "--job-timeout",
                                      help="Time limit of one program run in the sandbox (s)."),
    workers: int = typer.Option(DEFAULT_WORKERS, "--workers", help="Sandbox worker processes."),
    mutant: list[str] = typer.Option([], "--mutant", help="Only this mutant (repeatable)."),
    programs: list[Path] = typer.Option(
        [], "--programs", help="Target programs (files or directories with CASES; repeatable). "
                               "Default: tests/mutants/programs and corpora/patterns."),
    passes: list[str] = typer.Option(
        [], "--pass", help="Put this pass under test instead of the mutants (module:attr or an "
                           "entry-point name; repeatable): exit 1 if it changes an outcome."),
) -> int:
    console = Console(stderr=False)
    what = "pass" if passes else "mutant"
    with reported_errors(PROG):
        if timeout <= 0 or job_timeout <= 0 or workers < 1:
            raise CliError("--timeout, --job-timeout and --workers must be positive")
        if passes and mutant:
            raise CliError("--pass and --mutant do not mix", todo="give one or the other")
        specs = list(passes) if passes else _select(mutant)
        if passes:
            _check_loadable(specs)
        targets = _targets(programs)
        with console.status(f"running each {what} over the target programs") as status:
            def progress(result: KillResult) -> None:
                status.update(f"{result.name}: {'differs' if result.killed else 'agrees'}")

            report = run_mutants(specs, budget_s=timeout, job_time_limit_s=job_timeout,
                                 workers=workers, programs=targets, on_result=progress)
        _write_json(json_out, {"mode": f"{what}es" if passes else "mutants",
                               **report.as_dict()})
    console.print(kill_table(report, what))
    console.print(f"{'kill rate' if not passes else 'difference rate'} {report.kill_rate:.0%}, "
                  f"median {report.median_seconds:.2f} s to the first difference, "
                  f"{report.seconds:.1f} s in all ({report.setup_seconds:.1f} s setup, "
                  f"{report.programs} programs)")
    if passes:
        return EXIT_PROBLEM if report.kill_rate > 0 else EXIT_OK
    return EXIT_OK if report.kill_rate == 1.0 else EXIT_PROBLEM


def main(argv: Sequence[str] | None = None) -> int:
    return run_app(app, PROG, argv)


if __name__ == "__main__":
    sys.exit(main())
