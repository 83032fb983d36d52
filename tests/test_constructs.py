"""Lowered constructs: try, with, f-strings, imports, closures and loop ``else``.

Every case runs the same source as written, as compiled and in the IR interpreter
(``trm_agent.loader.load``) and must produce the outcome pinned in its table (which the
``original`` mode checks is CPython's).  An outcome is a returned value, or an exception's
type, message, ``__cause__`` type and the context type a traceback would show.  Each table's
source must be fully lowered, or compiled and interpreted modes would only re-run the original.
The remaining tests check the compiled text: ``try``/``except``/``finally`` and nested ``def``s
on the user's lines, so tracebacks name them.
"""

from __future__ import annotations

import ast
import contextlib
import sys
import traceback
import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from trm_agent.agent import TRMAgent
from trm_agent.loader import load

MODES = ("original", "compiled", "interpreted")


@dataclass(frozen=True, slots=True)
class Raised:
    """An exception as a traceback shows it (a suppressed context is not shown)."""

    kind: str
    message: str
    cause: str | None = None
    context: str | None = None


def _name(exc: BaseException | None) -> str | None:
    return type(exc).__name__ if exc is not None else None


def outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("return", call())
    except BaseException as exc:  # noqa: BLE001 - KeyboardInterrupt/SystemExit are cases too
        context = None if exc.__suppress_context__ else exc.__context__
        return Raised(type(exc).__name__, str(exc), _name(exc.__cause__), _name(context))


@cache
def _module(source: str, mode: str) -> types.ModuleType:
    """One module per (source, mode): cases reset the state they log into."""
    return load(source, "constructs.py", mode)


def _not_lowered(source: str) -> list[str]:
    module = TRMAgent.load().compile_source(source, "constructs.py").module
    assert module is not None
    return [fn.qualname for fn in module.functions if not fn.lowered]


Case = tuple[Callable[[types.ModuleType], Any], Any]


