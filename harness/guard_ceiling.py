"""How fast would the baseline's rewrites be without their identity guards? (Measured only.)

``python -m harness.guard_ceiling [--bench DIR] [--rounds N] [--processes N] [-k PATTERN]
[--json F]`` compiles
every benchmark at ``--opt baseline``, makes a copy of the compiled text with each identity
guard (``if NAME is __trm_...__:``, the inliner's and the builtin specialisations') replaced by
``if True:`` — unsound, never shipped — and times the original, the compiled and the unguarded
module interleaved in one process (minimum over rounds). The unguarded geomean bounds what any
cheaper guard or smarter guard placement could give the current rewrites (docs/decisions.md,
"What an inlining guard costs").

It also bounds what *more inlining* could give: it counts the Python-level calls and generator
resumptions left in one ``run()`` of the unguarded module and prices each by its kind (a
constructor's ``__init__``, a generator resumption, else the dearer of a function and a method
call), each timed in this process against the same work without the call. ``call-free`` is
the speedup if all of them vanished at no cost — including recursion, callbacks and the
standard library's own calls, which no inliner may remove — so no inlining, guarded or not,
can beat it.
``function-free`` removes only the calls of the benchmark's own module-level functions: the
ones a guarded inliner may take: the checks any sound guard for inlining a method must make
(timed too, and printed beside the call costs) cost more than the method call they would save.
"""

from __future__ import annotations

import argparse
import functools
import gc
import inspect
import re
import statistics
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
    in_fresh_process,
    observe,
)
from trm_agent.agent import TRMAgent
from trm_agent.cli import CliError
from trm_agent.fsutil import atomic_write_json
from trm_agent.loader import load

VARIANTS = ("original", "baseline", "unguarded")
CALL_COST_LOOPS = 100_000
CALL_KINDS = ("module function", "other call", "__init__", "generator")
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


_GENERATOR_FLAGS = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR


def call_kind(code: Any, filename: str) -> str:
    """Which kind of call entering ``code`` is. A "module function" is a plain function defined
    at the top level of the benchmark itself: the only kind a guarded inliner can remove
    with a gain (docs/decisions.md, "Issue 5's 1.15x bar is beyond what inlining of any kind
    can add on CPython 3.11")."""
    if code.co_flags & _GENERATOR_FLAGS:
        return "generator"
    if code.co_name == "__init__":
        return "__init__"
    own = code.co_filename == filename and "." not in code.co_qualname
    return "module function" if own else "other call"


def count_calls(module: Any, filename: str) -> dict[str, int]:
    """Python-level calls and generator resumptions in one ``run(1)``, by kind (``run`` too)."""
    counts = dict.fromkeys(CALL_KINDS, 0)

    def profile(frame: Any, event: str, arg: Any) -> None:
        if event == "call":
            counts[call_kind(frame.f_code, filename)] += 1

    sys.setprofile(profile)
    try:
        module.run(1)
    finally:
        sys.setprofile(None)
    return counts


def _add(a: int, b: int) -> int:
    return a + b


class _Point:
    __slots__ = ("x",)

    def __init__(self, x: int) -> None:
        self.x = x

    def add(self, a: int, b: int) -> int:
        return a + b


class _Bare:
    __slots__ = ("x",)
    x: int


def _numbers(n: int) -> Any:
    for i in range(n):  # noqa: UP028 - the resumption of this frame is what is timed
        yield i


_type = type  # as compiled code reaches builtins: through a module global (``__trm_type__``)
_POINT_ADD = _Point.add
_OBJECT_GETATTRIBUTE = object.__getattribute__


def _loops(n: int) -> dict[str, tuple[Any, Any]]:
    """Each kind of call, and the same work without it (the pair differs by one call). The
    last pair differs by checks any sound guard for inlining ``point.add`` must make (so it
    costs at least this): exact class, the class's ``add`` and ``__getattribute__`` unchanged
    (the class has ``__slots__`` and no
    ``__dict__``, so no instance attribute can shadow ``add``; CPython 3.11 raises no audit
    event when a class attribute is set, so none of this can be checked once and pinned)."""
    point = _Point(0)

    def plain_call() -> None:
        t = 0
        for i in range(n):
            t = _add(i, t)

    def plain_inline() -> None:
        t = 0
        for i in range(n):
            t = i + t

    def method_call() -> None:
        t = 0
        for i in range(n):
            t = point.add(i, t)

    def init_call() -> None:
        for i in range(n):
            p = _Point(i)
        del p

    def init_inline() -> None:
        for i in range(n):
            p = _Bare()
            p.x = i
        del p

    def resume() -> None:
        t = 0
        for i in _numbers(n):
            t = i
        del t

    def no_resume() -> None:
        t = 0
        for i in range(n):
            t = i
        del t

    def method_guarded() -> None:
        t = 0
        for i in range(n):
            if (_type(point) is _Point and _Point.add is _POINT_ADD
                    and _Point.__getattribute__ is _OBJECT_GETATTRIBUTE):
                t = i + t
            else:
                t = point.add(i, t)

    return {"function": (plain_call, plain_inline), "method": (method_call, plain_inline),
            "__init__": (init_call, init_inline), "generator": (resume, no_resume),
            "method guard": (method_guarded, plain_inline)}


