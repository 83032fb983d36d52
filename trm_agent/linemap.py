"""Splice regenerated function bodies into the user's source, keeping line numbers.

Each generated statement carries the user's line number; the writer puts it on that line when
the text allows (simple statements of one source line share it, separated by ``;``) and pads with
blank lines otherwise, so a traceback through compiled code names the user's own line.  When the
generated code needs more lines than the original, the rest of the file shifts (drift) — correct,
only less exact for tracebacks.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections.abc import Sequence

_COMPOUND = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With, ast.AsyncWith,
             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Match)


class _Writer:
    """Collects generated lines; ``lines[0]`` continues the user's partially kept first line."""

    def __init__(self, first_line: int) -> None:
        self.first_line = first_line
        self.lines: list[str] = [""]
        self.open_block: object | None = None

    @property
    def current(self) -> int:
        return self.first_line + len(self.lines) - 1

    def start_line(self, target: int, indent: str) -> None:
        if len(self.lines) == 1 and not self.lines[0] and target <= self.first_line:
            return  # the user's prefix already indents the first line
        if len(self.lines) == 1 and not self.lines[0]:
            self.lines[0] = "pass"  # keep the first line a statement; ours start further down
        while self.current < target - 1:
            self.lines.append("")
        self.lines.append(indent)

    def write(self, text: str, indent: str = "") -> None:
        """Append text; continuation lines get ``indent`` unless they are inside a string."""
        head, *more = text.split("\n")
        self.lines[-1] += head
        if not more:
            return
        inside = _lines_inside_strings(text)
        for number, line in enumerate(more, start=2):
            self.lines.append(line if number in inside or not line else indent + line)

    def block(self, stmts: Sequence[ast.stmt], indent: str) -> None:
        block_id = object()
        for position, stmt in enumerate(stmts):
            line = getattr(stmt, "lineno", self.current)
            if not isinstance(stmt, _COMPOUND):
                line = self._before_compound(stmts, position, line)
            if isinstance(stmt, _COMPOUND):
                self.compound(stmt, line, indent)
                continue
            text = ast.unparse(stmt)
            if self.open_block is block_id and line <= self.current and "\n" not in text:
                self.write("; " + text)
            else:
                self.start_line(line, indent)
                self.write(text, indent)
            self.open_block = block_id if "\n" not in text else None

    def _before_compound(self, stmts: Sequence[ast.stmt], position: int, line: int) -> int:
        """Simple statements generated for a compound statement's own line (temporaries of
        its header) go on the line above when that line is free, so the compound keeps its
        line."""
        for later in stmts[position + 1:]:
            later_line = getattr(later, "lineno", None)
            if later_line != line:
                return line
            if isinstance(later, _COMPOUND):
                return line - 1 if self.current < line - 1 else line
        return line

    def clause(self, header: str, body: Sequence[ast.stmt], line: int, indent: str) -> None:
        self.start_line(max(line, self.current + 1), indent)
        self.write(header)
        self.open_block = None
        self.block(body, indent + "    ")
        self.open_block = None

    def suite(self, header: str, body: Sequence[ast.stmt], line: int, indent: str) -> None:
        """``header:`` on its line, then the indented body."""
        self.start_line(line, indent)
        self.write(header + ":", indent)
        self.open_block = None
        self.block(body, indent + "    ")
        self.open_block = None

    def compound(self, stmt: ast.stmt, line: int, indent: str) -> None:
        if isinstance(stmt, ast.Try):
            self.suite("try", stmt.body, line, indent)
            for handler in stmt.handlers:
                header = "except"
                if handler.type is not None:
                    header += " " + ast.unparse(handler.type)
                if handler.name:
                    header += " as " + handler.name
                self.clause(header + ":", handler.body, getattr(handler, "lineno", 0), indent)
            if stmt.orelse:
                self.clause("else:", stmt.orelse, _first_line(stmt.orelse) - 1, indent)
            if stmt.finalbody:
                self.clause("finally:", stmt.finalbody, _first_line(stmt.finalbody) - 1, indent)
            return
        if isinstance(stmt, ast.Match):
            self.suite(f"match {ast.unparse(stmt.subject)}", [], line, indent)
            for case in stmt.cases:
                header = "case " + ast.unparse(case.pattern)
                if case.guard is not None:
                    header += " if " + ast.unparse(case.guard)
                self.clause(header + ":", case.body, getattr(case, "lineno", 0), indent + "    ")
            return
        for decorator in getattr(stmt, "decorator_list", ()):
            self.start_line(getattr(decorator, "lineno", line), indent)
            self.write("@" + ast.unparse(decorator), indent)
            self.open_block = None
        self.suite(_header(stmt), stmt.body, line, indent)  # type: ignore[attr-defined]
        orelse = getattr(stmt, "orelse", None)
        if orelse:  # if/for/while ... else
            first = getattr(orelse[0], "lineno", self.current + 1)
            self.suite("else", orelse, max(first - 1, self.current + 1), indent)