TRY_SOURCE = '''
class Boom(Exception):
    pass


class Other(Exception):
    pass


def handler_order(kind):
    log = []
    try:
        log.append("body")
        raise kind("x")
    except Boom:
        log.append("boom")
    except (Other, KeyError) as e:
        log.append("other " + type(e).__name__)
    except Exception:
        log.append("exception")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


def no_exception():
    log = []
    try:
        log.append("body")
    except Boom:
        log.append("boom")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log


def handler_name_unbound():
    try:
        raise Boom("b")
    except Boom as e:
        seen = str(e)
    return seen, e


def handler_name_deleted_even_if_preset():
    e = 1
    try:
        raise Boom("b")
    except Boom as e:
        pass
    try:
        return e
    except UnboundLocalError as err:
        return "unbound", str(err)


def finally_return_overrides():
    try:
        return "body"
    finally:
        return "finally"


def finally_return_swallows():
    try:
        raise Boom("lost")
    finally:
        return "swallowed"


def break_continue_through_finally(items):
    log = []
    for item in items:
        try:
            if item == 1:
                continue
            if item == 3:
                break
            log.append(item)
        finally:
            log.append("f" + str(item))
    else:
        log.append("else")
    return log


def while_break_in_finally():
    i = 0
    while i < 5:
        i += 1
        try:
            if i == 2:
                raise Boom(i)
        finally:
            if i == 2:
                break
    return i


def continue_in_finally_swallows():
    log = []
    for i in range(3):
        try:
            raise Boom(i)
        finally:
            log.append(i)
            continue
    return log


def bare_reraise():
    try:
        raise Boom("first")
    except Boom:
        raise


def reraise_after_inner_try():
    try:
        raise Boom("outer")
    except Boom:
        try:
            raise Other("inner")
        except Other:
            pass
        raise


def raise_from():
    try:
        raise KeyError("k")
    except KeyError as exc:
        raise Boom("b") from exc


def raise_from_none():
    try:
        raise KeyError("k")
    except KeyError:
        raise Boom("b") from None


def implicit_context():
    try:
        raise KeyError("k")
    except KeyError:
        raise Boom("during")


def else_not_caught():
    try:
        pass
    except Boom:
        return "caught"
    else:
        raise Boom("from else")


def bad_except_class_unreached():
    try:
        return "fine"
    except 42:
        return "never"


def bad_except_class_reached():
    try:
        raise Boom("x")
    except 42:
        return "never"


def bad_except_after_match():
    try:
        raise Boom("x")
    except Boom:
        return "matched first"
    except 42:
        return "never"


def values_before_exception():
    a = 1
    b = 2
    try:
        a = 10
        int("nope")
        b = 20
    except ValueError:
        seen = (a, b)
    c = a + b
    return seen, c


def nested_try_finally_order():
    log = []
    try:
        try:
            raise Boom("x")
        finally:
            log.append("inner finally")
    except Boom:
        log.append("outer handler")
    finally:
        log.append("outer finally")
    return log


def return_in_try_runs_finally(log):
    try:
        log.append("try")
        return len(log)
    finally:
        log.append("finally")


def exception_in_handler_chains():
    try:
        raise KeyError("k")
    except KeyError:
        {}["missing"]


def base_exception_not_caught_by_exception():
    try:
        try:
            raise KeyboardInterrupt
        except Exception:
            return "wrong"
    except BaseException as e:
        return type(e).__name__


def handler_in_loop_updates():
    total = 0
    for v in ["1", "x", "3", None]:
        try:
            total += int(v)
        except ValueError:
            total += 100
        except TypeError:
            total -= 1
    return total
'''
_UNBOUND_E = "cannot access local variable 'e' where it is not associated with a value"
_BAD_CLASS = "catching classes that do not inherit from BaseException is not allowed"
TRY_CASES: dict[str, Case] = {
    "first-handler": (lambda m: m.handler_order(m.Boom), ("return", ["body", "boom", "finally"])),
    "tuple-handler-as": (lambda m: m.handler_order(m.Other),
                         ("return", ["body", "other Other", "finally"])),
    "tuple-handler-second-type": (lambda m: m.handler_order(KeyError),
                                  ("return", ["body", "other KeyError", "finally"])),
    "catch-all-last": (lambda m: m.handler_order(ValueError),
                       ("return", ["body", "exception", "finally"])),
    "base-exception-escapes": (lambda m: m.handler_order(SystemExit), Raised("SystemExit", "x")),
    "else-and-finally": (lambda m: m.no_exception(), ("return", ["body", "else", "finally"])),
    "handler-name-unbound-after": (lambda m: m.handler_name_unbound(),
                                   Raised("UnboundLocalError", _UNBOUND_E)),
    "handler-name-deleted-even-if-preset": (lambda m: m.handler_name_deleted_even_if_preset(),
                                            ("return", ("unbound", _UNBOUND_E))),
    "finally-return-overrides": (lambda m: m.finally_return_overrides(), ("return", "finally")),
    "finally-return-swallows": (lambda m: m.finally_return_swallows(), ("return", "swallowed")),
    "break-continue-through-finally": (
        lambda m: m.break_continue_through_finally([0, 1, 2, 3, 4]),
        ("return", [0, "f0", "f1", 2, "f2", "f3"])),
    "continue-through-finally-then-else": (
        lambda m: m.break_continue_through_finally([0, 1, 2]),
        ("return", [0, "f0", "f1", 2, "f2", "else"])),
    "break-in-finally-swallows": (lambda m: m.while_break_in_finally(), ("return", 2)),
    "continue-in-finally-swallows": (lambda m: m.continue_in_finally_swallows(),
                                     ("return", [0, 1, 2])),
    "bare-reraise": (lambda m: m.bare_reraise(), Raised("Boom", "first")),
    "bare-reraise-after-inner-try": (lambda m: m.reraise_after_inner_try(),
                                     Raised("Boom", "outer")),
    "raise-from": (lambda m: m.raise_from(), Raised("Boom", "b", "KeyError")),
    "raise-from-none": (lambda m: m.raise_from_none(), Raised("Boom", "b")),
    "implicit-context": (lambda m: m.implicit_context(),
                         Raised("Boom", "during", None, "KeyError")),
    "else-not-caught-by-handlers": (lambda m: m.else_not_caught(), Raised("Boom", "from else")),
    "bad-except-class-unreached": (lambda m: m.bad_except_class_unreached(), ("return", "fine")),
    "bad-except-class-reached": (lambda m: m.bad_except_class_reached(),
                                 Raised("TypeError", _BAD_CLASS, None, "Boom")),
    "bad-except-class-after-match": (lambda m: m.bad_except_after_match(),
                                     ("return", "matched first")),
    "values-before-exception": (lambda m: m.values_before_exception(), ("return", ((10, 2), 12))),
    "nested-finally-order": (lambda m: m.nested_try_finally_order(),
                             ("return", ["inner finally", "outer handler", "outer finally"])),
    "return-value-computed-before-finally": (
        lambda m: (lambda log: (m.return_in_try_runs_finally(log), log))([]),
        ("return", (1, ["try", "finally"]))),
    "error-in-handler-chains": (lambda m: m.exception_in_handler_chains(),
                                Raised("KeyError", "'missing'", None, "KeyError")),
    "keyboard-interrupt-skips-except-exception": (
        lambda m: m.base_exception_not_caught_by_exception(), ("return", "KeyboardInterrupt")),
    "handlers-in-loop": (lambda m: m.handler_in_loop_updates(), ("return", 103)),
}


