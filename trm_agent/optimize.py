"""optimize_ir: the pipeline for a requested level under the fallback contract (DESIGN §5).

Only level ``none`` exists so far: the IR is returned unchanged and every lowered function is
used at level ``none``; blocked functions fall back to the original code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from trm_agent.fallback import LEVELS, UNSUPPORTED_CONSTRUCT, Decision
from trm_agent.ir.core import Function, Module


@dataclass(slots=True)
class OptimizeResult:
    module: Module
    decisions: list[Decision] = field(default_factory=list)


def decide(fn: Function, level: str) -> Decision:
    if fn.lowered:
        return Decision(fn.qualname, fn.lineno, True, level)
    first = fn.blockers[0] if fn.blockers else None
    construct = getattr(first, "construct", None) or getattr(first, "code", None)
    detail = first.format() if first is not None and hasattr(first, "format") else str(first or "")
    reason = UNSUPPORTED_CONSTRUCT if construct != "internal-error" else "internal-error"
    return Decision(fn.qualname, fn.lineno, False, "original", reason,
                    f"{construct}: {detail}" if construct else detail)


def optimize_ir(module: Module, level: str = "none",
                skip: frozenset[str] = frozenset()) -> OptimizeResult:
    if level not in LEVELS:
        raise ValueError(f"unknown optimization level {level!r}; choose one of {', '.join(LEVELS)}")
    if level == "trm":
        raise NotImplementedError(f"optimization level {level!r} is not available yet")
    return OptimizeResult(module, [decide(fn, level) for fn in module.functions])
