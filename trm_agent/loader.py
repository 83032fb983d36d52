"""Load a module from source in one of three modes, for differential testing.

``original`` runs the user's source; ``compiled`` runs the drop-in replacement; ``interpreted``
runs the module's own top-level code natively but every lowered function body in the IR
interpreter, so the interpreter is checked on exactly the calls real code makes.
"""

from __future__ import annotations

import ast
import sys
import types
from typing import Any

from trm_agent.agent import TRMAgent
from trm_agent.ir.core import Function, Module
from trm_agent.ir.interpreter import INTERP_HOOK, Interpreter, free_names, trampoline
from trm_agent.linemap import splice_bodies

MODES = ("original", "compiled", "interpreted")


def interpreted_source(source: str, filename: str) -> tuple[str, Module, list[Function]]:
    """The module source with each lowered function's body replaced by an interpreter call.

    Functions nested in a lowered function are created by the interpreter (``py.func``), so
    only the outermost lowered functions are replaced here.
    """
    agent = TRMAgent.load()
    parsed = agent.parse_module(source, filename)
    module = agent.translate_ast(parsed)
    bodies: list[tuple[ast.FunctionDef | ast.AsyncFunctionDef, list[ast.stmt]]] = []
    functions: list[Function] = []
    replaced: set[Function] = set()
    for fn in module.functions:
        if not fn.lowered or any(p in replaced for p in fn.enclosing()):
            continue
        bodies.append((fn.node, [trampoline(fn, len(functions), free_names(module, fn))]))
        functions.append(fn)
        replaced.add(fn)
    return splice_bodies(parsed.source, bodies), module, functions


def load(source: str, filename: str, mode: str, name: str = "__trm_test__",
         opt: str = "none") -> types.ModuleType:
    """Execute ``source`` as a fresh module (registered in sys.modules while it runs)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    module = types.ModuleType(name)
    module.__file__ = filename
    namespace = module.__dict__
    if mode == "original":
        text = source
    elif mode == "compiled":
        result = TRMAgent.load().compile_source(source, filename, opt)
        if result.source is None:
            raise SyntaxError("; ".join(d.format() for d in result.diagnostics))
        text = result.source
    else:
        text, ir_module, functions = interpreted_source(source, filename)
        interpreter = Interpreter(namespace, ir_module, functions)
        namespace[INTERP_HOOK] = interpreter.hook
        namespace["__trm_interpreter__"] = interpreter
    code = compile(text, filename, "exec", dont_inherit=True)
    saved = sys.modules.get(name)
    sys.modules[name] = module
    try:
        exec(code, namespace)
    finally:
        if saved is None:
            sys.modules.pop(name, None)
        else:
            sys.modules[name] = saved
    return module


def interpreter_for(globals_: dict[str, Any], source_path: str) -> Interpreter:
    """An interpreter for a module imported from its ``interpreted_source`` text.

    The trampolines' indices match because the IR is rebuilt from the same original source.
    """
    with open(source_path, "rb") as handle:
        data = handle.read()
    parsed = TRMAgent.load().parse_module(data, source_path)
    _, module, functions = interpreted_source(parsed.source, source_path)
    return Interpreter(globals_, module, functions)
