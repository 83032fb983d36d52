"""Where the standard library's sources are, for coverage and roundtrip runs.

The stdlib is the harness's largest body of real, well-tested Python. We skip its test
suites (they are run against the compiled modules, not compiled themselves), IDLE and
the turtle demos (GUI code, not library code) and installed third-party packages.
"""

from __future__ import annotations

import importlib.util
import sysconfig
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from trm_agent.fsutil import iter_python_files

#: Directory names skipped anywhere in the stdlib tree.
EXCLUDED_DIR_NAMES: frozenset[str] = frozenset(
    {"test", "tests", "idlelib", "site-packages", "dist-packages", "turtledemo", "__pycache__"}
)


def stdlib_root() -> Path:
    """The pure-Python stdlib directory of the running interpreter (not a venv's)."""
    return Path(sysconfig.get_paths()["stdlib"])


def iter_stdlib_files(root: Path | None = None, exclude: Sequence[str] = ()) -> Iterator[Path]:
    """Every library ``*.py`` file of the stdlib, in a stable order."""
    yield from iter_python_files(
        root or stdlib_root(), exclude=exclude, skip_dir_names=EXCLUDED_DIR_NAMES
    )


@dataclass(frozen=True, slots=True)
class ModuleSource:
    """Where a stdlib module's source lives and how it must be laid out to import."""

    name: str
    path: Path  # the .py file, or the package directory
    is_package: bool

    def files(self) -> list[Path]:
        """The source files to compile: the module file, or the package's tree."""
        if not self.is_package:
            return [self.path]
        return list(iter_python_files(self.path, skip_dir_names=EXCLUDED_DIR_NAMES))

    def destination(self, out_dir: Path, source_file: Path) -> Path:
        """Same file name (and package-relative layout) under ``out_dir``."""
        if not self.is_package:
            return out_dir / source_file.name
        return out_dir / self.name / source_file.relative_to(self.path)


class ModuleNotFound(LookupError):
    """The name is not an importable pure-Python module."""


def find_module_source(name: str) -> ModuleSource:
    """Locate a top-level module's source, including frozen modules' ``.py`` files.

    Only top-level names are accepted: compiling ``json.decoder`` alone could not be
    imported without its package, so the user should ask for ``json``.
    """
    if not name.isidentifier():
        raise ModuleNotFound(
            f"'{name}' is not a top-level module name (use e.g. 'json', not 'json.decoder')"
        )
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError) as exc:
        raise ModuleNotFound(f"cannot locate module '{name}': {exc}") from None
    if spec is None:
        raise ModuleNotFound(f"no module named '{name}'")
    if spec.submodule_search_locations:
        locations = list(spec.submodule_search_locations)
        package_dir = Path(locations[0])
        if (package_dir / "__init__.py").is_file():
            return ModuleSource(name, package_dir, True)
    origin = spec.origin or ""
    if origin.endswith(".py") and Path(origin).is_file():
        return ModuleSource(name, Path(origin), False)
    frozen_source = _frozen_source(name)
    if frozen_source is not None:
        return frozen_source
    raise ModuleNotFound(f"module '{name}' has no Python source (origin: {origin or 'unknown'})")


def _frozen_source(name: str) -> ModuleSource | None:
    """Frozen stdlib modules (os, codecs, ...) still ship their source in the stdlib dir."""
    root = stdlib_root()
    if (root / name / "__init__.py").is_file():
        return ModuleSource(name, root / name, True)
    if (root / f"{name}.py").is_file():
        return ModuleSource(name, root / f"{name}.py", False)
    return None


def accelerator_for(name: str) -> str | None:
    """The C accelerator conventionally paired with a module (heapq -> _heapq), if any.

    Only recorded in reports: a test module decides itself whether it exercises the
    pure-Python code or the accelerator, and the roundtrip's pass/fail should be read
    with that in mind.
    """
    candidate = f"_{name}"
    try:
        spec = importlib.util.find_spec(candidate)
    except (ImportError, ValueError):
        return None
    if spec is None or (spec.origin or "").endswith(".py"):
        return None
    return candidate


def test_module_for(name: str) -> str:
    """CPython's own test module for a stdlib module: ``test.test_<name>``."""
    return f"test.test_{name}"


def has_test_module(name: str) -> bool:
    try:
        return importlib.util.find_spec(test_module_for(name)) is not None
    except (ImportError, ValueError):
        return False
