"""Run untrusted generated programs in persistent, resource-limited worker processes.

Campaigns run thousands of small programs, so an interpreter per program (tens of ms to start)
would dominate; instead each worker is a long-lived ``python`` subprocess that runs one job at a
time in a fresh module namespace and answers over a pipe.  Whatever a program does — loop
forever, exhaust memory, flood stdout, ``os._exit``, segfault — the harness gets a `RunResult`
with a verdict and goes on: the parent enforces the wall clock with a poll on the reply pipe,
kills the worker's process group when needed and starts a new worker.

The limits (address space, file size, CPU backstop, a per-worker private temp directory as cwd,
``HOME`` and ``TMPDIR``) and the audit hook that refuses writes outside that directory, network
sockets, subprocesses and signals to other processes are *best effort*: they stop accidents and
the common ways a generated program could do harm, not an adversary (``ctypes`` passes them all).
This is not a security boundary; see docs/sandbox.md.

The worker side lives in this module too (``_worker_main``), so a worker is ``python -c`` plus
this file; it imports nothing of the compiler unless a program (or `DEFAULT_PRELOAD`) does.
"""

from __future__ import annotations

import base64
import builtins
import contextlib
import errno
import faulthandler
import gc
import hashlib
import io
import json
import os
import pickle
import queue
import random
import resource
import select
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import threading
import time
import types
import warnings
import weakref
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from harness.equivalence.outcome import (
    Outcome,
    canonical_repr,
    compare,
    module_data,
    qualified_name,
)

__all__ = [
    "DEFAULT_PRELOAD",
    "STATUSES",
    "Job",
    "RunResult",
    "Sandbox",
    "SandboxError",
    "SandboxStats",
    "compare_results",
]

#: Every verdict a job can get.  ``ok``/``raised`` are ordinary outcomes (DESIGN §4); the rest
#: say the program did not finish inside the sandbox's limits.
STATUSES: Final = ("ok", "raised", "timeout", "memory", "crash", "output-limit", "exit")

#: Imported by each worker before its baseline is taken: programs that import them then neither
#: pay the import inside their time limit nor look like they changed the worker's state.
#: ``trm_agent.runtime.prelude`` is what compiled code imports.
DEFAULT_PRELOAD: Final = (
    "array", "bisect", "collections", "copy", "dataclasses", "datetime", "decimal", "enum",
    "fractions", "functools", "heapq", "itertools", "json", "math", "operator", "random", "re",
    "statistics", "string", "struct", "typing", "trm_agent.runtime.prelude",
)  # fmt: skip

#: Modules whose namespace a program could patch (``math.pi = 3``); a change recycles the worker.
_WATCHED_MODULES: Final = ("math", "operator", "functools", "itertools", "collections", "copy")

_HEADER: Final = struct.Struct("!I")
_ROOT: Final = str(Path(__file__).resolve().parents[1])
_BOOT: Final = (
    "import sys; r = sys.argv[1]; sys.path[:] = [r] + [p for p in sys.path if p not in ('', r)]; "
    "from harness.sandbox import _worker_main; _worker_main(sys.argv[2])"
)
_STATE_SIGNALS: Final = tuple(
    getattr(signal, name)
    for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE")
)
_ALARM_INTERVAL_S: Final = 0.25  # re-interrupts a program that swallowed the first interrupt
_ALARMS_BEFORE_EXIT: Final = 8  # then the worker ends itself (the parent may be gone)
_EXIT_HUNG: Final = 124


class SandboxError(RuntimeError):
    """The sandbox itself cannot work (a worker does not start): not a verdict on a program."""


class SandboxTimeout(BaseException):
    """Raised in a program at its time limit (a BaseException: `except Exception` misses it)."""


class SandboxOutputLimit(BaseException):
    """Raised inside a program that writes past the output limit."""


# ---------------------------------------------------------------------------------------------
# Jobs and results (parent side, also what callers use)


@dataclass(frozen=True, slots=True)
class Job:
    """One program run: execute ``source`` as a module, then optionally call one function.

    With ``call=None`` the module runs as ``__main__`` (its ``if __name__ == "__main__"`` block
    runs); otherwise it runs as ``module_name`` (default ``program``) and ``call`` is called
    with ``args``/``kwargs``, which must pickle with standard types (the program's own classes
    do not exist in the parent).
    """

    source: str
    call: str | None = None
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    filename: str = "<program>"
    stdin: str = ""
    module_name: str | None = None


