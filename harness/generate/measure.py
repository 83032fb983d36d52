"""Acceptance measurements of the typed generator (numbers for docs/generator.md).

    python -m harness.generate.measure --programs 10000 --coverage-programs 2000 --json F

1. run: each program runs twice in the sandbox (different hash seeds) under a time limit;
   it must finish (``main()`` prints its checksum) with identical output both times.
2. coverage: each program is compiled with ``compile_source``; the IR op kinds its functions
   use are counted against ``trm_agent.ir.opdefs.OPS``, and lowered functions are counted.
3. throughput: programs generated per second on one core; mutants per second.
"""

from __future__ import annotations

import glob
import os
import time
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from harness.generate.policy import Policy
from harness.generate.typed import GENERATOR_VERSION, generate

__all__ = ["CoverageReport", "RunReport", "generation_rate", "mutation_rate", "op_coverage",
           "run_programs"]

EXCLUDED_OPS = frozenset({"py.opaque", "py.typeis"})  # escape hatch; optimizer-made guard
SUPPORT_FUNCTIONS = frozenset({
    "Ctx.__init__", "Ctx.__enter__", "Ctx.__exit__", "Box.__init__", "Box.__add__",
    "Box.__radd__", "Box.__sub__", "Box.__mul__", "Box.__neg__", "Box.__eq__", "Box.__lt__",
    "Box.__repr__", "Aw.__init__", "Aw.__await__", "ARange.__init__", "ARange.__aiter__",
    "ARange.__anext__", "ACtx.__init__", "ACtx.__aenter__", "ACtx.__aexit__", "_run",
    "_stable", "main", "keep", "twice", "twice.<locals>.wrapper", "Tagged.__init__",
    "Tagged.double", "Tagged.make", "Tagged.clip", "Tagged.__repr__",
})


@dataclass(slots=True)
class RunReport:
    programs: int = 0
    completed: int = 0  # status ok and the checksum line printed
    deterministic: int = 0  # both runs printed the same
    good: int = 0  # completed and deterministic
    by_status: dict[str, int] = field(default_factory=dict)
    failures: list[dict[str, Any]] = field(default_factory=list)  # the first few
    seconds: float = 0.0

    @property
    def good_rate(self) -> float:
        return self.good / self.programs if self.programs else 0.0


@dataclass(slots=True)
class CoverageReport:
    programs: int = 0
    functions: int = 0
    lowered: int = 0
    op_counts: dict[str, int] = field(default_factory=dict)  # all functions
    op_programs: dict[str, int] = field(default_factory=dict)  # programs using the kind
    generated_op_counts: dict[str, int] = field(default_factory=dict)  # generated code only
    blockers: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def considered(self) -> list[str]:
        from trm_agent.ir.opdefs import OPS

        return sorted(set(OPS) - EXCLUDED_OPS)

    @property
    def coverage(self) -> float:
        kinds = self.considered()
        return sum(1 for k in kinds if self.op_counts.get(k)) / len(kinds)

    @property
    def generated_coverage(self) -> float:
        kinds = self.considered()
        return sum(1 for k in kinds if self.generated_op_counts.get(k)) / len(kinds)

    @property
    def lowered_rate(self) -> float:
        return self.lowered / self.functions if self.functions else 0.0


