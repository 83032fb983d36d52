"""Observable outcome of one call, and the comparison that decides equivalence (DESIGN §4).

Two versions of a function agree on an input when their `Outcome`s compare equal:
same kind (return/raise), same canonical value, same exception type (message only
when strict), same output, and the same mutation of the arguments and of module data.
Values are compared through a canonical text form rather than `==` so that NaN equals
NaN, -0.0 differs from 0.0, `1`, `1.0` and `True` stay distinct, and object reprs that
embed memory addresses never make two equal runs look different.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import io
import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Outcome", "canonical_repr", "capture", "compare", "qualified_name", "run_cases"]

Case = tuple[str, tuple[Any, ...], dict[str, Any]]

_PLAIN_DATA: tuple[type, ...] = (
    int,
    float,
    complex,
    str,
    bytes,
    bytearray,
    list,
    tuple,
    dict,
    set,
    frozenset,
    type(None),
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything DESIGN §4 counts as observable for one call."""

    kind: str  # "return" | "raise"
    value_repr: str
    exc_type: str | None
    exc_message: str | None
    stdout: str
    args_after: str
    stderr: str = ""
    exc_cause: str | None = None  # qualified type of __cause__, so `raise X from Y` is checked
    globals_after: str = ""  # canonical plain-data module globals; filled by run_cases


def qualified_name(tp: type) -> str:
    """`ValueError` for builtins, `module.Qual.Name` otherwise, as exc_type records it."""
    module = tp.__module__
    return tp.__qualname__ if module == "builtins" else f"{module}.{tp.__qualname__}"


def canonical_repr(value: Any) -> str:
    """A deterministic text form in which equal text means equal-by-§4.

    Cycles are printed as `<cycle>` so self-referencing lists cannot recurse forever.
    """
    return _canon(value, set())


def _canon(value: Any, active: set[int]) -> str:
    tp = type(value)
    if tp is bool or value is None:
        return repr(value)
    if tp is int:  # hex past CPython's int->str digit limit, which would raise
        return repr(value) if value.bit_length() < 10_000 else "int:" + hex(value)
    if tp is float:
        return "f" + value.hex()
    if tp is complex:
        return f"c({value.real.hex()},{value.imag.hex()})"
    if tp in (str, bytes, bytearray):
        return repr(value)
    if id(value) in active:
        return "<cycle>"
    active.add(id(value))
    try:
        return _canon_container(value, tp, active)
    finally:
        active.discard(id(value))


def _canon_container(value: Any, tp: type, active: set[int]) -> str:
    if tp is list:
        return "[" + ", ".join(_canon(v, active) for v in value) + "]"
    if tp is tuple:
        inner = ", ".join(_canon(v, active) for v in value)
        return "(" + inner + ("," if len(value) == 1 else "") + ")"
    if tp is dict:
        items = (f"{_canon(k, active)}: {_canon(v, active)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if tp in (set, frozenset):
        name = "set" if tp is set else "frozenset"
        return name + "{" + ", ".join(sorted(_canon(v, active) for v in value)) + "}"
    return _canon_object(value, tp, active)


def _canon_object(value: Any, tp: type, active: set[int]) -> str:
    if isinstance(value, BaseException):
        return f"<exc {qualified_name(tp)} {_canon(value.args, active)}>"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, type)):
        return f"<{tp.__name__} {getattr(value, '__qualname__', '?')}>"
    if isinstance(value, _PLAIN_DATA):  # subclass of a builtin: keep its type visible
        base: Any = next(b for b in tp.__mro__ if b in _PLAIN_DATA)
        return f"<{qualified_name(tp)} {_canon(base(value), active)}>"
    if tp.__repr__ is not object.__repr__:
        text = repr(value)
        if " at 0x" not in text:  # an address would make equal runs differ
            return f"<{qualified_name(tp)} {text}>"
    return f"<{qualified_name(tp)} {_canon(_object_state(value), active)}>"


def _object_state(value: Any) -> dict[str, Any]:
    state = dict(getattr(value, "__dict__", {}))
    for klass in type(value).__mro__:
        for slot in getattr(klass, "__slots__", ()):
            if hasattr(value, slot) and slot not in ("__dict__", "__weakref__"):
                state[slot] = getattr(value, slot)
    return state


def capture(func: Callable[..., Any], args: Sequence[Any], kwargs: Mapping[str, Any]) -> Outcome:
    """Call `func` on fresh deep copies of the arguments and record what it did.

    Deep-copying keeps each mode's mutations private, so one version mutating a
    shared literal cannot change what the next version sees.
    """
    call_args, call_kwargs = copy.deepcopy((tuple(args), dict(kwargs)))
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            value = func(*call_args, **call_kwargs)
        except Exception as exc:  # noqa: BLE001 - any exception is an observable outcome
            return _raised(exc, out.getvalue(), err.getvalue(), call_args, call_kwargs)
    after = canonical_repr((call_args, call_kwargs))
    return Outcome(
        "return", canonical_repr(value), None, None, out.getvalue(), after, err.getvalue()
    )


def _raised(
    exc: BaseException, stdout: str, stderr: str, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> Outcome:
    cause = None if exc.__cause__ is None else qualified_name(type(exc.__cause__))
    after = canonical_repr((args, kwargs))
    return Outcome("raise", "", qualified_name(type(exc)), str(exc), stdout, after, stderr, cause)


def compare(a: Outcome, b: Outcome, strict: bool = False) -> str | None:
    """None when `a` and `b` are equivalent, else a one-line description of the first difference."""
    checks: Iterable[tuple[str, object, object]] = (
        ("kind", a.kind, b.kind),
        ("exception type", a.exc_type, b.exc_type),
        ("exception cause", a.exc_cause, b.exc_cause),
        ("exception message", a.exc_message if strict else None, b.exc_message if strict else None),
        ("return value", a.value_repr, b.value_repr),
        ("stdout", a.stdout, b.stdout),
        ("stderr", a.stderr, b.stderr),
        ("arguments after the call", a.args_after, b.args_after),
        ("module globals after the call", a.globals_after, b.globals_after),
    )
    for what, left, right in checks:
        if left != right:
            return f"{what} differs: {_short(left)} vs {_short(right)}"
    return None


def _short(value: object, limit: int = 120) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def module_data(module: types.ModuleType) -> str:
    """Plain-data module globals, so mutations of global state count as observable.

    Dunder names are skipped because loaders and codegen may add bookkeeping there.
    """
    data = {
        name: value
        for name, value in vars(module).items()
        if not (name.startswith("__") and name.endswith("__"))
        and isinstance(value, _PLAIN_DATA)
        and name not in ("CASES", "EXPECTED")
    }
    return canonical_repr(dict(sorted(data.items())))


def run_cases(module: types.ModuleType, cases: Iterable[Case]) -> list[Outcome]:
    """Run `cases` in order against one module instance (state carries from case to case)."""
    outcomes = []
    for name, args, kwargs in cases:
        outcome = capture(getattr(module, name), args, kwargs)
        outcomes.append(dataclasses.replace(outcome, globals_after=module_data(module)))
    return outcomes
