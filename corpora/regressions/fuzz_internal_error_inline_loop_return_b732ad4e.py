"""Regression found by a fuzz campaign: internal_error at level baseline.

seed: 7001913 (generator typed-4, policy default)
passes: baseline pipeline only
blame: function f45, pass unroll, rules ValueError
blame signature: internal_error:unroll:ValueError
verdict: ValueError: an if with results and a return inside
reduced: 326 -> 29 lines
found: 2026-11-29
why: h31 returns from inside its range loop, so the inliner takes it; but unroll had already
versioned that loop under a range guard (an if with results), a shape the return lowering
rejects, and the ValueError escaped the inline pass.  The site is now left as a call.
"""

def h31(p32, p33):
    for w35 in range(4):
        p32: int = ((-128, 7)[1] in g_4[:w35]) + 7
        if w35 == p32:
            return 31 // (g_3 | 1)

def f45(p46):
    try:
        pass
    except ValueError:
        pass
    except GenError:
        pass
    else:
        try:
            pass
        except ValueError as e52:
            pass
        except ArithmeticError:
            if h31(g_3, g_2) <= g_3 // -64 < p46:
                pass
            else:
                pass
        else:
            pass
        finally:
            pass
    finally:
        pass
CASES = [('f45', (0,), {})]
