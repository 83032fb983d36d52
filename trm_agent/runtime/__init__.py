"""Run-time support of compiled code.

``prelude``: trusted builtins and guard counters, imported by compiled code (kept tiny).
``hook``: the import hook (``install``/``uninstall``); ``cache``: compiled-code cache and deopt
lists; ``metrics``: runtime metrics and the guard-failure-rate policy.

Nothing heavy is imported here: compiled modules import ``trm_agent.runtime.prelude``, and that
must not drag the compiler in.  The hook's names are resolved on first use.
"""

from __future__ import annotations

TYPE_CHECKING = False  # no typing import: compiled stdlib modules import this package

if TYPE_CHECKING:
    from trm_agent.runtime.hook import Installer, install, uninstall

__all__ = ["Installer", "install", "uninstall"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from trm_agent.runtime import hook

        return getattr(hook, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
