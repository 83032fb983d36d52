"""Every lowered function of a tree verifies, and its IR text round-trips exactly.

``python -m harness.ir_check [PATH...]`` (default: the standard library): the foundation
issue's check that ``print(parse(text)) == text`` and the verifier hold on every function that
coverage counts as lowered.  Exit 1 on any failure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path

from trm_agent.agent import TRMAgent
from trm_agent.ir import parse_function, print_function, verify_function


def check_files(paths: Iterable[Path]) -> tuple[int, list[str]]:
    """(functions checked, failure descriptions)."""
    agent = TRMAgent.load()
    checked = 0
    failures: list[str] = []
    for path in paths:
        result = agent.compile_source(path.read_bytes(), str(path))
        if result.module is None:
            continue
        for fn in result.module.functions:
            if not fn.lowered:
                continue
            checked += 1
            try:
                verify_function(fn)
                text = print_function(fn)
                again = parse_function(text)
                verify_function(again)
                if print_function(again) != text:
                    failures.append(f"{path}: {fn.qualname}: text does not round-trip")
            except Exception as exc:  # noqa: BLE001 - every failure is reported, none hidden
                failures.append(f"{path}: {fn.qualname}: {type(exc).__name__}: {exc}")
    return checked, failures


def main(argv: list[str]) -> int:
    from harness.stdlib import iter_stdlib_files

    paths = [Path(a) for a in argv]
    files = [f for p in paths for f in (sorted(p.rglob("*.py")) if p.is_dir() else [p])] \
        if paths else [Path(f) for f in iter_stdlib_files()]
    start = time.perf_counter()
    checked, failures = check_files(files)
    for failure in failures[:20]:
        print(failure)
    print(f"{checked} lowered functions in {len(files)} files: {len(failures)} failures "
          f"({time.perf_counter() - start:.1f} s)")
    return 1 if failures else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