def _chunks(seeds: Sequence[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(seeds), size):
        yield list(seeds[start:start + size])


def _sources(args: tuple[list[int], Policy]) -> list[str]:
    seeds, policy = args
    return [generate(seed, policy).source for seed in seeds]


def run_programs(seeds: Sequence[int], policy: Policy | None = None, workers: int = 2,
                 time_limit_s: float = 2.0, chunk: int = 200) -> RunReport:
    """Run every program twice in the sandbox (hash seeds 0 and 1) and compare."""
    from harness.sandbox import Job, Sandbox

    policy = policy or Policy.default()
    report = RunReport()
    status: Counter[str] = Counter()
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool, \
            Sandbox(workers, time_limit_s=time_limit_s, hash_seed=0) as first, \
            Sandbox(workers, time_limit_s=time_limit_s, hash_seed=1) as second:
        batches = list(_chunks(seeds, chunk))
        for batch, sources in zip(batches, pool.map(_sources, [(b, policy) for b in batches]),
                                  strict=True):
            jobs = [Job(src, filename=f"gen_{seed}.py") for seed, src in zip(batch, sources,
                                                                          strict=True)]
            for seed, a, b in zip(batch, first.map(jobs), second.map(jobs), strict=True):
                report.programs += 1
                status[a.status] += 1
                done = a.status == "ok" and "checksum" in a.stdout
                same = (a.status, a.stdout, a.stderr) == (b.status, b.stdout, b.stderr)
                report.completed += done
                report.deterministic += same
                report.good += done and same
                if not (done and same) and len(report.failures) < 20:
                    report.failures.append({"seed": seed, "status": a.status,
                                            "status_again": b.status, "same": same,
                                            "detail": (a.exc_type or a.detail or "")[:200]})
    report.by_status = dict(status)
    report.seconds = time.perf_counter() - start
    return report


def _compile_batch(args: tuple[list[int], Policy]) -> dict[str, Any]:
    from trm_agent.agent import TRMAgent

    seeds, policy = args
    agent = TRMAgent.load()
    ops: Counter[str] = Counter()
    generated: Counter[str] = Counter()
    programs: Counter[str] = Counter()
    blockers: Counter[str] = Counter()
    functions = lowered = 0
    for seed in seeds:
        result = agent.compile_source(generate(seed, policy).source, f"gen_{seed}.py")
        if result.module is None:
            blockers["no-module"] += 1
            continue
        seen: set[str] = set()
        for fn in result.module.functions:
            functions += 1
            lowered += fn.lowered
            for blocker in fn.blockers if not fn.lowered else ():
                blockers[f"{blocker.code}: {blocker.message[:60]}"] += 1
            own = fn.qualname not in SUPPORT_FUNCTIONS
            for op in fn.walk():
                ops[op.opdef.name] += 1
                seen.add(op.opdef.name)
                if own:
                    generated[op.opdef.name] += 1
        programs.update(seen)
    return {"ops": ops, "generated": generated, "programs": programs, "blockers": blockers,
            "functions": functions, "lowered": lowered, "count": len(seeds)}


def op_coverage(seeds: Sequence[int], policy: Policy | None = None,
                workers: int = 2, chunk: int = 50) -> CoverageReport:
    """Compile every program and count the IR op kinds and lowered functions."""
    policy = policy or Policy.default()
    report = CoverageReport()
    totals: dict[str, Counter[str]] = {k: Counter() for k in ("ops", "generated", "programs",
                                                              "blockers")}
    start = time.perf_counter()
    batches = [(b, policy) for b in _chunks(seeds, chunk)]
    with ProcessPoolExecutor(workers) as pool:
        for part in pool.map(_compile_batch, batches):
            for key, counter in totals.items():
                counter.update(part[key])
            report.functions += part["functions"]
            report.lowered += part["lowered"]
            report.programs += part["count"]
    report.op_counts = dict(sorted(totals["ops"].items()))
    report.generated_op_counts = dict(sorted(totals["generated"].items()))
    report.op_programs = dict(sorted(totals["programs"].items()))
    report.blockers = dict(totals["blockers"].most_common())
    report.seconds = time.perf_counter() - start
    return report


def generation_rate(count: int = 200, policy: Policy | None = None,
                    first_seed: int = 0) -> dict[str, float]:
    """Programs per second on this core, with their mean size."""
    policy = policy or Policy.default()
    lines = 0
    start = time.perf_counter()
    for seed in range(first_seed, first_seed + count):
        lines += generate(seed, policy).source.count("\n")
    seconds = time.perf_counter() - start
    return {"programs": count, "seconds": seconds, "programs_per_second": count / seconds,
            "mean_lines": lines / count}


def mutation_rate(sources: Sequence[str], count: int = 300) -> dict[str, float]:
    from harness.generate.mutate import Mutator

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mutator = Mutator(sources)
        start = time.perf_counter()
        for seed in range(count):
            mutator.mutate(seed)
    seconds = time.perf_counter() - start
    return {"mutants": count, "files": len(mutator.files), "seconds": seconds,
            "mutants_per_second": count / seconds}


def corpus_sources(pattern: str) -> list[str]:
    return [Path(p).read_text(encoding="utf-8") for p in sorted(glob.glob(pattern))]


def _stdlib_sources(limit: int = 40) -> list[str]:
    lib = Path(os.__file__).parent
    files = sorted(lib.glob("*.py"))[:limit]
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


def main(programs: int = 2000, coverage_programs: int = 500, workers: int = 2,
         time_limit: float = 2.0, policy_name: str = "default",
         json_path: Path | None = None) -> int:
    """All measurements; exit 0 when every acceptance floor holds, else 1."""
    from rich.console import Console
    from rich.table import Table

    from trm_agent.fsutil import atomic_write_json

    policy = Policy.preset(policy_name)
    console = Console()
    rate = generation_rate(200, policy)
    patterns = Path(__file__).resolve().parents[2] / "corpora" / "patterns"
    mut_patterns = mutation_rate(corpus_sources(str(patterns / "*.py")))
    mut_stdlib = mutation_rate(_stdlib_sources(), 100)
    cov = op_coverage(range(coverage_programs), policy, workers)
    run = run_programs(range(programs), policy, workers, time_limit)
    table = Table(title=f"generator {GENERATOR_VERSION}, policy {policy.name}")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("programs run (twice)", str(run.programs))
    table.add_row("completed and deterministic", f"{run.good} ({run.good_rate:.2%})")
    table.add_row("op kinds used (all code)", f"{cov.coverage:.1%}")
    table.add_row("op kinds used (generated code only)", f"{cov.generated_coverage:.1%}")
    table.add_row("functions fully lowered", f"{cov.lowered_rate:.2%} of {cov.functions}")
    table.add_row("programs/s (one core)", f"{rate['programs_per_second']:.1f}")
    table.add_row("mean lines per program", f"{rate['mean_lines']:.0f}")
    table.add_row("mutants/s (patterns)", f"{mut_patterns['mutants_per_second']:.0f}")
    table.add_row("mutants/s (stdlib files)", f"{mut_stdlib['mutants_per_second']:.0f}")
    console.print(table)
    missing = [k for k in cov.considered() if not cov.op_counts.get(k)]
    if missing:
        console.print(f"op kinds never produced: {', '.join(missing)}")
    ok = run.good_rate >= 0.99 and cov.coverage >= 0.95 and cov.lowered_rate >= 0.98
    if json_path is not None:
        atomic_write_json(json_path, {
            "version": GENERATOR_VERSION, "policy": policy.name, "run": asdict(run),
            "coverage": {**asdict(cov), "coverage": cov.coverage,
                         "generated_coverage": cov.generated_coverage,
                         "lowered_rate": cov.lowered_rate, "missing": missing},
            "generation": rate, "mutation_patterns": mut_patterns,
            "mutation_stdlib": mut_stdlib, "passed": ok})
    return 0 if ok else 1


def _cli() -> None:
    import typer

    def command(
        programs: int = typer.Option(2000, help="Programs to run twice in the sandbox."),
        coverage_programs: int = typer.Option(500, help="Programs to compile for op coverage."),
        workers: int = typer.Option(2, min=1, help="Processes / sandbox workers."),
        time_limit: float = typer.Option(2.0, help="Seconds per program run."),
        policy: str = typer.Option("default", help="Policy preset name."),
        json_path: Path | None = typer.Option(None, "--json", help="Write the numbers here."),
    ) -> None:
        raise typer.Exit(main(programs, coverage_programs, workers, time_limit, policy,
                              json_path))

    typer.run(command)


if __name__ == "__main__":
    _cli()
