"""parse_module: diagnostics, decoding, scopes and qualnames, checked against CPython itself.

Where CPython can answer (qualnames, closure layout), the expected values come
from compiling the same source, so the tests check agreement with the real
compiler rather than with our own reading of it.
"""

from __future__ import annotations

import ast
import collections
import inspect
import symtable
import sysconfig
import types
import warnings
from pathlib import Path
from typing import Any, cast

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trm_agent.parse import (
    FATAL_CODES,
    Diagnostic,
    ParsedModule,
    Scope,
    _child_scope_nodes,
    _node_key,
    _table_key,
    mangle,
    parse_module,
)

KNOWN_CODES = FATAL_CODES | {"syntax-warning", "deprecated-syntax"}


# ----------------------------------------------------------------------------- helpers


def only_diagnostic(parsed: ParsedModule) -> Diagnostic:
    errors = [d for d in parsed.diagnostics if d.severity == "error"]
    assert len(errors) == 1, parsed.diagnostics
    return errors[0]


def code_objects(code: types.CodeType) -> list[types.CodeType]:
    found: list[types.CodeType] = []
    stack = [code]
    while stack:
        for const in stack.pop().co_consts:
            if isinstance(const, types.CodeType):
                found.append(const)
                stack.append(const)
    return found


def first_line(node: ast.AST) -> int:
    """co_firstlineno of a block: a decorated def/class starts at its first decorator."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])  # type: ignore[attr-defined]


Facts = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]


def cpython_facts(source: str) -> dict[tuple[str, int], list[Facts]]:
    """(name, first line) -> [(qualname, freevars, cellvars, locals)] from real code objects."""
    facts: dict[tuple[str, int], list[Facts]] = collections.defaultdict(list)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module_code = compile(source, "<facts>", "exec", dont_inherit=True)
    for code in code_objects(module_code):
        is_class_body = not code.co_flags & inspect.CO_OPTIMIZED
        local = None if is_class_body else tuple(sorted({*code.co_varnames, *code.co_cellvars}))
        entry = (code.co_qualname, tuple(sorted(code.co_freevars)), tuple(sorted(code.co_cellvars)))
        facts[(code.co_name, code.co_firstlineno)].append((*entry, local))
    return {k: sorted(v) for k, v in facts.items()}


def never_compiled(tree: ast.Module) -> set[ast.AST]:
    """Blocks symtable sees but CPython never compiles: inside annotations of function locals."""
    dead: set[ast.AST] = set()
    stack: list[tuple[ast.AST, bool]] = [(tree, False)]
    while stack:
        node, in_function = stack.pop()
        if in_function and isinstance(node, ast.AnnAssign):
            dead.update(ast.walk(node.annotation))
        inner = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or (
            in_function and not isinstance(node, ast.ClassDef)
        )
        stack.extend((child, inner) for child in ast.iter_child_nodes(node))
    return dead


def our_facts(parsed: ParsedModule) -> dict[tuple[str, int], list[Facts]]:
    facts: dict[tuple[str, int], list[Facts]] = collections.defaultdict(list)
    assert parsed.tree is not None
    dead = never_compiled(parsed.tree)
    for node, scope in parsed.scopes.items():
        assert scope.node is node
        # params come from the node, locals from its symbol table: a mispaired block breaks this
        assert set(scope.params) <= scope.locals, scope
        if node in dead:
            continue
        local = None if scope.kind == "class" else tuple(sorted(scope.locals))
        entry = (scope.qualname, tuple(sorted(scope.frees)), tuple(sorted(scope.cells)))
        facts[(scope.name, first_line(node))].append((*entry, local))
    return {k: sorted(v) for k, v in facts.items()}


def assert_matches_cpython(source: str) -> ParsedModule:
    parsed = parse_module(source, "<facts>")
    assert parsed.ok, parsed.diagnostics
    assert our_facts(parsed) == cpython_facts(source)
    functions = [(n.name, first_line(n), q) for n, q in parsed.functions()]
    expected = [
        (c.co_name, c.co_firstlineno, c.co_qualname)
        for c in code_objects(compile(source, "<facts>", "exec", dont_inherit=True))
        if c.co_flags & inspect.CO_OPTIMIZED and not c.co_name.startswith("<")
    ]
    assert sorted(functions) == sorted(expected)
    return parsed


# ----------------------------------------------------------------------------- Diagnostic


def test_diagnostic_format_with_and_without_hint() -> None:
    bare = Diagnostic("syntax-error", "invalid syntax", "a.py", 3, 7)
    assert bare.format() == "a.py:3:7: error syntax-error: invalid syntax"
    hinted = Diagnostic("decode-error", "bad byte", "b.py", 1, 2, hint="save as UTF-8")
    assert hinted.format() == "b.py:1:2: error decode-error: bad byte (hint: save as UTF-8)"
    warning = Diagnostic("syntax-warning", "w", "c.py", 4, 1, severity="warning")
    assert warning.format() == "c.py:4:1: warning syntax-warning: w"


def test_diagnostic_is_frozen_and_serialisable() -> None:
    d = Diagnostic("unsupported-construct", "try", "m.py", 2, 5, construct="try")
    assert d.to_json() == {
        "code": "unsupported-construct",
        "message": "try",
        "filename": "m.py",
        "line": 2,
        "col": 5,
        "hint": "",
        "construct": "try",
        "severity": "error",
    }
    with pytest.raises(AttributeError):
        d.line = 3  # type: ignore[misc]
    assert not hasattr(d, "__dict__")
    assert d == Diagnostic("unsupported-construct", "try", "m.py", 2, 5, construct="try")


# ----------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("source", "line", "col", "message"),
    [
        ("x = (1,\ny = 2\n", 1, 5, "'(' was never closed"),
        ("def f(:\n    pass\n", 1, 7, "invalid syntax"),
        ("def f():\nreturn 1\n", 2, 1, "expected an indented block"),
        # reported by the code generator, not the parser
        ("x = 1\nreturn x\n", 2, 1, "'return' outside function"),
        ("for x in y:\n    pass\nbreak\n", 3, 1, "'break' outside loop"),
        ("await x\n", 1, 1, "'await' outside function"),
        # reported by symtable
        ("nonlocal x\n", 1, 1, "nonlocal declaration not allowed at module level"),
        (
            "def f():\n    return [(yield x) for x in y]\n",
            2,
            14,
            "'yield' inside list comprehension",
        ),
        ("x = 1\nfrom __future__ import annotations\n", 2, 1, "from __future__ imports must occur"),
    ],
)
def test_syntax_error_location(source: str, line: int, col: int, message: str) -> None:
    parsed = parse_module(source, "bad.py")
    d = only_diagnostic(parsed)
    assert (d.code, d.filename, d.line, d.col) == ("syntax-error", "bad.py", line, col)
    assert d.message.startswith(message)
    assert d.hint
    assert parsed.tree is None and not parsed.ok
    assert parsed.scopes == {} and parsed.functions() == []


def test_columns_are_characters_whichever_stage_reports() -> None:
    # The parser counts characters, the compiler UTF-8 bytes; both must come out in characters.
    late = only_diagnostic(parse_module("x = 'éééé'; return 5\n"))
    assert (late.line, late.col) == (1, 13)
    early = only_diagnostic(parse_module("x = 'éé' +\n"))
    assert (early.line, early.col) == (1, 11)


def test_null_byte_is_located() -> None:
    for source in ("x = 1\ny = '\0'\n", b"x = 1\ny = '\0'\n"):
        d = only_diagnostic(parse_module(source))
        assert (d.code, d.line, d.col) == ("syntax-error", 2, 6)
        assert "null" in d.message and "NUL" in d.hint


@pytest.mark.parametrize("source", ["+".join(["1"] * 100_000), "-" * 100_000 + "1"])
def test_too_deep_input_is_a_diagnostic(source: str) -> None:
    parsed = parse_module(source)
    assert only_diagnostic(parsed).code == "too-complex"
    assert parsed.tree is None and not parsed.ok


def test_warnings_are_reported_but_not_fatal() -> None:
    parsed = parse_module("x = 1\nif x is 1:\n    y = '\\d'\n", "w.py")
    assert parsed.ok and parsed.tree is not None
    got = [(d.code, d.severity, d.line) for d in parsed.diagnostics]
    assert got == [("syntax-warning", "warning", 2), ("deprecated-syntax", "warning", 3)]


# ----------------------------------------------------------------------------- decoding

DECODE_CASES = [
    # (bytes, line, col) of the offending byte or declaration
    (b"x = 1\ny = '\xff'\n", 2, 6),
    (b"x = 1\n\n\nz = b'\x80'\n", 4, 7),
    (b"\xef\xbb\xbfx = 1\ny = '\xfe'\n", 2, 6),  # offsets count from the file start, BOM too
    (b"x = '\xff'\n", 1, 6),  # fails while looking for a cookie
    (b"# coding: no-such-codec\nx = 1\n", 1, 1),
    (b"\xef\xbb\xbf# coding: latin-1\nx = 1\n", 1, 1),  # BOM contradicts cookie
    (b"#!/usr/bin/env python\n# -*- coding: ascii -*-\nx = '\xe9'\n", 3, 6),
]


@pytest.mark.parametrize(("data", "line", "col"), DECODE_CASES)
def test_bad_encoding_is_a_located_decode_error(data: bytes, line: int, col: int) -> None:
    parsed = parse_module(data, "enc.py")
    d = only_diagnostic(parsed)
    assert (d.code, d.filename, d.line, d.col) == ("decode-error", "enc.py", line, col)
    assert d.hint == "save the file as UTF-8 or declare its encoding (PEP 263)"
    assert parsed.tree is None and not parsed.ok


def test_bytes_are_decoded_per_pep_263() -> None:
    latin = parse_module(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n")
    assert latin.ok and "x = 'é'" in latin.source
    bom = parse_module(b"\xef\xbb\xbfx = 1\n")
    assert bom.ok and bom.source == "x = 1\n"


def test_bom_inside_a_str_is_rejected_like_cpython() -> None:
    d = only_diagnostic(parse_module("\ufeffx = 1\n"))
    assert d.code == "syntax-error" and "U+FEFF" in d.message


# ----------------------------------------------------------------------------- qualnames

QUALNAME_SOURCE = """
import functools

