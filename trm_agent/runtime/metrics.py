"""Runtime metrics of compiled code, and the guard-failure-rate policy (DESIGN §5, §8).

What is measured, per compiled function:

* calls and time, only with profiling on (``trm-agent run --profile``): ``cProfile`` runs for
  the whole program and its statistics are filtered to code objects of compiled files at the
  end; without ``--profile`` nothing is installed, so a plain run has no overhead.  cProfile
  sees the thread that enabled it only, and counts each resumption of a generator as a call.
* guard failures, from :data:`trm_agent.runtime.prelude.GUARD_FAILURES` (sites
  ``"<file>:<line>:<kind>"``), mapped to the innermost function whose lines hold the site.
* fallbacks: decisions whose ``level_used`` is below the requested level, and whole modules
  that ran their original source.

Guard-failure-rate policy: a function is switched back to level ``none`` when its guards failed
at least :data:`MIN_FAILURES` times and, when its calls are known, in at least
:data:`MIN_FAILURE_RATE` failures per call; when calls are not known (no profiling), at least
:data:`MIN_FAILURES_UNPROFILED` times.  The switch is an incident in the log (reason
``guard-failure-rate``) and an entry in the module's deopt list in the cache directory, which
the next compile of the same source passes as ``skip``.
"""

from __future__ import annotations

import cProfile
import os
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from trm_agent.fallback import GUARD_FAILURE_RATE, LEVELS, Decision, log_incident

if TYPE_CHECKING:
    from trm_agent.runtime.cache import CodeCache
    from trm_agent.runtime.hook import Installer, ModuleRecord

#: A function needs at least this many guard failures before it is switched back...
MIN_FAILURES = 100
#: ... and, when its calls are known, at least this many failures per call.
MIN_FAILURE_RATE = 0.5
#: Without call counts (profiling off), this many failures alone switch it back.
MIN_FAILURES_UNPROFILED = 1000

#: Incident log used when no path is given: ``$TRM_INCIDENTS``, else this (relative to the cwd).
INCIDENTS_ENV = "TRM_INCIDENTS"
DEFAULT_INCIDENTS = os.path.join("results", "incidents.jsonl")

#: Rank of each level; "original" (kept verbatim) is below every optimization level.
_RANK = {"original": -1, **{level: i for i, level in enumerate(LEVELS)}}


def incidents_path(path: str | os.PathLike[str] | None = None) -> str:
    if path is not None:
        return os.fspath(path)
    return os.environ.get(INCIDENTS_ENV, "") or DEFAULT_INCIDENTS


# --------------------------------------------------------------------------- profiling


@dataclass(frozen=True, slots=True)
class CallStats:
    calls: int
    seconds: float  # including callees
    self_seconds: float


#: Profile statistics keyed by (file, qualname, first line) of a code object.
Profile = Mapping[tuple[str, str, int], CallStats]


class Profiler:
    """cProfile for the duration of a run; results keyed by (file, qualname, first line)."""

    __slots__ = ("_profile",)

    def __init__(self) -> None:
        self._profile = cProfile.Profile()

    def __enter__(self) -> Profiler:
        self._profile.enable()
        return self

    def __exit__(self, *exc: object) -> None:
        self._profile.disable()

    def stats(self, files: Iterable[str]) -> dict[tuple[str, str, int], CallStats]:
        """Calls and time of code objects defined in ``files``; everything else is dropped."""
        wanted = set(files)
        out: dict[tuple[str, str, int], CallStats] = {}
        for entry in self._profile.getstats():
            code = entry.code
            if isinstance(code, str) or code.co_filename not in wanted:
                continue
            key = (code.co_filename, code.co_qualname, code.co_firstlineno)
            old = out.get(key)
            calls, total, inline = entry.callcount, entry.totaltime, entry.inlinetime
            if old is not None:  # the same def executed twice (e.g. a module run twice)
                calls, total = calls + old.calls, total + old.seconds
                inline += old.self_seconds
            out[key] = CallStats(calls, total, inline)
        return out


# --------------------------------------------------------------------------- the report


