"""The import hook: user modules are compiled by TRM-Agent as they are imported.

A finder placed just before :class:`importlib.machinery.PathFinder` asks PathFinder for the spec
(so resolution is exactly Python's) and, when the module is plain ``.py`` source in scope, swaps
the loader for :class:`CompilingLoader`.  That loader is a ``SourceFileLoader`` whose ``get_code``
compiles the source through the compiler (or takes it from the :mod:`~trm_agent.runtime.cache`)
instead of reading ``__pycache__``: Python's ``.pyc`` files are neither trusted (they hold the
original code) nor written (they would hand compiled code to a later plain import).  Everything
else (``__file__``, ``__spec__``, ``__cached__``, ``get_source`` for ``inspect``, packages,
``importlib.reload``) is the base class's, and codegen keeps line numbers, so tracebacks and
``inspect.getsource`` name the user's file and lines.

The fallback always works: if the compiler raises, rejects the file or emits text that does not
compile, the original source is executed and the reason is recorded on the module's record.

Scope, by default: files under the working directory or the main script's directory, minus the
standard library, site-packages and the interpreter prefixes (a virtual environment inside the
project is not the user's code).  ``include``/``exclude`` entries are path prefixes (anything
with a path separator, or starting with ``.`` or ``~``; ``fnmatch`` patterns allowed) or module
name globs (``pkg`` also covers ``pkg.sub``).  ``include`` replaces the default roots and may
reach into site-packages; ``exclude`` always wins.  ``trm_agent`` and ``harness`` are never
compiled, and imports made by the compiler itself while it compiles are not hooked.
"""

from __future__ import annotations

import ast
import builtins
import fnmatch
import importlib.machinery
import os
import runpy
import site
import sys
import sysconfig
import threading
import time
import traceback
import types
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib.abc import MetaPathFinder
from pathlib import Path
from typing import TYPE_CHECKING, Any

from trm_agent.fallback import CODEGEN_ERROR, INTERNAL_ERROR, Decision
from trm_agent.runtime.cache import CacheEntry, CodeCache, FunctionSpan, cache_key, source_hash

if TYPE_CHECKING:
    from trm_agent.agent import CompileResult, TRMAgent

#: Top-level packages never compiled: the compiler must not compile itself while running.
NEVER_HOOKED = ("trm_agent", "harness")
#: Qualname the translator may give module-level code (not a function of the report).
MODULE_BODY = "<module>"


@dataclass(slots=True)
class ModuleRecord:
    """What happened to one imported (or run) module; the metrics are built from these."""

    name: str
    filename: str
    module_hash: str
    opt: str
    skip: frozenset[str]
    decisions: list[Decision] = field(default_factory=list)
    spans: list[FunctionSpan] = field(default_factory=list)
    compiled: bool = False  # the generated text is what runs
    cache_hit: bool = False
    seconds: float = 0.0  # compile, or cache load, time
    fallback_reason: str | None = None  # the whole module runs its original source: why
    fallback_detail: str = ""


class _Scope:
    """Which files and module names the hook compiles (rules in the module docstring)."""

    __slots__ = ("exclude_globs", "exclude_paths", "forced", "include_globs", "include_paths",
                 "roots", "system")

    def __init__(self, include: Iterable[str] | None, exclude: Iterable[str] | None,
                 roots: Iterable[str]) -> None:
        self.include_paths, self.include_globs = _split_patterns(include or ())
        self.exclude_paths, self.exclude_globs = _split_patterns(exclude or ())
        self.roots = [_real(r) for r in roots] if include is None else []
        self.system = _system_dirs()
        self.forced: set[str] = set()

    def add_root(self, directory: str) -> None:
        real = _real(directory)
        if real not in self.roots:
            self.roots.append(real)

    def covers(self, fullname: str, filename: str) -> bool:
        if fullname.partition(".")[0] in NEVER_HOOKED:
            return False
        path = _real(filename)
        if _name_matches(fullname, self.exclude_globs) or _path_matches(path, self.exclude_paths):
            return False
        if fullname in self.forced:
            return True
        if self.include_paths or self.include_globs:
            return (_name_matches(fullname, self.include_globs)
                    or _path_matches(path, self.include_paths))
        if _under_any(path, self.system) or _in_site_packages(path):
            return False
        return _under_any(path, self.roots)


