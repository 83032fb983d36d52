"""One fuzzing campaign per mutant pass: does the harness find, reduce and blame each one?

``python -m harness.mutant_campaigns --seconds 600 --json results/mutant_campaigns.json``
injects each pass of ``tests/mutants`` (or the ``--mutant`` ones) into the baseline pipeline
and runs ``trm-harness fuzz`` on it with a time budget, stopping at the first finding.  A
mutant counts as found when the campaign reports a miscompile (or crash) whose blame names
the injected pass; the table gives the time and programs to the first finding and the size
of the reduced program, which is what issue 7's effectiveness bar asks about.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import typer

from harness.campaign import Campaign, CampaignConfig, CampaignReport, Finding

PROG = "python -m harness.mutant_campaigns"


@dataclass(slots=True)
class MutantOutcome:
    """What one campaign against one mutant found."""

    mutant: str
    pass_name: str
    found: bool
    blamed: bool  # the first finding's blame names the injected pass
    blamed_pass: str | None
    seconds_to_find: float | None
    programs_to_find: int | None
    programs: int
    reduced_lines: int | None
    kind: str | None
    seconds: float


def _first_finding(report: CampaignReport) -> Finding | None:
    findings = sorted((f for f in report.findings if f.duplicate_of is None), key=lambda f: f.seed)
    return findings[0] if findings else None


def _blamed_pass(finding: Finding) -> str | None:
    blame = finding.reduced_blame or finding.blame or {}
    return blame.get("pass")


def run_one(mutant: str, seconds: float, seed: int, policy: str) -> MutantOutcome:
    """A campaign against ``mutant``: budget ``seconds``, stopping at the first finding."""
    from harness.mutants import load_mutant

    pass_name = str(getattr(load_mutant(mutant), "name", mutant))
    config = CampaignConfig(programs=None, seconds=seconds, stop_after=1, seed=seed, policy=policy,
                            passes=(mutant,), out_dir=None, max_triaged=4, max_reductions=1)
    begin = time.perf_counter()
    report = Campaign(config).run()
    first = _first_finding(report)
    found_at = next((t for t in report.timeline if t["findings"] >= 1), None)
    return MutantOutcome(
        mutant=mutant, pass_name=pass_name, found=first is not None,
        blamed=first is not None and _blamed_pass(first) == pass_name,
        blamed_pass=_blamed_pass(first) if first else None,
        seconds_to_find=found_at["seconds"] if found_at else None,
        programs_to_find=(first.seed - seed + 1) if first else None,
        programs=report.programs, reduced_lines=first.reduced_lines if first else None,
        kind=first.kind if first else None, seconds=round(time.perf_counter() - begin, 2))


def summary(outcomes: list[MutantOutcome]) -> dict[str, Any]:
    reduced = [o.reduced_lines for o in outcomes if o.reduced_lines is not None]
    return {
        "mutants": len(outcomes),
        "found": sum(o.found for o in outcomes),
        "blamed_on_injected_pass": sum(o.blamed for o in outcomes),
        "reduced_lines_median": statistics.median(reduced) if reduced else None,
        "reduced_lines_max": max(reduced) if reduced else None,
        "seconds_to_find_max": max((o.seconds_to_find or 0.0 for o in outcomes), default=None),
    }


def markdown(outcomes: list[MutantOutcome], budget: float) -> str:
    rows = [f"# Mutant campaigns ({budget:g} s budget each, stop at first finding)", "",
            "| mutant | found | blamed | s to find | programs | reduced lines |",
            "|---|---|---|---|---|---|"]
    for o in outcomes:
        rows.append(f"| {o.mutant.rsplit(':', 1)[-1]} | {'yes' if o.found else 'NO'} | "
                    f"{'yes' if o.blamed else 'no'} | {o.seconds_to_find or '-'} | "
                    f"{o.programs_to_find or o.programs} | {o.reduced_lines or '-'} |")
    s = summary(outcomes)
    rows += ["", f"Found {s['found']}/{s['mutants']}, blamed on the injected pass "
             f"{s['blamed_on_injected_pass']}, reduced to median {s['reduced_lines_median']} "
             f"lines (max {s['reduced_lines_max']})."]
    return "\n".join(rows) + "\n"


def main(
    seconds: float = typer.Option(600.0, "--seconds", min=1.0, help="Budget per mutant."),
    mutant: list[str] = typer.Option([], "--mutant", help="module:attr (default: all)."),
    seed: int = typer.Option(0, "--seed", help="Base seed of every campaign."),
    policy: str = typer.Option("default", "--policy", help="Typed generator policy preset."),
    json_path: Path | None = typer.Option(None, "--json", help="Write the table as JSON."),
    markdown_path: Path | None = typer.Option(None, "--markdown", help="... and as Markdown."),
) -> None:
    """Run one stop-at-first-finding campaign per mutant; exit 1 if any mutant is missed."""
    from rich.console import Console

    from tests.mutants import MUTANTS
    from trm_agent.fsutil import atomic_write_json, atomic_write_text

    console = Console(stderr=True)
    outcomes = []
    for index, spec in enumerate(mutant or MUTANTS, 1):
        with console.status(f"[{index}/{len(mutant or MUTANTS)}] {spec}"):
            outcome = run_one(spec, seconds, seed, policy)
        outcomes.append(outcome)
        console.print(f"{spec}: found={outcome.found} blamed={outcome.blamed_pass} "
                      f"t={outcome.seconds_to_find} reduced={outcome.reduced_lines}")
    if json_path is not None:
        atomic_write_json(json_path, {"budget_s": seconds, "seed": seed, "policy": policy,
                                      "summary": summary(outcomes),
                                      "mutants": [asdict(o) for o in outcomes]})
    if markdown_path is not None:
        atomic_write_text(markdown_path, markdown(outcomes, seconds))
    console.print(markdown(outcomes, seconds))
    raise typer.Exit(0 if all(o.found and o.blamed for o in outcomes) else 1)


if __name__ == "__main__":
    typer.run(main)