WITH_SOURCE = '''
log = []


class CM:
    def __init__(self, name, suppress=False, value=None):
        self.name = name
        self.suppress = suppress
        self.value = value

    def __enter__(self):
        log.append("enter " + self.name)
        return self if self.value is None else self.value

    def __exit__(self, kind, exc, tb):
        log.append("exit %s %s" % (self.name, kind.__name__ if kind else None))
        return self.suppress


class Holder:
    pass


def order():
    log.clear()
    with CM("a") as a:
        log.append("body " + a.name)
    return list(log)


def suppressed():
    log.clear()
    x = 1
    y = 2
    with CM("s", suppress=True):
        x = 10
        raise KeyError("k")
        y = 20
    return x, y, list(log)


def not_suppressed():
    log.clear()
    with CM("n"):
        raise KeyError("k")


def multiple_items():
    log.clear()
    with CM("a") as a, CM("b", value=(1, 2)) as (p, q), CM("c"):
        log.append("body %s %s %s" % (a.name, p, q))
    return list(log)


def multiple_inner_suppresses():
    log.clear()
    with CM("outer"), CM("inner", suppress=True):
        raise ValueError
    return list(log)


def return_inside():
    log.clear()
    with CM("r"):
        return "returned " + str(len(log))


def break_inside(n):
    log.clear()
    for i in range(n):
        with CM(str(i)):
            if i == 1:
                break
            log.append("after " + str(i))
    return list(log)


def continue_inside():
    log.clear()
    for i in range(3):
        with CM(str(i)):
            if i == 1:
                continue
            log.append("after " + str(i))
    return list(log)


def as_attribute_and_item():
    log.clear()
    h = Holder()
    d = {}
    with CM("x", value="v") as h.attr:
        pass
    with CM("y", value="w") as d["k"]:
        pass
    return h.attr, d, list(log)


class BadEnter:
    def __enter__(self):
        raise RuntimeError("enter failed")

    def __exit__(self, *exc_info):
        log.append("exit called")


class RaisingExit:
    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        raise ValueError("from exit")


def enter_raises():
    log.clear()
    try:
        with BadEnter():
            log.append("body")
    except RuntimeError as e:
        return str(e), list(log)


def not_a_context_manager():
    with 42:
        pass


def exit_sees_exception_in_loop():
    log.clear()
    count = 0
    for i in range(3):
        with CM(str(i), suppress=True):
            count += 1
            if i % 2:
                raise ValueError(i)
            count += 10
    return count, list(log)


def exit_raises_chains():
    with RaisingExit():
        raise KeyError("body")
'''
WITH_CASES: dict[str, Case] = {
    "enter-body-exit": (lambda m: m.order(), ("return", ["enter a", "body a", "exit a None"])),
    "suppressed-keeps-earlier-assignments": (
        lambda m: m.suppressed(), ("return", (10, 2, ["enter s", "exit s KeyError"]))),
    "not-suppressed-propagates": (lambda m: m.not_suppressed(), Raised("KeyError", "'k'")),
    "multiple-items": (lambda m: m.multiple_items(), ("return", [
        "enter a", "enter b", "enter c", "body a 1 2", "exit c None", "exit b None",
        "exit a None"])),
    "inner-item-suppresses": (lambda m: m.multiple_inner_suppresses(), ("return", [
        "enter outer", "enter inner", "exit inner ValueError", "exit outer None"])),
    "return-inside": (lambda m: m.return_inside(), ("return", "returned 1")),
    "break-inside": (lambda m: m.break_inside(3), ("return", [
        "enter 0", "after 0", "exit 0 None", "enter 1", "exit 1 None"])),
    "continue-inside": (lambda m: m.continue_inside(), ("return", [
        "enter 0", "after 0", "exit 0 None", "enter 1", "exit 1 None", "enter 2", "after 2",
        "exit 2 None"])),
    "as-attribute-and-item": (lambda m: m.as_attribute_and_item(), ("return", (
        "v", {"k": "w"}, ["enter x", "exit x None", "enter y", "exit y None"]))),
    "enter-raises-skips-exit": (lambda m: m.enter_raises(), ("return", ("enter failed", []))),
    "not-a-context-manager": (lambda m: m.not_a_context_manager(), Raised(
        "TypeError", "'int' object does not support the context manager protocol")),
    "suppression-in-loop": (lambda m: m.exit_sees_exception_in_loop(), ("return", (23, [
        "enter 0", "exit 0 None", "enter 1", "exit 1 ValueError", "enter 2", "exit 2 None"]))),
    "exit-raises-chains": (lambda m: m.exit_raises_chains(),
                           Raised("ValueError", "from exit", None, "KeyError")),
}