def call_costs(rounds: int, loops: int = CALL_COST_LOOPS) -> dict[str, float]:
    """Seconds one call of each kind adds (minimum over rounds, never below zero)."""
    costs: dict[str, float] = {}
    for kind, (with_call, without) in _loops(loops).items():
        best = time_interleaved({"call": _Runner(with_call), "none": _Runner(without)}, rounds)
        costs[kind] = max(0.0, (best["call"] - best["none"]) / loops)
    return costs


def prices(costs: dict[str, float]) -> dict[str, float]:
    """The price of each counted kind: a call that is not a generator's or an ``__init__``
    is priced at the dearer of a function and a method call."""
    call = max(costs["function"], costs["method"])
    return {"module function": call, "other call": call,
            "__init__": costs["__init__"], "generator": costs["generator"]}


class _Runner:
    """Gives a loop the ``run(scale)`` face that ``time_interleaved`` times."""

    __slots__ = ("loop",)

    def __init__(self, loop: Any) -> None:
        self.loop = loop

    def run(self, scale: int) -> None:
        self.loop()


def call_free(original: float, variant: float, calls: dict[str, int],
              price: dict[str, float]) -> float:
    """``original / variant`` with the price of every call in ``calls`` taken off ``variant``."""
    remaining = variant - sum(n * price[kind] for kind, n in calls.items())
    return original / remaining if remaining > 0 else float("inf")


RATIOS = ("baseline", "unguarded", "function_free", "call_free")


def measure(benches: list[Benchmark], rounds: int) -> dict[str, Any]:
    costs = call_costs(rounds)
    price = prices(costs)
    print("one call costs " + ", ".join(f"{k} {v * 1e9:.1f} ns" for k, v in costs.items()
                                        if k != "method guard")
          + f"; a sound guard for inlining a method costs at least "
            f"{costs['method guard'] * 1e9:.1f} ns",
          flush=True)
    rows: list[dict[str, Any]] = []
    for bench in benches:
        modules, guards = load_variants(bench)
        best = time_interleaved(modules, rounds)
        calls = count_calls(modules["unguarded"], str(bench.path))
        functions = {"module function": calls["module function"]}
        rows.append({"name": bench.name, "guards": guards, "calls": calls,
                     "baseline": best["original"] / best["baseline"],
                     "unguarded": best["original"] / best["unguarded"],
                     "function_free": call_free(best["original"], best["unguarded"], functions,
                                                price),
                     "call_free": call_free(best["original"], best["unguarded"], calls, price)})
        print(f"{bench.name:16s} guards {guards:3d}  baseline {rows[-1]['baseline']:.3f}x  "
              f"unguarded {rows[-1]['unguarded']:.3f}x  "
              f"function-free {rows[-1]['function_free']:.3f}x  "
              f"call-free {rows[-1]['call_free']:.3f}x  calls {sum(calls.values()):6d}",
              flush=True)
    return summarise(rows, rounds, costs, 1)


def summarise(rows: list[dict[str, Any]], rounds: int, costs: dict[str, float],
              processes: int) -> dict[str, Any]:
    report: dict[str, Any] = {"rounds": rounds, "processes": processes,
                              "call_cost_seconds": costs, "call_price_seconds": prices(costs),
                              "benchmarks": rows}
    for key in RATIOS:
        report[f"geomean_{key}"] = geomean([r[key] for r in rows])
    return report


def combine(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several processes' reports: the median of each figure, as ``speedup
    --processes`` does (one process is one draw of memory layout)."""
    rows: list[dict[str, Any]] = []
    for per_process in zip(*(r["benchmarks"] for r in reports), strict=True):
        row = dict(per_process[0])
        for key in RATIOS:
            row[f"process_{key}"] = [r[key] for r in per_process]
            row[key] = statistics.median(row[f"process_{key}"])
        rows.append(row)
    costs = {kind: statistics.median(r["call_cost_seconds"][kind] for r in reports)
             for kind in reports[0]["call_cost_seconds"]}
    return summarise(rows, reports[0]["rounds"], costs, len(reports))


def measure_in_processes(benches: list[Benchmark], rounds: int,
                         processes: int) -> dict[str, Any]:
    """:func:`measure` in fresh interpreters, one after another, combined by :func:`combine`."""
    if processes == 1:
        return measure(benches, rounds)
    reports = []
    for index in range(processes):
        print(f"-- process {index + 1} of {processes}", flush=True)
        reports.append(in_fresh_process(measure, benches, rounds))
    return combine(reports)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("-k", dest="pattern", default=None)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--processes", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        if args.rounds < 1:
            raise CliError("--rounds must be at least 1", "--rounds", "e.g. --rounds 40")
        if args.processes < 1:
            raise CliError("--processes must be at least 1", "--processes", "e.g. --processes 3")
        report = measure_in_processes(discover_benchmarks(args.bench, args.pattern),
                                      args.rounds, args.processes)
    except CliError as exc:
        print(exc.format("guard_ceiling"), file=sys.stderr)
        return 2
    except RuntimeError as exc:  # a compiled variant disagrees with CPython: a miscompile
        print(f"guard_ceiling: MISCOMPILE {exc}", file=sys.stderr)
        return 1
    print(f"geomean: baseline {report['geomean_baseline']:.3f}x, "
          f"unguarded {report['geomean_unguarded']:.3f}x, "
          f"function-free {report['geomean_function_free']:.3f}x, "
          f"call-free {report['geomean_call_free']:.3f}x ({args.rounds} rounds, "
          f"median of {args.processes} process(es))")
    if args.json is not None:
        atomic_write_json(args.json, report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