@dataclass(frozen=True, slots=True)
class RunResult:
    """The verdict on one job and what the program observably did (DESIGN §4).

    Text fields longer than the output limit are cut and end with the full text's length and
    SHA-256, so two cut texts compare equal only when the full texts do.
    """

    status: str
    seconds: float  # wall time from sending the job to the verdict
    worker_pid: int
    value_repr: str | None = None  # canonical_repr of the return value (status "ok")
    value_pickle: bytes | None = None  # the return value pickled, when it pickles small
    exc_type: str | None = None
    exc_message: str | None = None
    exc_cause: str | None = None
    exit_code: int | None = None  # status "exit": SystemExit's code, or os._exit's status
    signal: int | None = None  # status "crash": the signal that ended the worker
    stdout: str = ""
    stderr: str = ""
    stdout_truncated: bool = False
    stderr_truncated: bool = False
    args_after: str = ""
    globals_after: str = ""
    detail: str = ""

    @property
    def outcome(self) -> Outcome | None:
        """The §4 `Outcome` of a program that finished (``ok``/``raised``), else None."""
        if self.status not in ("ok", "raised"):
            return None
        kind = "return" if self.status == "ok" else "raise"
        return Outcome(
            kind, self.value_repr or "", self.exc_type, self.exc_message, self.stdout,
            self.args_after, self.stderr, self.exc_cause, self.globals_after,
        )  # fmt: skip

    def value(self) -> Any:
        """The return value itself, rebuilt only from plain data types.

        The pickle comes from an untrusted process, so only builtin data types may be named in
        it; anything else raises `pickle.UnpicklingError` (use ``value_repr`` then).
        """
        if self.value_pickle is None:
            raise ValueError(f"no picklable return value (status {self.status})")
        return _SafeUnpickler(io.BytesIO(self.value_pickle)).load()

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready fields (the pickle is left out)."""
        return {name: getattr(self, name) for name in _RESULT_FIELDS if name != "value_pickle"}


_RESULT_FIELDS: Final = tuple(RunResult.__dataclass_fields__)


def compare_results(a: RunResult, b: RunResult, strict: bool = False) -> str | None:
    """None when two runs agree by DESIGN §4, else a one-line description of the difference.

    Two runs that both hit the same limit agree: neither says more about the program.
    """
    if a.status != b.status:
        return f"status differs: {a.status} vs {b.status}"
    outcome_a, outcome_b = a.outcome, b.outcome
    if outcome_a is not None and outcome_b is not None:
        return compare(outcome_a, outcome_b, strict)
    if a.status == "exit":
        for what, left, right in (
            ("exit code", a.exit_code, b.exit_code),
            ("stdout", a.stdout, b.stdout),
            ("stderr", a.stderr, b.stderr),
        ):
            if left != right:
                return f"{what} differs: {left!r:.120} vs {right!r:.120}"
    if a.status == "crash" and a.signal != b.signal:
        return f"crash signal differs: {a.signal} vs {b.signal}"
    return None


class _SafeUnpickler(pickle.Unpickler):
    _ALLOWED: Final = frozenset(
        [("builtins", n) for n in ("set", "frozenset", "complex", "bytearray", "slice", "range",
                                    "list", "dict", "tuple", "int", "float", "str", "bytes",
                                    "bool")]
        + [("collections", n) for n in ("OrderedDict", "deque", "Counter", "defaultdict")]
        + [("decimal", "Decimal"), ("fractions", "Fraction")]
    )  # fmt: skip

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a plain data type")
        return super().find_class(module, name)


@dataclass(slots=True)
class SandboxStats:
    """Counters for a campaign's report: how often programs took a worker down, and why."""

    jobs: int = 0
    restarts: int = 0
    by_status: Counter[str] = field(default_factory=Counter)
    restart_reasons: Counter[str] = field(default_factory=Counter)


# ---------------------------------------------------------------------------------------------
# The parent side


class _NoReply(Exception):
    """The worker did not answer: ``why`` is timeout, eof or protocol."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class _Worker:
    """One worker slot; its process is replaced whenever a program takes it down."""

    __slots__ = ("dir", "generation", "index", "jobs", "proc")

    def __init__(self, index: int) -> None:
        self.index = index
        self.generation = 0
        self.jobs = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.dir = ""

    @property
    def pid(self) -> int:
        return self.proc.pid if self.proc is not None else 0

    def spawn(self, base: str, python: str, config: dict[str, Any], timeout: float) -> None:
        self.generation += 1
        self.jobs = 0
        self.dir = os.path.join(base, f"w{self.index}.{self.generation}")
        home = os.path.join(self.dir, "home")
        os.makedirs(home, mode=0o700)
        env = _worker_env(home, config.pop("hash_seed"))
        config = {**config, "dir": self.dir, "home": home}
        try:
            with open(os.path.join(self.dir, "worker.log"), "wb") as log:
                self.proc = subprocess.Popen(
                    [python, "-s", "-B", "-c", _BOOT, _ROOT, json.dumps(config)],
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log, cwd=home,
                    env=env, start_new_session=True, close_fds=True, bufsize=0,
                )  # fmt: skip
        except OSError as exc:
            raise SandboxError(f"cannot start a sandbox worker with {python!r}: {exc}") from None
        try:
            reply = json.loads(_read_frame(self._out_fd, time.monotonic() + timeout, 1 << 16))
        except (_NoReply, ValueError) as exc:
            log_text = _tail(os.path.join(self.dir, "worker.log"))
            self.kill()
            raise SandboxError(f"sandbox worker did not start ({exc}): {log_text}") from None
        if not isinstance(reply, dict) or reply.get("ready") != self.proc.pid:
            self.kill()
            raise SandboxError(f"sandbox worker sent an unexpected greeting: {reply!r:.200}")

    @property
    def _out_fd(self) -> int:
        assert self.proc is not None and self.proc.stdout is not None
        return self.proc.stdout.fileno()

    @property
    def _in_fd(self) -> int:
        assert self.proc is not None and self.proc.stdin is not None
        return self.proc.stdin.fileno()

    def usable(self) -> bool:
        """Alive, and nothing stray waiting on its pipe (a program could write to it)."""
        if self.proc is None or self.proc.poll() is not None:
            return False
        return not select.select([self._out_fd], [], [], 0)[0]

    def exchange(self, frame: bytes, deadline: float, max_reply: int) -> dict[str, Any]:
        try:
            _write_all(self._in_fd, frame)
        except OSError:
            raise _NoReply("eof") from None
        try:
            reply = json.loads(_read_frame(self._out_fd, deadline, max_reply))
        except ValueError:
            raise _NoReply("protocol") from None
        if not isinstance(reply, dict):
            raise _NoReply("protocol")
        return reply

    def wait_exit(self, timeout: float) -> int | None:
        """The exit status once the process ends, killing it if it takes longer than timeout."""
        if self.proc is None:
            return None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return self.proc.returncode

    def kill(self) -> None:
        """SIGKILL the whole group: the worker and anything a program started."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()
        self.proc.wait()
        self.close_pipes()

    def close_pipes(self) -> None:
        if self.proc is not None:
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    with contextlib.suppress(OSError):
                        pipe.close()

    def retire(self) -> None:
        """End the process (EOF first, so a healthy worker exits on its own) and its files."""
        if self.proc is not None:
            if self.proc.stdin is not None:
                with contextlib.suppress(OSError):
                    self.proc.stdin.close()
            self.wait_exit(2.0)
            self.kill()
            self.proc = None
        if self.dir:
            _force_rmtree(self.dir)
            self.dir = ""

    def captured(self, name: str, limit: int) -> tuple[str, bool]:
        """What reached the worker's fd 1/2 during the job, after the worker died."""
        try:
            with open(os.path.join(self.dir, name), "rb") as handle:
                data = handle.read(limit + 1)
        except OSError:
            return "", False
        return data[:limit].decode("utf-8", "surrogateescape"), len(data) > limit


