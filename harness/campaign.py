"""Fuzzing campaigns (DESIGN §7): generate, compile, run, compare, reduce, blame, save.

Program ``i`` of a campaign is always generated from seed ``base_seed + i``, and the work is
cut into fixed chunks of consecutive seeds that do not depend on the number of workers; the
results are merged back in seed order.  One worker, a process pool or a Dask cluster therefore
check the same programs and report the same findings.  Every stage after the search (blame,
reduction) is also a pure function of the finding and runs as a task on the same workers;
reductions are capped in *attempts*, not seconds, so they do not depend on machine load either
(a wall-clock backstop still exists for pathological cases).

Per typed program: compile at ``none`` and at the campaign's level, run the original and both
compiled versions on the program's ``CASES`` in the sandbox, and compare per DESIGN §4.  What
counts as a finding:

* ``miscompile``: a compiled version's observable outcome differs from the original's (a
  difference at level ``none`` is a translate/codegen bug, one at the level an optimizer bug);
  a difference where only one side hit the time limit counts, unless the other side was itself
  slow (then it is a ``timeout``, reported apart, like differences where both sides time out);
* ``crash``: the compiler raised (``compile_source`` promises never to);
* ``internal_error``: a function fell back with reason ``internal-error``, or with
  ``codegen-error`` (lowered IR that codegen cannot render: at level ``none`` a translate/codegen
  gap, at the level one the optimizer opened).

Programs whose original runs differently twice are ``nondeterministic`` and prove nothing.
"""

from __future__ import annotations

import concurrent.futures as cf
import dataclasses
import functools
import hashlib
import re
import sys
import sysconfig
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from harness.equivalence.driver import DRIVER
from harness.equivalence.outcome import Outcome
from harness.mutants import Execution, first_difference, load_mutant
from harness.sandbox import DEFAULT_PRELOAD, Job, RunResult, Sandbox

__all__ = [
    "FINDING_KINDS",
    "GENERATORS",
    "Campaign",
    "CampaignConfig",
    "CampaignReport",
    "Finding",
    "ProgramResult",
]

ROOT = Path(__file__).resolve().parents[1]
GENERATORS = ("typed", "hypothesmith", "mutate")
FINDING_KINDS = ("miscompile", "crash", "internal_error")
DEFAULT_REGRESSIONS = ROOT / "corpora" / "regressions"
DEFAULT_PLUGIN_REGRESSIONS = ROOT / "results" / "fuzz-regressions"
DEFAULT_MUTATE_CORPUS = ("corpora/patterns",)
HYPOTHESMITH_BLOCK = 8  # programs drawn per hypothesis run (fixed: seeds map to programs)
SIGNATURE_LINE = "blame signature: "
CONNECT_TIMEOUT_S = 15.0



# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True, slots=True)
class CampaignConfig:
    """Everything that decides what a campaign checks; hashable, so workers cache by it."""

    programs: int | None = 100  # budget in programs ...
    seconds: float | None = None  # ... or in seconds (whichever ends first when both given)
    stop_after: int | None = None  # ... or once this many findings are in (chunks in flight end)
    seed: int = 0
    generator: str = "typed"
    policy: str = "default"
    level: str = "baseline"
    passes: tuple[str, ...] = ()  # plugin passes under test, "module:attr"
    trusting: bool | None = None  # accept rewrites unverified; default: when passes are given
    workers: int = 1
    scheduler: str | None = None  # a Dask scheduler address
    dask: bool = False  # a local Dask cluster of ``workers`` processes
    out_dir: Path | None = None  # where reduced regressions are saved (None: not saved)
    chunk_size: int = 4
    time_limit_s: float = 5.0
    memory_limit_mb: int = 512
    reduce: bool = True
    run: bool = True  # execute and compare (False: compile only, front end/codegen robustness)
    z3: bool = False  # also translation-validate each optimized function with z3
    z3_timeout_s: float = 1.0  # per solver query
    shrink_attempts: int = 150  # regenerations tried by choice-sequence shrinking
    reduce_attempts: int = 400  # candidate programs tried by AST delta debugging
    reduce_budget_s: float = 600.0  # wall-clock backstop per finding
    max_triaged: int = 40  # findings blamed (the rest are counted, not deduplicated)
    max_reductions: int = 10  # unique findings reduced
    mutate_corpus: tuple[str, ...] = DEFAULT_MUTATE_CORPUS

    def validate(self) -> None:
        """Raise ValueError on settings that cannot run (the CLI turns it into exit 2)."""
        from harness.generate.policy import POLICY_NAMES
        from trm_agent.fallback import LEVELS

        if self.programs is None and self.seconds is None:
            raise ValueError("give a budget: programs or seconds")
        if (self.programs is not None and self.programs < 0) or (
                self.seconds is not None and self.seconds <= 0):
            raise ValueError("the budget must be positive")
        if self.generator not in GENERATORS:
            raise ValueError(f"unknown generator {self.generator!r}; "
                             f"choose one of {', '.join(GENERATORS)}")
        if self.policy not in POLICY_NAMES:
            raise ValueError(f"unknown policy {self.policy!r}; "
                             f"choose one of {', '.join(POLICY_NAMES)}")
        if self.level not in LEVELS:
            raise ValueError(f"unknown level {self.level!r}; choose one of {', '.join(LEVELS)}")
        if self.stop_after is not None and self.stop_after < 1:
            raise ValueError("--stop-after must be at least 1")
        if self.workers < 1 or self.chunk_size < 1 or self.time_limit_s <= 0:
            raise ValueError("workers, chunk size and time limit must be positive")

    @property
    def trust(self) -> bool:
        return bool(self.passes) if self.trusting is None else self.trusting

    @property
    def chunk(self) -> int:
        return HYPOTHESMITH_BLOCK if self.generator == "hypothesmith" else self.chunk_size

    def as_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["out_dir"] = str(self.out_dir) if self.out_dir is not None else None
        data["passes"] = list(self.passes)
        data["mutate_corpus"] = list(self.mutate_corpus)
        data["trusting"] = self.trust
        return data


# --------------------------------------------------------------------------- results


