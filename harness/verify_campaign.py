"""How well translation validation does on real code: ``python -m harness.verify_campaign``.

Every function the baseline pipeline changes in ``corpora/`` and the standard library (or in
the given PATHS) is verified with z3 (``harness.verify``), and the verdicts are reported
separately for loop-free functions and functions with loops: the rate of PROVED / REFUTED /
UNKNOWN (with reasons) and the p50/p95 verification time.  Any REFUTED verdict is a replayed
miscompile and is listed with its function and counterexample; encoder bugs (refutations
that did not reproduce) are listed apart.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

from harness.stdlib import iter_stdlib_files
from harness.verify import (
    PROVED,
    REFUTED,
    UNKNOWN,
    InputError,
    Settings,
    reason_class,
    verify_source,
)
from trm_agent.cli import EXIT_OK, EXIT_PROBLEM, CliError, reported_errors, run_app
from trm_agent.cli import write_json_reports as write_json
from trm_agent.fsutil import iter_python_files

PROG = "verify_campaign"
CORPORA = Path(__file__).resolve().parent.parent / "corpora"

app = typer.Typer(name=PROG, add_completion=False, pretty_exceptions_enable=False)


def collect(paths: Sequence[Path], stdlib: bool) -> list[Path]:
    files: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise CliError("no such file or directory", str(path))
        for file in iter_python_files(path):
            files.setdefault(file.resolve(), file)
    if stdlib:
        for file in iter_stdlib_files():
            files.setdefault(file.resolve(), file)
    return list(files.values())


def verify_file(job: tuple[str, float, int]) -> tuple[str, list[dict[str, Any]], str]:
    """One file in a worker: its reports as JSON, or why it was skipped."""
    path, timeout, bound = job
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return path, [], f"unreadable: {exc}"
    try:
        reports = verify_source(source, path, Settings(timeout_s=timeout, loop_bound=bound))
    except InputError as exc:
        return path, [], f"not parsed: {exc}"
    except Exception as exc:  # noqa: BLE001 - one bad file must not end the campaign
        return path, [], f"internal error: {type(exc).__name__}: {exc}"
    return path, [r.as_json() | {"file": path} for r in reports], ""


def run_jobs(files: Sequence[Path], timeout: float, bound: int,
             workers: int) -> Iterable[tuple[str, list[dict[str, Any]], str]]:
    jobs = [(str(f), timeout, bound) for f in files]
    if workers <= 1:
        yield from map(verify_file, jobs)
        return
    with ProcessPoolExecutor(workers) as pool:
        yield from pool.map(verify_file, jobs, chunksize=1)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def group_stats(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    counts = Counter(r["verdict"] for r in rows)
    total = len(rows) or 1
    seconds = [r["seconds"] for r in rows]
    cpu = [r.get("cpu_seconds", 0.0) for r in rows]
    reasons = Counter(reason_class(r["reason"]) for r in rows if r["verdict"] == UNKNOWN)
    return {"functions": len(rows),
            **{v.lower(): counts[v] for v in (PROVED, REFUTED, UNKNOWN)},
            **{f"{v.lower()}_rate": round(counts[v] / total, 4)
               for v in (PROVED, REFUTED, UNKNOWN)},
            "encoder_bugs": sum(1 for r in rows if r["encoder_bug"]),
            "unknown_reasons": dict(reasons.most_common()),
            "seconds_p50": round(percentile(seconds, 0.5), 4),
            "seconds_p95": round(percentile(seconds, 0.95), 4),
            "seconds_max": round(max(seconds, default=0.0), 4),
            "seconds_mean": round(statistics.fmean(seconds), 4) if seconds else 0.0,
            "cpu_seconds_p50": round(percentile(cpu, 0.5), 4),
            "cpu_seconds_p95": round(percentile(cpu, 0.95), 4)}


def stats_table(groups: dict[str, dict[str, Any]]) -> Table:
    table = Table(title="translation validation of the baseline's changes")
    for column in ("functions", "n", "PROVED", "REFUTED", "UNKNOWN", "p50 s", "p95 s", "max s",
                   "cpu p50", "cpu p95"):
        table.add_column(column, justify="left" if column == "functions" else "right")
    for name, g in groups.items():
        table.add_row(name, str(g["functions"]),
                      f"{g['proved']} ({100 * g['proved_rate']:.1f}%)",
                      f"{g['refuted']}", f"{g['unknown']} ({100 * g['unknown_rate']:.1f}%)",
                      f"{g['seconds_p50']:.3f}", f"{g['seconds_p95']:.3f}",
                      f"{g['seconds_max']:.2f}", f"{g['cpu_seconds_p50']:.3f}",
                      f"{g['cpu_seconds_p95']:.3f}")
    return table


def run_campaign(paths: Sequence[Path], stdlib: bool, json_path: Path | None, timeout: float,
                 bound: int, workers: int, console: Console) -> int:
    files = collect(paths, stdlib)
    start = time.perf_counter()
    rows: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []
    for done, (path, reports, why) in enumerate(run_jobs(files, timeout, bound, workers), 1):
        rows += reports
        if why:
            skipped.append({"file": path, "why": why})
        if done % 25 == 0:
            console.print(f"[dim]{done}/{len(files)} files, {len(rows)} functions[/]")
    groups = {"loop-free": group_stats([r for r in rows if not r["loops"]]),
              "with loops": group_stats([r for r in rows if r["loops"]]),
              "all": group_stats(rows)}
    console.print(stats_table(groups))
    for name, g in groups.items():
        console.print(f"{name}: unknown because {g['unknown_reasons']}")
    refuted = [r for r in rows if r["verdict"] == REFUTED]
    bugs = [r for r in rows if r["encoder_bug"]]
    for r in refuted:
        console.print(f"[bold red]MISCOMPILE[/] {r['file']}:{r['line']} {r['name']} "
                      f"{r['counterexample_repr']} — {r['replay']}", soft_wrap=True)
    for r in bugs:
        console.print(f"[yellow]encoder bug[/] {r['file']}:{r['line']} {r['name']} "
                      f"{r['counterexample_repr']} — {r['replay']}", soft_wrap=True)
    seconds = time.perf_counter() - start
    console.print(f"{len(files)} files, {len(rows)} changed functions, {len(skipped)} files "
                  f"skipped, {seconds:.0f} s")
    code = EXIT_PROBLEM if refuted else EXIT_OK
    write_json([json_path] if json_path else [], {
        "command": "verify_campaign", "paths": [str(p) for p in paths], "stdlib": stdlib,
        "timeout": timeout, "bound": bound, "files": len(files), "seconds": round(seconds, 1),
        "groups": groups, "refuted": refuted, "encoder_bugs": bugs, "skipped": skipped,
        "functions": rows, "exit_code": code})
    return code


@app.command()
def main(
    paths: list[Path] = typer.Argument(None, help="Files/directories (default: corpora/)."),
    stdlib: bool = typer.Option(True, "--stdlib/--no-stdlib",
                                help="Also the standard library (default when no PATHS)."),
    json_path: Path | None = typer.Option(None, "--json", help="Write the result here."),
    timeout: float = typer.Option(2.0, "--timeout", min=0.01, help="Seconds per z3 query."),
    bound: int = typer.Option(4, "--bound", min=0, help="Loop unrolling bound."),
    workers: int = typer.Option(max(1, (os.cpu_count() or 2) - 1), "--workers", min=1),
) -> None:
    """Verify every function the baseline changes; report rates and times."""
    with reported_errors(PROG):
        code = run_campaign(paths or [CORPORA], stdlib, json_path, timeout, bound, workers,
                            Console(stderr=False))
    raise typer.Exit(code)


if __name__ == "__main__":
    sys.exit(run_app(app, PROG))