class CompilingLoader(importlib.machinery.SourceFileLoader):
    """A source loader whose code comes from the compiler (see the module docstring)."""

    def __init__(self, fullname: str, path: str, installer: Installer) -> None:
        super().__init__(fullname, path)
        self._installer = installer

    def get_code(self, fullname: str) -> types.CodeType:
        path = self.get_filename(fullname)
        try:
            return self._installer.code_for(fullname, path, self.get_data(path), self)
        except SyntaxError as exc:  # the user's own error: keep our frames out of its traceback
            raise exc.with_traceback(None) from None

    def original_code(self, data: bytes | str, path: str) -> types.CodeType:
        """What a plain import would run (frames of importlib removed from SyntaxErrors)."""
        return self.source_to_code(data, path)


class _Finder(MetaPathFinder):
    """Wraps PathFinder's answer; only the loader of in-scope source modules changes."""

    def __init__(self, installer: Installer) -> None:
        self.installer = installer

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        installer = self.installer
        if installer.busy():
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if (spec is None or spec.origin is None
                or type(spec.loader) is not importlib.machinery.SourceFileLoader
                or not installer.scope.covers(fullname, spec.origin)):
            return spec
        spec.loader = CompilingLoader(fullname, spec.origin, installer)
        return spec

    def invalidate_caches(self) -> None:
        importlib.machinery.PathFinder.invalidate_caches()


