"""Regression found by a fuzz campaign: miscompile at level baseline.

seed: 7202108 (generator typed-4, policy swarm)
passes: baseline pipeline only
blame: function h6, pass inline, rules inline-identity-guarded
blame signature: inline:inline-identity-guarded
verdict: f65: module globals after the call differs: "{'g_1': {'a': 924649, 'c': 924649, 'g': 1, 'h': 537916703016, 'e': -549755313830}}" vs "{'g_1': {'a': 924649, 'c': 924649, 'g': 0, 'h': 537916703016, 'e': -549755313830}}"
reduced: 377 -> 10 lines
found: 2026-11-29
why: CPython copies ``g_1``'s items into ``{**g_1, 'h': h2(p7)}`` before it calls h2, which
writes ``g_1['g']``; inlining h2 put its statements before the whole display, so the copy saw
the write.  Inlining now skips call sites inside displays and calls that CPython builds piece
by piece (``**``/``*`` entries, big dict and set displays).
The IR interpreter, which built ``py.dict`` from all its operands at once, diverged here too;
it now consumes ``**``/``*`` operands where CPython does (trm_agent/ir/incremental.py).
"""

g_1 = {'c': 31}

def h2(p3):
    g_1['g'] = (p3 if not not -1e-308 else p3) % 549755813888
    return -11839110871

def h6(p7=10, p8=428762237036):
    global g_1
    g_1 = {k: v % 549755813887 for k, v in {**g_1, 'h': h2(p7)}.items()}

def f32(p33, p34):
    v35 = h6(p34, p34)
CASES = [('f32', ({'a': -1}, -1), {})]
