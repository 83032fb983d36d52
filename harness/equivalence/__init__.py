"""Differential execution and comparison of program versions (DESIGN §4)."""

from harness.equivalence.outcome import (
    Outcome,
    canonical_repr,
    capture,
    compare,
    qualified_name,
    run_cases,
)

__all__ = ["Outcome", "canonical_repr", "capture", "compare", "qualified_name", "run_cases"]
