"""Filesystem helpers shared by the command-line tools.

Writes are atomic (temp file in the target directory, fsync, ``os.replace``) so an
interrupted or failing run never leaves a half-written output or report behind:
readers see either the old file or the complete new one.

Source discovery lives here too, so ``trm-agent compile DIR`` and
``trm-harness coverage DIR`` agree on which files make up a tree.
"""

from __future__ import annotations

import contextlib
import fnmatch
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

#: Directory names never descended into when walking a source tree: caches and the
#: conventional virtual environment are not part of the user's program. (A plain
#: ``venv`` is not skipped: the standard library has a package of that name.)
SKIPPED_DIR_NAMES: frozenset[str] = frozenset({"__pycache__", ".venv"})


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that no partial file is ever visible.

    The temp file lives in the destination directory because ``os.replace`` is only
    atomic within one filesystem. On any failure the temp file is removed and the
    original ``OSError`` propagates for the caller to turn into a message.
    """
    directory = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _copy_mode_of_existing(path, tmp_name)
        os.replace(tmp_name, path)
    except BaseException:
        _remove_quietly(tmp_name)
        raise
    _fsync_directory(directory)


def atomic_write_text(path: Path, text: str) -> None:
    """UTF-8 text variant of :func:`atomic_write_bytes` (newlines kept as given)."""
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, payload: Any) -> None:
    """Write machine-readable results; sorted keys keep diffs between runs small."""
    text = json.dumps(payload, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write_text(path, text)


def _copy_mode_of_existing(path: Path, tmp_name: str) -> None:
    """Keep the permissions of a file we replace; mkstemp creates 0o600 files."""
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(tmp_name, mode)


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself; best effort where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def matches_any(path: Path, root: Path, patterns: Sequence[str]) -> bool:
    """Does ``path`` match an exclude glob by name, by path relative to ``root``, or in full?

    Matching all three forms lets users write ``test_*.py``, ``pkg/tests/*`` or an
    absolute pattern and get what they mean.
    """
    if not patterns:
        return False
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    candidates = (path.name, relative, path.as_posix())
    return any(fnmatch.fnmatchcase(c, p) for p in patterns for c in candidates)


def iter_python_files(
    root: Path,
    exclude: Sequence[str] = (),
    skip_dir_names: Iterable[str] = (),
) -> Iterator[Path]:
    """Yield every ``*.py`` file under ``root`` in a stable (sorted) order.

    Hidden directories, caches and virtual environments are skipped; symlinked
    directories are not followed, so a tree with a link cycle still terminates.
    A ``root`` that is itself a file is yielded as is.
    """
    if root.is_file():
        if not matches_any(root, root.parent, exclude):
            yield root
        return
    skipped = SKIPPED_DIR_NAMES | frozenset(skip_dir_names)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith(".")
            and d not in skipped
            and not matches_any(here / d, root, exclude)
        )
        for name in sorted(filenames):
            candidate = here / name
            if name.endswith(".py") and not matches_any(candidate, root, exclude):
                yield candidate