@dataclass(slots=True)
class FunctionMetrics:
    module: str
    file: str
    qualname: str
    lineno: int
    lowered: bool
    level_used: str
    reason: str | None
    detail: str
    calls: int | None = None  # None: not profiled
    seconds: float | None = None
    self_seconds: float | None = None
    guard_failures: int = 0
    guard_sites: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class RunMetrics:
    opt: str
    profiled: bool
    functions: list[FunctionMetrics]
    fallbacks: list[dict[str, Any]]
    guard_failures: dict[str, int]
    unattributed_guard_failures: dict[str, int]
    modules: list[dict[str, Any]]
    deoptimized: list[dict[str, Any]] = field(default_factory=list)

    @property
    def guard_failures_total(self) -> int:
        return sum(self.guard_failures.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "opt": self.opt,
            "profiled": self.profiled,
            "functions": [f.to_json() for f in self.functions],
            "fallbacks": self.fallbacks,
            "guard_failures": dict(sorted(self.guard_failures.items())),
            "guard_failures_total": self.guard_failures_total,
            "unattributed_guard_failures": dict(sorted(self.unattributed_guard_failures.items())),
            "modules": self.modules,
            "deoptimized": self.deoptimized,
            "policy": {"min_failures": MIN_FAILURES, "min_failure_rate": MIN_FAILURE_RATE,
                       "min_failures_unprofiled": MIN_FAILURES_UNPROFILED},
        }


def below_requested(level_used: str, requested: str) -> bool:
    return _RANK.get(level_used, -1) < _RANK.get(requested, 0)


def collect(installer: Installer, guard_failures: Mapping[str, int],
            profile: Profile | None = None) -> RunMetrics:
    """Build the run's metrics from the installer's module records."""
    records = list(installer.records.values())
    functions: list[FunctionMetrics] = []
    fallbacks: list[dict[str, Any]] = []
    by_file: dict[str, list[FunctionMetrics]] = {}
    for record in records:
        rows = _function_rows(record, profile)
        functions += rows
        by_file[record.filename] = rows
        fallbacks += _fallbacks(record, rows, installer.opt)
    unattributed = _attribute_guards(guard_failures, records, by_file)
    modules = [{"name": r.name, "file": r.filename, "compiled": r.compiled,
                "cache_hit": r.cache_hit, "seconds": r.seconds, "skip": sorted(r.skip),
                "fallback_reason": r.fallback_reason, "fallback_detail": r.fallback_detail}
               for r in records]
    return RunMetrics(installer.opt, profile is not None, functions, fallbacks,
                      {k: int(v) for k, v in guard_failures.items() if v}, unattributed, modules)


def _function_rows(record: ModuleRecord, profile: Profile | None) -> list[FunctionMetrics]:
    spans = {(s.qualname, s.lineno): s for s in record.spans}
    rows = []
    for d in record.decisions:
        level, reason, detail = d.level_used, d.reason, d.detail
        if not record.compiled:  # the whole module ran its original source
            level, reason, detail = "original", record.fallback_reason, record.fallback_detail
        row = FunctionMetrics(record.name, record.filename, d.qualname, d.lineno, d.lowered,
                              level, reason, detail)
        if profile is not None:
            span = spans.get((d.qualname, d.lineno))
            stats = _profile_of(profile, record.filename, d.qualname,
                                span.start if span else d.lineno, span.end if span else d.lineno)
            row.calls, row.seconds = stats.calls, stats.seconds
            row.self_seconds = stats.self_seconds
        rows.append(row)
    return rows


def _profile_of(profile: Profile, filename: str,
                qualname: str, start: int, end: int) -> CallStats:
    """cProfile's entry for a def: same file and qualname, first line within its span."""
    calls, seconds, self_seconds = 0, 0.0, 0.0
    for (file, name, first), stats in profile.items():
        if file == filename and name == qualname and start <= first <= end:
            calls += stats.calls
            seconds += stats.seconds
            self_seconds += stats.self_seconds
    return CallStats(calls, seconds, self_seconds)


