"""Verification with z3: the solver wrapper (:mod:`.smt`, the only module importing z3) and the
Alive-style soundness proofs of the baseline's rewrite rules (:mod:`.rules`)."""

from trm_agent.verify.smt import DEFAULT_TIMEOUT_S, Result, Solver, Verdict

__all__ = ["DEFAULT_TIMEOUT_S", "Result", "Solver", "Verdict"]