def _worker_env(home: str, hash_seed: int | None) -> dict[str, str]:
    """Built from scratch: nothing of the harness's environment (PYTHONPATH...) leaks in."""
    env = {
        "PATH": os.environ.get("PATH", os.defpath),
        "HOME": home,
        "TMPDIR": home,
        "LANG": "C.UTF-8",
        "PYTHONUTF8": "1",
        "PYTHONIOENCODING": "utf-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONNOUSERSITE": "1",
        "MALLOC_ARENA_MAX": "2",  # per-thread malloc arenas would eat the address-space limit
    }
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    return env


class Sandbox:
    """A pool of persistent worker processes that run `Job`s under limits.

    Use as a context manager (or call `close`): closing ends the workers and removes the
    sandbox's temporary directory.  `run` is thread-safe; `map`/`imap` spread jobs over
    ``workers`` processes.
    """

    def __init__(
        self,
        workers: int = 1,
        *,
        time_limit_s: float = 5.0,
        memory_limit_mb: int = 512,
        output_limit_bytes: int = 1 << 20,
        file_limit_mb: int = 64,
        python: str | None = None,
        kill_grace_s: float = 0.5,
        max_jobs_per_worker: int = 1000,
        hash_seed: int | None = 0,
        random_seed: int | None = 0,
        preload: Iterable[str] = DEFAULT_PRELOAD,
        allow_subprocess: bool = False,
        startup_timeout_s: float = 60.0,
        temp_root: str | None = None,
    ) -> None:
        if workers < 1 or time_limit_s <= 0 or memory_limit_mb <= 0 or output_limit_bytes <= 0:
            raise ValueError("workers and every limit must be positive")
        self.workers = workers
        self.time_limit_s = time_limit_s
        self.output_limit_bytes = output_limit_bytes
        self.kill_grace_s = kill_grace_s
        self.max_jobs_per_worker = max_jobs_per_worker
        self.startup_timeout_s = startup_timeout_s
        self.python = python or sys.executable
        self.stats = SandboxStats()
        self.directory = tempfile.mkdtemp(prefix="trm-sandbox-", dir=temp_root)
        self._config: dict[str, Any] = {
            "time_limit": time_limit_s,
            "memory_limit": memory_limit_mb << 20,
            "output_limit": output_limit_bytes,
            "file_limit": max(file_limit_mb << 20, 2 * output_limit_bytes),
            "preload": list(preload),
            "watch": list(_WATCHED_MODULES),
            "random_seed": random_seed,
            "allow_subprocess": allow_subprocess,
            "hash_seed": hash_seed,
        }
        self._slots = [_Worker(i) for i in range(workers)]
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._next_id = 0
        self._started = False
        self._closed = False
        self._pool: Any = None  # concurrent.futures.ThreadPoolExecutor, made on first imap
        self._finalizer = weakref.finalize(self, _shutdown, self._slots, self.directory)

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers now rather than on the first job."""
        with self._lock:
            if self._closed:
                raise SandboxError("the sandbox is closed")
            if self._started:
                return
            for slot in self._slots:
                self._spawn(slot)
                self._idle.put(slot)
            self._started = True

    def close(self) -> None:
        """End every worker and remove the temp directory; safe to call twice."""
        self._closed = True
        if self._pool is not None:
            self._pool.shutdown(wait=True)
        self._finalizer()

    def run(self, job: Job) -> RunResult:
        """Run one job and return its verdict; never raises because of what the program did."""
        self.start()
        with self._lock:
            self._next_id += 1
            job_id = self._next_id
        frame = _encode_job(job_id, job)
        slot = self._idle.get()
        try:
            result = self._run_on(slot, frame, job_id)
        except BaseException:
            slot.retire()  # e.g. KeyboardInterrupt in the harness: the protocol state is unknown
            raise
        finally:
            self._idle.put(slot)
        with self._lock:
            self.stats.jobs += 1
            self.stats.by_status[result.status] += 1
        return result

    def imap(self, jobs: Iterable[Job]) -> Iterator[RunResult]:
        """Results in job order, running up to ``workers`` jobs at once."""
        if self.workers == 1:
            for job in jobs:
                yield self.run(job)
            return
        if self._pool is None:
            from concurrent.futures import ThreadPoolExecutor

            self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="sandbox")
        pending: deque[Any] = deque()
        for job in jobs:
            pending.append(self._pool.submit(self.run, job))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def map(self, jobs: Iterable[Job]) -> list[RunResult]:
        return list(self.imap(jobs))

    # -- internals ----------------------------------------------------------------------------

    def _spawn(self, slot: _Worker) -> None:
        slot.retire()
        slot.spawn(self.directory, self.python, dict(self._config), self.startup_timeout_s)

    def _replace(self, slot: _Worker, reason: str) -> None:
        self._spawn(slot)
        with self._lock:
            self.stats.restarts += 1
            self.stats.restart_reasons[reason] += 1

    def _run_on(self, slot: _Worker, frame: bytes, job_id: int) -> RunResult:
        if not slot.usable():
            self._replace(slot, "lost")
        elif slot.jobs >= self.max_jobs_per_worker:
            self._replace(slot, "quota")
        slot.jobs += 1
        start = time.monotonic()
        deadline = start + self.time_limit_s + self.kill_grace_s
        max_reply = 8 * self.output_limit_bytes + (1 << 20)
        try:
            reply = slot.exchange(frame, deadline, max_reply)
        except _NoReply as exc:
            result, reason = self._verdict_without_reply(slot, exc.why, start)
            self._replace(slot, reason)
            return result
        seconds = time.monotonic() - start
        if reply.get("id") != job_id or reply.get("status") not in STATUSES:
            slot.kill()
            self._replace(slot, "protocol")
            detail = "garbled reply: the program broke the worker's own machinery"
            return RunResult("crash", seconds, slot.pid, detail=detail)
        result = _result_from_reply(reply, seconds, slot.pid)
        recycle = reply.get("recycle")
        if recycle:
            slot.wait_exit(self.kill_grace_s + 1.0)
            self._replace(slot, str(recycle))
        return result

    def _verdict_without_reply(
        self, slot: _Worker, why: str, start: float
    ) -> tuple[RunResult, str]:
        if why == "timeout":
            slot.kill()
        returncode = slot.wait_exit(1.0)
        seconds = time.monotonic() - start
        limit = self.output_limit_bytes
        stdout, out_cut = slot.captured("stdout", limit)
        stderr, err_cut = slot.captured("stderr", limit)
        common: dict[str, Any] = {
            "stdout": stdout, "stderr": stderr,
            "stdout_truncated": out_cut, "stderr_truncated": err_cut,
        }  # fmt: skip
        pid = slot.pid
        if why == "timeout":
            detail = f"killed after {seconds:.2f} s: the program did not yield to the time limit"
            return RunResult("timeout", seconds, pid, detail=detail, **common), "timeout"
        if why == "eof" and returncode is not None and returncode < 0:
            sig = -returncode
            detail = f"worker killed by {signal.Signals(sig).name}"
            if sig == signal.SIGKILL:
                detail += " (out of memory?)"
            return RunResult("crash", seconds, pid, signal=sig, detail=detail, **common), "crash"
        if why == "eof" and returncode is not None:
            detail = f"the program ended the worker process with status {returncode}"
            log = _tail(os.path.join(slot.dir, "worker.log"))
            if log:
                detail += f"; worker log: {log}"
            result = RunResult("exit", seconds, pid, exit_code=returncode, detail=detail, **common)
            return result, "exit"
        slot.kill()
        detail = "garbled reply: the program broke the worker's own machinery"
        return RunResult("crash", seconds, pid, detail=detail, **common), "protocol"


def _shutdown(slots: list[_Worker], directory: str) -> None:
    for slot in slots:
        slot.retire()
    _force_rmtree(directory)


def _encode_job(job_id: int, job: Job) -> bytes:
    """Pickled by the (trusted) parent; arguments that do not pickle are the caller's error."""
    name = job.module_name or ("__main__" if job.call is None else "program")
    try:
        args = pickle.dumps((tuple(job.args), dict(job.kwargs)), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError) as exc:
        raise ValueError(f"job arguments must pickle with standard types: {exc}") from None
    payload = pickle.dumps((job_id, job.source, job.filename, job.call, args, job.stdin, name))
    return _HEADER.pack(len(payload)) + payload