def _fallbacks(record: ModuleRecord, rows: list[FunctionMetrics],
               requested: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if not record.compiled:
        out.append({"module": record.name, "file": record.filename, "qualname": None,
                    "lineno": None, "level_used": "original", "requested": requested,
                    "reason": record.fallback_reason, "detail": record.fallback_detail})
        return out
    for row in rows:
        if below_requested(row.level_used, requested):
            out.append({"module": row.module, "file": row.file, "qualname": row.qualname,
                        "lineno": row.lineno, "level_used": row.level_used,
                        "requested": requested, "reason": row.reason, "detail": row.detail})
    return out


def parse_site(site: str) -> tuple[str, int, str] | None:
    """``"<file>:<line>:<kind>"`` -> parts; the file may itself contain colons."""
    parts = site.rsplit(":", 2)
    if len(parts) != 3:
        return None
    filename, line, kind = parts
    try:
        return filename, int(line), kind
    except ValueError:
        return None


def _attribute_guards(guard_failures: Mapping[str, int], records: list[ModuleRecord],
                      by_file: dict[str, list[FunctionMetrics]]) -> dict[str, int]:
    """Add each site's count to the innermost function holding its line; return the rest."""
    spans_by_file = {r.filename: {(s.qualname, s.lineno): s for s in r.spans} for r in records}
    unattributed: dict[str, int] = {}
    for site, count in guard_failures.items():
        parsed = parse_site(site)
        row = None
        if parsed is not None:
            filename, line, _ = parsed
            row = _innermost(by_file.get(filename, []), spans_by_file.get(filename, {}), line)
        if row is None:
            if count:
                unattributed[site] = int(count)
            continue
        row.guard_failures += int(count)
        row.guard_sites[site] = int(count)
    return unattributed


def _innermost(rows: list[FunctionMetrics], spans: Mapping[tuple[str, int], Any],
               line: int) -> FunctionMetrics | None:
    best: tuple[int, FunctionMetrics] | None = None
    for row in rows:
        span = spans.get((row.qualname, row.lineno))
        if span is not None and span.contains(line) and (best is None or span.start >= best[0]):
            best = (span.start, row)
    return best[1] if best is not None else None


# --------------------------------------------------------------------------- the policy


def exceeds_policy(failures: int, calls: int | None) -> bool:
    """The documented threshold (module docstring)."""
    if failures < MIN_FAILURES:
        return False
    if calls:
        return failures >= MIN_FAILURE_RATE * calls
    return failures >= MIN_FAILURES_UNPROFILED


def apply_guard_policy(metrics: RunMetrics, installer: Installer,
                       incidents: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Switch back every function over the threshold: incident + deopt list entry."""
    hashes = {r.filename: r.module_hash for r in installer.records.values()}
    path = incidents_path(incidents)
    switched: list[dict[str, Any]] = []
    for row in metrics.functions:
        if row.level_used in ("original", "none") or not exceeds_policy(row.guard_failures,
                                                                         row.calls):
            continue
        info = _switch_back(row, hashes[row.file], installer.cache, path, installer.opt)
        switched.append(info)
    metrics.deoptimized = switched
    return switched


def _switch_back(row: FunctionMetrics, module_hash: str, cache: CodeCache, path: str,
                 requested: str) -> dict[str, Any]:
    calls = "unknown" if row.calls is None else str(row.calls)
    detail = (f"{row.guard_failures} guard failures in {calls} calls at {requested}; "
              "switched back to level none for the next compile")
    info: dict[str, Any] = {
        "module": row.module, "file": row.file, "qualname": row.qualname, "lineno": row.lineno,
        "failures": row.guard_failures, "calls": row.calls, "sites": dict(row.guard_sites),
        "was": row.level_used, "module_hash": module_hash,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    info["remembered"] = cache.add_deopt(module_hash, row.file, row.qualname, info)
    decision = Decision(row.qualname, row.lineno, row.lowered, "none", GUARD_FAILURE_RATE, detail)
    try:
        log_incident(decision, path, module=row.module, file=row.file,
                     failures=row.guard_failures, calls=row.calls, sites=row.guard_sites,
                     was=row.level_used, source="trm-agent run")
        info["incident_log"] = path
    except OSError as exc:
        info["incident_log"] = None
        info["incident_error"] = f"{exc.strerror or exc}"
    return info