def _header(stmt: ast.stmt) -> str:
    """The header line (without the colon) of a compound statement with one body."""
    if isinstance(stmt, ast.If):
        return f"if {ast.unparse(stmt.test)}"
    if isinstance(stmt, ast.While):
        return f"while {ast.unparse(stmt.test)}"
    if isinstance(stmt, (ast.For, ast.AsyncFor)):
        keyword = "async for" if isinstance(stmt, ast.AsyncFor) else "for"
        return f"{keyword} {ast.unparse(stmt.target)} in {ast.unparse(stmt.iter)}"
    if isinstance(stmt, (ast.With, ast.AsyncWith)):
        keyword = "async with" if isinstance(stmt, ast.AsyncWith) else "with"
        return f"{keyword} {', '.join(ast.unparse(item) for item in stmt.items)}"
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
        keyword = "async def" if isinstance(stmt, ast.AsyncFunctionDef) else "def"
        returns = f" -> {ast.unparse(stmt.returns)}" if stmt.returns is not None else ""
        return f"{keyword} {stmt.name}({ast.unparse(stmt.args)}){returns}"
    assert isinstance(stmt, ast.ClassDef)
    arguments = [ast.unparse(b) for b in stmt.bases] + [ast.unparse(k) for k in stmt.keywords]
    return f"class {stmt.name}" + (f"({', '.join(arguments)})" if arguments else "")


def _lines_inside_strings(text: str) -> set[int]:
    """1-based numbers of the lines that continue a multi-line string literal."""
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type == tokenize.STRING and token.end[0] > token.start[0]:
                inside.update(range(token.start[0] + 1, token.end[0] + 1))
    except (tokenize.TokenError, SyntaxError):
        pass
    return inside


def indent_text(text: str, indent: str) -> str:
    """Indent every line of ``text`` except those that continue a multi-line string."""
    inside = _lines_inside_strings(text)
    return "\n".join(line if number in inside or not line else indent + line
                     for number, line in enumerate(text.split("\n"), start=1))


def _first_line(stmts: Sequence[ast.stmt]) -> int:
    return int(getattr(stmts[0], "lineno", 0)) if stmts else 0


def _statement_start(stmt: ast.stmt, lines: list[str]) -> tuple[int, int]:
    """Where a statement's text begins: its first decorator's ``@`` when it has any."""
    decorators = getattr(stmt, "decorator_list", None)
    if not decorators:
        return stmt.lineno, stmt.col_offset
    line = decorators[0].lineno
    raw = lines[line - 1].encode("utf-8")
    at = raw.rfind(b"@", 0, decorators[0].col_offset)
    return line, at if at >= 0 else decorators[0].col_offset


def _line_offsets(source: str) -> list[int]:
    offsets = [0]
    for line in source.splitlines(keepends=True):
        offsets.append(offsets[-1] + len(line))
    return offsets


