"""NoodleCore-IR: a lean, structured, region-based SSA IR for Python functions (DESIGN §3)."""

from trm_agent.ir.builder import Builder
from trm_agent.ir.core import Function, Loc, Module, Op, Region, Value
from trm_agent.ir.opdefs import OPS, OpDef
from trm_agent.ir.parser import ParseError, parse_function, parse_ir
from trm_agent.ir.printer import print_function, print_module
from trm_agent.ir.types import OBJECT, Type
from trm_agent.ir.verifier import VerifyError, verify, verify_function

__all__ = ["OBJECT", "OPS", "Builder", "Function", "Loc", "Module", "Op", "OpDef", "ParseError",
           "Region", "Type", "Value", "VerifyError", "parse_function", "parse_ir",
           "print_function", "print_module", "verify", "verify_function"]
