"""How fast would the baseline's rewrites be without their identity guards? (Measured only.)

``python -m harness.guard_ceiling [--bench DIR] [--rounds N] [-k PATTERN] [--json F]`` compiles
every benchmark at ``--opt baseline``, makes a copy of the compiled text with each identity
guard (``if NAME is __trm_...__:``, the inliner's and the builtin specialisations') replaced by
``if True:`` — unsound, never shipped — and times the original, the compiled and the unguarded
module interleaved in one process (minimum over rounds). The unguarded geomean bounds what any
cheaper guard or smarter guard placement could give the current rewrites (docs/decisions.md,
"What an inlining guard costs").
"""

from __future__ import annotations

import argparse
import functools
import gc
import re
import sys
import time
from pathlib import Path
from typing import Any

from harness.speedup import (
    DEFAULT_BENCH_DIR,
    Benchmark,
    checked_run,
    discover_benchmarks,
    geomean,
    observe,
)
from trm_agent.agent import TRMAgent
from trm_agent.cli import CliError
from trm_agent.fsutil import atomic_write_json
from trm_agent.loader import load

VARIANTS = ("original", "baseline", "unguarded")
_GUARD = re.compile(r"^(?P<indent>[ \t]*)if [A-Za-z_]\w* is __trm_\w+__:$", re.MULTILINE)


def unguard(text: str) -> tuple[str, int]:
    """The compiled text with every identity guard always taken, and how many there were."""
    return _GUARD.subn(r"\g<indent>if True:", text)


def load_variants(bench: Benchmark) -> tuple[dict[str, Any], int]:
    where = str(bench.path)
    compiled = TRMAgent.load().compile_source(bench.source, where, "baseline").source
    if compiled is None:
        raise CliError("the benchmark does not compile", where, "fix the benchmark")
    unguarded, guards = unguard(compiled)
    texts = {"original": bench.source, "baseline": compiled, "unguarded": unguarded}
    modules: dict[str, Any] = {}
    for variant, text in texts.items():
        loaded = observe(functools.partial(load, text, where, "original", name=bench.module_name))
        if loaded.error is not None:
            if variant == "original":  # the user's benchmark failing is input, not a crash
                raise CliError(f"benchmark does not load: {loaded.error}", where,
                               "fix the benchmark")
            raise RuntimeError(f"{bench.name} [{variant}] does not load: {loaded.error}")
        modules[variant] = loaded.value
    expected = observe(functools.partial(checked_run, modules["original"], 1))
    if expected.error is not None:
        raise CliError(f"run() fails under CPython: {expected.error}", where, "fix the benchmark")
    for variant, module in modules.items():
        got = observe(functools.partial(checked_run, module, 1))
        if got.text != expected.text:  # the guards never fail in a benchmark: a real bug
            raise RuntimeError(f"{bench.name} [{variant}]: {got.text[:80]} != "
                               f"{expected.text[:80]}")
    return modules, guards


def time_interleaved(modules: dict[str, Any], rounds: int) -> dict[str, float]:
    """Minimum seconds per variant; each round times every variant, rotating who goes first."""
    best = dict.fromkeys(modules, float("inf"))
    order = list(modules)
    for r in range(rounds):
        for variant in order[r % len(order):] + order[: r % len(order)]:
            gc.collect()
            start = time.perf_counter()
            modules[variant].run(1)
            best[variant] = min(best[variant], time.perf_counter() - start)
    return best


def measure(benches: list[Benchmark], rounds: int) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for bench in benches:
        modules, guards = load_variants(bench)
        best = time_interleaved(modules, rounds)
        rows.append({"name": bench.name, "guards": guards,
                     "baseline": best["original"] / best["baseline"],
                     "unguarded": best["original"] / best["unguarded"]})
        print(f"{bench.name:16s} guards {guards:3d}  baseline {rows[-1]['baseline']:.3f}x  "
              f"unguarded {rows[-1]['unguarded']:.3f}x", flush=True)
    return {"rounds": rounds, "benchmarks": rows,
            "geomean_baseline": geomean([r["baseline"] for r in rows]),
            "geomean_unguarded": geomean([r["unguarded"] for r in rows])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("-k", dest="pattern", default=None)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        if args.rounds < 1:
            raise CliError("--rounds must be at least 1", "--rounds", "e.g. --rounds 40")
        report = measure(discover_benchmarks(args.bench, args.pattern), args.rounds)
    except CliError as exc:
        print(exc.format("guard_ceiling"), file=sys.stderr)
        return 2
    except RuntimeError as exc:  # a compiled variant disagrees with CPython: a miscompile
        print(f"guard_ceiling: MISCOMPILE {exc}", file=sys.stderr)
        return 1
    print(f"geomean: baseline {report['geomean_baseline']:.3f}x, "
          f"unguarded {report['geomean_unguarded']:.3f}x ({args.rounds} rounds)")
    if args.json is not None:
        atomic_write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
