"""How fast the IR builds, copies, verifies and round-trips through text (ops per second).

DESIGN §3 asks for >= 20x an MLIR-style Python framework (2,300-4,000 ops/s measured here);
the foundation issue's goal is >= 50,000 ops/s built + verified on one core.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from trm_agent.ir.core import Function, clone_function
from trm_agent.ir.parser import parse_function
from trm_agent.ir.printer import print_function
from trm_agent.ir.verifier import verify_function
from trm_agent.parse import parse_module
from trm_agent.translate import translate_module


def _count_ops(fn: Function) -> int:
    return sum(1 for _ in fn.walk())


def measure(paths: list[Path], repeat: int = 3) -> dict[str, float]:
    parsed = [parse_module(p.read_bytes(), str(p)) for p in paths]
    parsed = [p for p in parsed if p.ok]
    best: dict[str, float] = {}
    ops = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        modules = [translate_module(p) for p in parsed]
        t1 = time.perf_counter()
        functions = [f for m in modules for f in m.functions if f.lowered]
        for fn in functions:
            verify_function(fn)
        t2 = time.perf_counter()
        copies = [clone_function(fn) for fn in functions]
        t3 = time.perf_counter()
        texts = [print_function(fn) for fn in copies]
        t4 = time.perf_counter()
        for text in texts:
            parse_function(text)
        t5 = time.perf_counter()
        ops = sum(_count_ops(fn) for fn in functions)
        for key, seconds in (("translate", t1 - t0), ("verify", t2 - t1), ("clone", t3 - t2),
                             ("print", t4 - t3), ("parse", t5 - t4),
                             ("build_and_verify", t2 - t0), ("clone_and_verify", t3 - t2 + t2 - t1)):
            best[key] = min(best.get(key, float("inf")), seconds)
    report = {f"{k}_ops_per_s": round(ops / v) for k, v in best.items() if v > 0}
    report["ops"] = ops
    report["functions"] = len(functions)
    return report


if __name__ == "__main__":  # pragma: no cover
    import sysconfig

    roots = [Path(a) for a in sys.argv[1:]] or [Path(sysconfig.get_paths()["stdlib"])]
    files = sorted(f for r in roots for f in (r.rglob("*.py") if r.is_dir() else [r])
                   if not {"test", "tests", "idlelib", "site-packages", "turtledemo"}
                   & set(f.parts))
    print(json.dumps(measure(files[:150]), indent=1))
