"""sympy's answers for the symbolic corpus (issue 13), run by bench/symbolic-peers.ts.

Reads a JSON list of {"sympy": text, "points": [[x, y], ...]} and writes, per expression and order
n = 1..3:
  - reference: the exact n-th derivative diff(f, x, n) at each point, to 30 significant digits
    (the point's doubles taken exactly as fractions), or null where it is not a finite real;
  - simplify: simplify(diff(f, x, n)) printed, its time in ms, or "timeout" / "error", and whether
    its value at the points matches the reference (a check on sympy itself).
Each expression runs in a forked child (sympy's cache starts empty: no expression borrows another's
work) with an address-space limit; the parent kills a child whose simplify overruns the timeout
(a fresh child takes the next order), or whose exact derivative overruns 4 timeouts. A kill, not a
signal: sympy can sit for minutes inside one big-integer operation that no Python signal interrupts.

Usage: python3 sympy_corpus.py in.json out.json timeout_seconds
"""
import json
import multiprocessing
import resource
import sys
import time

import mpmath
import sympy
from sympy import Float, Function, Rational, Symbol

x, y = Symbol('x', real=True), Symbol('y', real=True)
DIGITS = 30
MAX_ORDER = 3
TEXT_LIMIT = 2000
REFERENCE_BUDGET = 4  # the reference's time limit, in timeouts
MEMORY_LIMIT = 3 * 1024 ** 3  # bytes of address space per child
# fork: a child starts with sympy imported and an empty cache, so no expression borrows another's work.
CONTEXT = multiprocessing.get_context('fork')


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


def agrees(a, b):
    """Two 30-digit strings agree to 1e-20 relative (absolute below 1e-20)."""
    if a is None or b is None:
        return a is None and b is None
    fa, fb = mpmath.mpf(a), mpmath.mpf(b)
    return abs(fa - fb) <= mpmath.mpf('1e-20') * max(1, abs(fa), abs(fb))


def child(entry, first, conn):
    """Orders first..MAX_ORDER of one expression, each sent as ('reference', …) then ('simplify', …)."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    try:
        f = sympy.sympify(entry['sympy'], locals={'x': x, 'y': y, 'cbrt': cbrt, 'Rational': Rational})
        for n in range(first, MAX_ORDER + 1):
            d = sympy.diff(f, x, n)
            reference = [value_at(d, p) for p in entry['points']]
            conn.send(('reference', reference))
            try:
                t0 = time.perf_counter()
                s = sympy.simplify(d)
                ms = (time.perf_counter() - t0) * 1000
                text = str(s)
                values = [value_at(s, p) for p in entry['points']]
                ok = all(agrees(a, b) for a, b in zip(values, reference) if b is not None)
                conn.send(('simplify', {'status': 'ok', 'ms': ms, 'size': len(''.join(text.split())), 'text': text[:TEXT_LIMIT], 'matchesReference': ok}))
            except Exception as e:  # noqa: BLE001 - recorded, not hidden
                conn.send(('simplify', {'status': 'error', 'error': f'{type(e).__name__}: {e}'[:200]}))
    except Exception as e:  # noqa: BLE001
        conn.send(('failed', f'{type(e).__name__}: {e}'[:200]))
    conn.close()


def one_expression(entry, timeout):
    """Runs orders 1..MAX_ORDER in forked children, killing one that overruns (a fresh child takes the next order)."""
    nothing = [None for _ in entry['points']]
    orders = [{'reference': nothing, 'simplify': {'status': 'error', 'error': 'not reached'}} for _ in range(MAX_ORDER)]
    n = 1
    while n <= MAX_ORDER:
        receiver, sender = CONTEXT.Pipe(duplex=False)
        proc = CONTEXT.Process(target=child, args=(entry, n, sender))
        proc.start()
        sender.close()
        restart = False
        while n <= MAX_ORDER and not restart:
            # The exact derivative and its 30-digit values get a longer budget than simplify.
            for stage, budget in (('reference', REFERENCE_BUDGET * timeout), ('simplify', timeout + 0.5)):
                if not receiver.poll(budget):
                    if stage == 'reference':
                        for m in range(n, MAX_ORDER + 1):
                            orders[m - 1] = {'reference': nothing, 'referenceError': 'timeout', 'simplify': {'status': 'error', 'error': 'no reference (timeout)'}}
                        n = MAX_ORDER + 1
                    else:
                        orders[n - 1]['simplify'] = {'status': 'timeout', 'ms': timeout * 1000}
                        n += 1
                    restart = True
                    break
                try:
                    kind, payload = receiver.recv()
                except EOFError:  # the child died (out of memory)
                    kind, payload = 'failed', 'the process died (memory limit?)'
                if kind == 'failed':
                    for m in range(n, MAX_ORDER + 1):
                        orders[m - 1]['simplify'] = {'status': 'error', 'error': payload}
                        if stage == 'reference' or m > n:
                            orders[m - 1]['referenceError'] = payload
                    n = MAX_ORDER + 1
                    restart = True
                    break
                orders[n - 1][kind] = payload
            else:
                n += 1
        proc.kill()
        proc.join()
        receiver.close()
    return orders


def main():
    source, target, timeout = sys.argv[1], sys.argv[2], float(sys.argv[3])
    with open(source) as fh:
        corpus = json.load(fh)
    results = []
    t0 = time.perf_counter()
    for i, entry in enumerate(corpus):
        results.append(one_expression(entry, timeout))
        if i % 20 == 19:
            print(f'  sympy: {i + 1}/{len(corpus)} in {time.perf_counter() - t0:.0f} s', file=sys.stderr, flush=True)
    with open(target, 'w') as fh:
        json.dump({'sympy': sympy.__version__, 'python': sys.version.split()[0], 'results': results}, fh)


if __name__ == '__main__':
    main()