class Installer:
    """One installed hook: its options, its cache, and a record per module it loaded."""

    __slots__ = ("_agent", "_finder", "_local", "cache", "compiles", "opt", "records", "scope")

    def __init__(self, opt: str = "baseline", *, include: Iterable[str] | None = None,
                 exclude: Iterable[str] | None = None,
                 cache_dir: str | os.PathLike[str] | None = None, use_cache: bool = True,
                 roots: Iterable[str] | None = None, agent: TRMAgent | None = None) -> None:
        self.opt = opt
        self.scope = _Scope(include, exclude, _default_roots() if roots is None else roots)
        self.cache = CodeCache(cache_dir, enabled=use_cache)
        self.records: dict[str, ModuleRecord] = {}
        self.compiles = 0  # calls of compile_source (cache misses that reached the compiler)
        self._agent = agent
        self._finder: _Finder | None = None
        self._local = threading.local()

    # ----------------------------------------------------------------- install / uninstall

    @property
    def installed(self) -> bool:
        return self._finder is not None and self._finder in sys.meta_path

    def install(self) -> Installer:
        """Put the finder just before PathFinder (earlier finders keep their precedence)."""
        if self.installed:
            return self
        self._finder = _Finder(self)
        try:
            index = sys.meta_path.index(importlib.machinery.PathFinder)
        except ValueError:
            index = len(sys.meta_path)
        sys.meta_path.insert(index, self._finder)
        return self

    def uninstall(self) -> None:
        """Remove the finder; modules already loaded keep their compiled code."""
        if self._finder is not None:
            while self._finder in sys.meta_path:
                sys.meta_path.remove(self._finder)
        self._finder = None

    def __enter__(self) -> Installer:
        return self.install()

    def __exit__(self, *exc: object) -> None:
        self.uninstall()

    # ----------------------------------------------------------------- compilation

    def busy(self) -> bool:
        """True while this thread is inside the compiler (its own imports are not hooked)."""
        return bool(getattr(self._local, "depth", 0))

    def agent(self) -> TRMAgent:
        if self._agent is None:
            from trm_agent.agent import TRMAgent

            self._agent = TRMAgent.load()
        return self._agent

    def code_for(self, fullname: str, path: str, data: bytes,
                 loader: CompilingLoader) -> types.CodeType:
        """The code object to run for one module: compiled, cached, or the original."""
        started = time.perf_counter()
        module_hash = source_hash(data)
        skip = self.cache.deopt_skip(module_hash)
        record = ModuleRecord(fullname, path, module_hash, self.opt, skip)
        self.records[path] = record
        try:
            code = self._compiled_code(record, data, loader)
        except Exception as exc:  # noqa: BLE001 - any compiler failure falls back to the original
            record.fallback_reason = INTERNAL_ERROR
            record.fallback_detail = f"{type(exc).__name__}: {exc}"
            code = None
        if code is None:
            record.compiled = False
            code = loader.original_code(data, path)  # a SyntaxError here is the user's own
        record.seconds = time.perf_counter() - started
        return code

    def _compiled_code(self, record: ModuleRecord, data: bytes,
                       loader: CompilingLoader) -> types.CodeType | None:
        key = cache_key(data, record.filename, self.opt, record.skip, self.agent().spec)
        entry = self.cache.load(key)
        if entry is not None:
            record.cache_hit = True
            record.decisions, record.spans = entry.decisions, entry.spans
            record.compiled = True
            return entry.code or loader.original_code(entry.source, record.filename)
        result = self._compile(data, record)
        if result.source is None:
            first = result.diagnostics[0] if result.diagnostics else None
            record.fallback_reason = first.code if first is not None else INTERNAL_ERROR
            record.fallback_detail = first.format() if first is not None else "no output"
            return None
        record.decisions = list(result.decisions)
        record.spans = function_spans(result, data)
        try:
            code = loader.original_code(result.source, record.filename)
        except (SyntaxError, ValueError) as exc:
            record.fallback_reason = CODEGEN_ERROR
            record.fallback_detail = f"generated code did not compile: {exc}"
            return None
        record.compiled = True
        self.cache.store(key, CacheEntry(result.source, record.decisions, record.spans, code))
        return code

    def _compile(self, data: bytes, record: ModuleRecord) -> CompileResult:
        self._local.depth = getattr(self._local, "depth", 0) + 1
        try:
            self.compiles += 1
            return self.agent().compile_source(data, record.filename, opt=self.opt,
                                               skip=record.skip)
        finally:
            self._local.depth -= 1


def function_spans(result: CompileResult, data: bytes) -> list[FunctionSpan]:
    """Line ranges of the compiled functions, from the IR's AST nodes (or a fresh parse)."""
    nodes: list[tuple[str, Any]] = []
    if result.module is not None:
        nodes = [(fn.qualname, fn.node) for fn in result.module.functions
                 if fn.qualname != MODULE_BODY]
    if not nodes or any(getattr(node, "end_lineno", None) is None for _, node in nodes):
        nodes = list(_ast_functions(data))
    return [FunctionSpan(q, node.lineno,
                         min([node.lineno, *(d.lineno for d in node.decorator_list)]),
                         node.end_lineno or node.lineno)
            for q, node in nodes]