@dataclass(slots=True)
class ProgramResult:
    """What checking one program found; sources travel back only with a finding."""

    seed: int
    verdict: str  # agree | miscompile | crash | internal_error | timeout | nondeterministic |
    #               original-failed | rejected (a diagnostic) | compiled (not run)
    detail: str = ""
    level: str = ""  # the level whose version differs / errs
    function: str | None = None  # the case or function concerned
    lines: int = 0
    seconds: float = 0.0  # wall time to generate and check it
    cpu_seconds: float = 0.0  # CPU time of the checker and its sandbox (per-core throughput)
    constructs: dict[str, int] = field(default_factory=dict)
    decisions: dict[str, int] = field(default_factory=dict)  # level_used or fallback reason
    source: str | None = None
    choices: tuple[int, ...] | None = None
    signature: str = ""  # error signature (crash/internal_error), to reduce towards
    z3: dict[str, int] = field(default_factory=dict)  # z3 verdicts of the optimized functions


@dataclass(slots=True)
class Finding:
    """A finding after triage: blamed, deduplicated, maybe reduced and saved."""

    seed: int
    kind: str
    level: str
    detail: str
    function: str | None
    lines: int
    blame: dict[str, Any] | None = None
    signature: str | None = None
    duplicate_of: int | None = None  # seed of the first finding with this signature
    reduced_lines: int | None = None
    reduced_source: str | None = None
    reduced_blame: dict[str, Any] | None = None
    saved: str | None = None
    known: bool = False  # the signature was already saved by an earlier campaign

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)  # the reduced program too: --out may be unset


