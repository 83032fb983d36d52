"""On-disk cache of compiled modules, and the per-module "deopt list" the runtime learns.

An entry is keyed by everything that can change the generated code: the source bytes, the file
name (guard sites embed it), the compiler (version plus a fingerprint of its own sources, so a
development checkout never serves stale output), the model, the optimization level, the set of
functions kept at level ``none``, and the Python version (the marshalled code object is only
valid for one bytecode format).

The cache is an optimisation and must never be the reason a program fails: every read that finds
something unexpected (truncated, corrupt, from another format) counts it, ignores it and lets the
caller rebuild; every write is a temp file plus ``os.replace`` in the same directory, so a reader
sees a whole entry or none, and a failed write is dropped silently.  Writes skip ``fsync``: a
torn entry after a power cut is detected by its checksum and rebuilt, which is cheaper than
syncing on every import.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import marshal
import os
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from types import CodeType
from typing import Any

from trm_agent.fallback import Decision

#: Environment variable naming the cache directory (wins over the XDG default).
CACHE_ENV = "TRM_AGENT_CACHE"
#: Layout version of the files below the cache directory; bump it to orphan old entries.
FORMAT = 1
_ENTRIES = f"code-v{FORMAT}"
_DEOPT = f"deopt-v{FORMAT}"


def default_cache_dir() -> Path:
    """``$TRM_AGENT_CACHE``, else ``$XDG_CACHE_HOME/trm-agent``, else ``~/.cache/trm-agent``."""
    explicit = os.environ.get(CACHE_ENV, "")
    if explicit:
        return Path(explicit).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "trm-agent"


def source_hash(source: bytes) -> str:
    """Identity of a module's text; the deopt list is kept per source hash."""
    return hashlib.sha256(source).hexdigest()