def _ast_functions(data: bytes) -> Iterable[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every def with its qualname (``f.<locals>.g``, ``C.m``), as CPython names them."""
    try:
        tree = ast.parse(data)
    except (SyntaxError, ValueError):
        return

    def walk(node: ast.AST, prefix: str) -> Iterable[tuple[str, Any]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                qualname = prefix + child.name
                yield qualname, child
                yield from walk(child, qualname + ".<locals>.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, prefix + child.name + ".")
            else:
                yield from walk(child, prefix)

    yield from walk(tree, "")


# --------------------------------------------------------------------------- module-level API

_ACTIVE: Installer | None = None


def install(opt: str = "baseline", *, include: Iterable[str] | None = None,
            exclude: Iterable[str] | None = None,
            cache_dir: str | os.PathLike[str] | None = None,
            use_cache: bool = True) -> Installer:
    """Compile in-scope modules imported from now on; replaces a previously installed hook."""
    global _ACTIVE
    uninstall()
    _ACTIVE = Installer(opt, include=include, exclude=exclude, cache_dir=cache_dir,
                        use_cache=use_cache).install()
    return _ACTIVE


def uninstall() -> None:
    """Remove the hook installed by :func:`install` (no-op when none is)."""
    global _ACTIVE
    if _ACTIVE is not None:
        _ACTIVE.uninstall()
        _ACTIVE = None


def active() -> Installer | None:
    return _ACTIVE


# --------------------------------------------------------------------------- running __main__


class TargetNotFound(Exception):
    """The script or module to run does not exist (a usage error, not the script's failure)."""


def run_script(installer: Installer, script: str, args: Sequence[str]) -> None:
    """``python script.py args`` with the hook: the script itself is compiled too.

    A directory or zip with a ``__main__.py`` runs that file, as Python does for directories.
    The script's exceptions propagate; ``sys.argv``, ``sys.path[0]`` and ``__main__`` are
    restored afterwards so an in-process caller is left as it was.
    """
    path = os.path.abspath(script)
    if os.path.isdir(path) and os.path.isfile(os.path.join(path, "__main__.py")):
        path = os.path.join(path, "__main__.py")
    if not os.path.isfile(path):
        raise TargetNotFound(f"can't open file {script!r}: no such file")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TargetNotFound(f"can't open file {script!r}: {exc.strerror or exc}") from None
    directory = os.path.dirname(path)
    installer.scope.add_root(directory)
    loader = CompilingLoader("__main__", path, installer)
    main = types.ModuleType("__main__")
    main.__dict__.update(__file__=path, __cached__=None, __loader__=loader, __spec__=None,
                         __builtins__=builtins, __package__=None)
    with _main_context(main, [script, *args], directory):
        code = installer.code_for("__main__", path, data, loader)
        exec(code, main.__dict__)


def run_module(installer: Installer, name: str, args: Sequence[str]) -> None:
    """``python -m name args`` with the hook; the target module is compiled even if out of scope."""
    with _main_context(None, [name, *args], os.getcwd()):
        _check_module(name)
        installer.scope.forced.update({name, f"{name}.__main__"})
        runpy.run_module(name, run_name="__main__", alter_sys=True)


def _check_module(name: str) -> None:
    import importlib.util

    try:
        spec = importlib.util.find_spec(name)
        is_package = spec is not None and spec.submodule_search_locations is not None
        if is_package and importlib.util.find_spec(f"{name}.__main__") is None:
            raise TargetNotFound(f"No module named {name}.__main__; {name!r} is a package "
                                 "and cannot be directly executed")
    except (ImportError, ValueError) as exc:
        raise TargetNotFound(str(exc)) from None
    if spec is None:
        raise TargetNotFound(f"No module named {name}")


class _main_context:
    """Swap ``sys.argv``, ``sys.path[0]`` (and ``__main__`` when given) for one run."""

    __slots__ = ("argv", "main", "path0", "saved")

    def __init__(self, main: types.ModuleType | None, argv: list[str], path0: str) -> None:
        self.main, self.argv, self.path0 = main, argv, path0
        self.saved: tuple[list[str], list[str], types.ModuleType | None] | None = None

    def __enter__(self) -> None:
        self.saved = (sys.argv, list(sys.path), sys.modules.get("__main__"))
        sys.argv = list(self.argv)
        if sys.path:
            sys.path[0] = self.path0
        else:
            sys.path.append(self.path0)
        if self.main is not None:
            sys.modules["__main__"] = self.main

    def __exit__(self, *exc: object) -> None:
        assert self.saved is not None
        argv, path, main = self.saved
        sys.argv = argv
        sys.path[:] = path
        if self.main is not None:
            if main is None:
                sys.modules.pop("__main__", None)
            else:
                sys.modules["__main__"] = main


def wait_for_threads() -> None:
    """Join non-daemon threads, as the interpreter does before it exits."""
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon and thread.is_alive():
            thread.join()


def exit_status(exc: BaseException) -> int:
    """The process status Python gives an uncaught ``exc`` (printing what Python prints)."""
    if isinstance(exc, SystemExit):
        code = exc.code
        if code is None:
            return 0
        if isinstance(code, int):  # bool included, as in Python
            return int(code)
        sys.stderr.write(f"{code}\n")
        return 1
    report_exception(exc)
    return 130 if isinstance(exc, KeyboardInterrupt) else 1


def report_exception(exc: BaseException) -> None:
    """``sys.excepthook`` without the frames of the CLI, the runner, runpy and importlib.

    Python shows a script's traceback from the script's first frame and hides the import
    machinery; with the hook in between, we have to do that ourselves.
    """
    tb = _user_frames(exc.__traceback__)
    exc.__traceback__ = tb  # the default hook prints the exception's own traceback
    try:
        sys.excepthook(type(exc), exc, tb)
    except Exception:  # noqa: BLE001 - a broken user excepthook must not hide the error
        traceback.print_exception(type(exc), exc, tb)


def _user_frames(tb: types.TracebackType | None) -> types.TracebackType | None:
    kept: list[types.TracebackType] = []
    while tb is not None:
        if not _is_runner_frame(tb.tb_frame.f_code.co_filename):
            kept.append(tb)
        tb = tb.tb_next
    rebuilt: types.TracebackType | None = None
    for entry in reversed(kept):
        rebuilt = types.TracebackType(rebuilt, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return rebuilt


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _is_runner_frame(filename: str) -> bool:
    if filename.startswith("<frozen importlib"):
        return True
    path = os.path.abspath(filename)
    return path == os.path.abspath(runpy.__file__) or _under_any(path, [_PACKAGE_DIR])


# --------------------------------------------------------------------------- scope helpers


def _default_roots() -> list[str]:
    roots = [os.getcwd()]
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    if isinstance(main_file, str):
        roots.append(os.path.dirname(os.path.abspath(main_file)))
    return roots


def _real(path: str) -> str:
    return os.path.normcase(os.path.realpath(os.path.expanduser(path)))


def _system_dirs() -> list[str]:
    """The interpreter's own trees: never user code, whatever the working directory."""
    candidates: list[str] = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    paths = sysconfig.get_paths()
    candidates += [paths[k] for k in ("stdlib", "platstdlib", "purelib", "platlib") if k in paths]
    if hasattr(site, "getsitepackages"):  # some virtualenv flavours lack it
        candidates += site.getsitepackages()
    user_site = site.getusersitepackages() if hasattr(site, "getusersitepackages") else None
    if isinstance(user_site, str):
        candidates.append(user_site)
    return sorted({_real(c) for c in candidates if c})


def _in_site_packages(path: str) -> bool:
    parts = Path(path).parts
    return "site-packages" in parts or "dist-packages" in parts


def _under_any(path: str, roots: Iterable[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _is_path_pattern(pattern: str) -> bool:
    return ("/" in pattern or os.sep in pattern or pattern.startswith((".", "~"))
            or os.path.isabs(pattern))


def _split_patterns(patterns: Iterable[str]) -> tuple[list[str], list[str]]:
    paths: list[str] = []
    globs: list[str] = []
    for pattern in patterns:
        if _is_path_pattern(pattern):
            has_glob = any(ch in pattern for ch in "*?[")
            absolute = os.path.abspath(os.path.expanduser(pattern))
            paths.append(os.path.normcase(absolute) if has_glob else _real(pattern))
        else:
            globs.append(pattern)
    return paths, globs


def _path_matches(path: str, patterns: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) if any(ch in p for ch in "*?[")
               else _under_any(path, [p]) for p in patterns)


def _name_matches(fullname: str, globs: Sequence[str]) -> bool:
    return any(fnmatch.fnmatchcase(fullname, g) or fullname.startswith(g + ".") for g in globs)