@dataclass(slots=True)
class CampaignReport:
    config: CampaignConfig
    results: list[ProgramResult]
    findings: list[Finding]
    search_seconds: float
    seconds: float
    timeline: list[dict[str, float]]
    workers: int
    setup_seconds: float = 0.0  # starting the workers (a Dask cluster takes seconds)

    @property
    def programs(self) -> int:
        return len(self.results)

    def count(self, kind: str) -> int:
        return sum(f.kind == kind for f in self.findings)

    @property
    def unique_bugs(self) -> int:
        """Distinct blame signatures (findings past ``max_triaged`` are not blamed)."""
        return len({f.signature for f in self.findings if f.signature is not None})

    @property
    def programs_per_second(self) -> float:
        return self.programs / self.search_seconds if self.search_seconds > 0 else 0.0

    @property
    def cpu_seconds(self) -> float:
        return sum(r.cpu_seconds for r in self.results)

    @property
    def failed(self) -> bool:
        return bool(self.findings)

    def verdict_mix(self) -> dict[str, int]:
        return dict(Counter(r.verdict for r in self.results).most_common())

    def _tally(self, field_name: str) -> Counter[str]:
        total: Counter[str] = Counter()
        for r in self.results:
            total.update(getattr(r, field_name))
        return total

    def construct_coverage(self) -> dict[str, int]:
        return dict(sorted(self._tally("constructs").items()))

    def decisions(self) -> dict[str, int]:
        return dict(self._tally("decisions").most_common())

    def z3_verdicts(self) -> dict[str, int]:
        return dict(sorted(self._tally("z3").items()))

    def as_json(self) -> dict[str, Any]:
        coverage = self.construct_coverage()
        decisions = self.decisions()
        reasons = {k.partition(":")[2]: v for k, v in decisions.items()
                   if k.startswith("fallback:")}
        reduced = [f.reduced_lines for f in self.findings if f.reduced_lines is not None]
        return {
            "command": "fuzz",
            "config": self.config.as_json(),
            "programs": self.programs,
            "seconds": round(self.seconds, 3),
            "search_seconds": round(self.search_seconds, 3),
            "setup_seconds": round(self.setup_seconds, 3),
            "programs_per_second": round(self.programs_per_second, 3),
            "programs_per_second_per_worker": round(self.programs_per_second / self.workers, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "programs_per_cpu_second": round(self.programs / self.cpu_seconds, 3)
            if self.cpu_seconds > 0 else 0.0,
            "workers": self.workers,
            "miscompiles": self.count("miscompile"),
            "crashes": self.count("crash"),
            "internal_errors": self.count("internal_error"),
            "timeouts": sum(r.verdict == "timeout" for r in self.results),
            "unique_bugs": self.unique_bugs,
            "untriaged": sum(f.signature is None for f in self.findings),
            "findings": [f.as_json() for f in self.findings],
            "reduced_lines_median": _median(reduced),
            "construct_coverage": coverage,
            "constructs_seen": len(coverage),
            "verdict_mix": self.verdict_mix(),
            "decisions": decisions,
            "fallback_reasons": reasons,
            "z3_verdicts": self.z3_verdicts(),
            "timeline": self.timeline,
        }


def _median(values: Sequence[int]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


# --------------------------------------------------------------------------- programs


@dataclass(frozen=True, slots=True)
class Source:
    seed: int
    text: str
    choices: tuple[int, ...] | None = None
    constructs: dict[str, int] = field(default_factory=dict)


def programs_for(config: CampaignConfig, start: int, count: int) -> list[Source]:
    """Programs ``start .. start+count-1`` of the campaign (seeds ``seed + i``)."""
    seeds = range(config.seed + start, config.seed + start + count)
    if config.generator == "typed":
        from harness.generate.policy import policy_for
        from harness.generate.typed import generate

        out = []
        for seed in seeds:
            program = generate(seed, policy_for(config.policy, seed))
            out.append(Source(seed, program.source, program.choices, dict(program.constructs)))
        return out
    if config.generator == "mutate":
        from harness.generate.mutate import mutate

        corpus = _mutate_corpus(config.mutate_corpus)
        return [Source(seed, mutate(corpus, seed)) for seed in seeds]
    return _hypothesmith(config.seed, start, count)


STDLIB_CORPUS = "stdlib"  # in --corpus: the standard library's small top-level modules
STDLIB_MAX_BYTES = 15_000  # "small": about 400 lines, so a mutant compiles in tens of ms


def _mutate_corpus(paths: Sequence[str]) -> list[str]:
    return list(_corpus_texts(tuple(paths)))


@functools.lru_cache(maxsize=4)
def _corpus_texts(paths: tuple[str, ...]) -> tuple[str, ...]:
    files: list[Path] = []
    for name in paths:
        if name == STDLIB_CORPUS:
            files += [f for f in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))
                      if f.stat().st_size <= STDLIB_MAX_BYTES]
            continue
        path = Path(name) if Path(name).is_absolute() else ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    texts = []
    for file in files:
        if file.name == "__init__.py":
            continue
        try:
            texts.append(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue  # an unreadable file gives nothing to mutate
    return tuple(texts)


def _hypothesmith(base: int, start: int, count: int) -> list[Source]:
    """hypothesmith programs come from hypothesis runs of ``HYPOTHESMITH_BLOCK`` examples,
    each seeded by its block number, so program ``i`` is the same whatever the chunking."""
    out: list[Source] = []
    first, last = start // HYPOTHESMITH_BLOCK, (start + count - 1) // HYPOTHESMITH_BLOCK
    for block in range(first, last + 1):
        texts = _hypothesmith_block(base, block)
        for offset, text in enumerate(texts):
            index = block * HYPOTHESMITH_BLOCK + offset
            if start <= index < start + count:
                out.append(Source(base + index, text))
    return out


def _hypothesmith_block(base: int, block: int) -> list[str]:
    import warnings

    import hypothesmith
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    drawn: list[str] = []

    @hseed(base * 1_000_003 + block)
    @settings(max_examples=HYPOTHESMITH_BLOCK, database=None, deadline=None,
              phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_grammar())
    def draw(source: str) -> None:
        drawn.append(source)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SyntaxWarnings of arbitrary programs are not ours
        draw()
    return drawn[:HYPOTHESMITH_BLOCK]


# --------------------------------------------------------------------------- checking


class Checker:
    """One process's compiler, loaded passes and sandbox, reused for every program it checks."""

    def __init__(self, config: CampaignConfig) -> None:
        from trm_agent.agent import TRMAgent

        self.config = config
        self.agent = TRMAgent.load()
        self.passes = tuple(load_mutant(spec) for spec in config.passes)
        self.sandbox = Sandbox(1, time_limit_s=config.time_limit_s,
                               memory_limit_mb=config.memory_limit_mb,
                               preload=(*DEFAULT_PRELOAD, "harness.equivalence.outcome"))
        # hypothesmith programs are not run (they rarely mean anything); --no-run: none are
        self.runs = config.run and config.generator != "hypothesmith"
        self.pipeline: list[Any] | None = None  # a whole pipeline instead (blame bisection)

    def close(self) -> None:
        self.sandbox.close()

    # -- compiling ------------------------------------------------------------------------

    def options(self, passes: Sequence[Any] | None = None) -> Any:
        """The campaign's compile options: plugins trusted (DESIGN §6), else the defaults."""
        from trm_agent.optimize import Options, TrustingVerifier
        from trm_agent.passes import PassManager

        manager = None if self.pipeline is None else PassManager(list(self.pipeline))
        extra = tuple(self.passes if passes is None else passes)
        if self.config.trust:
            return Options(manager=manager, extra_passes=extra, verifier=TrustingVerifier(),
                           check_cost=False)
        return Options(manager=manager, extra_passes=extra)

    def compile(self, source: str, filename: str, level: str) -> Any:
        return self.compile_levels(source, filename, (level,))[level]

    def compile_levels(self, source: str, filename: str, levels: Sequence[str]) -> dict[str, Any]:
        import warnings

        with warnings.catch_warnings():  # a program's own SyntaxWarnings are not findings
            warnings.simplefilter("ignore", SyntaxWarning)
            return self.agent.compile_levels(source, filename, levels, options=self.options())

    # -- running ---------------------------------------------------------------------------

    def execute(self, source: str, filename: str) -> Execution:
        result = self.sandbox.run(Job(DRIVER, call="drive", args=(source, filename, "name"),
                                      filename=f"<fuzz driver: {filename}>"))
        return _execution(result)

    def difference(self, original: Execution, compiled: Execution) -> tuple[str, str] | None:
        """(verdict, detail) when two runs differ: ``miscompile``, or ``timeout`` when the
        difference is only that one side ran out of time while the other was slow too."""
        diff = first_difference(original, compiled)
        if diff is None:
            return None
        a, b = original.result, compiled.result
        if "timeout" in (a.status, b.status):
            other = b if a.status == "timeout" else a
            if other.status == "timeout" or other.seconds > self.config.time_limit_s / 4:
                return "timeout", diff.detail
        where = f"{diff.case}: " if diff.case != "<module>" else ""
        return "miscompile", where + diff.detail

    # -- one program -----------------------------------------------------------------------

    def check(self, program: Source, started: tuple[float, float] | None = None) \
            -> ProgramResult:
        """Check one program; ``started`` (wall, CPU) counts its generation in its time."""
        wall, cpu = started or (time.perf_counter(), cpu_now())
        result = ProgramResult(program.seed, "agree", lines=_lines(program.text),
                               constructs=dict(program.constructs))
        try:
            self._check(program, result)
        finally:
            result.seconds = time.perf_counter() - wall
            result.cpu_seconds = cpu_now() - cpu
        if result.verdict in FINDING_KINDS:
            result.source, result.choices = program.text, program.choices
        return result

    def _check(self, program: Source, result: ProgramResult) -> None:
        filename = f"fuzz_{program.seed}.py"
        levels = tuple(dict.fromkeys(("none", self.config.level)))
        try:  # one parse and translation serve both levels (about a third of the compile time)
            compiled: dict[str, Any] = self.compile_levels(program.text, filename, levels)
        except Exception:  # noqa: BLE001 - find the level that raises, one at a time
            compiled = {}
        for level in levels:
            if level in compiled:
                continue
            try:
                compiled[level] = self.compile(program.text, filename, level)
            except Exception as exc:  # noqa: BLE001 - the compiler must never raise: a finding
                result.verdict, result.level = "crash", level
                result.detail = _exception_line(exc)
                result.signature = _crash_signature(exc)
                return
        final = compiled[self.config.level]
        result.decisions = _decision_mix(final.decisions)
        if final.source is None:  # the input was rejected with a diagnostic: fine
            result.verdict = "rejected"
            return
        if self.runs:  # a function that fell back is still run: the rest may miscompile
            self._compare(program, filename, compiled, result)
        else:
            result.verdict = "compiled"  # front end and codegen only (hypothesmith)
        if self.config.z3 and self.config.level != "none":
            self._validate(program, filename, result)
        error = _internal_error(compiled["none"], final, self.config.level)
        if error is not None and result.verdict not in ("miscompile", "nondeterministic"):
            result.verdict, result.level, result.function, result.detail = \
                "internal_error", *error
            result.signature = _error_signature(result.detail)

    def _validate(self, program: Source, filename: str, result: ProgramResult) -> None:
        """z3 translation validation of every function the level changed (DESIGN §6).  A
        refutation counts only once replaying its counterexample reproduces it; one that does
        not is an encoder bug, tallied, never a finding."""
        from harness.verify import InputError, Settings, verify_source

        settings = Settings(opt=self.config.level, passes=self.passes,
                            timeout_s=self.config.z3_timeout_s)
        try:
            reports = verify_source(program.text, filename, settings)
        except InputError:
            return
        result.z3 = dict(Counter(("encoder-bug" if r.encoder_bug else r.verdict)
                                 for r in reports))
        refuted = next((r for r in reports if r.verdict == "REFUTED"), None)
        if refuted is not None and result.verdict == "agree":
            result.verdict, result.level, result.function = "miscompile", self.config.level, \
                refuted.name
            result.detail = f"z3 refuted {refuted.name} (replayed: {refuted.replay})"

    def _compare(self, program: Source, filename: str, compiled: dict[str, Any],
                 result: ProgramResult) -> None:
        original = self.execute(program.text, filename)
        if original.result.status == "timeout":  # nothing to compare a compiled version with
            result.verdict, result.detail = "timeout", "the original ran out of time"
            return
        if original.cases is None:
            result.verdict, result.detail = "original-failed", _status_line(original.result)
            return
        runs: dict[str | None, Execution] = {program.text: original}
        for level in compiled:
            source = compiled[level].source
            if source not in runs:
                runs[source] = self.execute(source, filename)
            found = self.difference(original, runs[source])
            if found is None:
                continue
            if found[0] == "miscompile" and self._nondeterministic(program, filename, original):
                result.verdict, result.detail = "nondeterministic", found[1]
                return
            result.verdict, result.detail = found
            result.level = level
            return

    def _nondeterministic(self, program: Source, filename: str, first: Execution) -> bool:
        return first_difference(first, self.execute(program.text, filename)) is not None

    # -- predicates for reduction and blame ---------------------------------------------------

    def still_fails(self, result: ProgramResult,
                    blamed_pass: str | None = None) -> Callable[[str], bool]:
        """A predicate: does a candidate program still show this finding's failure?"""
        kind, level, signature = result.verdict, result.level, result.signature
        before = self._pipeline_before(blamed_pass) if kind == "miscompile" else None
        # A compile-time failure needs no run to show, but a regression that no longer runs
        # the failing function would replay nothing: keep reduced programs runnable, with a
        # case that reaches the failing function, when the original program was.
        runnable = kind != "miscompile" and self.runs and "CASES" in (result.source or "")
        source = result.source or ""
        # (does it run, does a case call the function) for the program as found: a reduced
        # program must keep what the original had, never more.
        wanted = self._reaches(source, result.function) if runnable else (False, False)

        def fails(source: str) -> bool:
            try:
                failed, function = self._reproduces(source, kind, level, signature, before)
                if not failed or not wanted[0]:
                    return failed
                runs, calls = self._reaches(source, function)
                return runs and (calls or not wanted[1])
            except Exception:  # noqa: BLE001 - a candidate that breaks the harness is rejected
                return False
        return fails

    def _reaches(self, source: str, function: str | None) -> tuple[bool, bool]:
        """(the program runs its cases and none hits a missing name, a case calls the
        module-level function that holds ``function``)."""
        cases = self.execute(source, "fuzz_reduce.py").cases
        if not cases or any(o.exc_type in ("NameError", "UnboundLocalError") for _, o in cases):
            return False, False
        outer = (function or "").split(".")[0]
        return True, outer in {name for name, _ in cases}

    def _pipeline_before(self, pass_name: str | None) -> list[Any] | None:
        """The pipeline up to (not including) the pass named ``pass_name``; None if unknown."""
        from trm_agent.passes import baseline_passes

        pipeline = [*baseline_passes(), *self.passes]
        names = [str(getattr(p, "name", "")) for p in pipeline]
        if pass_name is None or pass_name not in names:
            return None
        return pipeline[:names.index(pass_name)]

    def _reproduces(self, source: str, kind: str, level: str, signature: str,
                    before: list[Any] | None = None) -> tuple[bool, str | None]:
        """(does it fail the same way, the function concerned when known).  ``before``: for
        a miscompile, the pipeline without the blamed pass, which must not show it."""
        filename = "fuzz_reduce.py"
        if kind == "crash":
            try:
                self.compile(source, filename, level)
            except Exception as exc:  # noqa: BLE001 - the failure we are looking for
                return _crash_signature(exc) == signature, None
            return False, None
        if kind == "internal_error":
            none = self.compile(source, filename, "none")
            error = _internal_error(none, self.compile(source, filename, self.config.level),
                                    self.config.level)
            if error is None or _error_signature(error[2]) != signature:
                return False, None
            return True, error[1]
        compiled = self.compile(source, filename, level)
        if compiled.source is None or compiled.source == source:
            return False, None
        original = self.execute(source, filename)
        if original.cases is None:
            return False, None
        found = self.difference(original, self.execute(compiled.source, filename))
        if found is None or found[0] != "miscompile":
            return False, None
        control = source  # run again: a candidate whose own runs differ is nondeterministic
        if before is not None:
            self.pipeline = before
            try:
                prior = self.compile(source, filename, level)
            finally:
                self.pipeline = None
            control = prior.source if prior.source is not None else source
        if self.difference(original, self.execute(control, filename)) is not None:
            # It differs without the blamed pass too (another bug), or from itself (a reduction
            # that kept an object's address in the output, say): not this failure.
            return False, None
        return True, None

    def differs_from(self, source: str) -> Callable[[str], bool]:
        """``blame``'s predicate: does this compiled version of ``source`` differ from it?"""
        original = self.execute(source, "fuzz_blame.py")

        def fails(compiled: str) -> bool:
            found = self.difference(original, self.execute(compiled, "fuzz_blame.py"))
            return found is not None and found[0] == "miscompile"
        return fails


def cpu_now() -> float:
    """CPU seconds used so far by this process and its children (the sandbox workers)."""
    import psutil  # type: ignore[import-untyped]

    me = psutil.Process()
    total = sum(me.cpu_times()[:2])
    for child in me.children(recursive=True):
        try:
            total += sum(child.cpu_times()[:2])
        except psutil.Error:
            continue  # a worker that just ended
    return total


def _execution(result: RunResult) -> Execution:
    if result.status != "ok":
        return Execution(result, None)
    try:
        cases = tuple((str(call), Outcome(*fields)) for call, fields in result.value())
    except Exception:  # noqa: BLE001 - unreadable replies compare as "could not be read back"
        return Execution(result, None)
    return Execution(result, cases)


def _lines(source: str) -> int:
    return sum(1 for line in source.splitlines() if line.strip())


def _status_line(result: RunResult) -> str:
    return " ".join(x for x in (result.status, result.exc_type or "", result.detail[:200]) if x)


def _exception_line(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno} ({frames[-1].name})" \
        if frames else ""
    return f"{type(exc).__name__}: {str(exc)[:300]}{where}"


def _crash_signature(exc: BaseException) -> str:
    """The exception type and the function it came from: stable under reduction."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{Path(frames[-1].filename).stem}.{frames[-1].name}" if frames else "?"
    return f"{type(exc).__name__}@{where}"


def _error_signature(detail: str) -> str:
    """What identifies an error across programs: the exception type of an internal error, the
    message (without place and hint) of a codegen error."""
    if detail.startswith("codegen-error: "):
        found = re.search(r"codegen-error: (.*?)(?: \(hint:|$)", detail[len("codegen-error: "):])
        return f"codegen-error: {found.group(1).strip() if found else '?'}"
    head = detail.split(":", 1)[0].strip()
    return head if re.fullmatch(r"[\w.\- ]+", head) else "?"


def _decision_mix(decisions: Iterable[Any]) -> dict[str, int]:
    mix: Counter[str] = Counter()
    for d in decisions:
        mix[f"level:{d.level_used}" if d.reason is None else f"fallback:{d.reason}"] += 1
    return dict(mix)


def _internal_error(none: Any, final: Any, level: str) -> tuple[str, str, str] | None:
    """(level, function, detail) of the first function that fell back because the compiler
    failed: ``internal-error``, or ``codegen-error`` (lowered IR that codegen cannot render,
    which the compiler itself asks to be reported) at level none or new at the level."""
    from trm_agent.fallback import CODEGEN_ERROR, INTERNAL_ERROR

    rendered = {d.qualname for d in none.decisions if d.reason != CODEGEN_ERROR}
    for at, result in (("none", none), (level, final)):
        for d in result.decisions:
            if d.reason == INTERNAL_ERROR:
                return at, d.qualname, d.detail[:400]
            if d.reason == CODEGEN_ERROR and (at == "none" or d.qualname in rendered):
                return at, d.qualname, f"codegen-error: {d.detail}"[:400]
    return None


# --------------------------------------------------------------------------- worker tasks

_CHECKERS: dict[CampaignConfig, Checker] = {}


def checker_for(config: CampaignConfig) -> Checker:
    """The calling process's checker for this configuration (made once, closed at exit)."""
    key = dataclasses.replace(config, programs=None, seconds=None, seed=0, workers=1,
                              scheduler=None, dask=False, out_dir=None)
    found = _CHECKERS.get(key)
    if found is None:
        if not _CHECKERS:
            _close_at_exit()
        found = _CHECKERS[key] = Checker(config)
    return found


def close_checkers() -> None:
    while _CHECKERS:
        _CHECKERS.popitem()[1].close()


def _close_at_exit() -> None:
    # Pool workers leave through multiprocessing's exit path, which skips atexit handlers but
    # runs its own finalizers: register there too, so no sandbox process outlives its worker.
    import atexit
    from multiprocessing import util

    atexit.register(close_checkers)
    util.Finalize(None, close_checkers, exitpriority=10)


@dataclass(frozen=True, slots=True)
class Chunk:
    config: CampaignConfig
    start: int  # index of the first program in the campaign
    count: int


def run_chunk(chunk: Chunk) -> list[ProgramResult]:
    """Check programs ``start .. start+count-1``: the unit of work a worker gets."""
    checker = checker_for(chunk.config)
    started = (time.perf_counter(), cpu_now())
    sources = programs_for(chunk.config, chunk.start, chunk.count)
    results = []
    for index, program in enumerate(sources):  # the chunk's generation time goes to its first
        results.append(checker.check(program, started if index == 0 else None))
    return results


def triage(config: CampaignConfig, result: ProgramResult) -> tuple[str, dict[str, Any]]:
    """(signature, blame) of a finding: what deduplicates it."""
    checker = checker_for(config)
    assert result.source is not None
    blamed = blame_finding(checker, result, result.source)
    return blamed["signature"], blamed


def blame_finding(checker: Checker, result: ProgramResult, source: str) -> dict[str, Any]:
    """Which pass (and function) the finding is due to."""
    from harness.reduce import Blame, blame

    if result.verdict == "miscompile" and result.level != "none":
        found = blame(source, "fuzz_blame.py", checker.differs_from(source),
                      level=result.level, extra_passes=checker.passes,
                      trusting=checker.config.trust)
        data = found.to_json()
        if found.pass_name is None:  # does not reproduce in blame's own compiles: say so
            data["signature"] = f"miscompile:{result.level}:unblamed"
        return data
    if result.verdict == "miscompile":
        data = Blame(result.function, "translate/codegen").to_json()
        data["signature"] = "miscompile:none:translate/codegen"
        return data
    pass_name = _bisect_error(checker, source, checker.still_fails(result))
    data = Blame(_failing_function(checker, source, result), pass_name,
                 (result.signature,)).to_json()
    data["signature"] = f"{result.verdict}:{pass_name}:{result.signature}"
    return data


def _failing_function(checker: Checker, source: str, result: ProgramResult) -> str | None:
    """The function an internal error names in ``source`` (which may be a reduced program)."""
    if result.verdict != "internal_error":
        return result.function
    level = checker.config.level
    try:
        error = _internal_error(checker.compile(source, "fuzz_blame.py", "none"),
                                checker.compile(source, "fuzz_blame.py", level), level)
    except Exception:  # noqa: BLE001 - then the finding's own record is the best we have
        return result.function
    return error[1] if error is not None else result.function


def _bisect_error(checker: Checker, source: str, fails: Callable[[str], bool]) -> str:
    """The pass with which a crash or internal error appears.

    Plugins run after the baseline, so when the baseline alone is fine the culprit is the
    first plugin whose addition fails; only then is the baseline itself bisected by prefixes
    (a prefix that stops before the passes that tidy up may fail on its own, which says
    nothing about the pipeline that ships).
    """
    from trm_agent.passes import baseline_passes

    baseline, plugins = list(baseline_passes()), list(checker.passes)

    def fails_with(pipeline: Sequence[Any]) -> bool:
        checker.pipeline = list(pipeline)
        try:
            return fails(source)
        finally:
            checker.pipeline = None

    if not fails(source):
        return "unreproduced"
    if fails_with([]):
        return "translate/codegen"
    if plugins and not fails_with(baseline):
        first = next((k for k in range(1, len(plugins) + 1)
                      if fails_with(baseline + plugins[:k])), len(plugins))
        return str(getattr(plugins[first - 1], "name", "?"))
    low, high = 1, len(baseline)
    while low < high:
        mid = (low + high) // 2
        if fails_with(baseline[:mid]):
            high = mid
        else:
            low = mid + 1
    return str(getattr(baseline[low - 1], "name", "?"))


@dataclass(frozen=True, slots=True)
class Reduced:
    source: str
    lines: int
    blame: dict[str, Any]
    seconds: float


def reduce_finding(config: CampaignConfig, result: ProgramResult,
                   blamed_pass: str | None = None) -> Reduced:
    """Shrink the choice sequence, then delta-debug the source, then blame the result.

    ``blamed_pass``: the pass triage blamed a miscompile on; candidates must keep failing
    because of it (a reduction that merely keeps *some* difference drifts to another bug)."""
    from harness.reduce import reduce_source, shrink_choices

    checker = checker_for(config)
    assert result.source is not None
    start = time.perf_counter()
    fails = _Budgeted(checker.still_fails(result, blamed_pass), config.reduce_attempts)
    source = result.source
    if result.choices is not None and config.generator == "typed":
        source = _shrink(config, result.seed, result.choices, fails, shrink_choices) or source
    fails.left = config.reduce_attempts
    source = reduce_source(source, fails, budget_s=config.reduce_budget_s)
    return Reduced(source, _lines(source), blame_finding(checker, result, source),
                   time.perf_counter() - start)


class _Budgeted:
    """A predicate that answers False once its attempts are spent: reductions then stop at
    the same point whatever the machine's load (unlike a wall-clock budget)."""

    __slots__ = ("fails", "left")

    def __init__(self, fails: Callable[[str], bool], attempts: int) -> None:
        self.fails = fails
        self.left = attempts

    def __call__(self, source: str) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return self.fails(source)


class _Spent(Exception):
    """Raised by the regenerator once shrinking has used its attempts."""


def _shrink(config: CampaignConfig, seed: int, choices: Sequence[int], fails: _Budgeted,
            shrink: Callable[..., tuple[tuple[int, ...], str]]) -> str | None:
    from harness.generate.policy import policy_for
    from harness.generate.typed import replay

    policy = policy_for(config.policy, seed)
    left = [config.shrink_attempts]

    def regenerate(seq: Sequence[int]) -> str:
        if left[0] <= 0:
            raise _Spent  # cheap rejection of every remaining candidate
        left[0] -= 1
        return replay(seq, policy).source

    _, source = shrink(choices, fails, regenerate=regenerate, budget_s=config.reduce_budget_s)
    return source if fails.fails(source) else None


# --------------------------------------------------------------------------- runners


class SetupError(RuntimeError):
    """The campaign cannot start (e.g. no scheduler at the given address): a usage error."""



class Runner(Protocol):
    slots: int

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any: ...

    def wait_any(self, futures: Sequence[Any]) -> list[Any]: ...

    def close(self) -> None: ...


class InlineRunner:
    """One worker: the work runs in this process (no pickling, no start-up cost)."""

    slots = 1

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        future: cf.Future[Any] = cf.Future()
        try:
            future.set_result(fn(*args))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future
            future.set_exception(exc)
        return future

    def wait_any(self, futures: Sequence[Any]) -> list[Any]:
        return list(futures)

    def close(self) -> None:
        close_checkers()


class PoolRunner:
    """A local process pool of ``workers`` processes."""

    def __init__(self, workers: int) -> None:
        import multiprocessing

        self.slots = workers
        # spawn: fork would copy this process's threads (rich's refresher, sandbox pools)
        self.pool = cf.ProcessPoolExecutor(workers,
                                           mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn: Callable[..., Any], *args: Any) -> cf.Future[Any]:
        return self.pool.submit(fn, *args)

    def wait_any(self, futures: Sequence[Any]) -> list[Any]:
        done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
        return list(done)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskRunner:
    """A Dask distributed cluster: an existing scheduler, or a LocalCluster made here."""

    def __init__(self, scheduler: str | None, workers: int) -> None:
        import logging

        from distributed import Client, LocalCluster

        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=logging.ERROR)
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError, ValueError) as exc:
                raise SetupError(f"cannot reach the Dask scheduler {scheduler}: {exc}") \
                    from None
        self.slots = max(1, sum(w.get("nthreads", 1) for w in
                                self.client.scheduler_info(n_workers=-1)["workers"].values()))

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        return self.client.submit(fn, *args, pure=False)

    def wait_any(self, futures: Sequence[Any]) -> list[Any]:
        from distributed import wait

        done, _ = wait(list(futures), return_when="FIRST_COMPLETED")
        return list(done)

    def close(self) -> None:
        try:
            self.client.run(close_checkers)
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def make_runner(config: CampaignConfig) -> Runner:
    if config.scheduler is not None or config.dask:
        return DaskRunner(config.scheduler, config.workers)
    if config.workers == 1:
        return InlineRunner()
    return PoolRunner(config.workers)


