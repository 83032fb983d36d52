"""The pass manager: ordered pipelines over one function, statistics, a time budget,
``--print-after``, and verify-after-each-pass in debug mode.

A pass is any object with a ``name``, the names of the rewrite ``rules`` it may apply, and
``run(fn, ctx) -> int`` (the number of rewrites it made), calling ``ctx.applied(rule)`` for each
one.  Passes mutate the function they are given; the optimizer hands them a clone, so a pass that
fails or overruns leaves the original untouched (the fallback contract, DESIGN §5).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, TextIO

from trm_agent.ir.core import Function, Module
from trm_agent.ir.printer import print_function
from trm_agent.ir.verifier import verify_function


class Pass(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def rules(self) -> tuple[str, ...]: ...

    def run(self, fn: Function, ctx: PassContext) -> int: ...


class PassTimeout(Exception):
    """The pipeline overran its time budget for one function."""


@dataclass(slots=True)
class PassStats:
    runs: int = 0
    changes: int = 0
    seconds: float = 0.0


@dataclass(slots=True)
class PassContext:
    """What a pass may know beyond the function: its module, and what was applied so far."""

    module: Module | None
    rules: Counter[str] = field(default_factory=Counter)
    pins: set[str] = field(default_factory=set)  # module functions whose identity guards need
    # a snapshot (``__trm_F_<name>__``)

    def applied(self, rule: str, count: int = 1) -> None:
        self.rules[rule] += count


@dataclass(slots=True)
class PipelineResult:
    rules: Counter[str]
    pins: set[str]
    seconds: float
    changes: int


class PassManager:
    def __init__(self, passes: Sequence[Pass], *, budget_s: float = 2.0,
                 verify_each: bool = False, print_after: Iterable[str] = (),
                 out: TextIO | None = None, repeat: int = 2) -> None:
        self.passes = list(passes)
        self.budget_s = budget_s
        self.verify_each = verify_each
        self.print_after = set(print_after)
        self.out = out
        self.repeat = repeat  # the pipeline runs again while it still changes something
        self.stats: dict[str, PassStats] = {p.name: PassStats() for p in self.passes}
        unknown = self.print_after - set(self.stats) - {"all"}
        if unknown:
            raise ValueError(f"--print-after: no pass named {', '.join(sorted(unknown))}; "
                             f"passes: {', '.join(self.stats)}")

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.passes]

    def run(self, fn: Function, module: Module | None = None) -> PipelineResult:
        ctx = PassContext(module)
        start = time.perf_counter()
        total = 0
        for _ in range(self.repeat):
            changed = 0
            for p in self.passes:
                changed += self._run_one(p, fn, ctx, start)
            total += changed
            if not changed:
                break
        return PipelineResult(ctx.rules, ctx.pins, time.perf_counter() - start, total)

    def _run_one(self, p: Pass, fn: Function, ctx: PassContext, start: float) -> int:
        t0 = time.perf_counter()
        changes = p.run(fn, ctx)
        stats = self.stats[p.name]
        stats.runs += 1
        stats.changes += changes
        stats.seconds += time.perf_counter() - t0
        if self.verify_each:
            verify_function(fn)  # raises VerifyError naming the function; the pass is to blame
        if changes and (p.name in self.print_after or "all" in self.print_after):
            out = self.out or sys.stderr
            out.write(f"// ----- after {p.name} ({changes} changes) -----\n")
            out.write(print_function(fn) + "\n")
        if time.perf_counter() - start > self.budget_s:
            raise PassTimeout(f"pipeline exceeded its {self.budget_s:g} s budget in {p.name}")
        return changes
