"""Baseline passes (one file per pass), the pass manager and the named pipelines.

A pass from outside the package plugs in through the ``trm_agent.passes`` entry-point group or a
``module:attr`` spec (``load_pass``); see docs/passes.md for the interface.
"""

from __future__ import annotations

import importlib
from importlib.metadata import entry_points
from typing import Any

from trm_agent.passes.manager import Pass, PassContext, PassManager, PassTimeout

__all__ = ["Pass", "PassContext", "PassManager", "PassTimeout", "baseline_passes", "load_pass",
           "structural_rules"]


def baseline_passes() -> list[Pass]:
    """The baseline pipeline, in order.  Inlining first so the inlined bodies meet the
    caller's facts; cleanup passes after each expanding one."""
    from trm_agent.passes.constfold import ConstFold
    from trm_agent.passes.copyprop import CopyProp
    from trm_agent.passes.cse import CSE
    from trm_agent.passes.dce import DCE
    from trm_agent.passes.inline import Inline
    from trm_agent.passes.licm import LICM
    from trm_agent.passes.specialize import Despecialize, SpecializeRange
    from trm_agent.passes.strength import StrengthReduce
    from trm_agent.passes.unroll import Unroll

    return [Inline(), Unroll(), SpecializeRange(), ConstFold(), CopyProp(), StrengthReduce(),
            CSE(), LICM(), Despecialize(), DCE()]


def structural_rules() -> dict[str, str]:
    """Rules that are sound by construction (no algebra to prove), with the argument; the
    algebraic ones are in ``passes.rules.RULES`` and proven with z3 by the test suite."""
    from trm_agent.passes import constfold, copyprop, cse, dce, inline, licm, specialize, unroll

    table: dict[str, str] = {}
    for module in (constfold, copyprop, cse, dce, inline, licm, specialize, unroll):
        table.update(getattr(module, "SOUNDNESS", {}))
    return table


def load_pass(spec: str) -> Any:
    """A pass from ``module:attr`` (a class is instantiated) or an entry point's name."""
    if ":" in spec:
        module_name, _, attr = spec.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in attr.split("."):
            obj = getattr(obj, part)
    else:
        found = [ep for ep in entry_points(group="trm_agent.passes") if ep.name == spec]
        if not found:
            raise LookupError(f"no pass named {spec!r} in the trm_agent.passes entry points")
        obj = found[0].load()
    if isinstance(obj, type):
        obj = obj()
    for attribute in ("name", "run"):
        if not hasattr(obj, attribute):
            raise TypeError(f"{spec}: a pass needs a .{attribute} (see docs/passes.md)")
    if not hasattr(obj, "rules"):
        obj.rules = ()
    return obj
