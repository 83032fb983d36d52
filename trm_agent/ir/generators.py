"""Generators and coroutines in the IR interpreter.

The interpreter is an ordinary recursive Python function, so it cannot suspend in the middle of
a region.  An interpreted generator therefore runs its body on a thread of its own, and a real
Python generator (the object the user sees) relays ``send``/``throw``/``close`` to that thread
and the thread's yields back: the user-visible protocol (first-send rules, GeneratorExit,
PEP 479, ``RuntimeError: generator ignored GeneratorExit``) is CPython's own.  This is the
test oracle's execution model only; compiled code uses Python's generators directly.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Generator
from typing import Any

_STACK_SIZE = 64 * 1024 * 1024  # interpreted frames are deep; threads default to 8 MiB


class _Finished(BaseException):
    """Unwinds an abandoned generator thread (its consumer went away without closing it)."""


class Bridge:
    """Hand-off between the consumer and the thread running an interpreted generator body."""

    def __init__(self, body: Callable[[Bridge], Any]) -> None:
        self.body = body
        self.turn = threading.Semaphore(0)  # the body thread may run
        self.back = threading.Semaphore(0)  # the consumer may run
        self.message: tuple[str, Any] = ("send", None)
        self.reply: tuple[str, Any] = ("return", None)
        self.thread: threading.Thread | None = None
        self.done = False
        self.loop: Any = None  # the consumer's running asyncio loop, mirrored on the body thread

    # consumer side ------------------------------------------------------------------------
    def resume(self, kind: str, payload: Any) -> tuple[str, Any]:
        if self.done:
            return ("return", None)
        self.message = (kind, payload)
        self.loop = _running_loop()
        if self.thread is None:
            saved = threading.stack_size()
            threading.stack_size(_STACK_SIZE)
            try:
                self.thread = threading.Thread(target=self._run, daemon=True,
                                               name="trm-interpreted-generator")
                self.thread.start()
            finally:
                threading.stack_size(saved)
        else:
            self.turn.release()
        self.back.acquire()
        return self.reply

    # body side ----------------------------------------------------------------------------
    def _run(self) -> None:
        _set_running_loop(self.loop)  # (the recursion limit is process-wide: left alone)
        try:
            kind, payload = self.message
            if kind == "throw":
                raise payload
            self.reply = ("return", self.body(self))
        except _Finished:
            self.reply = ("return", None)
        except BaseException as exc:  # noqa: BLE001 - the body's outcome, handed over
            self.reply = ("raise", exc)
        self.done = True
        self.back.release()

    def suspend(self, value: Any) -> Any:
        """Called by the body at a yield: hand ``value`` out, wait for send/throw."""
        self.reply = ("yield", value)
        self.back.release()
        self.turn.acquire()
        _set_running_loop(self.loop)
        kind, payload = self.message
        if kind == "throw":
            raise payload
        if kind == "finish":
            raise _Finished
        return payload


def _running_loop() -> Any:
    """asyncio keeps the running loop per thread; the body thread must see the consumer's."""
    events = sys.modules.get("asyncio.events")
    return events._get_running_loop() if events is not None else None


def _set_running_loop(loop: Any) -> None:
    events = sys.modules.get("asyncio.events")
    if events is not None:
        events._set_running_loop(loop)


def relay(bridge: Bridge) -> Generator[Any, Any, Any]:
    """The generator the user sees: forwards every operation to the body thread."""
    reply = bridge.resume("send", None)
    try:
        while True:
            kind, payload = reply
            if kind == "return":
                return payload
            if kind == "raise":
                raise payload
            try:
                sent = yield payload
            except BaseException as exc:  # noqa: BLE001 - throw()/close() of the generator
                reply = bridge.resume("throw", exc)
            else:
                reply = bridge.resume("send", sent)
    finally:
        if not bridge.done and bridge.thread is not None:
            bridge.resume("finish", None)


def yield_from(bridge: Bridge, iterable: Any) -> Any:
    """PEP 380 ``yield from`` on the body thread."""
    iterator = iter(iterable)
    try:
        value = next(iterator)
    except StopIteration as stop:
        return stop.value
    while True:
        try:
            sent = bridge.suspend(value)
        except GeneratorExit as exit_:
            close = getattr(iterator, "close", None)
            if close is not None:
                close()
            raise exit_
        except BaseException as exc:
            throw = getattr(iterator, "throw", None)
            if throw is None:
                raise
            try:
                value = throw(exc)
            except StopIteration as stop:
                return stop.value
        else:
            try:
                value = next(iterator) if sent is None else iterator.send(sent)
            except StopIteration as stop:
                return stop.value


class _Awaitable:
    """Lets an ``async def`` wrapper await the relayed body."""

    __slots__ = ("bridge",)

    def __init__(self, bridge: Bridge) -> None:
        self.bridge = bridge

    def __await__(self) -> Generator[Any, Any, Any]:
        return relay(self.bridge)


async def coroutine(bridge: Bridge) -> Any:
    """The coroutine the user sees for an interpreted ``async def``."""
    return await _Awaitable(bridge)


def awaitable_iterator(value: Any) -> Any:
    """GET_AWAITABLE: the iterator an ``await`` drives."""
    import types as _types

    if isinstance(value, _types.CoroutineType):
        return value.__await__()
    method = getattr(type(value), "__await__", None)
    if method is None:
        if isinstance(value, _types.GeneratorType) and value.gi_code.co_flags & 0x100:
            return value  # a @types.coroutine generator
        raise TypeError(f"object {type(value).__name__} can't be used in 'await' expression")
    iterator = method(value)
    if isinstance(iterator, _types.CoroutineType) or not hasattr(iterator, "__next__"):
        raise TypeError(f"__await__() returned non-iterator of type "
                        f"'{type(iterator).__name__}'")
    return iterator
