/**
 * Hyper-dual numbers v + d1 ε1 + d2 ε2 + d12 ε1ε2 (ε1² = ε2² = 0; Fike & Alonso): seeded with
 * d1 = ∂x/∂x_i, d2 = ∂x/∂x_j, one forward evaluation gives f and ∂²f/∂x_i∂x_j exactly (no step,
 * no cancellation). An independent reference for second derivatives: each unary function brings
 * its own f, f′, f″ in closed forms chosen not to cancel or overflow in the tails, and nothing here
 * reads chainrule's op table.
 */
export class HyperDual {
  constructor(
    readonly v: number,
    readonly d1: number,
    readonly d2: number,
    readonly d12: number,
  ) {}

  static variable(v: number, seed1: number, seed2: number): HyperDual {
    return new HyperDual(v, seed1, seed2, 0);
  }

  static constant(v: number): HyperDual {
    return new HyperDual(v, 0, 0, 0);
  }

  add(o: HyperDual): HyperDual {
    return new HyperDual(this.v + o.v, this.d1 + o.d1, this.d2 + o.d2, this.d12 + o.d12);
  }

  sub(o: HyperDual): HyperDual {
    return new HyperDual(this.v - o.v, this.d1 - o.d1, this.d2 - o.d2, this.d12 - o.d12);
  }

  mul(o: HyperDual): HyperDual {
    return new HyperDual(this.v * o.v, this.d1 * o.v + this.v * o.d1, this.d2 * o.v + this.v * o.d2, this.d12 * o.v + this.d1 * o.d2 + this.d2 * o.d1 + this.v * o.d12);
  }

  /** f(this) from f(v), f′(v), f″(v): f + f′(d1 ε1 + d2 ε2) + (f′ d12 + f″ d1 d2) ε1ε2. */
  apply(f: number, f1: number, f2: number): HyperDual {
    return new HyperDual(f, f1 * this.d1, f1 * this.d2, f1 * this.d12 + f2 * this.d1 * this.d2);
  }

  /**
   * The same operations on magnitudes (every input and factor made non-negative, every difference a
   * sum): `magnitude(h).d12` bounds the terms summed into h.d12, so rounding moves d12 by at most a
   * small multiple of ε times it — the scale of a tolerance that comes from the inputs, not from a result.
   */
  abs(): HyperDual {
    return new HyperDual(Math.abs(this.v), Math.abs(this.d1), Math.abs(this.d2), Math.abs(this.d12));
  }
}

/** σ(x) without overflow. */
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** sech²(x) = 4e/(1 + e)², e = e^(−2|x|): no cancellation, no overflow. */
const sech2 = (x: number) => {
  const e = Math.exp(-2 * Math.abs(x));
  return (4 * e) / ((1 + e) * (1 + e));
};

/** f, f′, f″ at x for the unary functions the saturation properties use, by chainrule op name. */
export const UNARY_REFERENCE: Readonly<Record<string, (x: number) => [number, number, number]>> = {
  tanh: (x) => [Math.tanh(x), sech2(x), -2 * Math.tanh(x) * sech2(x)],
  sigmoid: (x) => {
    const s = sigmoid(x);
    const d = s * sigmoid(-x);
    return [s, d, d * (sigmoid(-x) - s)];
  },
  softplus: (x) => [x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)), sigmoid(x), sigmoid(x) * sigmoid(-x)],
  exp: (x) => [Math.exp(x), Math.exp(x), Math.exp(x)],
  atan: (x) => {
    const r = 1 / (1 + x * x); // |x| ≤ 1e5 here: no overflow
    return [Math.atan(x), r, -2 * x * r * r];
  },
  asinh: (x) => {
    // 1/√(1 + x²) by hypot: x² overflows past |x| ≈ 1e154 (the input may be exp(1000 z)), which made
    // asinh′ 0 there and the tolerance's scale with it. −x·r³ as −(x·r)·r·r stays in range too.
    const r = 1 / Math.hypot(1, x);
    return [Math.asinh(x), r, -(x * r) * r * r];
  },
};
