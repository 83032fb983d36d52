"""Program generators for differential testing (DESIGN §7).

- ``typed``: executable, deterministic, terminating programs with value tracking
  (``generate(seed, policy)``), replayable from their recorded choice sequence.
- ``mutate``: AST-level mutation of real code (robustness of the front end).
"""

from harness.generate.choices import Choices
from harness.generate.mutate import Mutator, mutate
from harness.generate.policy import PRESETS, Policy
from harness.generate.typed import GENERATOR_VERSION, GeneratedProgram, generate, replay

__all__ = ["GENERATOR_VERSION", "PRESETS", "Choices", "GeneratedProgram", "Mutator", "Policy",
           "generate", "mutate", "replay"]