FSTRING_SOURCE = '''
log = []


def t(tag, value):
    log.append(tag)
    return value


class Fmt:
    def __format__(self, spec):
        log.append("format " + spec)
        return "<" + spec + ">"

    def __str__(self):
        return "str!"

    def __repr__(self):
        return "repr!"


class BadFormat:
    def __format__(self, spec):
        return 42


class StrSub(str):
    def __format__(self, spec):
        return "sub-format"

    def __str__(self):
        return "sub-str"


def conversions(x):
    return f"{x!s}|{x!r}|{x!a}|{x}"


def nested_spec(value, width, precision):
    return f"{value:{width}.{precision}f}|{value:>{width}}|{value!r:^{width + 4}}"


def equals_specifier(value):
    return f"{value=}|{value = }|{value=:>6}|{value=!s}"


def bad_format():
    return f"{BadFormat()}"


def bad_format_with_text():
    return f"a{BadFormat()}b"


def spec_order():
    log.clear()
    out = f"{t('v1', Fmt()):{t('w', 3)}x{t('p', 'q')}}{t('v2', 1)!r:{t('w2', '>4')}}"
    return out, list(log)


def str_subclass(s):
    return f"{s}", f"{s!s}", f"{s:}", f"[{s}]"


def plain_and_escapes(n):
    return f"{{literal}} {n:#x} {n:,} {'quoted'} {n % 3}"


def format_in_loop(items):
    out = []
    for i, item in enumerate(items):
        out.append(f"{i:02d}:{item!r:<5}|")
    return "".join(out)


def empty_spec_calls_format():
    log.clear()
    return f"{Fmt():}", f"{Fmt()}", list(log)
'''
FSTRING_CASES: dict[str, Case] = {
    "conversions": (lambda m: m.conversions("\xe9'x"),
                    ("return", "\xe9'x|\"\xe9'x\"|\"\\xe9'x\"|\xe9'x")),
    "conversions-call-str-repr-format": (lambda m: m.conversions(m.Fmt()),
                                         ("return", "str!|repr!|repr!|<>")),
    "nested-spec": (lambda m: m.nested_spec(3.14159, 8, 2),
                    ("return", "    3.14| 3.14159|  3.14159   ")),
    "equals-specifier": (lambda m: m.equals_specifier("ab"),
                         ("return", "value='ab'|value = 'ab'|value=    ab|value=ab")),
    "format-returns-non-str": (lambda m: m.bad_format(),
                               Raised("TypeError", "__format__ must return a str, not int")),
    "format-returns-non-str-in-text": (
        lambda m: m.bad_format_with_text(),
        Raised("TypeError", "__format__ must return a str, not int")),
    "spec-evaluation-order": (lambda m: m.spec_order(), ("return", (
        "<3xq>   1", ["v1", "w", "p", "format 3xq", "v2", "w2"]))),
    "str-subclass": (lambda m: m.str_subclass(m.StrSub("x")),
                     ("return", ("sub-format", "sub-str", "sub-format", "[sub-format]"))),
    "literal-braces-and-specs": (lambda m: m.plain_and_escapes(1234567),
                                 ("return", "{literal} 0x12d687 1,234,567 quoted 1")),
    "in-loop": (lambda m: m.format_in_loop(["a", 2, None]),
                ("return", "00:'a'  |01:2    |02:None |")),
    "empty-spec-calls-format": (lambda m: m.empty_spec_calls_format(),
                                ("return", ("<>", "<>", ["format ", "format "]))),
}


CLOSURE_SOURCE = '''
import functools

log = []


def counter():
    count = 0

    def bump(step=1):
        nonlocal count
        count += step
        return count

    return bump


def use_counter():
    c = counter()
    c()
    c(5)
    return c(), c.__name__, c.__qualname__, c.__code__.co_freevars


def lambda_captures(x):
    y = x * 2
    f = lambda z: x + y + z
    y = 100
    return f(1)


def late_binding():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]


def early_binding_default():
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i)
    return [f() for f in fs]


def free_before_assignment():
    def inner():
        return later

    first = None
    try:
        inner()
    except NameError as e:
        first = str(e)
    later = "now"
    return first, inner()


def recursive(n):
    def fact(k):
        return 1 if k <= 1 else k * fact(k - 1)

    return fact(n)


def local_decorator():
    calls = []

    def trace(fn):
        def wrapper(*args, **kwargs):
            calls.append(fn.__name__)
            return fn(*args, **kwargs)
        return wrapper

    @trace
    def add(a, b):
        return a + b

    return add(1, 2), add(3, 4), calls, add.__name__


def wraps_metadata():
    def deco(fn):
        @functools.wraps(fn)
        def wrapper(*args):
            return fn(*args) * 2
        return wrapper

    @deco
    def documented(x):
        """Documented."""
        return x + 1

    return (documented(1), documented.__name__, documented.__doc__, documented.__wrapped__(1),
            documented.__qualname__)


def defaults_at_def_time():
    log.clear()
    value = 1

    def f(a=log.append("default") or value, *, k=value * 10, m):
        return a, k, m

    value = 2
    log.append("after def")
    return f(m=0), f(5, k=6, m=7), f.__defaults__, f.__kwdefaults__, list(log)


def comprehension_scope():
    x = "outer"
    factor = 3
    squares = [x * factor for x in range(4)]
    evens = {x: x % 2 == 0 for x in range(3)}
    nested = [[i * j for j in range(i)] for i in range(4)]
    sets = {c for c in "abca"}
    return x, squares, evens, nested, sorted(sets)


class Source:
    def __init__(self, n):
        self.i = 0
        self.n = n

    def __iter__(self):
        log.append("iter")
        return self

    def __next__(self):
        if self.i == self.n:
            raise StopIteration
        log.append("next %d" % self.i)
        self.i += 1
        return self.i - 1


def generator_laziness():
    log.clear()
    gen = (log.append("map %d" % v) or v * 2 for v in Source(3))
    log.append("created")
    first = next(gen)
    log.append("first %d" % first)
    rest = list(gen)
    return first, rest, list(log)


def genexp_first_iterable_eager():
    try:
        (x for x in 42)
    except TypeError as e:
        return "eager", str(e)
    return "lazy"


def lambda_defaults(base):
    f = lambda a, b=base + 1, *, c=base * 2: (a, b, c)
    base = 0
    return f(0), f(1, 2, c=3), f.__defaults__, f.__kwdefaults__


def lambda_in_default_arg():
    def apply(x, fn=lambda v: v * 3):
        return fn(x)

    return apply(2), apply(2, lambda v: -v)


def nested_nonlocal_chain():
    a = 1

    def mid():
        b = 10

        def inner():
            nonlocal a, b
            a += 1
            b += 1
            return a + b

        r = inner()
        return r, b

    res = mid()
    return res, a


def closure_over_loop_cells():
    out = []
    for i in range(3):
        def get(i=i):
            return i * 10
        out.append(get)
    return [g() for g in out]


def cell_deleted():
    x = 1

    def read():
        return x

    del x
    try:
        return read()
    except NameError as e:
        return type(e).__name__, str(e)


def cell_param(p):
    def read():
        return p

    p = p + 1
    return read()


def class_in_nested_def_free_var():
    y = 5
    g = lambda: [y + k for k in range(2)]
    return g()
'''
_FREE = ("cannot access free variable '{}' where it is not associated with a value in "
         "enclosing scope")