class Outer:
    def method(self):
        def inner():
            return lambda: 1
        return inner

    class Nested:
        @staticmethod
        @functools.lru_cache
        def deep():
            pass

        def __private(self):
            pass

def factory():
    class Local:
        def m(self):
            pass
    def g():
        def h():
            pass
        return h
    return Local, g

def declares_global():
    global moved
    def moved():
        pass

async def coro():
    async def inner_coro():
        pass
    return inner_coro

class WithGlobal:
    global relocated, __secret
    def relocated(self):
        pass
    def __secret(self):
        pass
"""


def test_qualnames_match_cpython_code_objects() -> None:
    assert_matches_cpython(QUALNAME_SOURCE)


def test_qualnames_match_real_function_objects() -> None:
    namespace: dict[str, Any] = {}
    exec(compile(QUALNAME_SOURCE, "<qualnames>", "exec", dont_inherit=True), namespace)
    namespace["declares_global"]()  # binds the global 'moved'
    outer = namespace["Outer"]
    local_cls, g = namespace["factory"]()
    real = {
        "method": outer.method,
        "inner": outer().method(),
        "deep": outer.Nested.deep,
        "__private": outer.Nested._Nested__private,
        "factory": namespace["factory"],
        "m": local_cls.m,
        "g": g,
        "h": g(),
        "moved": namespace["moved"],
        "coro": namespace["coro"],
        "relocated": namespace["relocated"],
        "declares_global": namespace["declares_global"],
        "__secret": namespace["_WithGlobal__secret"],
    }
    parsed = parse_module(QUALNAME_SOURCE)
    ours = {node.name: qualname for node, qualname in parsed.functions()}
    for name, function in real.items():
        assert ours[name] == function.__qualname__, name
    assert ours["inner_coro"] == "coro.<locals>.inner_coro"


def test_functions_are_in_source_order() -> None:
    parsed = parse_module(QUALNAME_SOURCE)
    lines = [node.lineno for node, _ in parsed.functions()]
    assert lines == sorted(lines)
    assert parsed.tree is not None
    defs = [
        n for n in ast.walk(parsed.tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))
    ]
    assert len(lines) == len(defs)


# ----------------------------------------------------------------------------- scopes

SCOPE_SOURCE = """
counter = 0

