"""Source -> checked AST, scopes and diagnostics.

Everything downstream (translation, codegen, the harness) may assume that a
``ParsedModule`` whose ``ok`` is true holds a tree CPython 3.11 itself would
compile, and that every name in it has been resolved exactly as CPython's
compiler resolves it.  So this module asks CPython rather than guessing: the
tree comes from :func:`ast.parse`, acceptance from a full :func:`compile` (which
also reports errors only the code generator finds, such as ``'return' outside
function``), and scopes from the stdlib :mod:`symtable`.  Bad input of any kind
becomes a :class:`Diagnostic`; :func:`parse_module` never raises.
"""

from __future__ import annotations

import ast
import codecs
import io
import re
import symtable
import tokenize
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Literal

__all__ = [
    "FATAL_CODES",
    "Diagnostic",
    "NameKind",
    "ParsedModule",
    "Scope",
    "ScopeKind",
    "mangle",
    "parse_module",
]

ScopeKind = Literal["module", "function", "class", "lambda", "comprehension"]
NameKind = Literal["local", "cell", "free", "global", "nonlocal"]
_Table = symtable.SymbolTable

#: Diagnostic codes after which there is no usable tree.
FATAL_CODES = frozenset({"syntax-error", "decode-error", "too-complex"})

_DECODE_HINT = "save the file as UTF-8 or declare its encoding (PEP 263)"
_TOO_COMPLEX_HINT = "split the deeply nested expression or statement into smaller parts"
_DEFAULT_SYNTAX_HINT = "fix the source so that CPython 3.11 compiles it (python -m py_compile FILE)"

