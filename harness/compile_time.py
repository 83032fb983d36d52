"""Compile time of the baseline pipeline, per function, over a tree (default: the stdlib).

``python -m harness.compile_time [PATH...] [--json F]`` reports the median and p95 of the
optimizer's time per lowered function (the pipeline, its verification and the cost check), and
of the whole compile (parse → translate → optimize → codegen) per function of each file.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from pathlib import Path

from harness.stdlib import iter_stdlib_files
from trm_agent.agent import TRMAgent
from trm_agent.fsutil import atomic_write_json


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else 0.0


def measure(paths: list[Path]) -> dict[str, object]:
    agent = TRMAgent.load()
    per_function: list[float] = []
    per_file_function: list[float] = []
    reasons: Counter[str] = Counter()
    changed = 0
    functions = 0
    for path in paths:
        start = time.perf_counter()
        result = agent.compile_source(path.read_bytes(), str(path), opt="baseline")
        elapsed = time.perf_counter() - start
        if result.module is None:
            continue
        timings = getattr(result, "seconds", None) or {}
        per_function.extend(timings.values())
        count = len(result.decisions)
        functions += count
        if count:
            per_file_function.extend([elapsed / count] * count)
        changed += len(result.outcomes)
        reasons.update(d.reason for d in result.decisions if d.reason)
    return {
        "files": len(paths), "functions": functions, "functions_changed": changed,
        "optimize_ms_median": 1e3 * statistics.median(per_function) if per_function else 0.0,
        "optimize_ms_p95": 1e3 * percentile(per_function, 0.95),
        "optimize_ms_max": 1e3 * max(per_function, default=0.0),
        "compile_ms_per_function_median": 1e3 * statistics.median(per_file_function)
        if per_file_function else 0.0,
        "compile_ms_per_function_p95": 1e3 * percentile(per_file_function, 0.95),
        "fallback_reasons": dict(reasons),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    paths = [p for root in args.paths for p in (sorted(root.rglob("*.py")) if root.is_dir()
                                                 else [root])] or list(iter_stdlib_files())
    report = measure(paths)
    for key, value in report.items():
        print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}")
    if args.json:
        atomic_write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