# --------------------------------------------------------------------------- the campaign


@dataclass(frozen=True, slots=True)
class Progress:
    """A snapshot for live displays."""

    phase: str  # search | triage | reduce
    programs: int
    findings: int
    elapsed: float
    done: int = 0  # in triage/reduce: items done of ``total``
    total: int = 0

    @property
    def rate(self) -> float:
        return self.programs / self.elapsed if self.elapsed > 0 else 0.0


ProgressCallback = Callable[[Progress], None]


class Campaign:
    """``Campaign(config).run()``: search, then triage, reduce and save the findings."""

    def __init__(self, config: CampaignConfig) -> None:
        config.validate()
        self.config = config

    def run(self, on_progress: ProgressCallback | None = None) -> CampaignReport:
        notify = on_progress or (lambda _p: None)
        begin = time.perf_counter()
        runner = make_runner(self.config)
        start = time.perf_counter()  # the budget and the rate count from here, not the set-up
        try:
            results, timeline, search_s = self._search(runner, notify, start)
            findings = self._triage(runner, results, notify, start)
        finally:
            runner.close()
        self._save(findings, {r.seed: r for r in results})
        report = CampaignReport(self.config, results, findings, search_s,
                                time.perf_counter() - begin, timeline, runner.slots)
        report.setup_seconds = start - begin
        return report

    # -- search ----------------------------------------------------------------------------

    def _search(self, runner: Runner, notify: ProgressCallback,
                start: float) -> tuple[list[ProgramResult], list[dict[str, float]], float]:
        cfg = self.config
        done: dict[int, list[ProgramResult]] = {}
        pending: dict[Any, int] = {}
        timeline: list[dict[str, float]] = [{"seconds": 0.0, "programs": 0, "findings": 0}]
        next_start, programs, findings = 0, 0, 0
        while True:
            while len(pending) < 2 * runner.slots and self._more(next_start, start, findings):
                count = cfg.chunk if cfg.programs is None else min(cfg.chunk,
                                                                   cfg.programs - next_start)
                pending[runner.submit(run_chunk, Chunk(cfg, next_start, count))] = next_start
                next_start += count
            if not pending:
                break
            for future in runner.wait_any(list(pending)):
                chunk_results = future.result()
                done[pending.pop(future)] = chunk_results
                programs += len(chunk_results)
                findings += sum(r.verdict in FINDING_KINDS for r in chunk_results)
                elapsed = time.perf_counter() - start
                timeline.append({"seconds": round(elapsed, 3), "programs": programs,
                                 "findings": findings})
                notify(Progress("search", programs, findings, elapsed))
        results = [r for key in sorted(done) for r in done[key]]
        return results, timeline, time.perf_counter() - start

    def _more(self, next_start: int, start: float, findings: int) -> bool:
        cfg = self.config
        if cfg.stop_after is not None and findings >= cfg.stop_after:
            return False
        if cfg.programs is not None and next_start >= cfg.programs:
            return False
        return cfg.seconds is None or time.perf_counter() - start < cfg.seconds

    # -- triage ----------------------------------------------------------------------------

    def _triage(self, runner: Runner, results: Sequence[ProgramResult],
                notify: ProgressCallback, start: float) -> list[Finding]:
        raw = [r for r in results if r.verdict in FINDING_KINDS]
        findings = [Finding(r.seed, r.verdict, r.level, r.detail, r.function, r.lines)
                    for r in raw]
        if not raw:
            return findings
        cfg = self.config
        chosen = list(range(min(len(raw), cfg.max_triaged)))

        def progress(phase: str) -> Callable[[int, int], None]:
            return lambda d, t: notify(Progress(phase, len(results), len(raw),
                                                time.perf_counter() - start, d, t))

        blamed = _map(runner, triage, [(cfg, raw[i]) for i in chosen], progress("triage"))
        first: dict[str, int] = {}
        unique: list[int] = []
        for i, (signature, data) in zip(chosen, blamed, strict=True):
            findings[i].signature, findings[i].blame = signature, data
            if signature in first:
                findings[i].duplicate_of = first[signature]
            else:
                first[signature] = raw[i].seed
                unique.append(i)
        if cfg.reduce:  # a bug already saved in the output directory is not reduced again
            known = saved_signatures(cfg.out_dir) if cfg.out_dir is not None else {}
            todo = [i for i in unique if findings[i].signature not in known][:cfg.max_reductions]
            reduced = _map(runner, reduce_finding,
                           [(cfg, raw[i], (findings[i].blame or {}).get("pass")) for i in todo],
                           progress("reduce"))
            for i, red in zip(todo, reduced, strict=True):
                findings[i].reduced_source, findings[i].reduced_lines = red.source, red.lines
                findings[i].reduced_blame = red.blame
        return findings

    # -- saving ----------------------------------------------------------------------------

    def _save(self, findings: Sequence[Finding], results: dict[int, ProgramResult]) -> None:
        out = self.config.out_dir
        if out is None:
            return
        known = saved_signatures(out)
        for finding in findings:
            if finding.duplicate_of is not None or finding.signature is None:
                continue
            if finding.signature in known:
                finding.saved, finding.known = str(known[finding.signature]), True
                continue
            source = finding.reduced_source or results[finding.seed].source
            if source is None:
                continue
            path = write_regression(out, finding, source, self.config)
            known[finding.signature] = path
            finding.saved = str(path)


