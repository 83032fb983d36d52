"""Feedback store: runtime metrics and counterexamples kept for the next training round.

The store is a single SQLite file (stdlib ``sqlite3``) so that campaign workers, the
import hook and the training loop can share it without a server, and a crash mid-write
never leaves a half-recorded entry: every write is one transaction.

Each operation opens its own short-lived connection. That keeps no handle open between
calls (no hidden global state, safe to use from several processes) at the cost of a
connect per call, which is negligible next to the work that produces a metric.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Environment variable naming the database file when no path is passed.
ENV_VAR = "TRM_FEEDBACK_DB"
#: Used when neither an argument nor the environment names a file (relative to the cwd).
DEFAULT_PATH = Path("results") / "feedback.sqlite3"
#: Kind given to a mapping that does not say what it is: plain runtime measurements.
DEFAULT_KIND = "runtime"
#: Kind routed to the ``counterexamples`` table (it must name its ``function``).
COUNTEREXAMPLE_KIND = "counterexample"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS metrics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    kind TEXT NOT NULL,
    payload_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS metrics_kind ON metrics (kind);
CREATE TABLE IF NOT EXISTS counterexamples (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ts REAL NOT NULL,
    function TEXT NOT NULL,
    payload_json TEXT NOT NULL
);
"""

#: Seconds a writer waits for another process's transaction before giving up.
_BUSY_TIMEOUT_S = 30.0


class FeedbackError(ValueError):
    """A record that cannot be stored faithfully (wrong shape or not JSON)."""


@dataclass(frozen=True, slots=True)
class FeedbackRecord:
    """One stored entry; ``function`` is set only for counterexamples."""

    id: int
    ts: float
    kind: str
    payload: dict[str, Any]
    function: str | None = None


def resolve_path(path: str | os.PathLike[str] | None = None) -> Path:
    """Pick the database file: explicit argument, then ``$TRM_FEEDBACK_DB``, then default."""
    if path is not None:
        return Path(path)
    from_env = os.environ.get(ENV_VAR, "")
    return Path(from_env) if from_env else DEFAULT_PATH


class FeedbackStore:
    """Append-only store of metrics and counterexamples in one SQLite file."""

    __slots__ = ("_path",)

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path = resolve_path(path)

    @property
    def path(self) -> Path:
        return self._path

    def __repr__(self) -> str:
        return f"FeedbackStore({str(self._path)!r})"

    def record(self, metrics: Mapping[str, Any]) -> int:
        """Validate and store one mapping; return its row id within its table.

        Validation happens before the database is touched, so a rejected record
        leaves no trace. The stored payload carries its ``kind`` so every row is
        self-describing even when read without this class.
        """
        kind, payload_json = _validate(metrics)
        now = time.time()
        with closing(self._connect(create=True)) as conn, conn:
            if kind == COUNTEREXAMPLE_KIND:
                cursor = conn.execute(
                    "INSERT INTO counterexamples (ts, function, payload_json) VALUES (?, ?, ?)",
                    (now, metrics["function"], payload_json),
                )
            else:
                cursor = conn.execute(
                    "INSERT INTO metrics (ts, kind, payload_json) VALUES (?, ?, ?)",
                    (now, kind, payload_json),
                )
            row_id = cursor.lastrowid
        assert row_id is not None  # an INSERT always sets it
        return row_id

    def count(self, kind: str | None = None) -> int:
        """Number of stored entries of ``kind``, or of every kind when ``kind`` is None."""
        if not self._path.exists():
            return 0
        with closing(self._connect(create=False)) as conn:
            if kind is None:
                row = conn.execute(
                    "SELECT (SELECT COUNT(*) FROM metrics) + (SELECT COUNT(*) FROM counterexamples)"
                ).fetchone()
            elif kind == COUNTEREXAMPLE_KIND:
                row = conn.execute("SELECT COUNT(*) FROM counterexamples").fetchone()
            else:
                row = conn.execute(
                    "SELECT COUNT(*) FROM metrics WHERE kind = ?", (kind,)
                ).fetchone()
        return int(row[0])

    def iter_records(self, kind: str) -> Iterator[FeedbackRecord]:
        """Entries of ``kind`` in insertion order.

        Rows are fetched before the first one is yielded so that an abandoned
        iterator never holds the database open (and never blocks a writer).
        """
        if not self._path.exists():
            return
        with closing(self._connect(create=False)) as conn:
            if kind == COUNTEREXAMPLE_KIND:
                rows = conn.execute(
                    "SELECT id, ts, function, payload_json FROM counterexamples ORDER BY id"
                ).fetchall()
            else:
                rows = conn.execute(
                    "SELECT id, ts, NULL, payload_json FROM metrics WHERE kind = ? ORDER BY id",
                    (kind,),
                ).fetchall()
        for row_id, ts, function, payload_json in rows:
            yield FeedbackRecord(
                id=int(row_id),
                ts=float(ts),
                kind=kind,
                payload=json.loads(payload_json),
                function=function,
            )

    def _connect(self, *, create: bool) -> sqlite3.Connection:
        """Open the file; with ``create`` make its directory and tables first."""
        if create:
            self._path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self._path, timeout=_BUSY_TIMEOUT_S)
        try:
            conn.executescript(_SCHEMA)
        except BaseException:
            conn.close()
            raise
        return conn


def _validate(metrics: object) -> tuple[str, str]:
    """Return ``(kind, payload_json)`` or raise :class:`FeedbackError`."""
    if not isinstance(metrics, Mapping):
        raise FeedbackError(f"metrics must be a mapping, got {type(metrics).__name__}")
    bad_keys = [key for key in metrics if not isinstance(key, str)]
    if bad_keys:
        raise FeedbackError(f"metrics keys must be strings, got {bad_keys[0]!r}")
    kind = metrics.get("kind", DEFAULT_KIND)
    if not isinstance(kind, str) or not kind:
        raise FeedbackError(f"'kind' must be a non-empty string, got {kind!r}")
    if kind == COUNTEREXAMPLE_KIND:
        function = metrics.get("function")
        if not isinstance(function, str) or not function:
            raise FeedbackError("a counterexample must name its 'function' (non-empty string)")
    payload = {**metrics, "kind": kind}
    try:
        # allow_nan=False: NaN/Infinity are not JSON, and other readers of the file would choke.
        text = json.dumps(payload, allow_nan=False, sort_keys=True)
    except (TypeError, ValueError) as exc:
        raise FeedbackError(f"metrics are not JSON-serialisable: {exc}") from exc
    if json.loads(text) != _normalised(payload):
        raise FeedbackError("metrics do not survive a JSON round trip (non-string nested keys?)")
    return kind, text


def _normalised(value: Any) -> Any:
    """What a faithful JSON round trip of ``value`` yields (tuples become lists)."""
    if isinstance(value, Mapping):
        return {key: _normalised(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_normalised(item) for item in value]
    return value
