"""NoodleCore TRM-Agent: an optimizing compiler component for Python functions."""

__version__ = "0.1.0"

from trm_agent.agent import CompileResult, TRMAgent

__all__ = ["CompileResult", "TRMAgent", "__version__"]