def _map(runner: Runner, fn: Callable[..., Any], args: Sequence[tuple[Any, ...]],
         progress: Callable[[int, int], None]) -> list[Any]:
    """``fn`` over ``args`` on the runner, results in argument order."""
    futures = [runner.submit(fn, *a) for a in args]
    index = {f: i for i, f in enumerate(futures)}
    out: list[Any] = [None] * len(futures)
    left = list(futures)
    progress(0, len(futures))
    while left:
        for future in runner.wait_any(left):
            out[index[future]] = future.result()
            left.remove(future)
        progress(len(futures) - len(left), len(futures))
    return out


# --------------------------------------------------------------------------- regressions


def saved_signatures(directory: Path) -> dict[str, Path]:
    """Blame signatures of the regressions already in ``directory`` (from their headers)."""
    found: dict[str, Path] = {}
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.py")):
        try:
            head = path.read_text(encoding="utf-8")[:4000]
        except OSError:
            continue
        for line in head.splitlines():
            if line.strip().startswith(SIGNATURE_LINE):
                found.setdefault(line.strip()[len(SIGNATURE_LINE):], path)
    return found


def regression_id(finding: Finding) -> str:
    digest = hashlib.sha256((finding.signature or "").encode()).hexdigest()[:8]
    name = re.sub(r"[^a-z0-9]+", "_", (finding.blame or {}).get("pass") or "unblamed")
    return f"fuzz_{finding.kind}_{name.strip('_')[:40]}_{digest}"


