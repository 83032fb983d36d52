"""Replay a z3 counterexample by execution (DESIGN §6: a refutation is believed only then).

Both versions of the module are executed as fresh modules (the user's source, and the
compiled drop-in source) and the function is called with the counterexample's arguments in
each.  The observable outcome (DESIGN §4) is compared: return value with its type (floats bit
for bit), exception type, stdout, and the plain-data module globals after the call.  A
counterexample that does not make the versions differ is a bug in the encoder, never a
miscompile; the caller reports it as such.

This runs user code, so it belongs to the harness and to explicit verification requests,
never to ``optimize_ir`` (DESIGN §5: no user code runs at compile time).
"""

from __future__ import annotations

import contextlib
import io
import math
import signal
import sys
import threading
import types
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

REPLAY_MODULE = "__trm_replay__"
CALL_TIMEOUT_S = 5.0


@dataclass(frozen=True, slots=True)
class Observed:
    """What one call did, in comparable text form."""

    kind: str  # "return" | "raise"
    value: str  # canonical return value, or the exception's type name
    stdout: str
    globals_after: str

    def describe(self) -> str:
        what = f"returned {self.value}" if self.kind == "return" else f"raised {self.value}"
        return what + (f", printed {self.stdout!r}" if self.stdout else "")


@dataclass(frozen=True, slots=True)
class Replay:
    """``reproduced``: the versions differ on the counterexample; ``ran``: both calls could be
    made at all (a nested function or a module that cannot be executed cannot be replayed)."""

    ran: bool
    reproduced: bool
    detail: str
    original: Observed | None = None
    compiled: Observed | None = None


class ReplayError(Exception):
    """The counterexample could not be run (not a verdict about the compiler)."""


def replay(original_source: str, compiled_source: str, filename: str, qualname: str,
           counterexample: Mapping[str, object]) -> Replay:
    try:
        before = _run(original_source, filename, qualname, counterexample)
        after = _run(compiled_source, filename, qualname, counterexample)
    except ReplayError as exc:
        return Replay(False, False, f"not replayable: {exc}")
    if before == after:
        return Replay(True, False, f"both versions {before.describe()}", before, after)
    return Replay(True, True, f"original {before.describe()}; compiled {after.describe()}",
                  before, after)


def _run(source: str, filename: str, qualname: str,
         counterexample: Mapping[str, object]) -> Observed:
    module = _execute(source, filename)
    function = _find(module, qualname)
    args, kwargs = _arguments(function, counterexample)
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out), _time_limit(CALL_TIMEOUT_S):
            value = function(*args, **kwargs)
    except _Timeout:
        raise ReplayError(f"the call did not finish within {CALL_TIMEOUT_S:g} s") from None
    except Exception as exc:  # noqa: BLE001 - an exception is an observable outcome
        return Observed("raise", type(exc).__qualname__, out.getvalue(), module_data(module))
    return Observed("return", canonical(value), out.getvalue(), module_data(module))


def _execute(source: str, filename: str) -> types.ModuleType:
    module = types.ModuleType(REPLAY_MODULE)
    module.__file__ = filename
    saved = sys.modules.get(REPLAY_MODULE)
    sys.modules[REPLAY_MODULE] = module
    try:
        with contextlib.redirect_stdout(io.StringIO()), _time_limit(CALL_TIMEOUT_S):
            exec(compile(source, filename, "exec", dont_inherit=True), module.__dict__)
    except _Timeout:
        raise ReplayError("executing the module timed out") from None
    except BaseException as exc:  # noqa: BLE001 - a module that cannot run cannot replay
        raise ReplayError(f"executing the module raised {type(exc).__name__}: {exc}") from None
    finally:
        if saved is None:
            sys.modules.pop(REPLAY_MODULE, None)
        else:
            sys.modules[REPLAY_MODULE] = saved
    return module


def _find(module: types.ModuleType, qualname: str) -> Any:
    if "<locals>" in qualname:
        raise ReplayError(f"{qualname} is a nested function")
    found: Any = module
    for part in qualname.split("."):
        found = getattr(found, part, None)
        if found is None:
            raise ReplayError(f"{qualname} is not reachable from the module")
    function = getattr(found, "__func__", found)  # staticmethod/classmethod objects
    if not callable(function) or not hasattr(function, "__code__"):
        raise ReplayError(f"{qualname} is not a plain function")
    return function


def _arguments(function: Any, values: Mapping[str, object]) -> tuple[list[Any], dict[str, Any]]:
    code = function.__code__
    names = code.co_varnames
    positional = names[:code.co_argcount]
    keyword = names[code.co_argcount:code.co_argcount + code.co_kwonlyargcount]
    index = code.co_argcount + code.co_kwonlyargcount
    star = names[index] if code.co_flags & 0x04 else None
    args = [values[n] for n in positional if n in values]
    if len(args) != len(positional):
        raise ReplayError("the counterexample does not bind every parameter")
    if star is not None:
        extra = values.get(star, ())
        args.extend(extra if isinstance(extra, tuple) else ())
    kwargs = {n: values[n] for n in keyword if n in values}
    return args, kwargs


# --- comparable text of values ----------------------------------------------------------------

def canonical(value: object, depth: int = 0) -> str:
    """Equal text iff equal by DESIGN §4: the type is part of it, floats by their bits (NaN
    equals NaN, -0.0 differs from 0.0), objects without a value repr by type only."""
    kind = type(value)
    if depth > 20:
        return "<deep>"
    if value is None or kind is bool:
        return repr(value)
    if kind is int:
        return f"int:{value:x}"
    if kind is float:
        assert isinstance(value, float)
        return "float:nan" if math.isnan(value) else f"float:{value.hex()}"
    if kind in (str, bytes):
        return f"{kind.__name__}:{value!r}"
    if kind in (list, tuple):
        return f"{kind.__name__}[" + ",".join(canonical(v, depth + 1)
                                             for v in value) + "]"  # type: ignore[attr-defined]
    if kind is dict:
        return "dict{" + ",".join(f"{canonical(k, depth + 1)}:{canonical(v, depth + 1)}"
                                  for k, v in value.items()) + "}"  # type: ignore[attr-defined]
    if kind in (set, frozenset):
        return f"{kind.__name__}{{" + ",".join(sorted(canonical(v, depth + 1)
                                                      for v in value)) + "}"  # type: ignore[attr-defined]
    text = repr(value)
    if " at 0x" in text:
        text = ""
    return f"<{kind.__module__}.{kind.__qualname__} {text}>"


_PLAIN = (type(None), bool, int, float, str, bytes, list, tuple, dict, set, frozenset)


def module_data(module: types.ModuleType) -> str:
    """The plain-data globals: a version that mutates module state differently differs."""
    data = {name: value for name, value in vars(module).items()
            if not name.startswith("__") and isinstance(value, _PLAIN)}
    return canonical(dict(sorted(data.items())))


# --- a time limit for calls, where the platform allows one ------------------------------------

class _Timeout(BaseException):  # not caught by the user's `except Exception`
    pass


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
