"""``trm-harness equiv`` against CrossHair's ``diffbehavior`` on the pairs of corpora/equiv.

Both tools run as a user runs them — one process per pair, wall-clock timed from start to
verdict — with the same budget per pair.  CrossHair comes from a separate environment (it
pins its own z3); point ``--crosshair`` or ``$CROSSHAIR`` at its ``crosshair`` executable,
e.g. ``python -m venv /tmp/crosshair-venv && /tmp/crosshair-venv/bin/pip install crosshair-tool``.
CrossHair runs with ``--exception_equivalence SAME_TYPE``, the same rule as our default
(DESIGN §4: exception type; messages only with ``--strict``).

The Markdown table goes to ``--markdown`` and, with ``--update-doc``, between the
``<!-- equiv-compare:begin -->`` / ``<!-- equiv-compare:end -->`` markers of that file.

    python -m harness.equiv_compare --budget 10 --json results/equiv_compare.json \\
        --update-doc docs/equiv.md
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from trm_agent.fsutil import atomic_write_json, atomic_write_text

__all__ = ["Pair", "ToolRun", "load_pairs", "main", "markdown", "summary"]

ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_PAIRS: Final = ROOT / "corpora" / "equiv"
BEGIN: Final = "<!-- equiv-compare:begin -->"
END: Final = "<!-- equiv-compare:end -->"
_SLACK_S: Final = 30.0  # wall-clock cap on top of the budget: startup, and CPU vs wall time

#: Verdicts that claim a difference / claim none, per tool.
FOUND: Final = "REFUTED"
NOT_FOUND: Final = ("PROVED", "NO-DIFFERENCE-FOUND", "EXHAUSTED")


@dataclass(frozen=True, slots=True)
class Pair:
    file: Path
    equivalent: bool
    what: str

    @property
    def name(self) -> str:
        return self.file.stem


@dataclass(frozen=True, slots=True)
class ToolRun:
    """One tool on one pair: REFUTED / PROVED / NO-DIFFERENCE-FOUND / EXHAUSTED / UNKNOWN /
    TIMEOUT / ERROR, the wall time, and what it printed as evidence."""

    verdict: str
    seconds: float
    detail: str = ""


def load_pairs(directory: Path) -> list[Pair]:
    with open(directory / "manifest.toml", "rb") as handle:
        manifest = tomllib.load(handle)
    return [Pair(directory / p["file"], bool(p["equivalent"]), str(p.get("what", "")))
            for p in manifest["pair"]]


def run_ours(pair: Pair, budget: float, python: str, extra: Sequence[str] = ()) -> ToolRun:
    with tempfile.TemporaryDirectory(prefix="equiv-compare-") as tmp:
        report = Path(tmp) / "equiv.json"
        argv = [python, "-m", "harness.cli", "equiv", f"{pair.file}::old", f"{pair.file}::new",
                "--seconds", str(budget), "--json", str(report), *extra]
        start = time.monotonic()
        try:
            proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True,
                                  timeout=budget + _SLACK_S, check=False)
        except subprocess.TimeoutExpired:
            return ToolRun("TIMEOUT", time.monotonic() - start)
        seconds = time.monotonic() - start
        if proc.returncode not in (0, 1) or not report.exists():
            return ToolRun("ERROR", seconds, (proc.stderr or proc.stdout).strip()[-300:])
        data = json.loads(report.read_text())
    cex = data.get("counterexample")
    detail = f"{cex['call']}: {cex['difference']}" if cex else data.get("reason", "")
    return ToolRun(data["verdict"], seconds, detail)


def run_crosshair(pair: Pair, budget: float, crosshair: str) -> ToolRun:
    module = pair.file.stem
    argv = [crosshair, "diffbehavior", f"{module}.old", f"{module}.new",
            "--exception_equivalence", "SAME_TYPE", "--per_condition_timeout", str(budget)]
    env = {**os.environ, "PYTHONPATH": str(pair.file.parent), "PYTHONHASHSEED": "0"}
    start = time.monotonic()
    try:
        proc = subprocess.run(argv, cwd=pair.file.parent, capture_output=True, text=True,
                              timeout=budget + _SLACK_S, check=False, env=env)
    except subprocess.TimeoutExpired:
        return ToolRun("TIMEOUT", time.monotonic() - start)
    return parse_crosshair(proc.returncode, proc.stdout + proc.stderr,
                           time.monotonic() - start)


def parse_crosshair(returncode: int, output: str, seconds: float) -> ToolRun:
    """CrossHair prints ``Given: (...)`` and both outcomes on a difference (exit 1), ``No
    differences found`` otherwise, adding ``All paths exhausted`` when it explored them all."""
    text = output.strip()
    if "Given:" in text:
        given = " ".join(line.strip() for line in text.splitlines()[:3])
        return ToolRun(FOUND, seconds, given[:300])
    if "No differences found" in text:
        verdict = "EXHAUSTED" if "All paths exhausted" in text else "NO-DIFFERENCE-FOUND"
        found = re.search(r"attempted (\d+) iterations", text)
        return ToolRun(verdict, seconds, f"{found.group(1)} iterations" if found else "")
    return ToolRun("ERROR", seconds, f"exit {returncode}: {text[-300:]}")


# --------------------------------------------------------------------------- summary


def summary(rows: Sequence[tuple[Pair, ToolRun, ToolRun | None]]) -> dict[str, Any]:
    """Detection on the different half, false alarms on the equivalent half, median time."""
    tools: dict[str, Any] = {}
    for index, tool in ((1, "trm"), (2, "crosshair")):
        runs: list[tuple[Pair, ToolRun]] = []
        for row in rows:
            run = row[1] if index == 1 else row[2]
            if run is not None:
                runs.append((row[0], run))
        if not runs:
            continue
        different = [run for pair, run in runs if not pair.equivalent]
        equivalent = [run for pair, run in runs if pair.equivalent]
        detected = sum(run.verdict == FOUND for run in different)
        false_alarms = sum(run.verdict == FOUND for run in equivalent)
        tools[tool] = {
            "pairs": len(runs),
            "detected": detected,
            "different_pairs": len(different),
            "detection_rate": detected / len(different) if different else 0.0,
            "false_alarms": false_alarms,
            "equivalent_pairs": len(equivalent),
            "proved": sum(run.verdict in ("PROVED", "EXHAUSTED") for run in equivalent),
            "errors": sum(run.verdict in ("ERROR", "TIMEOUT") for _, run in runs),
            "median_seconds": statistics.median(run.seconds for _, run in runs),
            "median_seconds_detected": statistics.median(
                [r.seconds for r in different if r.verdict == FOUND] or [0.0]),
            "median_seconds_equivalent": statistics.median(
                [r.seconds for r in equivalent] or [0.0]),
        }
    return tools


def markdown(rows: Sequence[tuple[Pair, ToolRun, ToolRun | None]], totals: dict[str, Any],
             command: str, budget: float) -> str:
    lines = [f"Produced by `{command}` (budget {budget:g} s per pair and tool; wall-clock "
             "seconds from process start to verdict).", ""]
    lines += ["| | trm-harness equiv | crosshair diffbehavior |", "|---|---|---|"]
    def cell(tool: str, fmt: str) -> str:
        return fmt.format(**totals[tool]) if tool in totals else "not run"

    for label, fmt in (
        ("detected (different half)", "{detected}/{different_pairs} ({detection_rate:.0%})"),
        ("false alarms (equivalent half)", "{false_alarms}/{equivalent_pairs}"),
        ("proved / paths exhausted (equivalent half)", "{proved}/{equivalent_pairs}"),
        ("errors / timeouts", "{errors}"),
        ("median time to verdict, all pairs", "{median_seconds:.2f} s"),
        ("median time, detected differences", "{median_seconds_detected:.2f} s"),
        ("median time, equivalent pairs", "{median_seconds_equivalent:.2f} s"),
    ):
        lines.append(f"| {label} | {cell('trm', fmt)} | {cell('crosshair', fmt)} |")
    lines += ["", "| pair | truth | trm verdict | s | crosshair verdict | s |",
              "|---|---|---|---:|---|---:|"]
    for pair, ours, theirs in rows:
        truth = "equivalent" if pair.equivalent else "different"
        ch = (f"{_mark(pair, theirs)} {theirs.verdict} | {theirs.seconds:.1f}"
              if theirs is not None else "— | —")
        lines.append(f"| {pair.name} | {truth} | {_mark(pair, ours)} {ours.verdict} | "
                     f"{ours.seconds:.1f} | {ch} |")
    lines += ["", "✔ right answer, ✘ wrong (a missed difference or a false alarm), ? no verdict."]
    return "\n".join(lines) + "\n"


def _mark(pair: Pair, run: ToolRun) -> str:
    if run.verdict in ("ERROR", "TIMEOUT", "UNKNOWN"):
        return "?"
    says_different = run.verdict == FOUND
    return "✘" if says_different == pair.equivalent else "✔"


def update_doc(doc: Path, table: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace what lies between the two marker lines of ``doc`` (generated figures)."""
    text = doc.read_text()
    start, stop = text.find(begin), text.find(end)
    if start < 0 or stop < start:
        raise SystemExit(f"{doc}: no {begin} ... {end} markers to replace")
    atomic_write_text(doc, text[: start + len(begin)] + "\n" + table + text[stop:])


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.equiv_compare",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per pair and tool")
    parser.add_argument("--crosshair", default=os.environ.get("CROSSHAIR", "crosshair"),
                        help="the crosshair executable (default: $CROSSHAIR or PATH)")
    parser.add_argument("--no-crosshair", action="store_true", help="only our side")
    parser.add_argument("-k", dest="pattern", default="", help="only pairs whose name has this")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--markdown", type=Path, default=None)
    parser.add_argument("--update-doc", type=Path, default=None)
    args = parser.parse_args(argv)

    pairs = [p for p in load_pairs(args.pairs) if args.pattern in p.name]
    crosshair = None if args.no_crosshair else shutil.which(args.crosshair)
    if crosshair is None and not args.no_crosshair:
        print(f"crosshair not found ({args.crosshair}); reporting only our side", file=sys.stderr)
    rows: list[tuple[Pair, ToolRun, ToolRun | None]] = []
    for pair in pairs:
        ours = run_ours(pair, args.budget, sys.executable)
        theirs = run_crosshair(pair, args.budget, crosshair) if crosshair else None
        rows.append((pair, ours, theirs))
        print(f"{pair.name:34s} {'eq ' if pair.equivalent else 'dif'}  ours {ours.verdict:20s} "
              f"{ours.seconds:5.1f}s  crosshair "
              f"{(theirs.verdict if theirs else '-'):20s} {theirs.seconds if theirs else 0:5.1f}s",
              flush=True)
    totals = summary(rows)
    command = "python -m harness.equiv_compare " + " ".join(argv if argv is not None
                                                             else sys.argv[1:])
    table = markdown(rows, totals, command.strip(), args.budget)
    print(table)
    if args.json:
        atomic_write_json(args.json, {
            "budget_s": args.budget, "totals": totals,
            "pairs": [{"pair": p.name, "equivalent": p.equivalent, "what": p.what,
                       "trm": asdict(o), "crosshair": asdict(t) if t else None}
                      for p, o, t in rows]})
    if args.markdown:
        atomic_write_text(args.markdown, table)
    if args.update_doc:
        update_doc(args.update_doc, table)
    return 1 if totals.get("trm", {}).get("false_alarms") else 0


if __name__ == "__main__":
    sys.exit(main())
