"""Regression found by a fuzz campaign: internal_error at level none.

seed: 1000199 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function grade, pass translate/codegen, rules codegen-error: match guard needs statements
blame signature: internal_error:translate/codegen:codegen-error: match guard needs statements
verdict: codegen-error: fuzz_1000199.py:3:1: error codegen-error: match guard needs statements (hint: the function is kept unchanged (please report this))
reduced: 23 -> 12 lines
found: 2026-11-29
"""

def grade(score):
    match score:
        case int(n) | float(n) if n is 0:
            pass
        case int(n) | float(n) if n >= 90:
            pass
        case 80 | 81 | 82 | 83 | 84 | 85 | 86 | 87 | 88 | 89:
            pass
        case int() | float():
            pass
        case str(s) if s.isdigit():
            pass
CASES = [("grade", (0,), {}), ("grade", (95,), {}), ("grade", (85,), {}), ("grade", ("12",), {})]
