"""How fast the IR builds, copies, verifies and round-trips through text (ops per second).

DESIGN §3 asks for >= 20x an MLIR-style Python framework (2,300-4,000 ops/s measured here);
the foundation issue's goal is >= 50,000 ops/s built + verified on one core.  Every phase runs
as campaigns run it: in a batch with the cyclic GC paused (``ir.core.no_gc``).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from trm_agent.ir.core import Function, clone_function, no_gc
from trm_agent.ir.parser import parse_function
from trm_agent.ir.printer import print_function
from trm_agent.ir.verifier import verify_function
from trm_agent.parse import ParsedModule, parse_module
from trm_agent.translate import translate_module

PHASES = ("translate", "verify", "clone", "print", "parse")


def _timed(action: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    with no_gc():
        result = action()
    return time.perf_counter() - start, result


def _verified(fn: Function) -> Function:
    verify_function(fn)
    return fn


def _round(parsed: list[ParsedModule]) -> tuple[dict[str, float], int, int]:
    seconds: dict[str, float] = {}
    seconds["translate"], modules = _timed(lambda: [translate_module(p) for p in parsed])
    functions: list[Function] = [f for m in modules for f in m.functions  # type: ignore[attr-defined]
                                 if f.lowered]
    seconds["verify"], _ = _timed(lambda: [_verified(f) for f in functions])
    seconds["clone"], copies = _timed(lambda: [clone_function(f) for f in functions])
    seconds["print"], texts = _timed(lambda: [print_function(f) for f in copies])  # type: ignore[attr-defined]
    seconds["parse"], _ = _timed(lambda: [parse_function(t) for t in texts])  # type: ignore[attr-defined]
    ops = sum(1 for fn in functions for _ in fn.walk())
    return seconds, ops, len(functions)


def measure(paths: list[Path], repeat: int = 3) -> dict[str, float]:
    """Best of ``repeat`` rounds per phase, as ops/s; plus the combined build+verify rates."""
    parsed = [p for p in (parse_module(path.read_bytes(), str(path)) for path in paths) if p.ok]
    best = dict.fromkeys(PHASES, float("inf"))
    ops = functions = 0
    for _ in range(repeat):
        seconds, ops, functions = _round(parsed)
        for phase in PHASES:
            best[phase] = min(best[phase], seconds[phase])
    report: dict[str, float] = {f"{p}_ops_per_s": round(ops / best[p]) for p in PHASES}
    report["translate_and_verify_ops_per_s"] = round(ops / (best["translate"] + best["verify"]))
    report["clone_and_verify_ops_per_s"] = round(ops / (best["clone"] + best["verify"]))
    report["ops"] = ops
    report["functions"] = functions
    return report


def _files(roots: list[Path]) -> list[Path]:
    skip = {"test", "tests", "idlelib", "site-packages", "turtledemo"}
    found = (f for r in roots for f in (sorted(r.rglob("*.py")) if r.is_dir() else [r]))
    return [f for f in found if not skip & set(f.parts)]


if __name__ == "__main__":  # pragma: no cover
    import sysconfig

    roots = [Path(a) for a in sys.argv[1:]] or [Path(sysconfig.get_paths()["stdlib"])]
    print(json.dumps(measure(_files(roots)[:150]), indent=1))
