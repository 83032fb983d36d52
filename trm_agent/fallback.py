"""Per-function decisions of the fallback contract (DESIGN §5) and their reason codes."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

# Reason codes, stable: reports and the incident log key on them.
UNSUPPORTED_CONSTRUCT = "unsupported-construct"
CODEGEN_ERROR = "codegen-error"
VERIFY_REFUTED = "verify-refuted"
VERIFY_UNKNOWN = "verify-unknown"
SLOWER_THAN_BASELINE = "slower-than-baseline"
TIMEOUT = "timeout"
GUARD_FAILURE_RATE = "guard-failure-rate"
MODEL_ERROR = "model-error"
INTERNAL_ERROR = "internal-error"

LEVELS = ("none", "baseline", "trm")


@dataclass(frozen=True, slots=True)
class Decision:
    """Which version of one function is used, and why not a higher level."""

    qualname: str
    lineno: int
    lowered: bool
    level_used: str  # "original" (kept verbatim), or the optimization level of the used IR
    reason: str | None = None  # reason code when level_used is below the requested level
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return asdict(self)

SKIPPED_BY_REQUEST = "skipped-by-request"  # the caller (runtime feedback) asked for level none


def log_incident(decision: Decision, path: str | os.PathLike[str], **extra: object) -> None:
    """Append one fallback to the incident log (JSON lines; DESIGN §5), for a person to review.

    Appends are one ``write`` of one line with O_APPEND, so concurrent workers do not interleave
    within a record.
    """
    record = {"time": datetime.now(UTC).isoformat(timespec="seconds"),
              **decision.to_json(), **extra}
    line = json.dumps(record, sort_keys=True, default=str) + "\n"
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)
