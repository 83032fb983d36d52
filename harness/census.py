"""Which language constructs each function uses, for "construct X is lowered in N% of its
occurrences" (the coverage issue's acceptance).  Counted per function on its own body:
nested functions are functions of their own, and count there."""

from __future__ import annotations

import ast
from collections import Counter

_NESTED = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)

_BY_TYPE: dict[type, str] = {
    ast.Try: "try", ast.TryStar: "try", ast.With: "with", ast.AsyncWith: "async-with",
    ast.AsyncFor: "async-for", ast.ListComp: "comprehension", ast.SetComp: "comprehension",
    ast.DictComp: "comprehension", ast.GeneratorExp: "generator-expression",
    ast.JoinedStr: "f-string", ast.Lambda: "lambda", ast.Yield: "yield",
    ast.YieldFrom: "yield-from", ast.Await: "await", ast.Match: "match",
    ast.NamedExpr: "walrus", ast.Delete: "del", ast.Global: "global", ast.Nonlocal: "nonlocal",
    ast.Assert: "assert", ast.Starred: "starred", ast.Import: "import",
    ast.ImportFrom: "import", ast.ClassDef: "class", ast.FunctionDef: "nested-function",
    ast.AsyncFunctionDef: "nested-function",
}


def census(function: ast.FunctionDef | ast.AsyncFunctionDef) -> Counter[str]:
    """Occurrences of each tracked construct in one function (not in nested bodies)."""
    found: Counter[str] = Counter()
    if isinstance(function, ast.AsyncFunctionDef):
        found["async"] += 1
    if function.args.kwonlyargs:
        found["keyword-only-parameters"] += 1
    if function.args.posonlyargs:
        found["positional-only-parameters"] += 1
    stack: list[ast.AST] = list(function.body)
    while stack:
        node = stack.pop()
        _count(node, found)
        if isinstance(node, _NESTED):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stack.extend(node.decorator_list)  # evaluated here; the body is elsewhere
            continue
        stack.extend(ast.iter_child_nodes(node))
    return found


def _count(node: ast.AST, found: Counter[str]) -> None:
    name = _BY_TYPE.get(type(node))
    if name is not None:
        found[name] += 1
    if isinstance(node, (ast.For, ast.While)) and node.orelse:
        found["loop-else"] += 1
    elif isinstance(node, ast.Raise) and node.cause is not None:
        found["raise-from"] += 1
    elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) \
            and node.decorator_list:
        found["decorator"] += 1
    elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
            and node.func.id == "super" and not node.args:
        found["zero-argument-super"] += 1
    elif isinstance(node, ast.Slice) and node.step is not None:
        found["slice-step"] += 1
    elif isinstance(node, ast.Name) and node.id == "__debug__":
        found["__debug__"] += 1
