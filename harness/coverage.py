"""How much real code is fully lowered to IR, and what blocks the rest (DESIGN §3, §9).

A function counts as lowered only when its whole body is IR; otherwise each
unsupported construct in it is tallied, like a "graph break" report, so the constructs
worth implementing next are the ones blocking the most functions.

Work is spread over a process pool in chunks of files: parse + translate is CPU bound,
and each worker sends back only a small per-file summary, never IR objects.
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.census import census
from trm_agent.cli import def_functions, fatal_diagnostics
from trm_agent.codegen import generate_source

if TYPE_CHECKING:
    from trm_agent.agent import TRMAgent

AgentFactory = Callable[[], "TRMAgent"]

#: Construct key for a function reported as not lowered without any blocker.
UNKNOWN_CONSTRUCT = "unknown"


@dataclass(frozen=True, slots=True)
class AgentLoader:
    """Picklable, value-hashable agent factory: workers cache one agent per spec."""

    spec: str | None = None

    def __call__(self) -> TRMAgent:
        from trm_agent.agent import TRMAgent

        return TRMAgent.load(self.spec)


@functools.lru_cache(maxsize=4)
def _cached_agent(factory: AgentFactory) -> TRMAgent:
    """One agent per worker process: loading it per file would dominate the run."""
    return factory()


@dataclass(slots=True)
class FileSummary:
    """Per-file result a worker sends back; small and picklable on purpose."""

    file: str
    functions_total: int = 0
    functions_lowered: int = 0
    #: construct -> (functions blocked by it, occurrences)
    constructs: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: construct -> (occurrences, occurrences in lowered functions), from harness.census
    census: dict[str, tuple[int, int]] = field(default_factory=dict)
    failure: dict[str, Any] | None = None  # syntax/decode error: the diagnostic
    internal_error: str | None = None  # the compiler crashed: a bug to report


def summarize_source(agent: TRMAgent, data: bytes, filename: str) -> FileSummary:
    """Parse, translate and regenerate one file and count its functions.

    "Lowered" means compiled back too: codegen can still hand a function back to the user's
    code (a shape it cannot spell), and that counts against coverage.
    """
    summary = FileSummary(file=filename)
    parsed = agent.parse_module(data, filename=filename)
    fatal = fatal_diagnostics(parsed.diagnostics)
    if not parsed.ok or fatal:
        first = fatal[0] if fatal else None
        summary.failure = {
            "file": filename,
            "code": first.code if first else "syntax-error",
            "message": first.message if first else "cannot parse",
            "line": first.line if first else 0,
            "col": first.col if first else 0,
        }
        return summary
    module = agent.translate_ast(parsed)
    generate_source(module)  # marks functions codegen could not regenerate as not lowered
    functions = def_functions(module)
    summary.functions_total = len(functions)
    functions_by: Counter[str] = Counter()
    occurrences: Counter[str] = Counter()
    for function in functions:
        if function.lowered:
            summary.functions_lowered += 1
            continue
        per_function = Counter(b.construct or b.code for b in function.blockers) or Counter(
            {UNKNOWN_CONSTRUCT: 1}
        )
        functions_by.update(per_function.keys())
        occurrences.update(per_function)
    summary.constructs = {c: (functions_by[c], occurrences[c]) for c in functions_by}
    seen: Counter[str] = Counter()
    lowered: Counter[str] = Counter()
    for function in functions:
        if function.node is None:
            continue
        uses = census(function.node)
        seen.update(uses)
        if function.lowered:
            lowered.update(uses)
    summary.census = {c: (seen[c], lowered[c]) for c in seen}
    return summary


def summarize_file(agent: TRMAgent, path: str) -> FileSummary:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return FileSummary(
            file=path,
            failure={
                "file": path,
                "code": "read-error",
                "message": str(exc.strerror or exc),
                "line": 0,
                "col": 0,
            },
        )
    try:
        return summarize_source(agent, data, path)
    except Exception as exc:  # noqa: BLE001 - a crash on one file is a finding, not the end
        return FileSummary(file=path, internal_error=f"{type(exc).__name__}: {exc}")


def summarize_chunk(factory: AgentFactory, paths: Sequence[str]) -> list[FileSummary]:
    """Worker entry point: one chunk of files, one cached agent."""
    agent = _cached_agent(factory)
    return [summarize_file(agent, p) for p in paths]


def make_chunks(paths: Sequence[Path], workers: int) -> list[list[str]]:
    """Group files into chunks of similar total size, largest first.

    Largest-first keeps one big file (e.g. ``_pydecimal``) from being the straggler
    that a whole run waits for; grouping small files amortises task overhead.
    """
    sized = sorted(((_size(p), str(p)) for p in paths), reverse=True)
    total = sum(s for s, _ in sized)
    budget = max(1, total // max(1, workers * 8))
    chunks: list[list[str]] = []
    current: list[str] = []
    current_size = 0
    for size, name in sized:
        current.append(name)
        current_size += size
        if current_size >= budget or len(current) >= 32:
            chunks.append(current)
            current, current_size = [], 0
    if current:
        chunks.append(current)
    return chunks


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


@dataclass(slots=True)
class CoverageReport:
    """Aggregate over all files; ``as_json`` gives the stable JSON keys of DESIGN §9."""

    summaries: list[FileSummary]
    seconds: float
    workers: int

    @property
    def functions_total(self) -> int:
        return sum(s.functions_total for s in self.summaries)

    @property
    def functions_lowered(self) -> int:
        return sum(s.functions_lowered for s in self.summaries)

    @property
    def coverage(self) -> float:
        """Fraction lowered; vacuously 1.0 when there is no function to lower."""
        total = self.functions_total
        return self.functions_lowered / total if total else 1.0

    @property
    def failures(self) -> list[dict[str, Any]]:
        return [s.failure for s in self.summaries if s.failure is not None]

    @property
    def internal_errors(self) -> list[dict[str, str]]:
        return [
            {"file": s.file, "error": s.internal_error} for s in self.summaries if s.internal_error
        ]

    def by_construct(self) -> dict[str, dict[str, int]]:
        functions: Counter[str] = Counter()
        occurrences: Counter[str] = Counter()
        for summary in self.summaries:
            for construct, (n_functions, n_occurrences) in summary.constructs.items():
                functions[construct] += n_functions
                occurrences[construct] += n_occurrences
        ordered = sorted(functions, key=lambda c: (-functions[c], c))
        return {c: {"functions": functions[c], "occurrences": occurrences[c]} for c in ordered}

    def construct_rates(self) -> dict[str, dict[str, float]]:
        """Per construct: occurrences, how many sit in lowered functions, and the rate."""
        seen: Counter[str] = Counter()
        lowered: Counter[str] = Counter()
        for summary in self.summaries:
            for construct, (n_seen, n_lowered) in summary.census.items():
                seen[construct] += n_seen
                lowered[construct] += n_lowered
        return {c: {"occurrences": seen[c], "lowered": lowered[c],
                    "rate": lowered[c] / seen[c] if seen[c] else 1.0}
                for c in sorted(seen, key=lambda c: (-seen[c], c))}

    def as_json(self) -> dict[str, Any]:
        return {
            "constructs": self.construct_rates(),
            "files": len(self.summaries),
            "files_failed": len(self.failures),
            "files_internal_error": len(self.internal_errors),
            "functions_total": self.functions_total,
            "functions_lowered": self.functions_lowered,
            "coverage": self.coverage,
            "by_construct": self.by_construct(),
            "seconds": self.seconds,
            "workers": self.workers,
            "failed_files": self.failures,
            "internal_errors": self.internal_errors,
            "per_file": [
                {
                    "file": s.file,
                    "functions_total": s.functions_total,
                    "functions_lowered": s.functions_lowered,
                }
                for s in self.summaries
                if s.failure is None and s.internal_error is None
            ],
        }


def run_coverage(
    paths: Sequence[Path],
    workers: int,
    factory: AgentFactory = AgentLoader(),
    on_progress: Callable[[int], None] | None = None,
) -> CoverageReport:
    """Summarise every file; ``on_progress(n)`` is called as each chunk of n files finishes."""
    start = time.perf_counter()
    chunks = make_chunks(paths, workers)
    summaries: list[FileSummary] = []
    for batch in _run_chunks(chunks, workers, factory):
        summaries.extend(batch)
        if on_progress is not None:
            on_progress(len(batch))
    summaries.sort(key=lambda s: s.file)
    return CoverageReport(summaries, time.perf_counter() - start, workers)


def _run_chunks(
    chunks: list[list[str]], workers: int, factory: AgentFactory
) -> Iterable[list[FileSummary]]:
    if workers <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            yield summarize_chunk(factory, chunk)
        return
    with cf.ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
        futures = [pool.submit(summarize_chunk, factory, chunk) for chunk in chunks]
        try:
            for future in cf.as_completed(futures):
                yield future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def default_workers() -> int:
    return os.cpu_count() or 1
