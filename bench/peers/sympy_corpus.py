"""sympy's answers for the symbolic corpus (issue 13), run by bench/symbolic-peers.ts.

Reads a JSON list of {"sympy": text, "points": [[x, y], ...]} and writes, per expression and order
n = 1..3:
  - reference: the exact n-th derivative diff(f, x, n) at each point, to 30 significant digits
    (the point's doubles taken exactly as fractions), or null where it is not a finite real;
  - simplify: simplify(diff(f, x, n)) printed, its time in ms, or "timeout" / "error", and whether
    its value at the points matches the reference (a check on sympy itself).
Each expression's work is bounded by a wall-clock timer per order; the sympy cache is cleared
between expressions so no expression's timing borrows from another's.

Usage: python3 sympy_corpus.py in.json out.json timeout_seconds
"""
import json
import signal
import sys
import time

import mpmath
import sympy
from sympy import Float, Function, Rational, Symbol
from sympy.core.cache import clear_cache

x, y = Symbol('x', real=True), Symbol('y', real=True)
DIGITS = 30
MAX_ORDER = 3
TEXT_LIMIT = 2000


class cbrt(Function):
    """The real cube root (chainrule's and math.js's cbrt); sympy's own cbrt is the principal root."""

    nargs = 1

    def fdiff(self, argindex=1):
        return 1 / (3 * cbrt(self.args[0]) ** 2)

    def _eval_evalf(self, prec):
        a = self.args[0].evalf(mpmath.libmp.prec_to_dps(prec) + 10)
        if not (a.is_number and a.is_real and a.is_finite):
            return None
        with mpmath.workprec(prec + 20):
            m = mpmath.mpf(a)
            r = mpmath.cbrt(abs(m)) * mpmath.sign(m)
        return Float(r, precision=prec)


class Timeout(Exception):
    pass


def on_alarm(_signum, _frame):
    raise Timeout()


def value_at(expr, point):
    """expr at the exact point to DIGITS significant digits, as a string, or None if not a finite real."""
    exact = expr.subs({x: Rational(point[0]), y: Rational(point[1])})
    v = exact.evalf(DIGITS)
    if v.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    re, im = v.as_real_imag()
    # A nonzero imaginary part beyond evalf's noise: the point is outside the real domain.
    if not (im == 0 or abs(im.evalf(DIGITS)) < Float(10) ** (-DIGITS) * (1 + abs(re.evalf(DIGITS)))):
        return None
    re = re.evalf(DIGITS)
    if not (re.is_number and re.is_real and re.is_finite):
        return None
    return str(re)


def bounded(seconds, fn):
    """fn() under a wall-clock timer: (result, ms) or raises Timeout."""
    signal.setitimer(signal.ITIMER_REAL, seconds)
    t0 = time.perf_counter()
    try:
        result = fn()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return result, (time.perf_counter() - t0) * 1000


def agrees(a, b):
    """Two 30-digit strings agree to 1e-20 relative (absolute below 1e-20)."""
    if a is None or b is None:
        return a is None and b is None
    fa, fb = mpmath.mpf(a), mpmath.mpf(b)
    return abs(fa - fb) <= mpmath.mpf('1e-20') * max(1, abs(fa), abs(fb))


def one_expression(entry, timeout):
    f = sympy.sympify(entry['sympy'], locals={'x': x, 'y': y, 'cbrt': cbrt, 'Rational': Rational})
    orders = []
    for n in range(1, MAX_ORDER + 1):
        out = {}
        try:
            d, _ = bounded(4 * timeout, lambda: sympy.diff(f, x, n))
            out['reference'], _ = bounded(4 * timeout, lambda: [value_at(d, p) for p in entry['points']])
        except Timeout:
            out['reference'] = [None for _ in entry['points']]
            out['referenceError'] = 'timeout'
            d = None
        except Exception as e:  # noqa: BLE001 - recorded, not hidden
            out['reference'] = [None for _ in entry['points']]
            out['referenceError'] = f'{type(e).__name__}: {e}'[:200]
            d = None
        if d is None:
            out['simplify'] = {'status': 'error', 'error': 'no derivative'}
        else:
            try:
                s, ms = bounded(timeout, lambda: sympy.simplify(d))
                text = str(s)
                size = len(''.join(text.split()))
                values = [value_at(s, p) for p in entry['points']]
                ok = all(agrees(a, b) for a, b in zip(values, out['reference']) if b is not None)
                out['simplify'] = {'status': 'ok', 'ms': ms, 'size': size, 'text': text[:TEXT_LIMIT], 'matchesReference': ok}
            except Timeout:
                out['simplify'] = {'status': 'timeout', 'ms': timeout * 1000}
            except Exception as e:  # noqa: BLE001
                out['simplify'] = {'status': 'error', 'error': f'{type(e).__name__}: {e}'[:200]}
        orders.append(out)
    return orders


def main():
    source, target, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    signal.signal(signal.SIGALRM, on_alarm)
    with open(source) as fh:
        corpus = json.load(fh)
    results = []
    t0 = time.perf_counter()
    for i, entry in enumerate(corpus):
        clear_cache()
        try:
            results.append(one_expression(entry, timeout))
        except Exception as e:  # noqa: BLE001 - a parse failure is recorded per expression
            results.append({'error': f'{type(e).__name__}: {e}'[:200]})
        if i % 20 == 19:
            print(f'  sympy: {i + 1}/{len(corpus)} in {time.perf_counter() - t0:.0f} s', file=sys.stderr, flush=True)
    with open(target, 'w') as fh:
        json.dump({'sympy': sympy.__version__, 'python': sys.version.split()[0], 'results': results}, fh)


if __name__ == '__main__':
    main()
