"""What a sandbox worker runs for one version of a program with ``CASES``.

The module executes the program as a module named ``program``, then each of its ``CASES`` in
order on that one module (as ``run_cases`` does), writing ``CASE_MARKER`` + index before each
case so that a hang or crash can be pinned to the case that was running.  The mutant runner
and fuzz campaigns both send ``DRIVER`` as their job code.

CPython's own compile-time warnings (``SyntaxWarning: 'str' object is not callable``, invalid
escape sequences) are silenced while compiling: they are diagnostics about the text, which
codegen legitimately re-spells, not output of the program (docs/decisions.md).
"""

from __future__ import annotations

import dataclasses
import sys
import types
import warnings
from typing import Any

from harness.equivalence.outcome import run_cases

CASE_MARKER = "\x00trm-mutants case "
DRIVER = "from harness.equivalence.driver import drive\n"


def describe(case: Any) -> str:
    """``name(arg, k=v)`` for reports, at most 160 characters."""
    try:
        name, args, kwargs = case
        parts = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
        text = f"{name}({', '.join(parts)})"
    except Exception:  # noqa: BLE001 - a malformed case still gets a label
        text = "<case>"
    return text if len(text) <= 160 else text[:157] + "..."


def compile_quietly(source: str, filename: str) -> types.CodeType:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        return compile(source, filename, "exec", dont_inherit=True)


def drive(source: str, filename: str, label: str = "call") -> list[tuple[str, tuple[Any, ...]]]:
    """Run the program and its cases; ``label``: ``"name"`` (the function) or ``"call"``."""
    with warnings.catch_warnings():
        # When an object is finalized is not part of the program's meaning (DESIGN §4 says
        # nothing of lifetimes; CPython's refcounting is an implementation detail), and a
        # rewrite that keeps a value in a variable a little longer moves the "never awaited"
        # warning of a dropped coroutine: it is not compared.
        warnings.filterwarnings("ignore", message="coroutine .* was never awaited",
                                category=RuntimeWarning)
        return _drive(source, filename, label)


def _drive(source: str, filename: str, label: str) -> list[tuple[str, tuple[Any, ...]]]:
    module = types.ModuleType("program")
    module.__file__ = filename
    sys.modules["program"] = module
    try:
        exec(compile_quietly(source, filename), module.__dict__)
        results = []
        for index, case in enumerate(getattr(module, "CASES", ())):
            sys.stdout.write(CASE_MARKER + str(index) + "\n")
            sys.stdout.flush()
            outcome = run_cases(module, [case])[0]
            name = str(case[0]) if label == "name" else describe(case)
            results.append((name, dataclasses.astuple(outcome)))
        return results
    finally:
        sys.modules.pop("program", None)
        module.__dict__.clear()  # finalizers run here, under the caller's warning filters