def _result_from_reply(reply: dict[str, Any], seconds: float, pid: int) -> RunResult:
    """Only well-typed fields are taken: the reply was written by an untrusted process."""

    def text(key: str) -> str | None:
        value = reply.get(key)
        return value if isinstance(value, str) else None

    def number(key: str) -> int | None:
        value = reply.get(key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    pickled = text("value_pickle")
    try:
        value_pickle = base64.b64decode(pickled, validate=True) if pickled else None
    except ValueError:
        value_pickle = None
    return RunResult(
        status=reply["status"], seconds=seconds, worker_pid=pid,
        value_repr=text("value_repr"), value_pickle=value_pickle,
        exc_type=text("exc_type"), exc_message=text("exc_message"), exc_cause=text("exc_cause"),
        exit_code=number("exit_code"), signal=number("signal"),
        stdout=text("stdout") or "", stderr=text("stderr") or "",
        stdout_truncated=reply.get("stdout_truncated") is True,
        stderr_truncated=reply.get("stderr_truncated") is True,
        args_after=text("args_after") or "", globals_after=text("globals_after") or "",
        detail=text("detail") or "",
    )  # fmt: skip


def _read_frame(fd: int, deadline: float, max_len: int) -> bytes:
    (length,) = _HEADER.unpack(_recv(fd, _HEADER.size, deadline))
    if length > max_len:
        raise _NoReply("protocol")
    return _recv(fd, length, deadline)


def _recv(fd: int, size: int, deadline: float) -> bytes:
    """Exactly ``size`` bytes (never more: the next frame is not ours) or `_NoReply`."""
    buffer = bytearray()
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    while len(buffer) < size:
        left = deadline - time.monotonic()
        if left <= 0 or not poller.poll(left * 1000):
            raise _NoReply("timeout")
        chunk = os.read(fd, size - len(buffer))
        if not chunk:
            raise _NoReply("eof")
        buffer += chunk
    return bytes(buffer)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _tail(path: str, size: int = 400) -> str:
    try:
        with open(path, "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - size))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return ""


def _force_rmtree(path: str) -> None:
    """Remove a tree even where a program took away its permissions."""

    def fix(func: Callable[..., Any], target: str, _exc: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(target), stat.S_IRWXU)
            os.chmod(target, stat.S_IRWXU)
            func(target)

    if os.path.lexists(path):
        shutil.rmtree(path, onerror=fix)


# ---------------------------------------------------------------------------------------------
# The worker side: everything below runs in the worker process.


_WRITE_FLAGS: Final = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
# event -> (indices of path arguments, index of their dir_fd or None, follow the last link?)
_PATH_EVENTS: Final[dict[str, tuple[tuple[int, ...], int | None, bool]]] = {
    "os.remove": ((0,), 1, False),
    "os.rmdir": ((0,), 1, False),
    "os.mkdir": ((0,), 2, False),
    "os.rename": ((0, 1), 2, False),
    "os.link": ((0, 1), 2, True),
    "os.symlink": ((1,), 2, False),
    "os.chmod": ((0,), 2, True),
    "os.chown": ((0,), 3, True),
    "os.utime": ((0,), 3, True),
    "os.truncate": ((0,), None, True),
    "os.setxattr": ((0,), None, True),
    "os.removexattr": ((0,), None, True),
    "shutil.rmtree": ((0,), 1, False),
}
_DENIED_PROCESS_EVENTS: Final = (
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
    "os.forkpty", "pty.spawn",
)  # fmt: skip
_DENIED_NETWORK_EVENTS: Final = (
    "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo",
    "socket.sethostname",
)  # fmt: skip


def _denied(what: str) -> PermissionError:
    return PermissionError(errno.EPERM, f"sandbox: {what} is not allowed")


class _Guard:
    """Audit hook: refuses, while a job runs, what a test program has no business doing."""

    __slots__ = ("active", "checks", "home", "hook_added", "writable_files")

    def __init__(self, home: str, captures: Iterable[str], allow_subprocess: bool) -> None:
        self.active = False
        self.hook_added = False
        self.home = os.path.realpath(home)
        self.writable_files = {os.devnull, *map(os.path.realpath, captures)}  # /dev/stdout too
        checks: dict[str, Callable[[tuple[Any, ...]], None]] = {
            "open": self._open,
            "socket.__new__": self._socket_new,
            "socket.connect": self._socket_use,
            "socket.bind": self._socket_use,
            "socket.sendto": self._socket_use,
            "socket.sendmsg": self._socket_use,
            "os.kill": self._kill,
            "os.killpg": self._killpg,
            "resource.setrlimit": self._refuse,
            "resource.prlimit": self._refuse,
            "sys.addaudithook": self._hook_added,
        }
        for event, (paths, dir_fd, follow) in _PATH_EVENTS.items():
            checks[event] = self._path_check(event, paths, dir_fd, follow)
        for event in _DENIED_NETWORK_EVENTS:
            checks[event] = self._refuse_network
        if not allow_subprocess:
            for event in _DENIED_PROCESS_EVENTS:
                checks[event] = self._refuse
        self.checks = checks

    def __call__(self, event: str, args: tuple[Any, ...]) -> None:
        if self.active:
            check = self.checks.get(event)
            if check is not None:
                check(args)

    def inside(self, path: Any, dir_fd: Any = None, follow: bool = True) -> bool:
        if isinstance(path, int):
            return True  # an already open descriptor: it was checked when it was opened
        text = os.fsdecode(os.fspath(path))
        if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(text):
            base = os.readlink(f"/proc/self/fd/{dir_fd}")
        else:
            base = os.getcwd()
        full = os.path.join(base, text)
        if follow:
            full = os.path.realpath(full)
        else:  # removing or renaming a link inside the sandbox is fine wherever it points
            full = os.path.join(os.path.realpath(os.path.dirname(full)), os.path.basename(full))
        return (
            full in self.writable_files or full == self.home or full.startswith(self.home + os.sep)
        )

    def _open(self, args: tuple[Any, ...]) -> None:
        path, _mode, flags = args
        if isinstance(flags, int) and flags & _WRITE_FLAGS and not self.inside(path):
            raise _denied(f"writing {path!r} outside the sandbox directory")

    def _path_check(
        self, event: str, paths: tuple[int, ...], dir_fd_at: int | None, follow: bool
    ) -> Callable[[tuple[Any, ...]], None]:
        def check(args: tuple[Any, ...]) -> None:
            dir_fd = args[dir_fd_at] if dir_fd_at is not None and dir_fd_at < len(args) else None
            for index in paths:
                if index < len(args) and not self.inside(args[index], dir_fd, follow):
                    raise _denied(f"{event} on {args[index]!r} outside the sandbox directory")

        return check

    def _socket_new(self, args: tuple[Any, ...]) -> None:
        if args[1] != socket.AF_UNIX:
            raise _denied("network access")

    def _socket_use(self, args: tuple[Any, ...]) -> None:
        if getattr(args[0], "family", None) != socket.AF_UNIX:
            raise _denied("network access")

    def _refuse_network(self, _args: tuple[Any, ...]) -> None:
        raise _denied("network access")

    def _kill(self, args: tuple[Any, ...]) -> None:
        if args[0] not in (0, os.getpid()):
            raise _denied("signalling another process")

    def _killpg(self, args: tuple[Any, ...]) -> None:
        if args[0] not in (0, os.getpgid(0)):
            raise _denied("signalling another process group")

    def _refuse(self, _args: tuple[Any, ...]) -> None:
        raise _denied("this operation")

    def _hook_added(self, _args: tuple[Any, ...]) -> None:
        self.hook_added = True  # it can never be removed: the worker must be recycled


class _Capture(io.RawIOBase):
    """The raw end of a job's sys.stdout/sys.stderr: writes to fd 1/2 up to the limit.

    Writing through the real descriptors keeps Python-level and `os.write` output in order and
    lets the parent read what a worker wrote before it died.
    """

    def __init__(self, fd: int, limit: int) -> None:
        super().__init__()
        self.fd = fd
        self.limit = limit
        self.written = 0
        self.exceeded = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data: Any, /) -> int:
        size = len(data)
        room = self.limit - self.written
        if size > room:
            if room > 0:
                _write_all(self.fd, bytes(memoryview(data)[:room]))
                self.written += room
            self.exceeded = True
            raise SandboxOutputLimit(f"output past the limit of {self.limit} bytes")
        _write_all(self.fd, bytes(data))
        self.written += size
        return size


def _no_core_dumps() -> None:
    """RLIMIT_CORE=0 does not stop a core_pattern that pipes to a program; undumpable does."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0


def _vm_bytes() -> int:
    """Current address-space size (0 where /proc is missing: the limit is then absolute)."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Baseline:
    """What a job must leave as it found it; a difference recycles the worker."""

    __slots__ = (
        "builtins", "builtins_restored", "environ", "fd_inodes", "int_digits", "meta_path",
        "modules", "path", "path_hooks", "recursion_limit", "signals", "switch_interval",
        "threads", "vm", "warnings", "watched",
    )  # fmt: skip

    def __init__(self, watch: Iterable[str]) -> None:
        self.modules = list(sys.modules.items())
        self.builtins = dict(builtins.__dict__)
        self.builtins_restored = False
        self.watched = {
            name: dict(vars(sys.modules[name])) for name in watch if name in sys.modules
        }
        self.environ = os.environ.copy()
        self.path = list(sys.path)
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        self.recursion_limit = sys.getrecursionlimit()
        self.int_digits = sys.get_int_max_str_digits()
        self.switch_interval = sys.getswitchinterval()
        self.signals = [signal.getsignal(s) for s in _STATE_SIGNALS]
        self.threads = threading.active_count()
        self.warnings = list(warnings.filters)
        self.fd_inodes = [os.fstat(fd).st_ino for fd in (1, 2)]
        self.vm = _vm_bytes()

    def restore_builtins(self) -> bool:
        """Put back patched builtins at once (True if any were): the worker relies on them."""
        namespace = builtins.__dict__
        if namespace == self.builtins:
            return False
        namespace.clear()
        namespace.update(self.builtins)
        self.builtins_restored = True
        return True

    def changed(self, vm_slack: int) -> str | None:
        """The first piece of process state a job changed, or None."""
        modules = sys.modules
        if any(modules.get(name) is not module for name, module in self.modules):
            return "state:sys.modules"
        for name, namespace in self.watched.items():
            if vars(modules[name]) != namespace:
                return f"state:module {name}"
        checks = (
            ("threads", threading.active_count() == self.threads),
            ("sys", sys.path == self.path and sys.meta_path == self.meta_path
             and sys.path_hooks == self.path_hooks
             and sys.getrecursionlimit() == self.recursion_limit
             and sys.get_int_max_str_digits() == self.int_digits
             and sys.getswitchinterval() == self.switch_interval
             and sys.gettrace() is None and sys.getprofile() is None),
            ("environ", os.environ == self.environ),
            ("signals", [signal.getsignal(s) for s in _STATE_SIGNALS] == self.signals),
            ("warnings", warnings.filters == self.warnings),
            ("gc", gc.isenabled()),
            ("fds", [_inode(fd) for fd in (1, 2)] == self.fd_inodes),
            ("memory-growth", _vm_bytes() <= self.vm + vm_slack),
        )  # fmt: skip
        for what, same in checks:
            if not same:
                return f"state:{what}"
        return None


def _inode(fd: int) -> int:
    try:
        return os.fstat(fd).st_ino
    except OSError:
        return -1


class _WorkerRuntime:
    """The worker process: limits, guard, capture, and the state checks between jobs."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.home: str = config["home"]
        self.time_limit: float = config["time_limit"]
        self.output_limit: int = config["output_limit"]
        self.random_seed: int | None = config["random_seed"]
        self.alarms = 0
        self.armed = False
        self.code_cache: dict[tuple[str, str], types.CodeType] = {}
        self.streams: list[_Capture] = []
        self.real_streams = (sys.stdout, sys.stderr, sys.stdin)
        self.in_fd, self.out_fd = self._redirect_fds(config["dir"])
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # over-size writes fail with EFBIG
        faulthandler.enable(file=2)  # a segfault leaves its traceback in the job's stderr
        sys.dont_write_bytecode = True
        tempfile.tempdir = self.home
        _no_core_dumps()
        for name in config["preload"]:
            with contextlib.suppress(Exception):
                __import__(name)
        self.decimal_context = self._decimal_context()
        gc.collect()
        gc.freeze()  # the worker's own objects: out of every later collection's way
        self.baseline = _Baseline(config["watch"])
        self.vm_slack = min(64 << 20, config["memory_limit"] // 4)
        self._set_limits(config["memory_limit"], config["file_limit"])
        captures = [os.path.join(config["dir"], name) for name in ("stdout", "stderr")]
        self.guard = _Guard(self.home, captures, config["allow_subprocess"])
        sys.addaudithook(self.guard)

    @staticmethod
    def _redirect_fds(directory: str) -> tuple[int, int]:
        """Keep the pipes on private descriptors; fd 0 reads nothing, fd 1/2 go to files."""
        in_fd, out_fd = os.dup(0), os.dup(1)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        for fd, name in ((1, "stdout"), (2, "stderr")):
            target = os.open(os.path.join(directory, name), os.O_RDWR | os.O_CREAT | os.O_TRUNC)
            os.dup2(target, fd)
            os.close(target)
        return in_fd, out_fd

    @staticmethod
    def _decimal_context() -> Any:
        module = sys.modules.get("decimal")
        return None if module is None else module.getcontext().copy()

    @staticmethod
    def _set_limits(memory: int, file_size: int) -> None:
        def lower(which: int, soft: int) -> None:
            _, hard = resource.getrlimit(which)
            if hard != resource.RLIM_INFINITY:
                soft = min(soft, hard)
            with contextlib.suppress(ValueError, OSError):
                resource.setrlimit(which, (soft, hard))

        lower(resource.RLIMIT_CORE, 0)
        lower(resource.RLIMIT_FSIZE, file_size)
        lower(resource.RLIMIT_NOFILE, 256)
        lower(resource.RLIMIT_AS, _vm_bytes() + memory)

    # -- one job ------------------------------------------------------------------------------

    def handle(self, payload: bytes) -> dict[str, Any]:
        job_id, source, filename, call, args_blob, stdin, name = pickle.loads(payload)
        args, kwargs = pickle.loads(args_blob)
        reply: dict[str, Any] = {"id": job_id}
        module = types.ModuleType(name)
        module.__file__ = filename
        saved = sys.modules.get(name)
        sys.modules[name] = module  # dataclasses, pickle and typing look the module up
        self._begin(stdin, filename)
        try:
            try:
                self.guard.active = self.armed = True
                signal.setitimer(signal.ITIMER_REAL, self.time_limit, _ALARM_INTERVAL_S)
                value, error = self._execute(self._compile(source, filename), module, call, args,
                                             kwargs)  # fmt: skip
                self.baseline.restore_builtins()  # describing the result needs the real ones
                if error is None:
                    reply.update(self._describe_return(value, module, args, kwargs))
                else:
                    reply.update(self._describe_raise(error, module, args, kwargs))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0, 0)
                self.guard.active = self.armed = False
                if saved is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = saved
        except (SandboxTimeout, SandboxOutputLimit):
            pass  # the sticky flags below decide the status
        except MemoryError:
            reply.update(status="memory", exc_type="MemoryError")
        return self._finish(reply)

    def _begin(self, stdin: str, filename: str) -> None:
        self.alarms = 0
        for fd in (1, 2):
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
        self.streams = [_Capture(1, self.output_limit), _Capture(2, self.output_limit)]
        out, err = self.streams
        sys.stdout = io.TextIOWrapper(io.BufferedWriter(out), encoding="utf-8")
        sys.stderr = io.TextIOWrapper(
            io.BufferedWriter(err), encoding="utf-8", errors="backslashreplace",
            line_buffering=True,
        )  # fmt: skip
        sys.stdin = io.StringIO(stdin)
        sys.argv = [filename]
        signal.signal(signal.SIGALRM, self._on_alarm)
        if self.random_seed is not None:
            random.seed(self.random_seed)
        if self.decimal_context is not None:
            sys.modules["decimal"].setcontext(self.decimal_context.copy())
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu_cap = int(used.ru_utime + used.ru_stime + 2 * self.time_limit) + 2
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(
                resource.RLIMIT_CPU, (cpu_cap, resource.getrlimit(resource.RLIMIT_CPU)[1])
            )

    def _on_alarm(self, _signum: int, _frame: object) -> None:
        if not self.armed:
            return  # delivered just after the job ended: nothing left to interrupt
        self.alarms += 1
        if self.alarms > _ALARMS_BEFORE_EXIT:
            os._exit(_EXIT_HUNG)  # the program swallows every interrupt and the parent is gone
        raise SandboxTimeout(f"time limit of {self.time_limit} s")

    @staticmethod
    def _execute(
        code: types.CodeType, module: types.ModuleType, call: str | None,
        args: tuple[Any, ...], kwargs: dict[str, Any],
    ) -> tuple[Any, BaseException | None]:  # fmt: skip
        """The program's own run: (return value, None) or (None, what it raised)."""
        try:
            exec(code, module.__dict__)
            return (getattr(module, call)(*args, **kwargs) if call is not None else None), None
        except (SandboxTimeout, SandboxOutputLimit):
            raise
        except BaseException as exc:  # noqa: BLE001 - every exception is a verdict
            return None, exc

    def _compile(self, source: str, filename: str) -> types.CodeType:
        """Cached: a campaign runs one program version on many inputs."""
        key = (source, filename)
        code = self.code_cache.get(key)
        if code is None:
            code = compile(source, filename, "exec", dont_inherit=True)
            if len(self.code_cache) >= 64:
                self.code_cache.pop(next(iter(self.code_cache)))
            self.code_cache[key] = code
        return code

    def _describe_return(
        self, value: Any, module: types.ModuleType, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        reply: dict[str, Any] = {
            "status": "ok",
            "value_repr": self._text(lambda: canonical_repr(value)),
        }
        pickled = _safely(lambda: pickle.dumps(value, protocol=4), None)
        if pickled is not None and len(pickled) <= self.output_limit:
            reply["value_pickle"] = base64.b64encode(pickled).decode("ascii")
        return reply | self._after(module, args, kwargs)

    def _describe_raise(
        self, exc: BaseException, module: types.ModuleType, args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> dict[str, Any]:  # fmt: skip
        if isinstance(exc, MemoryError):
            exc.__traceback__ = None  # its frames may hold what filled the memory: free it
            module.__dict__.clear()  # and the module's globals, before doing anything else
            return {"status": "memory", "exc_type": "MemoryError"}
        reply: dict[str, Any] = {
            "status": "raised",
            "exc_type": qualified_name(type(exc)),
            "exc_message": self._text(lambda: str(exc)),
        }
        if exc.__cause__ is not None:
            reply["exc_cause"] = qualified_name(type(exc.__cause__))
        if isinstance(exc, SystemExit):
            reply.update(status="exit", exit_code=self._exit_code(exc.code))
        return reply | self._after(module, args, kwargs)

    @staticmethod
    def _exit_code(code: object) -> int:
        """As the interpreter would exit: None is 0, an int itself, anything else printed and 1."""
        if code is None:
            return 0
        if isinstance(code, int):
            return code
        _safely(lambda: print(code, file=sys.stderr), None)
        return 1

    def _after(
        self, module: types.ModuleType, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> dict[str, Any]:
        return {
            "args_after": self._text(lambda: canonical_repr((args, kwargs))),
            "globals_after": self._text(lambda: module_data(module)),
        }

    def _text(self, make: Callable[[], str]) -> str:
        """User code (``__repr__``, ``__str__``) may fail or be huge: never let it escape."""
        text = _safely(make, None)
        if text is None:
            return "<unrepresentable>"
        if len(text) <= self.output_limit:
            return text
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{text[: self.output_limit]}...<{len(text)} chars, sha256 {digest}>"

    def _finish(self, reply: dict[str, Any]) -> dict[str, Any]:
        """Collect output, restore the process, decide the status and whether to recycle."""
        builtins_damaged = self.baseline.restore_builtins() or self.baseline.builtins_restored
        self.baseline.builtins_restored = False
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        sys.stdout, sys.stderr, sys.stdin = self.real_streams
        over = False
        for fd, key, capture in ((1, "stdout", self.streams[0]), (2, "stderr", self.streams[1])):
            text, cut = self._read_fd(fd)
            reply[key], reply[f"{key}_truncated"] = text, cut or capture.exceeded
            over = over or cut or capture.exceeded
        if self.alarms:
            reply = _only_output(reply, "timeout", f"time limit of {self.time_limit} s")
        elif over:
            reply = _only_output(reply, "output-limit", f"output limit of {self.output_limit} B")
        reply.setdefault("status", "crash")
        recycle = self._restore()
        if builtins_damaged:
            recycle = "state:builtins"
        if recycle is None and reply["status"] in ("timeout", "memory"):
            recycle = reply["status"]
        if recycle is not None:
            reply["recycle"] = recycle
        return reply

    def _read_fd(self, fd: int) -> tuple[str, bool]:
        try:
            size = os.fstat(fd).st_size
            data = os.pread(fd, min(size, self.output_limit), 0)
        except OSError:
            return "", False
        return data.decode("utf-8", "surrogateescape"), size > self.output_limit

    def _restore(self) -> str | None:
        """Undo what is cheap to undo; name what is not (the worker is then recycled)."""
        if os.getcwd() != self.home:
            os.chdir(self.home)
        if not _empty_dir(self.home):
            return "tempdir"
        if self.guard.hook_added:
            return "state:audit hook"
        return self.baseline.changed(self.vm_slack)


def _only_output(reply: dict[str, Any], status: str, detail: str) -> dict[str, Any]:
    kept = {k: v for k, v in reply.items() if k in ("id", "stdout", "stderr") or "truncated" in k}
    return kept | {"status": status, "detail": detail}


def _safely(make: Callable[[], Any], default: Any) -> Any:
    try:
        return make()
    except (SandboxTimeout, SandboxOutputLimit):
        raise
    except Exception:  # noqa: BLE001 - user code behind repr/str/pickle may raise anything
        return default


def _empty_dir(path: str) -> bool:
    """Empty ``path`` (a job's leftovers must not be seen by the next job); False if stuck."""
    try:
        with os.scandir(path) as entries:
            leftovers = list(entries)
        for entry in leftovers:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
    except OSError:
        return False
    return True


def _worker_main(config_json: str) -> None:
    """Serve jobs until the parent closes the pipe; exit (to be replaced) when state leaked."""
    runtime = _WorkerRuntime(json.loads(config_json))
    _write_all(runtime.out_fd, _frame(json.dumps({"ready": os.getpid()}).encode()))
    while True:
        header = _read_exact(runtime.in_fd, _HEADER.size)
        if header is None:
            os._exit(0)  # skip atexit handlers a program may have registered
        payload = _read_exact(runtime.in_fd, _HEADER.unpack(header)[0])
        if payload is None:
            os._exit(0)
        try:
            reply = runtime.handle(payload)
        except BaseException as exc:  # noqa: BLE001 - the worker's own failure, reported once
            runtime.baseline.restore_builtins()
            reply = {"status": "crash", "detail": f"sandbox worker error: {exc!r:.300}",
                     "recycle": "internal"}  # fmt: skip
            with contextlib.suppress(Exception):
                reply["id"] = pickle.loads(payload)[0]
        try:
            _write_all(runtime.out_fd, _frame(json.dumps(reply).encode()))
        except OSError:
            os._exit(0)
        if "recycle" in reply:
            os._exit(0)


def _frame(payload: bytes) -> bytes:
    return _HEADER.pack(len(payload)) + payload


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)