CLOSURE_CASES: dict[str, Case] = {
    "nonlocal-counter": (lambda m: m.use_counter(),
                         ("return", (7, "bump", "counter.<locals>.bump", ("count",)))),
    "lambda-reads-cell-late": (lambda m: m.lambda_captures(1), ("return", 102)),
    "late-binding-in-loop": (lambda m: m.late_binding(), ("return", [2, 2, 2])),
    "default-binds-early": (lambda m: m.early_binding_default(), ("return", [0, 1, 2])),
    "free-variable-assigned-later": (lambda m: m.free_before_assignment(),
                                     ("return", (_FREE.format("later"), "now"))),
    "recursive-nested": (lambda m: m.recursive(6), ("return", 720)),
    "local-decorator": (lambda m: m.local_decorator(),
                        ("return", (3, 7, ["add", "add"], "wrapper"))),
    "functools-wraps": (lambda m: m.wraps_metadata(), ("return", (
        4, "documented", "Documented.", 2, "wraps_metadata.<locals>.documented"))),
    "defaults-at-def-time": (lambda m: m.defaults_at_def_time(), ("return", (
        (1, 10, 0), (5, 6, 7), (1,), {"k": 10}, ["default", "after def"]))),
    "comprehension-scope": (lambda m: m.comprehension_scope(), ("return", (
        "outer", [0, 3, 6, 9], {0: True, 1: False, 2: True}, [[], [0], [0, 2], [0, 3, 6]],
        ["a", "b", "c"]))),
    "generator-expression-lazy": (lambda m: m.generator_laziness(), ("return", (0, [2, 4], [
        "iter", "created", "next 0", "map 0", "first 0", "next 1", "map 1", "next 2",
        "map 2"]))),
    "generator-first-iterable-eager": (lambda m: m.genexp_first_iterable_eager(),
                                       ("return", ("eager", "'int' object is not iterable"))),
    "lambda-defaults": (lambda m: m.lambda_defaults(5),
                        ("return", ((0, 6, 10), (1, 2, 3), (6,), {"c": 10}))),
    "lambda-as-default": (lambda m: m.lambda_in_default_arg(), ("return", (6, -2))),
    "nonlocal-through-two-levels": (lambda m: m.nested_nonlocal_chain(),
                                    ("return", ((13, 11), 2))),
    "def-in-loop-default": (lambda m: m.closure_over_loop_cells(), ("return", [0, 10, 20])),
    "deleted-cell": (lambda m: m.cell_deleted(), ("return", ("NameError", _FREE.format("x")))),
    "parameter-cell": (lambda m: m.cell_param(1), ("return", 2)),
    "comprehension-in-lambda": (lambda m: m.class_in_nested_def_free_var(), ("return", [5, 6])),
}


LOOP_ELSE_SOURCE = '''
def for_else(items, stop):
    log = []
    for x in items:
        if x == stop:
            log.append("break")
            break
        log.append(x)
    else:
        log.append("else")
    return log


def while_else(n, stop):
    i = 0
    found = None
    while i < n:
        if i == stop:
            found = i
            break
        i += 1
    else:
        found = "none"
    return i, found


def continue_in_else_belongs_to_outer():
    log = []
    for outer in range(3):
        for inner in range(2):
            if outer == 1:
                break
        else:
            log.append("else %d" % outer)
            continue
        log.append("broke %d" % outer)
    return log


def else_assigns(items):
    for x in items:
        if x < 0:
            result = "negative"
            break
    else:
        result = "all positive"
        tail = len(items)
    return result, tail if result == "all positive" else None


def else_binding_read_after_break(items):
    for x in items:
        if x:
            break
    else:
        flag = True
    return flag


def while_else_false_at_start():
    n = 0
    while n:
        n -= 1
    else:
        n = "else ran"
    return n


def nested_else_carried(rows):
    total = 0
    for row in rows:
        for v in row:
            if v is None:
                break
            total += v
        else:
            total += 1000
    return total


def else_return():
    for i in range(3):
        pass
    else:
        return "from else", i
    return "after"
'''
_UNBOUND_FLAG = "cannot access local variable 'flag' where it is not associated with a value"
LOOP_ELSE_CASES: dict[str, Case] = {
    "for-break-skips-else": (lambda m: m.for_else([1, 2, 3], 2), ("return", [1, "break"])),
    "for-else-runs": (lambda m: m.for_else([1, 2, 3], 9), ("return", [1, 2, 3, "else"])),
    "for-empty-runs-else": (lambda m: m.for_else([], 9), ("return", ["else"])),
    "while-break-skips-else": (lambda m: m.while_else(5, 3), ("return", (3, 3))),
    "while-else-runs": (lambda m: m.while_else(5, 9), ("return", (5, "none"))),
    "continue-in-else-is-outer": (lambda m: m.continue_in_else_belongs_to_outer(),
                                  ("return", ["else 0", "broke 1", "else 2"])),
    "else-assigns-read-after": (lambda m: m.else_assigns([1, 2]),
                                ("return", ("all positive", 2))),
    "break-assigns-read-after": (lambda m: m.else_assigns([1, -2]), ("return", ("negative", None))),
    "else-binding-present": (lambda m: m.else_binding_read_after_break([0, 0]), ("return", True)),
    "else-binding-skipped-by-break": (lambda m: m.else_binding_read_after_break([0, 1]),
                                      Raised("UnboundLocalError", _UNBOUND_FLAG)),
    "while-false-at-start": (lambda m: m.while_else_false_at_start(), ("return", "else ran")),
    "nested-else-carries": (lambda m: m.nested_else_carried([[1, 2], [3, None, 4], []]),
                            ("return", 2006)),
    "return-from-else": (lambda m: m.else_return(), ("return", ("from else", 2))),
}


