"""NoodleCore TRM-Agent: an optimizing compiler component for Python functions."""

from __future__ import annotations

TYPE_CHECKING = False  # no typing import: compiled stdlib modules import this package

__version__ = "0.1.0"

if TYPE_CHECKING:
    from trm_agent.agent import CompileResult, TRMAgent
    from trm_agent.runtime.hook import Installer, install, uninstall

__all__ = ["CompileResult", "Installer", "TRMAgent", "__version__", "install", "uninstall"]

#: Names resolved on first use: compiled code imports ``trm_agent.runtime.prelude``, which must
#: not drag the whole compiler (or the import hook) into every program that runs compiled code.
_LAZY = {"install": "trm_agent.runtime.hook", "uninstall": "trm_agent.runtime.hook",
         "Installer": "trm_agent.runtime.hook", "TRMAgent": "trm_agent.agent",
         "CompileResult": "trm_agent.agent"}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