def write_regression(directory: Path, finding: Finding, source: str,
                     config: CampaignConfig) -> Path:
    """Save a (reduced) failing program with a header saying how it was found."""
    from harness.generate.typed import GENERATOR_VERSION
    from trm_agent.fsutil import atomic_write_text

    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{regression_id(finding)}.py"
    blame = finding.reduced_blame or finding.blame or {}
    version = GENERATOR_VERSION if config.generator == "typed" else config.generator
    if config.generator == "mutate":
        version += f" of {', '.join(config.mutate_corpus)}"
    lines = [
        f"Regression found by a fuzz campaign: {finding.kind} at level {finding.level}.",
        "",
        f"seed: {finding.seed} (generator {version}, policy {config.policy})",
        f"passes: {', '.join(config.passes) or 'baseline pipeline only'}",
        f"blame: function {blame.get('function')}, pass {blame.get('pass')}, "
        f"rules {', '.join(blame.get('rules', ())) or '-'}",
        f"{SIGNATURE_LINE}{finding.signature}",
        f"verdict: {_one_line(finding.detail)}",
        f"reduced: {finding.lines} -> {_lines(source)} lines",
        f"found: {datetime.now(UTC).date().isoformat()}",
    ]
    body = "\n".join(lines).replace('"""', "'''").replace("\\", "\\\\")
    if "from __future__" in source:
        header = "".join(f"# {line}\n".replace("# \n", "#\n") for line in body.splitlines())
    else:
        header = f'"""{body}\n"""\n\n'
    atomic_write_text(path, header + source.rstrip("\n") + "\n")
    return path


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def findings_key(report: CampaignReport) -> list[tuple[int, str, str | None]]:
    """What must not depend on the number of workers: (seed, kind, signature) per finding."""
    return [(f.seed, f.kind, f.signature) for f in report.findings]