HANDLER_SOURCE = '''
def handler_cell():
    try:
        raise KeyError("k")
    except KeyError as e:
        f = lambda: e
        first = f()
    try:
        f()
    except NameError as err:
        return repr(first), type(err).__name__, str(err)


def handler_nonlocal():
    e = "outer"

    def inner():
        nonlocal e
        try:
            raise KeyError("k")
        except KeyError as e:
            pass

    inner()
    try:
        return e
    except NameError as err:
        return type(err).__name__, str(err)


def handler_del_inside():
    try:
        raise KeyError
    except KeyError as e:
        del e
    return "ok"


def handler_rebinds_name():
    try:
        raise KeyError
    except KeyError as e:
        e = 5
    try:
        return e
    except UnboundLocalError:
        return "unbound"


def loop_handler_continue(items):
    total = 0
    count = 0
    for x in items:
        try:
            total = total + x
        except TypeError:
            count += 1
            continue
        finally:
            count += 10
        total += 1000
    return total, count


def with_return_suppressed():
    import contextlib
    with contextlib.suppress(ZeroDivisionError):
        return 1 / 0
    return "after"


def finally_reraises_after_handler_raises():
    log = []
    try:
        try:
            raise KeyError
        except KeyError:
            raise ValueError
        finally:
            log.append("fin")
    except ValueError as e:
        return log, type(e.__context__).__name__


def exc_info_in_handler():
    import sys
    try:
        raise KeyError("k")
    except KeyError:
        inside = sys.exc_info()[0].__name__
    return inside, sys.exc_info()[0]


def global_handler_name():
    global GE
    try:
        raise KeyError
    except KeyError as GE:
        pass
    return "GE" in globals()


def return_in_finally_in_loop_break():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                continue
    return "end"


def star_import_unpack_in_with():
    import contextlib
    with contextlib.nullcontext((1, [2, 3])) as (a, [b, *c]):
        return a, b, c


def fstring_nested_quotes(d):
    return f"{d['k']!r:>{len(d)+3}}{'-'.join(str(v) for v in d.values())}"


def comp_in_handler():
    try:
        raise KeyError("a")
    except KeyError as e:
        return [str(e) + s for s in "xy"]


def lambda_handler_default():
    try:
        raise KeyError("a")
    except KeyError as e:
        f = lambda v=e: v
    return type(f()).__name__
'''
HANDLER_CASES: dict[str, Case] = {
    "handler-variable-cell-cleared": (lambda m: m.handler_cell(), (
        "return", ("KeyError('k')", "NameError", _FREE.format("e")))),
    "handler-variable-nonlocal-cleared": (lambda m: m.handler_nonlocal(), (
        "return", ("UnboundLocalError", _UNBOUND_E))),
    "handler-variable-deleted-inside": (lambda m: m.handler_del_inside(), ("return", "ok")),
    "handler-variable-rebound-inside": (lambda m: m.handler_rebinds_name(),
                                        ("return", "unbound")),
    "with-suppress-return": (lambda m: m.with_return_suppressed(), ("return", "after")),
    "finally-after-raising-handler": (lambda m: m.finally_reraises_after_handler_raises(),
                                      ("return", (["fin"], "KeyError"))),
    "exc-info-cleared-after-handler": (lambda m: m.exc_info_in_handler(),
                                       ("return", ("KeyError", None))),
    "global-handler-name-deleted": (lambda m: m.global_handler_name(), ("return", False)),
    "continue-in-finally-overrides-return": (lambda m: m.return_in_finally_in_loop_break(),
                                             ("return", 1)),
    "with-nested-unpack-target": (lambda m: m.star_import_unpack_in_with(),
                                  ("return", (1, 2, [3]))),
    "comprehension-in-handler": (lambda m: m.comp_in_handler(), ("return", ["'a'x", "'a'y"])),
    "lambda-default-in-handler": (lambda m: m.lambda_handler_default(), ("return", "KeyError")),
    "handler-continue-finally-carried": (lambda m: m.loop_handler_continue([1, "a", 2]),
                                         ("return", (2003, 31))),
    "fstring-nested-quotes": (lambda m: m.fstring_nested_quotes({"k": 1, "j": 2}),
                              ("return", "    11-2")),
}


