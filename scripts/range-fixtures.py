"""Exact first and second derivatives of div, atan, asinh and atan2 at points across the whole
double range, from mpmath at 60 digits, rounded once to the nearest double (0 below the subnormals,
±Infinity above the largest double), for test/ops/range.test.ts. Each second derivative also gets
its scale: the magnitude of the largest term of its formula, which bounds how far rounding the
operands can move it (|value| but for atan2's mixed partial (y² − x²)/r⁴, a difference of terms
of size 1/r²). atan2's second derivatives pass through partials of size 1/r² (∂/∂r of 1/r, which
the chain rule forms): where 1/r² leaves the double range their scales are "Infinity" (no claim).

Generated once and committed; the tests never run Python:
    python3 scripts/range-fixtures.py > test/fixtures/range-derivatives.json
"""
import json
import random

import mpmath

mpmath.mp.dps = 60
MAX = mpmath.mpf(2) ** 1024 * (1 - mpmath.mpf(2) ** -54)  # halfway above the largest double


def double(x):
    """The double nearest the exact x, as JSON can carry it (a string for ±Infinity)."""
    if abs(x) >= MAX:
        return "Infinity" if x > 0 else "-Infinity"
    f = float(mpmath.mpf(x))  # mpmath rounds to nearest, subnormals included
    return f


def decades(lo, hi, step):
    return [10.0 ** k for k in range(lo, hi + 1, step)]


random.seed(18)
magnitudes = sorted(set(decades(-300, 300, 20) + [1e-100, 1e80, 1e-160, 1e160, 1e154, 1e155, 1e-155, 1e-154, 3e307, 5e-324, 2.2e-308]))
moderate = [random.uniform(-10, 10) for _ in range(12)] + [random.uniform(-1e5, 1e5) for _ in range(6)] + [0.5, 1.0, -2.0]
singles = sorted(set([s * m for m in magnitudes for s in (1, -1)] + moderate))
pairs_a = [1.0, -3.7, 1e-100, 1e100, 1e-300, 1e300]
pairs = [(a, b) for a in pairs_a for b in singles if b != 0]
angles = [(y, x) for y in decades(-300, 300, 50) + [1e-160, 1e160, -2.5] for x in [s * m for m in decades(-300, 300, 50) + [1e-160, 1e160, 0.75] for s in (1, -1)]]
angles += [(random.uniform(-10, 10), random.uniform(-10, 10)) for _ in range(12)]


def mp(x):
    return mpmath.mpf(x)


def rounded(matrix):
    return [[double(v) for v in row] for row in matrix]


def scales(matrix):
    return [[double(abs(v)) for v in row] for row in matrix]


cases = []
for a, b in pairs:
    A, B = mp(a), mp(b)
    dd = [[mp(0), -1 / B**2], [-1 / B**2, 2 * A / B**3]]
    cases.append({"op": "div", "at": [a, b], "d": [double(1 / B), double(-A / B**2)], "dd": rounded(dd), "ddScale": scales(dd)})
for x in singles:
    X = mp(x)
    dd = [[-2 * X / (1 + X**2) ** 2]]
    cases.append({"op": "atan", "at": [x], "d": [double(1 / (1 + X**2))], "dd": rounded(dd), "ddScale": scales(dd)})
    dd = [[-X / (1 + X**2) ** mpmath.mpf(1.5)]]
    cases.append({"op": "asinh", "at": [x], "d": [double(1 / mpmath.sqrt(1 + X**2))], "dd": rounded(dd), "ddScale": scales(dd)})
for y, x in angles:
    Y, X = mp(y), mp(x)
    r2 = X**2 + Y**2
    mixed = (Y**2 - X**2) / r2**2
    dd = [[-2 * X * Y / r2**2, mixed], [mixed, 2 * X * Y / r2**2]]
    scale = scales(dd)
    scale[0][1] = scale[1][0] = double(1 / r2)
    if scale[0][1] == "Infinity":
        scale = [["Infinity", "Infinity"], ["Infinity", "Infinity"]]
    cases.append({"op": "atan2", "at": [y, x], "d": [double(X / r2), double(-Y / r2)], "dd": rounded(dd), "ddScale": scale})

print(json.dumps({"meta": {"generator": "scripts/range-fixtures.py", "mpmath": mpmath.__version__, "digits": 60}, "cases": cases}, separators=(",", ":")))