# --------------------------------------------------------------------------- command line


def default_out_dir(passes: Sequence[str]) -> Path:
    """Compiler bugs join the replayed corpus; failures of a plugin pass under test are the
    plugin's, and would fail nothing in our suite, so they go to results/ instead."""
    return DEFAULT_PLUGIN_REGRESSIONS if passes else DEFAULT_REGRESSIONS


def check_inputs(config: CampaignConfig) -> None:
    """Turn every bad setting into a one-line usage error before any work starts."""
    from trm_agent.cli import CliError

    try:
        config.validate()
    except ValueError as exc:
        raise CliError(str(exc), todo="see 'trm-harness fuzz --help'") from None
    for spec in config.passes:
        try:
            load_mutant(spec)
        except Exception as exc:  # noqa: BLE001 - any import or lookup failure is bad input
            raise CliError(f"cannot load pass {spec!r}: {type(exc).__name__}: {exc}", "--pass",
                           "give module:attr (importable from here) or an entry-point name") \
                from None
    if config.generator == "mutate":
        for name in config.mutate_corpus:
            path = Path(name) if Path(name).is_absolute() else ROOT / name
            if name != STDLIB_CORPUS and not path.exists():
                raise CliError(f"no such corpus file or directory: {name}", "--corpus",
                               f"give a .py file, a directory of them, or {STDLIB_CORPUS!r}")
        if not _mutate_corpus(config.mutate_corpus):
            raise CliError("the mutation corpus holds no Python files", "--corpus",
                           "point --corpus at files that parse")
    if config.level == "trm":
        from trm_agent.agent import TRMAgent
        from trm_agent.cli import unavailable_level

        try:
            TRMAgent.load().compile_source("def f():\n    return 1\n", "probe.py", opt="trm")
        except NotImplementedError as exc:
            raise CliError(unavailable_level("trm", exc), "--level",
                           "use --level baseline") from None