GROUPS: dict[str, tuple[str, dict[str, Case]]] = {
    "try": (TRY_SOURCE, TRY_CASES),
    "with": (WITH_SOURCE, WITH_CASES),
    "fstring": (FSTRING_SOURCE, FSTRING_CASES),
    "closure": (CLOSURE_SOURCE, CLOSURE_CASES),
    "loop-else": (LOOP_ELSE_SOURCE, LOOP_ELSE_CASES),
    "handler-scopes": (HANDLER_SOURCE, HANDLER_CASES),
}


def _case_params() -> list[Any]:
    return [pytest.param(group, case, mode, id=f"{group}-{case}-{mode}")
            for group, (_, cases) in GROUPS.items() for case in cases for mode in MODES]


@pytest.mark.parametrize(("group", "case", "mode"), _case_params())
def test_construct_outcome(group: str, case: str, mode: str) -> None:
    source, cases = GROUPS[group]
    call, expected = cases[case]
    module = _module(source, mode)
    assert outcome(lambda: call(module)) == expected


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_construct_sources_are_fully_lowered(group: str) -> None:
    assert _not_lowered(GROUPS[group][0]) == []


# --- interpreter exceptions carry no internal context -------------------------------------------
CONTEXT_SOURCE = '''
def handler_variable():
    try:
        raise KeyError("k")
    except KeyError as e:
        pass
    return e


def missing_global():
    return no_such_global
'''


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("function", ["handler_variable", "missing_global"])
def test_raised_exception_has_no_hidden_context(function: str, mode: str) -> None:
    module = _module(CONTEXT_SOURCE, mode)
    with pytest.raises(NameError) as info:  # UnboundLocalError is a NameError
        getattr(module, function)()
    assert info.value.__context__ is None


# --- imports inside functions -------------------------------------------------------------------
PACKAGE = "trm_constructs_pkg"
IMPORT_SOURCE = f'''
__package__ = "{PACKAGE}"


def dotted():
    import {PACKAGE}.sub.leaf
    return {PACKAGE}.__name__, {PACKAGE}.sub.leaf.VALUE


def dotted_as():
    import {PACKAGE}.sub.leaf as leaf
    return leaf.__name__, leaf.VALUE


def from_as():
    from {PACKAGE}.sub.leaf import VALUE as v, __name__ as n
    return v, n


def relative():
    from .helper import HELP
    from . import helper as h
    from .sub import leaf
    return HELP, h.__name__, leaf.VALUE


def missing_name():
    from {PACKAGE}.helper import NOPE
    return NOPE


def missing_module():
    import {PACKAGE}.nothere
    return {PACKAGE}


def effects():
    import {PACKAGE}.effects
    import {PACKAGE}.effects as again
    return {PACKAGE}.effects.COUNT + again.COUNT


def shadowing_parameter(os):
    before = os
    import os
    return before, os.sep
'''
PACKAGE_FILES = {
    "__init__.py": "",
    "sub/__init__.py": "",
    "sub/leaf.py": "VALUE = 'leaf'\n",
    "helper.py": "HELP = 'helped'\n",
    "tally.py": "RUNS = []\n",
    "effects.py": "from . import tally\ntally.RUNS.append(__name__)\nCOUNT = 1\n",
}


def _forget_package() -> None:
    for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
        del sys.modules[name]


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for relative_path, text in PACKAGE_FILES.items():
        path = tmp_path / PACKAGE / relative_path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    _forget_package()
    yield
    _forget_package()


def _import_module(mode: str) -> types.ModuleType:
    _forget_package()  # each mode imports afresh, so side effects are counted per mode
    return load(IMPORT_SOURCE, "user.py", mode, name=f"{PACKAGE}.user")


def test_import_source_is_fully_lowered() -> None:
    assert _not_lowered(IMPORT_SOURCE) == []


@pytest.mark.parametrize("mode", MODES)
def test_function_level_imports_bind_like_cpython(package: None, mode: str) -> None:
    module = _import_module(mode)
    assert module.dotted() == (PACKAGE, "leaf")
    assert module.dotted_as() == (f"{PACKAGE}.sub.leaf", "leaf")
    assert module.from_as() == ("leaf", f"{PACKAGE}.sub.leaf")
    assert module.relative() == ("helped", f"{PACKAGE}.helper", "leaf")
    assert module.shadowing_parameter(1) == (1, "/" if sys.platform != "win32" else "\\")
    with pytest.raises(ModuleNotFoundError, match=f"No module named '{PACKAGE}.nothere'"):
        module.missing_module()


@pytest.mark.parametrize("mode", MODES)
def test_imported_module_side_effects_run_once(package: None, mode: str) -> None:
    module = _import_module(mode)
    assert module.effects() == 2
    assert module.effects() == 2
    runs = sys.modules[f"{PACKAGE}.tally"].RUNS
    assert runs == [f"{PACKAGE}.effects"]


@pytest.mark.parametrize("mode", MODES)
def test_missing_name_is_import_error(package: None, mode: str) -> None:
    with pytest.raises(ImportError, match=f"cannot import name 'NOPE' from '{PACKAGE}.helper'"):
        _import_module(mode).missing_name()


