"""What compiled code imports: trusted builtins for guards, and the deoptimization counter.

Generated code never trusts the module's view of a builtin (``type``, ``int``, ``range``...): a
module global may shadow it and ``builtins`` may be patched at any time (DESIGN §4).  Guards
compare against the objects captured here when the runtime was first imported.  The names end in
``__`` so Python's private-name mangling leaves them alone inside class bodies.

A failed guard calls ``__trm_deopt__(site)`` on its slow path (the original code) and goes on:
counting costs nothing on the fast path, and the runtime reports the failure rate per site.

Only ``builtins``, ``sys`` and ``_weakref`` are imported: compiled stdlib modules (``typing``,
``weakref``, ``collections``...) import this file while they are being imported themselves.
Compiled code reaches it through ``IMPORT_LINE``, which falls back to always-failing guards when
``trm_agent`` cannot be imported (e.g. a module the interpreter imports before site-packages).
"""

from __future__ import annotations

import _weakref
import builtins
import sys

TYPE_CHECKING = False  # mypy treats this name as True; nothing from typing at run time
if TYPE_CHECKING:
    from typing import Any

__trm_type__ = builtins.type
__trm_int__ = builtins.int
__trm_float__ = builtins.float
__trm_bool__ = builtins.bool
__trm_str__ = builtins.str
__trm_list__ = builtins.list
__trm_tuple__ = builtins.tuple
__trm_dict__ = builtins.dict
__trm_range__ = builtins.range
__trm_len__ = builtins.len
__trm_abs__ = builtins.abs
__trm_min__ = builtins.min
__trm_max__ = builtins.max

#: Trusted builtins by their user-visible name, for the passes: a global load of ``name`` that a
#: guard proved to be ``TRUSTED[name]`` has that builtin's known semantics.
TRUSTED: dict[str, object] = {
    "type": __trm_type__, "int": __trm_int__, "float": __trm_float__, "bool": __trm_bool__,
    "str": __trm_str__, "list": __trm_list__, "tuple": __trm_tuple__, "dict": __trm_dict__,
    "range": __trm_range__, "len": __trm_len__, "abs": __trm_abs__, "min": __trm_min__,
    "max": __trm_max__,
}

#: Guard failures per site (``"<file>:<line>:<kind>"``), process-wide; read by the runtime.
GUARD_FAILURES: dict[str, int] = {}


def __trm_deopt__(site: str) -> None:
    """Count one guard failure at ``site`` (the caller then runs the original code)."""
    GUARD_FAILURES[site] = GUARD_FAILURES.get(site, 0) + 1


def prelude_names() -> tuple[str, ...]:
    """The names a compiled module imports from here (see ``import_line``)."""
    return (*tuple(f"__trm_{name}__" for name in TRUSTED), "__trm_deopt__", "__trm_pin__")


# --- identity snapshots of inlined functions ------------------------------------------------------
_UNPINNED = object()  # never ``is`` any function: a guard against it always fails
_PINNED: dict[int, tuple[Any, list[str]]] = {}
_WATCHED = frozenset({"__code__", "__defaults__", "__kwdefaults__"})
_hook_installed = False


def __trm_pin__(function: Any, snapshot: str) -> Any:
    """Record ``function`` as the target of ``snapshot`` guards in its module and return it.

    Inlined copies of a function are valid while the global still names this object *and* its
    code and defaults are unchanged.  Rebinding the global is caught by the guard itself;
    assigning ``__code__``/``__defaults__`` is caught here, through the audit event CPython
    raises for it (``object.__setattr__``), by replacing the snapshot with a sentinel, so every
    guard on it fails from then on and the original call runs.
    """
    _install_hook()
    key = id(function)
    entry = _PINNED.get(key)
    if entry is None or entry[0]() is not function:
        entry = (_weakref.ref(function, _forget(key)), [])
        _PINNED[key] = entry
    if snapshot not in entry[1]:
        entry[1].append(snapshot)
    return function


def _forget(key: int) -> Any:
    def callback(_ref: Any) -> None:
        _PINNED.pop(key, None)

    return callback


def _install_hook() -> None:
    global _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)
        _hook_installed = True


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "object.__setattr__" or not _PINNED:
        return
    target, name = args[0], args[1]
    entry = _PINNED.get(id(target))
    if entry is None or entry[0]() is not target or name not in _WATCHED:
        return
    namespace = getattr(target, "__globals__", None)
    if isinstance(namespace, dict):
        for snapshot in entry[1]:
            namespace[snapshot] = _UNPINNED
    __trm_deopt__(f"{getattr(target, '__qualname__', '?')}:{name}:unpinned")


def import_line() -> str:
    """The one statement compiled code starts with (one line, so no user line moves).

    Without the runtime every guard must fail, never pass: the trusted builtins become fresh
    sentinels no user object is, and pinned snapshots become sentinels too, so the original
    code runs everywhere (correct, only unoptimized).
    """
    names = prelude_names()
    sentinels = [n for n in names if n not in ("__trm_type__", "__trm_deopt__", "__trm_pin__")]
    fallback = (f"__trm_type__ = type; {' = '.join(sentinels)} = object(); "
                "__trm_deopt__ = lambda site: None; __trm_pin__ = lambda f, name: object()")
    body = (f"try:\n from trm_agent.runtime.prelude import {', '.join(names)}\n"
            f"except ImportError:\n {fallback}\n")
    return f"exec({body!r})"