@functools.cache
def compiler_fingerprint() -> str:
    """``__version__`` plus size and mtime of every compiler source file.

    The version alone is not bumped on every change to a checkout; stat data of ~100 files costs
    well under a millisecond once per process and catches every edit.
    """
    import trm_agent

    root = Path(trm_agent.__file__).resolve().parent
    digest = hashlib.sha256(trm_agent.__version__.encode())
    for path in sorted(root.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = path.stat()
            digest.update(f"{path.relative_to(root)}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return f"{trm_agent.__version__}+{digest.hexdigest()[:16]}"


def cache_key(source: bytes, filename: str, opt: str, skip: frozenset[str],
              model: str = "heuristic") -> str:
    """sha256 over every input of the generated code (see the module docstring)."""
    digest = hashlib.sha256()
    for part in (compiler_fingerprint(), model, opt, "\0".join(sorted(skip)), filename,
                 sys.implementation.cache_tag or "", sys.version):
        digest.update(part.encode("utf-8", "surrogateescape"))
        digest.update(b"\0\1")
    digest.update(source)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class FunctionSpan:
    """Lines a function occupies, decorators included: maps guard sites and profiles to it."""

    qualname: str
    lineno: int  # the ``def`` line, as in its Decision
    start: int
    end: int

    def contains(self, line: int) -> bool:
        return self.start <= line <= self.end


@dataclass(slots=True)
class CacheEntry:
    """One compiled module: the drop-in text, its decisions and spans, maybe its code object."""

    source: str
    decisions: list[Decision]
    spans: list[FunctionSpan]
    code: CodeType | None = None


@dataclass(slots=True)
class CacheStats:
    hits: int = 0
    misses: int = 0
    corrupt: int = 0
    write_errors: int = 0
    corrupt_keys: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"hits": self.hits, "misses": self.misses, "corrupt": self.corrupt,
                "write_errors": self.write_errors}


class CodeCache:
    """Compiled entries and deopt lists under one directory; ``enabled=False`` skips entries only.

    The deopt list is not a cache (forgetting it would re-enable a function known to misbehave),
    so it is read and written even when compiled entries are disabled.
    """

    __slots__ = ("enabled", "root", "stats")

    def __init__(self, root: str | os.PathLike[str] | None = None, *, enabled: bool = True) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_dir()
        self.enabled = enabled
        self.stats = CacheStats()

    # ----------------------------------------------------------------- compiled entries

    def _entry_paths(self, key: str) -> tuple[Path, Path]:
        folder = self.root / _ENTRIES / key[:2]
        return folder / f"{key}.json", folder / f"{key}.code"

    def load(self, key: str) -> CacheEntry | None:
        """The entry for ``key``; None when absent, disabled or unreadable (then it is rebuilt)."""
        if not self.enabled:
            return None
        meta_path, code_path = self._entry_paths(key)
        try:
            raw = meta_path.read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        try:
            entry = self._decode(key, raw, code_path)
        except (ValueError, TypeError, KeyError, EOFError) as exc:
            self.stats.corrupt += 1
            self.stats.misses += 1
            self.stats.corrupt_keys.append(f"{key}: {type(exc).__name__}: {exc}")
            return None
        self.stats.hits += 1
        return entry

    @staticmethod
    def _decode(key: str, raw: bytes, code_path: Path) -> CacheEntry:
        meta = json.loads(raw)
        if not isinstance(meta, dict) or meta.get("format") != FORMAT or meta.get("key") != key:
            raise ValueError("entry of another format or key")
        source = meta["source"]
        if not isinstance(source, str) or meta.get("source_sha256") != _sha(source.encode()):
            raise ValueError("generated source does not match its checksum")
        decisions = [Decision(**d) for d in meta["decisions"]]
        spans = [FunctionSpan(**s) for s in meta["spans"]]
        code: CodeType | None = None
        with contextlib.suppress(OSError):
            blob = code_path.read_bytes()
            # A code object that fails its checksum is ignored: the text recompiles it.
            if _sha(blob) == meta.get("code_sha256"):
                loaded = marshal.loads(blob)
                code = loaded if isinstance(loaded, CodeType) else None
        return CacheEntry(source, decisions, spans, code)

    def store(self, key: str, entry: CacheEntry) -> None:
        """Write ``entry`` atomically; a failure (read-only disk, quota) only counts."""
        if not self.enabled:
            return
        meta_path, code_path = self._entry_paths(key)
        meta: dict[str, Any] = {
            "format": FORMAT,
            "key": key,
            "source": entry.source,
            "source_sha256": _sha(entry.source.encode()),
            "decisions": [d.to_json() for d in entry.decisions],
            "spans": [asdict(s) for s in entry.spans],
        }
        try:
            meta_path.parent.mkdir(parents=True, exist_ok=True)
            if entry.code is not None:
                blob = marshal.dumps(entry.code)
                meta["code_sha256"] = _sha(blob)
                _atomic_write(code_path, blob)
            _atomic_write(meta_path, json.dumps(meta, sort_keys=True).encode())
        except (OSError, ValueError):
            self.stats.write_errors += 1

    # ----------------------------------------------------------------- deopt lists

    def _deopt_path(self, module_hash: str) -> Path:
        return self.root / _DEOPT / f"{module_hash}.json"

    def deopt_entries(self, module_hash: str) -> dict[str, dict[str, Any]]:
        """Functions of this module switched back to level ``none``: qualname -> why."""
        try:
            data = json.loads(self._deopt_path(module_hash).read_bytes())
        except (OSError, ValueError):
            return {}
        functions = data.get("functions") if isinstance(data, dict) else None
        if not isinstance(functions, dict):
            return {}
        return {str(k): v if isinstance(v, dict) else {} for k, v in functions.items()}

    def deopt_skip(self, module_hash: str) -> frozenset[str]:
        return frozenset(self.deopt_entries(module_hash))

    def add_deopt(self, module_hash: str, filename: str, qualname: str,
                  info: dict[str, Any]) -> bool:
        """Remember that ``qualname`` must be compiled at level ``none``; False if not written.

        Read-modify-write without a lock: two processes adding at once may lose one addition,
        which the next run that sees the same failures adds again.
        """
        functions = self.deopt_entries(module_hash)
        functions[qualname] = info
        payload = {"format": FORMAT, "file": filename, "functions": functions}
        path = self._deopt_path(module_hash)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            _atomic_write(path, json.dumps(payload, sort_keys=True, default=str).encode())
        except (OSError, ValueError):
            return False
        return True


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """Temp file in the same directory, then ``os.replace``: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
