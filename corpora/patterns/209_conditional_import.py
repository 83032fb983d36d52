# beyond-foundation
"""Imports inside functions: try/except ImportError fallbacks, and a local import shadowing."""


def parse_json(text):
    try:
        import json
    except ImportError:  # pragma: no cover - json is stdlib
        return None
    return json.loads(text)


def optional_module(name):
    try:
        module = __import__(name)
    except ImportError as e:
        return ("missing", type(e).__name__)
    return ("present", module.__name__)


def local_import_is_local():
    import math as m  # noqa: F401
    return "m" in globals()


def from_import(n):
    from math import factorial
    return factorial(n)


CASES = [("parse_json", ('{"a": [1, 2]}',), {}), ("parse_json", (5,), {}),
         ("optional_module", ("no_such_module_xyz_123",), {}), ("optional_module", ("string",), {}),
         ("local_import_is_local", (), {}), ("from_import", (5,), {}), ("from_import", (-1,), {})]

EXPECTED = [{"a": [1, 2]}, TypeError, ("missing", "ModuleNotFoundError"), ("present", "string"),
            False, 120, ValueError]