def outer(a, /, b, *args, c, **kw):
    global counter
    counter += 1
    shared = a
    def middle():
        def innermost():
            return shared + len(args)
        return innermost
    def rebinder():
        nonlocal shared
        shared = 2
    unused_here = [x * b for x in args if x]
    return middle, rebinder, print, unused_here

def param_cell(p):
    return lambda: p

class Cls:
    attr = 1
    def uses_super(self):
        return super().__init__()
    def __mangled(self, __arg):
        return __arg

def class_in_function():
    v = 1
    class Inner:
        v = 2
        def m(self):
            return v
    return Inner
"""


@pytest.fixture(scope="module")
def scoped() -> ParsedModule:
    return assert_matches_cpython(SCOPE_SOURCE)


def scope_named(parsed: ParsedModule, qualname: str) -> Scope:
    matches = [s for s in parsed.scopes.values() if s.qualname == qualname]
    assert len(matches) == 1, [s.qualname for s in parsed.scopes.values()]
    return matches[0]


def test_classify_function_names(scoped: ParsedModule) -> None:
    outer = scope_named(scoped, "outer")
    assert outer.params == ("a", "b", "args", "c", "kw")
    assert outer.classify("a") == "local"
    assert outer.classify("kw") == "local"
    assert outer.classify("shared") == "cell"
    assert outer.classify("args") == "cell"  # a parameter captured by innermost
    assert outer.classify("b") == "cell"  # read by the list comprehension, its own scope
    assert outer.classify("counter") == "global"
    assert outer.classify("print") == "global"  # implicit global (a builtin)
    assert outer.globals_explicit == {"counter"}
    assert {"print"} <= outer.globals_implicit
    assert outer.cells == {"shared", "args", "b"}


def test_classify_free_and_nonlocal(scoped: ParsedModule) -> None:
    middle = scope_named(scoped, "outer.<locals>.middle")
    assert middle.classify("shared") == "free"  # only passed through to innermost
    assert middle.frees == {"shared", "args"}
    innermost = scope_named(scoped, "outer.<locals>.middle.<locals>.innermost")
    assert innermost.classify("shared") == "free"
    assert innermost.classify("len") == "global"
    rebinder = scope_named(scoped, "outer.<locals>.rebinder")
    assert rebinder.classify("shared") == "free"
    assert rebinder.nonlocals == {"shared"}
    assert rebinder.locals == set()


def test_classify_names_a_scope_never_mentions(scoped: ParsedModule) -> None:
    innermost = scope_named(scoped, "outer.<locals>.middle.<locals>.innermost")
    assert innermost.classify("b") == "free"  # would resolve to outer's parameter
    assert innermost.classify("not_anywhere") == "global"


def test_module_and_class_scopes(scoped: ParsedModule) -> None:
    module = scoped.module_scope
    assert module is not None and module.kind == "module"
    assert module.classify("counter") == "global"
    assert module.classify("outer") == "global"
    cls = scope_named(scoped, "Cls")
    assert cls.kind == "class" and cls.classify("attr") == "local"
    assert cls.cells == {"__class__"}  # because of super()
    uses_super = scope_named(scoped, "Cls.uses_super")
    assert uses_super.frees == {"__class__"} and uses_super.classify("super") == "global"


def test_class_body_passes_frees_through(scoped: ParsedModule) -> None:
    inner = scope_named(scoped, "class_in_function.<locals>.Inner")
    assert inner.classify("v") == "local"  # the class body's own binding
    assert inner.frees == {"v"}  # ... and it still carries outer's v to m
    assert scope_named(scoped, "class_in_function").cells == {"v"}


def test_private_names_are_mangled(scoped: ParsedModule) -> None:
    mangled = scope_named(scoped, "Cls.__mangled")
    assert mangled.params == ("self", "_Cls__arg")
    assert mangled.classify("__arg") == "local"
    assert "__arg" in mangled and "_Cls__arg" in mangled.locals
    assert mangle("Cls", "__x") == "_Cls__x"
    assert mangle("__", "__x") == "__x"
    assert mangle("_C", "__dunder__") == "__dunder__"
    assert mangle(None, "__x") == "__x"


def test_scopes_exist_for_lambdas_classes_and_comprehensions(scoped: ParsedModule) -> None:
    tree = scoped.tree
    assert tree is not None
    kinds = {
        ast.FunctionDef: "function",
        ast.ClassDef: "class",
        ast.Lambda: "lambda",
        ast.ListComp: "comprehension",
    }
    for node in ast.walk(tree):
        if type(node) in kinds:
            scope = scoped.scopes[node]
            assert scope.kind == kinds[type(node)]
            assert scope.parent is not None
    lam = scope_named(scoped, "param_cell.<locals>.<lambda>")
    assert lam.classify("p") == "free" and lam.parent is scope_named(scoped, "param_cell")
    comp = scope_named(scoped, "outer.<locals>.<listcomp>")
    assert comp.params == (".0",) and comp.classify("x") == "local"
    assert comp.classify("b") == "free"


TRICKY_ORDER_SOURCE = """
from __future__ import annotations
@(lambda f: f)
def g(x=(lambda: 1), *, y=(lambda: 2)) -> (lambda: 3):
    z: (lambda: 4) = 1
    return x
