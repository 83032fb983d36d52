"""Regression found by a fuzz campaign: internal_error at level none.

seed: 7200952 (generator typed-4, policy swarm)
passes: baseline pipeline only
blame: function f85, pass translate/codegen, rules codegen-error: a literal with a backslash inside an f-string expression
blame signature: internal_error:translate/codegen:codegen-error: a literal with a backslash inside an f-string expression
verdict: codegen-error: fuzz_7200952.py:302:1: error codegen-error: a literal with a backslash inside an f-string expression (hint: the function is kept unchanged (please report this))
reduced: 413 -> 18 lines
found: 2026-11-29
why: ``v90``'s literal ``'tab\\tsep'`` folds into the f-string, where Python 3.11 allows no
backslash; codegen binds such a literal to a name first, but raised instead when it was trying
the code as one expression (the for-else arm here).  It now emits the binding like any other
statement, so the expression attempt gives up and the statement form is used.
"""

g_1 = 0

def f85(p86=[]):
    v87 = p86[g_1:][-901978823914 // -1]
    v90 = 'tab\tsep'
    for i91 in {24} ^ {v88 % 32, v88 % 32, 3 % 32} & {v88 % 32, 21081612131162 % 32}:
        pass
    else:
        if not Box(g_1).val:
            pass
        elif v88 / (abs(v88) + 1) >= +1000.0 >= 7.5 % 16:
            if g_1 >= g_1:
                for i93 in range(8):
                    v87: int = (sorted(p86, key=lambda v: -v) + g_2[v88:i93])[v88 % len(sorted(p86, key=lambda v: -v) + g_2[v88:i93])] if sorted(p86, key=lambda v: -v) + g_2[v88:i93] else 0
                else:
                    v88 = f'x{v87!r}|{v90:>10}'.find(f'|{g_3}{g_1:+}') % (100 or 3)
            else:
                pass
CASES = [('f85', (), {'p86': [1]})]
