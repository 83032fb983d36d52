"""Per-function decisions of the fallback contract (DESIGN §5) and their reason codes."""

from __future__ import annotations

from dataclasses import asdict, dataclass

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