def _char_offset(source_lines: list[str], offsets: list[int], line: int, col_bytes: int) -> int:
    """AST columns are UTF-8 byte offsets; convert to a character offset in the source."""
    text = source_lines[line - 1]
    col = len(text.encode("utf-8")[:col_bytes].decode("utf-8", errors="replace"))
    return offsets[line - 1] + col


class Splicer:
    """Collects regenerated bodies for one source file, then splices them in at once."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines = source.splitlines(keepends=True)
        self.offsets = _line_offsets(source)
        self.edits: list[tuple[int, int, str]] = []

    def edit(self, node: ast.FunctionDef | ast.AsyncFunctionDef, stmts: list[ast.stmt]) -> None:
        """Render ``stmts`` as ``node``'s body (after its docstring); raises ValueError when
        the statements cannot be written as Python text, leaving nothing half-done."""
        lines, offsets = self.lines, self.offsets
        body = node.body
        has_doc = (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                   and isinstance(body[0].value.value, str))
        rest = body[1:] if has_doc else body
        if not rest and not stmts:
            return
        first, last = (rest[0], rest[-1]) if rest else (body[0], body[0])
        line_text = lines[body[0].lineno - 1]
        prefix = line_text.encode("utf-8")[:body[0].col_offset].decode("utf-8", "replace")
        own_line = not prefix.strip()
        indent = prefix if own_line else " " * (node.col_offset + 4)
        if rest:
            first_line, first_col = _statement_start(first, lines)
            start = _char_offset(lines, offsets, first_line, first_col)
            first_prefix = lines[first_line - 1].encode("utf-8")[:first_col]
            needs_newline = bool(first_prefix.decode("utf-8", "replace").strip())
        else:  # only a docstring: insert after it
            start = _char_offset(lines, offsets, last.end_lineno or last.lineno,
                                 last.end_col_offset or 0)
            needs_newline = True
        end = _char_offset(lines, offsets, last.end_lineno or last.lineno,
                           last.end_col_offset or 0)
        start_line = (_statement_start(first, lines)[0] if rest
                      else (last.end_lineno or last.lineno))
        writer = _Writer(start_line + (1 if needs_newline else 0))
        writer.block(stmts or [ast.Pass()], indent)
        text = "\n".join(writer.lines)
        if needs_newline:
            text = "\n" + indent + text
        span = (last.end_lineno or last.lineno) - start_line
        used = text.count("\n")
        text += "\n" * max(0, span - used)
        self.edits.append((start, end, text))

    def insert_statement(self, line: int, text: str) -> None:
        """A module-level statement at the start of ``line``: on that line when it is blank (no
        line moves), else as a new line before it (later lines drift by one)."""
        if line <= len(self.lines) and not self.lines[line - 1].strip():
            start = self.offsets[line - 1]
            self.edits.append((start, start + len(self.lines[line - 1].rstrip("\r\n")), text))
        elif line <= len(self.lines):
            self.edits.append((self.offsets[line - 1], self.offsets[line - 1], text + "\n"))
        else:
            end = len(self.source)
            self.edits.append((end, end, ("" if self.source.endswith("\n") else "\n") + text
                               + "\n"))

    def prefix_statement(self, line: int, text: str) -> None:
        """``text; `` before the simple statement that starts ``line`` at column 0."""
        start = self.offsets[line - 1]
        self.edits.append((start, start, text + "; "))

    def result(self) -> str:
        out = self.source
        for start, end, text in sorted(self.edits, reverse=True):
            out = out[:start] + text + out[end:]
        return out


def splice_bodies(source: str, bodies: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef,
                                                  list[ast.stmt]]]) -> str:
    """Replace each function's body (after its docstring) with generated statements."""
    splicer = Splicer(source)
    for node, stmts in bodies:
        splicer.edit(node, stmts)
    return splicer.result()