# Specific advice for the errors people actually hit; the default hint covers the rest.
_SYNTAX_HINTS: tuple[tuple[str, str], ...] = (
    ("Missing parentheses in call to 'print'", "this is Python 2 code; port it to Python 3"),
    ("leading zeros in decimal integer", "write octal numbers with the 0o prefix"),
    ("null bytes", "remove the NUL (\\x00) characters; a text file never contains them"),
    ("non-printable character U+FEFF", "remove the byte-order mark, or pass the source as bytes"),
    ("outside function", "move the statement into a function body"),
    ("outside loop", "use the statement only inside a for or while loop"),
    ("nonlocal declaration not allowed at module level", "use 'global' at module level"),
    ("no binding for nonlocal", "bind the name in an enclosing function, or declare it 'global'"),
    ("unindent does not match", "indent consistently (4 spaces per level, no tabs)"),
    ("inconsistent use of tabs", "indent with spaces only"),
    ("expected an indented block", "indent the body of the block, or write 'pass'"),
    ("unexpected indent", "remove the extra indentation"),
    ("was never closed", "close the bracket or string"),
    ("unterminated", "close the string literal"),
    ("invalid syntax", "check the marked position for a typo or a missing operator"),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding about the input, located for a person and for tools.

    Immutable so diagnostics can be deduplicated, hashed and shared between
    reports without copies.
    """

    code: str
    message: str
    filename: str
    line: int
    col: int
    hint: str = ""
    construct: str | None = None
    severity: str = "error"

    def format(self) -> str:
        """Render in the ``file:line:col:`` form editors and CI logs link to."""
        where = f"{self.filename}:{self.line}:{self.col}"
        text = f"{where}: {self.severity} {self.code}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_json(self) -> dict[str, object]:
        """Plain dict for the ``--json`` outputs, whose keys must stay stable."""
        return asdict(self)


def mangle(private: str | None, name: str) -> str:
    """Apply CPython's private-name mangling (``_Py_Mangle``).

    symtable and code objects store ``__x`` inside ``class C`` as ``_C__x``; a
    caller holding the source spelling needs the same transformation to look
    the name up.
    """
    if private is None or not name.startswith("__") or name.endswith("__") or "." in name:
        return name
    stripped = private.lstrip("_")
    if not stripped:
        return name
    return f"_{stripped}{name}"


class Scope:
    """Name resolution of one code block, as CPython's compiler sees it.

    Sets hold the *mangled* spelling, the one code objects use (``co_varnames``
    etc.); use :meth:`classify`, which mangles, when starting from source names.
    ``frees`` and ``cells`` equal ``co_freevars`` and ``co_cellvars`` of the
    compiled block, including names a class body only passes through to its
    methods.
    """

    __slots__ = (
        "_kinds",
        "cells",
        "children",
        "frees",
        "globals_explicit",
        "globals_implicit",
        "kind",
        "locals",
        "name",
        "node",
        "nonlocals",
        "params",
        "parent",
        "private",
        "qualname",
    )

    def __init__(
        self,
        name: str,
        kind: ScopeKind,
        node: ast.AST,
        qualname: str,
        private: str | None,
        parent: Scope | None,
    ) -> None:
        self.name = name
        self.kind: ScopeKind = kind
        self.node = node
        self.qualname = qualname
        self.private = private
        self.parent = parent
        self.children: list[Scope] = []
        self.params: tuple[str, ...] = ()
        self.locals: set[str] = set()
        self.cells: set[str] = set()
        self.frees: set[str] = set()
        self.globals_explicit: set[str] = set()
        self.globals_implicit: set[str] = set()
        self.nonlocals: set[str] = set()
        self._kinds: dict[str, NameKind] = {}

    def __repr__(self) -> str:
        return f"<Scope {self.kind} {self.qualname!r}>"

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and mangle(self.private, name) in self._kinds

    def classify(self, name: str) -> NameKind:
        """How a use of *name* in this block's own code is resolved.

        In the module block every name is ``"global"``: its namespace is the
        globals dict.  A class-body name that the body binds is ``"local"`` even
        when the same name is also passed through to a method as a free variable.
        ``nonlocal`` names are ``"free"`` (they live in the enclosing cell).
        A name this block never mentions is resolved as a load of it here would
        be: ``"free"`` if an enclosing function binds it, else ``"global"``.
        """
        key = mangle(self.private, name)
        kind = self._kinds.get(key)
        if kind is not None:
            return kind
        scope = self.parent
        while scope is not None and scope.kind != "module":
            if scope.kind != "class" and scope._kinds.get(key) in ("local", "cell", "free"):
                return "free"
            scope = scope.parent
        return "global"


class ParsedModule:
    """The result of :func:`parse_module`: tree, scopes and diagnostics together.

    ``tree`` is None whenever a fatal diagnostic was produced, so a caller can
    never translate a tree CPython would reject.
    """

    __slots__ = ("diagnostics", "filename", "module_scope", "scopes", "source", "tree")

    def __init__(
        self,
        filename: str,
        source: str,
        tree: ast.Module | None,
        diagnostics: list[Diagnostic],
        scopes: dict[ast.AST, Scope] | None = None,
        module_scope: Scope | None = None,
    ) -> None:
        self.filename = filename
        self.source = source
        self.tree = tree
        self.diagnostics = diagnostics
        self.scopes: dict[ast.AST, Scope] = scopes if scopes is not None else {}
        self.module_scope = module_scope

    def __repr__(self) -> str:
        return f"<ParsedModule {self.filename!r} ok={self.ok} diagnostics={len(self.diagnostics)}>"

    @property
    def ok(self) -> bool:
        """True when CPython compiles the source, i.e. the tree can be used."""
        if self.tree is None:
            return False
        return not any(d.severity == "error" and d.code in FATAL_CODES for d in self.diagnostics)

    def functions(self) -> list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]]:
        """Every ``def``/``async def`` at any depth, in source order, with its ``__qualname__``."""
        if self.tree is None:
            return []
        out: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, str]] = []
        for node in _statements_preorder(self.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                scope = self.scopes.get(node)
                out.append((node, scope.qualname if scope is not None else node.name))
        return out


# --------------------------------------------------------------------------- parse_module


def parse_module(source: str | bytes, filename: str = "<string>") -> ParsedModule:
    """Parse, check and resolve *source*; every problem becomes a Diagnostic.

    Bytes are decoded as the interpreter decodes a file (PEP 263 cookie, BOM,
    UTF-8 default); a str is taken as already decoded.
    """
    if isinstance(source, (bytes, bytearray, memoryview)):
        text, diagnostic = _decode(bytes(source), filename)
        if diagnostic is not None:
            return ParsedModule(filename, text, None, [diagnostic])
    else:
        text = source
    diagnostics: list[Diagnostic] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tree, table, fatal = _check(text, filename)
    diagnostics.extend(_warning_diagnostics(caught, filename))
    if fatal is not None:
        diagnostics.insert(0, fatal)
        return ParsedModule(filename, text, None, diagnostics)
    assert tree is not None and table is not None
    try:
        scopes, module_scope = _build_scopes(tree, table)
    except RecursionError:
        diagnostics.insert(0, _too_complex(filename))
        return ParsedModule(filename, text, None, diagnostics)
    return ParsedModule(filename, text, tree, diagnostics, scopes, module_scope)


def _check(text: str, filename: str) -> tuple[ast.Module | None, _Table | None, Diagnostic | None]:
    """Run CPython's front end: compile (parse + symtable + codegen), then tree and tables.

    Compiling the text first is the cheap, complete acceptance test (it finds
    errors only codegen reports, like ``'return' outside function``) and it
    never builds Python AST objects.
    """
    try:
        compile(text, filename, "exec", dont_inherit=True)
        tree = ast.parse(text, filename)
        table = symtable.symtable(text, filename, "exec")
    except SyntaxError as exc:
        return None, None, _syntax_diagnostic(exc, text, filename)
    except (RecursionError, MemoryError):
        return None, None, _too_complex(filename)
    except (ValueError, OverflowError, SystemError) as exc:
        # CPython's front end refusing the input in some other way; still the input's fault.
        return None, None, _located_error(text, filename, f"{type(exc).__name__}: {exc}")
    return tree, table, None


def _parser_accepts(text: str, filename: str) -> bool:
    """Whether the error came after parsing; those stages report columns in UTF-8 bytes."""
    try:
        ast.parse(text, filename)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def _too_complex(filename: str) -> Diagnostic:
    return Diagnostic(
        "too-complex",
        "the source is nested too deeply for CPython's compiler",
        filename,
        1,
        1,
        hint=_TOO_COMPLEX_HINT,
    )


def _located_error(text: str, filename: str, message: str) -> Diagnostic:
    """A syntax error without a location; point at the NUL byte when that is the cause."""
    line, col = 1, 1
    if "\0" in text:
        line, col = _offset_to_line_col(text, text.index("\0"))
    return Diagnostic("syntax-error", message, filename, line, col, hint=_syntax_hint(message))


def _syntax_diagnostic(exc: SyntaxError, text: str, filename: str) -> Diagnostic:
    """Locate a SyntaxError in characters, whichever stage of CPython raised it."""
    message = exc.msg or str(exc)
    if exc.lineno is None:
        return _located_error(text, filename, message)
    line = max(exc.lineno, 1)
    col = exc.offset if exc.offset is not None and exc.offset > 0 else 1
    if not text.isascii() and _parser_accepts(text, filename):
        col = _byte_col_to_char_col(text, line, col)
    return Diagnostic("syntax-error", message, filename, line, col, hint=_syntax_hint(message))


def _syntax_hint(message: str) -> str:
    for needle, hint in _SYNTAX_HINTS:
        if needle in message:
            return hint
    return _DEFAULT_SYNTAX_HINT


def _byte_col_to_char_col(text: str, line: int, col: int) -> int:
    """Convert a 1-based UTF-8 byte column on *line* to a 1-based character column."""
    lines = _NEWLINE_RE.split(text)
    if line > len(lines):
        return col
    encoded = lines[line - 1].encode("utf-8", "surrogatepass")
    return len(encoded[: col - 1].decode("utf-8", "replace")) + 1


# The line ends CPython's tokenizer knows; str.splitlines() also splits on \f, \x1c, U+2028...
_NEWLINE_RE = re.compile(r"\r\n|\r|\n")


def _offset_to_line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    line = before.count("\n") + 1
    return line, offset - (before.rfind("\n") + 1) + 1


def _warning_diagnostics(caught: list[warnings.WarningMessage], filename: str) -> list[Diagnostic]:
    """Compile-time warnings (``x is 1``, bad escapes) as warning diagnostics, once each."""
    seen: set[tuple[str, str, int]] = set()
    out: list[Diagnostic] = []
    for warning in caught:
        if not issubclass(warning.category, (SyntaxWarning, DeprecationWarning)):
            continue
        if warning.filename != filename:
            continue
        syntax = issubclass(warning.category, SyntaxWarning)
        code = "syntax-warning" if syntax else "deprecated-syntax"
        message = str(warning.message)
        key = (code, message, warning.lineno)
        if key in seen:
            continue
        seen.add(key)
        line = max(warning.lineno, 1)
        out.append(Diagnostic(code, message, filename, line, 1, severity="warning"))
    out.sort(key=lambda d: d.line)
    return out


# --------------------------------------------------------------------------- decoding

_COOKIE_RE = re.compile(rb"^[ \t\f]*#.*?coding[:=]")


def _decode(data: bytes, filename: str) -> tuple[str, Diagnostic | None]:
    """Decode as the interpreter decodes a source file; a failure is located at the bad byte.

    On failure the returned text is a lossy UTF-8 decoding, kept only so that
    tools can still show the offending line.
    """
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        line, col = _locate_cookie_problem(data)
        message = exc.msg or str(exc)
        if data.startswith(codecs.BOM_UTF8) and "encoding problem" in message:
            message = f"a UTF-8 byte-order mark contradicts the declared encoding ({message})"
        return _lossy(data), Diagnostic(
            "decode-error", message, filename, line, col, hint=_DECODE_HINT
        )
    try:
        return data.decode(encoding), None
    except UnicodeDecodeError as exc:
        start = exc.start
        if encoding == "utf-8-sig" and data.startswith(codecs.BOM_UTF8):
            start += len(codecs.BOM_UTF8)  # the codec reports offsets after the BOM
        line, col = _byte_line_col(data, start)
        bad = data[start : start + 1].hex()
        shown = "utf-8" if encoding == "utf-8-sig" else encoding
        message = f"byte 0x{bad} cannot be decoded as {shown}: {exc.reason}"
        return _lossy(data), Diagnostic(
            "decode-error", message, filename, line, col, hint=_DECODE_HINT
        )
    except LookupError as exc:  # a codec tokenize accepts but this build lacks
        return _lossy(data), Diagnostic("decode-error", str(exc), filename, 1, 1, hint=_DECODE_HINT)


def _lossy(data: bytes) -> str:
    return data.removeprefix(codecs.BOM_UTF8).decode("utf-8", "replace")


def _byte_line_col(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _locate_cookie_problem(data: bytes) -> tuple[int, int]:
    """Point at the cookie line, else at the first undecodable byte of the first two lines."""
    first_two = data.split(b"\n", 2)[:2]
    for number, raw in enumerate(first_two, start=1):
        if _COOKIE_RE.match(raw):
            return number, 1
    head = b"\n".join(first_two)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(data.removeprefix(codecs.BOM_UTF8)))
        return _byte_line_col(data, offset)
    return 1, 1


# --------------------------------------------------------------------------- scopes

_ScopeNode = (
    ast.FunctionDef
    | ast.AsyncFunctionDef
    | ast.ClassDef
    | ast.Lambda
    | ast.ListComp
    | ast.SetComp
    | ast.DictComp
    | ast.GeneratorExp
)
_SCOPE_NODES = (
    ast.FunctionDef,
    ast.AsyncFunctionDef,
    ast.ClassDef,
    ast.Lambda,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
_COMPREHENSION_NAMES: dict[type[ast.AST], str] = {
    ast.ListComp: "listcomp",
    ast.SetComp: "setcomp",
    ast.DictComp: "dictcomp",
    ast.GeneratorExp: "genexpr",
}


class _Emit:
    """Stack marker: the scope node is reached after its enclosing-scope parts."""

    __slots__ = ("node",)

    def __init__(self, node: ast.AST) -> None:
        self.node = node


def _build_scopes(tree: ast.Module, table: _Table) -> tuple[dict[ast.AST, Scope], Scope]:
    """Pair each symtable block with its AST node, walking both trees together.

    A worklist instead of recursion: nesting depth is the input's choice.
    """
    future_annotations = _has_future_annotations(tree)
    module_scope = Scope("<module>", "module", tree, "", None, None)
    scopes: dict[ast.AST, Scope] = {}
    pending: list[tuple[_Table, Scope]] = [(table, module_scope)]
    while pending:
        current_table, scope = pending.pop()
        _fill(scope, current_table)  # before the children: their qualnames read it
        children = current_table.get_children()
        nodes = _child_scope_nodes(scope.node, future_annotations)
        for child_table, node in _match(children, nodes):
            child = _new_scope(node, scope)
            scope.children.append(child)
            scopes[node] = child
            pending.append((child_table, child))
    _finish_frees(module_scope)
    return scopes, module_scope


def _new_scope(node: _ScopeNode, parent: Scope) -> Scope:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        kind: ScopeKind = "function"
        name = node.name
    elif isinstance(node, ast.ClassDef):
        kind, name = "class", node.name
    elif isinstance(node, ast.Lambda):
        kind, name = "lambda", "<lambda>"
    else:
        kind, name = "comprehension", f"<{_COMPREHENSION_NAMES[type(node)]}>"
    private = node.name if isinstance(node, ast.ClassDef) else parent.private
    return Scope(name, kind, node, _qualname(name, kind, parent), private, parent)


def _qualname(name: str, kind: ScopeKind, parent: Scope) -> str:
    """``__qualname__`` exactly as ``compiler_set_qualname`` in CPython 3.11 builds it."""
    if parent.kind == "module":
        return name
    if kind in ("function", "class") and mangle(parent.private, name) in parent.globals_explicit:
        return name
    if parent.kind in ("function", "lambda"):
        return f"{parent.qualname}.<locals>.{name}"
    return f"{parent.qualname}.{name}"


def _table_key(table: _Table) -> tuple[str, str, int]:
    return table.get_type(), table.get_name(), table.get_lineno()


def _node_key(node: _ScopeNode) -> tuple[str, str, int]:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return "function", node.name, node.lineno
    if isinstance(node, ast.ClassDef):
        return "class", node.name, node.lineno
    if isinstance(node, ast.Lambda):
        return "function", "lambda", node.lineno
    return "function", _COMPREHENSION_NAMES[type(node)], node.lineno


def _match(tables: list[_Table], nodes: list[_ScopeNode]) -> Iterator[tuple[_Table, _ScopeNode]]:
    """Pair child tables with nodes: by position when the walk order agrees, else by key.

    The walk reproduces symtable.c's visiting order, so the positional pairing is
    the normal case; the keyed fallback keeps an unforeseen ordering from
    mismatching blocks (it can only confuse blocks with the same name and line).
    """
    if len(tables) == len(nodes):
        pairs = list(zip(tables, nodes, strict=True))
        if all(_table_key(t) == _node_key(n) for t, n in pairs):
            yield from pairs
            return
    by_key: dict[tuple[str, str, int], list[_ScopeNode]] = {}
    for node in nodes:
        by_key.setdefault(_node_key(node), []).append(node)
    for table in tables:
        candidates = by_key.get(_table_key(table))
        if candidates:
            yield table, candidates.pop(0)


def _fill(scope: Scope, table: _Table) -> None:
    """Copy the symbol facts of *table* into *scope* (children's frees come later)."""
    kinds = scope._kinds
    for symbol in table.get_symbols():
        name = symbol.get_name()
        if symbol.is_declared_global():
            scope.globals_explicit.add(name)
            kinds[name] = "global"
        elif symbol.is_free():
            scope.frees.add(name)
            if symbol.is_nonlocal():
                scope.nonlocals.add(name)
            kinds[name] = "free"
        elif scope.kind == "module":
            if symbol.is_local():
                scope.locals.add(name)
            else:
                scope.globals_implicit.add(name)
            kinds[name] = "global"
        elif symbol.is_local():
            scope.locals.add(name)
            kinds[name] = "local"
        else:
            scope.globals_implicit.add(name)
            kinds[name] = "global"
    scope.params = _params(scope, table)


def _params(scope: Scope, table: _Table) -> tuple[str, ...]:
    node = scope.node
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
        args = node.args
        ordered = [*args.posonlyargs, *args.args]
        if args.vararg is not None:
            ordered.append(args.vararg)
        ordered.extend(args.kwonlyargs)
        if args.kwarg is not None:
            ordered.append(args.kwarg)
        return tuple(mangle(scope.private, a.arg) for a in ordered)
    if isinstance(table, symtable.Function):
        return tuple(table.get_parameters())  # a comprehension's implicit ".0"
    return ()


def _finish_frees(module_scope: Scope) -> None:
    """Derive cells and pass-through frees bottom-up, as the compiler lays out closures.

    A name free in a child is a cell here if this block binds it (functions) or
    is ``__class__`` (classes); otherwise this block must carry it through, so it
    is free here too -- even a class that binds the same name in its own body.
    """
    order: list[Scope] = []
    stack = [module_scope]
    while stack:
        scope = stack.pop()
        order.append(scope)
        stack.extend(scope.children)
    for scope in reversed(order):  # children before parents
        child_frees: set[str] = set()
        for child in scope.children:
            child_frees |= child.frees
        if scope.kind == "module":
            continue
        if scope.kind == "class":
            cells = child_frees & {"__class__"}
        else:
            cells = child_frees & scope.locals
        scope.cells = cells
        scope.frees |= child_frees - cells
        for name in cells:
            if scope._kinds.get(name) == "local":
                scope._kinds[name] = "cell"


def _has_future_annotations(tree: ast.Module) -> bool:
    """``from __future__ import annotations`` stops symtable from visiting annotations."""
    for stmt in tree.body:
        if (
            isinstance(stmt, ast.ImportFrom)
            and stmt.module == "__future__"
            and any(alias.name == "annotations" for alias in stmt.names)
        ):
            return True
    return False


def _child_scope_nodes(block: ast.AST, future_annotations: bool) -> list[_ScopeNode]:
    """The scope nodes whose tables are direct children of *block*, in symtable's order.

    Mirrors symtable.c's visitor: a def's defaults, annotations and decorators,
    a class's bases and keywords, and a comprehension's first iterable belong to
    the enclosing block and are visited before the new block; ``try`` visits
    ``else`` before the handlers.
    """
    out: list[_ScopeNode] = []
    stack: list[ast.AST | _Emit] = list(reversed(_block_contents(block, future_annotations)))
    while stack:
        item = stack.pop()
        if isinstance(item, _Emit):
            out.append(item.node)  # type: ignore[arg-type]
        elif isinstance(item, _SCOPE_NODES):
            stack.append(_Emit(item))
            stack.extend(reversed(_outer_parts(item, future_annotations)))
        else:
            stack.extend(reversed(_ordered_children(item, future_annotations)))
    return out


def _block_contents(block: ast.AST, future_annotations: bool) -> list[ast.AST]:
    """What symtable visits *inside* the block's own table."""
    if isinstance(block, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return list(block.body)
    if isinstance(block, ast.Lambda):
        return [block.body]
    if isinstance(block, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        first, *rest = block.generators
        parts: list[ast.AST] = [first.target, *first.ifs]
        for generator in rest:
            parts.extend([generator.target, generator.iter, *generator.ifs])
        if isinstance(block, ast.DictComp):
            parts.extend([block.value, block.key])
        else:
            parts.append(block.elt)
        return parts
    return []


def _outer_parts(node: _ScopeNode, future_annotations: bool) -> list[ast.AST]:
    """The parts of a scope node evaluated in the enclosing block, in symtable's order."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parts = _defaults(node.args)
        if not future_annotations:
            parts.extend(_annotations(node.args, node.returns))
        parts.extend(node.decorator_list)
        return parts
    if isinstance(node, ast.Lambda):
        return _defaults(node.args)
    if isinstance(node, ast.ClassDef):
        return [*node.bases, *(k.value for k in node.keywords), *node.decorator_list]
    return [node.generators[0].iter]


def _defaults(args: ast.arguments) -> list[ast.AST]:
    return [*args.defaults, *(d for d in args.kw_defaults if d is not None)]


def _annotations(args: ast.arguments, returns: ast.expr | None) -> list[ast.AST]:
    # symtable.c order: posonly, args, *vararg, **kwarg, kwonly, then the return annotation.
    ordered = [*args.posonlyargs, *args.args]
    if args.vararg is not None:
        ordered.append(args.vararg)
    if args.kwarg is not None:
        ordered.append(args.kwarg)
    ordered.extend(args.kwonlyargs)
    parts: list[ast.AST] = [a.annotation for a in ordered if a.annotation is not None]
    if returns is not None:
        parts.append(returns)
    return parts


def _ordered_children(node: ast.AST, future_annotations: bool) -> list[ast.AST]:
    if isinstance(node, (ast.Try, ast.TryStar)):
        return [*node.body, *node.orelse, *node.handlers, *node.finalbody]
    if isinstance(node, ast.AnnAssign) and future_annotations:
        return [node.target] if node.value is None else [node.target, node.value]
    out: list[ast.AST] = []
    for field in _CHILD_FIELDS.get(type(node), ()):
        value = getattr(node, field, None)
        if isinstance(value, list):
            out.extend(x for x in value if isinstance(x, ast.AST) and type(x) not in _LEAF_TYPES)
        elif isinstance(value, ast.AST) and type(value) not in _LEAF_TYPES:
            out.append(value)
    return out


def _child_fields_table() -> dict[type, tuple[str, ...]]:
    """Per node class, the fields that can hold nodes: the walk's hot loop skips the rest.

    This is what ast.iter_child_nodes does, minus its generic per-field probing;
    the scope walk visits every node of every module, so it matters.
    """
    table: dict[type, tuple[str, ...]] = {}
    pending: list[type] = [ast.AST]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        fields = getattr(cls, "_fields", ())
        table[cls] = tuple(f for f in fields if f not in _SCALAR_FIELDS)
    return table


# Fields that hold strings, ints or operator singletons, never a scope.
_SCALAR_FIELDS = frozenset(
    {
        "ctx",
        "op",
        "ops",
        "name",
        "id",
        "arg",
        "attr",
        "module",
        "level",
        "names",
        "asname",
        "type_comment",
        "type_ignores",
        "kind",
        "conversion",
        "is_async",
        "simple",
        "lineno",
        "tag",
    }
)
# Nodes that never contain a scope node; not even worth pushing.
_LEAF_TYPES = frozenset(
    {
        ast.Name,
        ast.Constant,
        ast.Pass,
        ast.Break,
        ast.Continue,
        ast.Global,
        ast.Nonlocal,
        ast.Import,
        ast.ImportFrom,
        ast.alias,
    }
)
_CHILD_FIELDS = _child_fields_table()


def _statements_preorder(tree: ast.Module) -> Iterator[ast.AST]:
    """Statements at every depth in source order; expressions cannot hold a ``def``."""
    stack: list[ast.AST] = list(reversed(tree.body))
    while stack:
        node = stack.pop()
        yield node
        children = [child for child in ast.iter_child_nodes(node) if _holds_statements(child)]
        stack.extend(reversed(children))


def _holds_statements(node: ast.AST) -> bool:
    return isinstance(node, (ast.stmt, ast.excepthandler, ast.match_case))
