"""Regression found by a fuzz campaign: internal_error at level none.

seed: 10026175 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function main, pass translate/codegen, rules codegen-error: IndexError: list index out of range
blame signature: internal_error:translate/codegen:codegen-error: IndexError: list index out of range
verdict: codegen-error: fuzz_10026175.py:212:1: error codegen-error: IndexError: list index out of range (hint: the function is kept unchanged (please report this))
reduced: 284 -> 8 lines
found: 2026-11-29
"""

def main(args=None, *, _wrap_timer=None):

    def format_time(dt):
        unit = time_unit
        if unit is not None:
            pass
        else:
            for scale, unit in scales:
                pass


CASES = [('main', (), {}), ('main', ([],), {})]