@pytest.mark.parametrize("mode", MODES)
def test_missing_name_import_error_matches_cpython_exactly(package: None, mode: str) -> None:
    with pytest.raises(ImportError) as info:
        _import_module(mode).missing_name()
    helper = sys.modules[f"{PACKAGE}.helper"]
    assert str(info.value) == (f"cannot import name 'NOPE' from '{PACKAGE}.helper' "
                               f"({helper.__file__})")
    assert (info.value.name, info.value.path) == (f"{PACKAGE}.helper", helper.__file__)
    assert info.value.__context__ is None


# --- the compiled text: idiomatic, and on the user's lines ----------------------------------------
LINES_SOURCE = '''def in_handler(x):
    try:
        return 1 / x
    except ZeroDivisionError:
        y = [x]
        return y[3]


def in_finally(x):
    try:
        x = x + 1
    finally:
        z = {}
        z[x]


def in_nested(x):
    total = [x]

    def inner(k):
        if k > 1:
            return k.missing
        return k

    return inner(x) + total[0] + len(total)


def in_with(cm):
    with cm as c:
        c.missing


def formatted(x):
    label = f"{x!r:>10}"
    if label:
        return label + f"{x.missing}"
'''
LINE_CALLS: dict[str, tuple[tuple[Any, ...], int]] = {
    "in_handler": ((0,), 6),
    "in_finally": ((1,), 14),
    "in_nested": ((5,), 22),
    "in_with": ((contextlib.nullcontext(3),), 30),
    "formatted": ((1,), 36),
}


def _compiled(source: str) -> tuple[str, dict[str, Any]]:
    result = TRMAgent.load().compile_source(source, "lines.py")
    assert result.source is not None and result.module is not None
    assert [fn.qualname for fn in result.module.functions if not fn.lowered] == []
    namespace: dict[str, Any] = {}
    exec(compile(result.source, "lines.py", "exec", dont_inherit=True), namespace)
    return result.source, namespace


@pytest.mark.parametrize("function", sorted(LINE_CALLS))
def test_traceback_names_the_users_line(function: str) -> None:
    _, namespace = _compiled(LINES_SOURCE)
    args, line = LINE_CALLS[function]
    with pytest.raises(Exception) as info:  # any error: we check where
        namespace[function](*args)
    assert traceback.extract_tb(info.value.__traceback__)[-1].lineno == line


def _statement_lines(source: str) -> list[tuple[str, int]]:
    """Compound statements and clauses, with their lines, in source order."""
    found: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Try, ast.With, ast.FunctionDef)):
            found.append((type(node).__name__, node.lineno))
        if isinstance(node, ast.ExceptHandler):
            found.append(("except", node.lineno))
        if isinstance(node, ast.Try) and node.finalbody:
            found.append(("finally-body", node.finalbody[0].lineno))
    return sorted(found, key=lambda item: item[1])


def test_compiled_text_keeps_try_with_and_def_on_the_users_lines() -> None:
    text, _ = _compiled(LINES_SOURCE)
    assert _statement_lines(text) == _statement_lines(LINES_SOURCE)
    lines = text.splitlines()
    assert lines[1].strip() == "try:" and lines[3].strip() == "except ZeroDivisionError:"
    assert lines[11].strip() == "finally:" and lines[28].strip() == "with cm as c:"
    assert 'f"{x!r:>10}"' in text.replace("'", '"') or "f'{x!r:>10}'" in text


def test_compiled_text_keeps_handler_names_and_imports_idiomatic() -> None:
    source = ("def f(m):\n    import os.path\n    from os import sep as s\n    try:\n"
              "        return os.path.join(s, m)\n    except (TypeError, ValueError) as err:\n"
              "        return str(err)\n")
    text, namespace = _compiled(source)
    assert "import os.path\n" in text and "from os import sep as s\n" in text
    assert "except (TypeError, ValueError) as err:" in text
    assert namespace["f"]("x") == load(source, "f.py", "original").f("x")


# Known line drift, pinned so a fix shows up (each is a wrong traceback line, not wrong results).
DRIFT_SOURCE = '''def first_statement_after_folded(x):
    y = 1

    return x.missing + y


def nested_default_temporary(log):
    log.clear()
    value = 1

    def f(a=log.append("d") or value):
        return a.missing

    return f()
'''


def test_first_statement_keeps_its_line_when_earlier_ones_fold_away() -> None:
    _, namespace = _compiled(DRIFT_SOURCE)
    with pytest.raises(AttributeError) as info:
        namespace["first_statement_after_folded"](1)
    assert traceback.extract_tb(info.value.__traceback__)[-1].lineno == 4


def test_nested_def_with_temporary_default_keeps_its_lines() -> None:
    _, namespace = _compiled(DRIFT_SOURCE)
    with pytest.raises(AttributeError) as info:
        namespace["nested_default_temporary"]([])
    assert traceback.extract_tb(info.value.__traceback__)[-1].lineno == 12


def test_nested_def_keeps_its_first_line_when_earlier_statements_fold_away() -> None:
    source = ("def outer(x):\n    y = x\n\n    def inner(k):\n        return k\n\n"
              "    return inner, y\n")
    _, namespace = _compiled(source)
    assert namespace["outer"](1)[0].__code__.co_firstlineno == 4