def print_findings(console: Any, report: CampaignReport, limit: int = 20) -> None:
    """The distinct findings, one paragraph each (duplicates are only counted)."""
    distinct = [f for f in report.findings if f.duplicate_of is None]
    console.print(f"[bold red]findings[/]: {len(report.findings)} programs, "
                  f"{report.unique_bugs} unique bugs")
    for f in distinct[:limit]:
        blamed = f.reduced_blame or f.blame or {}
        lines = f"{f.lines} -> {f.reduced_lines} lines" if f.reduced_lines is not None \
            else f"{f.lines} lines"
        console.print(f"  seed {f.seed}: [red]{f.kind}[/] at {f.level}, {lines}, blame "
                      f"{blamed.get('signature') or '-'}"
                      + (f", saved {f.saved}" if f.saved else ""), soft_wrap=True)
        console.print(f"    {_one_line(f.detail, 200)}", soft_wrap=True, markup=False)
    if len(distinct) > limit:
        console.print(f"  ... {len(distinct) - limit} more in the JSON report")


def run_fuzz_command(config: CampaignConfig, json_path: Path | None) -> int:
    """``trm-harness fuzz``: run, show progress and a summary, write JSON; the exit code."""
    from rich.console import Console
    from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    from trm_agent.cli import (
        EXIT_OK,
        EXIT_PROBLEM,
        CliError,
        stderr_console,
        write_json_reports,
    )

    check_inputs(config)
    total = float(config.programs if config.programs is not None else config.seconds or 0)
    bar = Bar(TextColumn("[progress.description]{task.description}"), BarColumn(),
              TextColumn("{task.fields[stats]}"), TimeElapsedColumn(),
              console=stderr_console(), transient=True)
    with bar:
        task = bar.add_task("fuzzing", total=total, stats="")

        def show(p: Progress) -> None:
            stats = f"{p.programs} programs, {p.rate:.1f}/s, {p.findings} findings"
            if p.phase == "search":
                done = p.programs if config.programs is not None else min(p.elapsed, total)
                bar.update(task, completed=done, stats=stats)
            else:
                bar.update(task, description=p.phase, total=p.total or 1, completed=p.done,
                           stats=stats)

        try:
            report = Campaign(config).run(show)
        except SetupError as exc:
            raise CliError(str(exc), "--scheduler", "start the scheduler or fix the address") \
                from None
    console = Console()
    if report.findings:
        print_findings(console, report)
    data = report.as_json()
    console.print(f"{report.programs} programs in {report.search_seconds:.1f} s "
                  f"({report.programs_per_second:.1f}/s with {report.workers} worker(s)): "
                  f"{data['miscompiles']} miscompiles, {data['crashes']} crashes, "
                  f"{data['internal_errors']} internal errors, {data['unique_bugs']} unique; "
                  f"verdicts {data['verdict_mix']}")
    code = EXIT_PROBLEM if report.failed else EXIT_OK
    write_json_reports([json_path] if json_path else [], data | {"exit_code": code})
    return code


if __name__ == "__main__":  # pragma: no cover - `trm-harness fuzz` is the entry point
    from harness.cli import main

    sys.exit(main(["fuzz", *sys.argv[1:]]))
