"""Robustness of parse -> translate -> codegen on hypothesmith programs (DESIGN §7).

hypothesmith programs are syntactically valid but semantically arbitrary, so they are never
run; the check is that the compiler front end never crashes (a clean diagnostic is fine) and
that everything it emits is valid Python.  Generation is slow (~12 programs/s/core from the
grammar, ~1/s from nodes), so the work is spread over processes.
"""

from __future__ import annotations

import time
import traceback
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from trm_agent.agent import TRMAgent


@dataclass(slots=True)
class RobustnessReport:
    programs: int = 0
    internal_errors: list[str] = field(default_factory=list)
    invalid_outputs: list[str] = field(default_factory=list)
    diagnostics: int = 0
    functions: int = 0
    lowered: int = 0
    seconds: float = 0.0

    def merge(self, other: RobustnessReport) -> None:
        self.programs += other.programs
        self.internal_errors += other.internal_errors
        self.invalid_outputs += other.invalid_outputs
        self.diagnostics += other.diagnostics
        self.functions += other.functions
        self.lowered += other.lowered


def check_source(source: str, report: RobustnessReport, agent: TRMAgent) -> None:
    """One program through the front end; failures are recorded with the program."""
    report.programs += 1
    try:
        result = agent.compile_source(source, "<hypothesmith>")
    except Exception:  # noqa: BLE001 - any exception here is the bug we are looking for
        report.internal_errors.append(f"{traceback.format_exc(limit=4)}\n--- program ---\n{source}")
        return
    report.diagnostics += len(result.diagnostics)
    if result.module is not None:
        report.functions += len(result.module.functions)
        report.lowered += sum(fn.lowered for fn in result.module.functions)
    if result.source is not None:
        try:
            with warnings.catch_warnings():  # the program's own SyntaxWarnings are not ours
                warnings.simplefilter("ignore")
                compile(result.source, "<output>", "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as exc:
            report.invalid_outputs.append(f"{exc}\n--- program ---\n{source}")


def _worker(kind: str, count: int, seed: int) -> RobustnessReport:
    import warnings

    import hypothesmith
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    warnings.simplefilter("ignore")  # SyntaxWarnings from arbitrary programs are not ours
    report = RobustnessReport()
    agent = TRMAgent.load()
    strategy = hypothesmith.from_grammar() if kind == "grammar" else hypothesmith.from_node()

    @hseed(seed)
    @settings(max_examples=count, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(source: str) -> None:
        check_source(source, report, agent)

    start = time.perf_counter()
    run()
    report.seconds = time.perf_counter() - start
    return report


def run_campaign(grammar: int, nodes: int, workers: int = 2, seed: int = 0) -> RobustnessReport:
    """``grammar`` + ``nodes`` programs split over ``workers`` processes."""
    jobs: list[tuple[str, int, int]] = []
    for kind, total in (("grammar", grammar), ("node", nodes)):
        share, extra = divmod(total, workers)
        for i in range(workers):
            n = share + (1 if i < extra else 0)
            if n:
                jobs.append((kind, n, seed * 1000 + i))
    total_report = RobustnessReport()
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for part in pool.map(_worker, *zip(*jobs, strict=True)):
            total_report.merge(part)
    total_report.seconds = time.perf_counter() - start
    return total_report


if __name__ == "__main__":  # pragma: no cover - manual campaign entry point
    import argparse
    import json

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--grammar", type=int, default=5000)
    parser.add_argument("--nodes", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rep = run_campaign(args.grammar, args.nodes, args.workers, args.seed)
    print(json.dumps({"programs": rep.programs, "internal_errors": len(rep.internal_errors),
                      "invalid_outputs": len(rep.invalid_outputs), "functions": rep.functions,
                      "lowered": rep.lowered, "seconds": round(rep.seconds, 1),
                      "programs_per_second": round(rep.programs / rep.seconds, 2)}))
    for failure in (rep.internal_errors + rep.invalid_outputs)[:5]:
        print(failure)