try:
    pass
except (lambda: ValueError)():
    f1 = lambda: 1
else:
    f2 = lambda: 2
d = {(lambda kk: kk): (lambda vv: vv) for q in (lambda ii: ii)(()) if (lambda ff: q)}
h = lambda o=(lambda dd: dd): lambda nn: o
def same_line(a=(lambda p: p), *, b=(lambda q: q)) -> (lambda r: r): return [lambda s: s]
@(lambda c: c)
class K((lambda: object)(), metaclass=(lambda: type)()):
    w = [lambda: i for i in range(3)]
    gen = (j for j in [lambda: 0] for k in (lambda: j,))
"""


@pytest.mark.parametrize("future", [True, False])
def test_scope_matching_in_evaluation_order_corners(future: bool) -> None:
    # Defaults, annotations, decorators, bases and first iterables live in the
    # enclosing scope; try visits else before handlers; many blocks share a line.
    source = TRICKY_ORDER_SOURCE if future else TRICKY_ORDER_SOURCE.split("\n", 2)[2]
    assert_matches_cpython(source)


def test_walk_reproduces_symtable_order_exactly() -> None:
    # The keyed fallback in the matcher would hide an ordering mistake between
    # blocks on one line; here the walk alone must agree with symtable.
    for future in (True, False):
        source = TRICKY_ORDER_SOURCE if future else TRICKY_ORDER_SOURCE.split("\n", 2)[2]
        tree = ast.parse(source)
        pending = [(symtable.symtable(source, "<order>", "exec"), cast(ast.AST, tree))]
        visited = 0
        while pending:
            table, node = pending.pop()
            children = table.get_children()
            nodes = _child_scope_nodes(node, future)
            assert [_table_key(t) for t in children] == [_node_key(n) for n in nodes]
            pending.extend(zip(children, nodes, strict=True))
            visited += 1
        assert visited > 20


STDLIB = Path(sysconfig.get_paths()["stdlib"])
STDLIB_SAMPLE = [
    "ast.py",
    "dataclasses.py",
    "functools.py",
    "enum.py",
    "typing.py",
    "inspect.py",
    "argparse.py",
    "collections/__init__.py",
    "asyncio/tasks.py",
    "json/decoder.py",
    "email/_header_value_parser.py",
    "unittest/mock.py",
]


@pytest.mark.parametrize("relative", STDLIB_SAMPLE)
def test_stdlib_modules_match_cpython(relative: str) -> None:
    path = STDLIB / relative
    if not path.exists():
        pytest.skip(f"{relative} not in this installation")
    source = path.read_bytes()
    parsed = parse_module(source, str(path))
    assert parsed.ok, parsed.diagnostics
    assert_matches_cpython(parsed.source)


# ----------------------------------------------------------------------------- properties


def check_well_formed(parsed: ParsedModule, filename: str) -> None:
    for d in parsed.diagnostics:
        assert d.code in KNOWN_CODES
        assert d.severity in ("error", "warning")
        assert d.filename == filename
        assert isinstance(d.line, int) and d.line >= 1
        assert isinstance(d.col, int) and d.col >= 1
        assert d.message
        assert d.format().startswith(f"{filename}:{d.line}:{d.col}: {d.severity} {d.code}: ")
        if d.severity == "error":
            assert d.hint
    fatal = any(d.code in FATAL_CODES for d in parsed.diagnostics)
    assert parsed.ok is (not fatal)
    assert (parsed.tree is None) is fatal


@pytest.mark.filterwarnings("ignore::SyntaxWarning")  # hypothesmith's own compile() calls
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(source=hypothesmith.from_grammar())
def test_parse_module_never_raises_on_grammar_programs(source: str) -> None:
    parsed = parse_module(source, "gen.py")
    check_well_formed(parsed, "gen.py")
    if parsed.ok:
        assert parsed.tree is not None
        for node in ast.walk(parsed.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
                assert node in parsed.scopes
        assert our_facts(parsed) == cpython_facts(source)


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200) | st.text(max_size=200).map(lambda t: t.encode("utf-8")))
def test_parse_module_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    check_well_formed(parse_module(data, "bytes.py"), "bytes.py")
