import { describe, expect, it } from 'vitest';
import { Value, constant, countNodes, dot, grad, logsumexp, sum, valueAndGrad, zeroGrad } from '../../src/index.js';

describe('micrograd sanity cases (values PyTorch computed for micrograd test_engine.py)', () => {
  it('sanity check: y = relu(z) + z·x + relu(z²) + … at x = −4', () => {
    const x = new Value(-4.0);
    const z = x.mul(2).add(2).add(x);
    const q = z.relu().add(z.mul(x));
    const h = z.mul(z).relu();
    const y = h.add(q).add(q.mul(x));
    y.backward();
    expect(y.data).toBe(-20);
    expect(x.grad).toBe(46);
  });

  it('more ops: a = −4, b = 2', () => {
    const a = new Value(-4.0);
    const b = new Value(2.0);
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(new Value(1).add(c).sub(a));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.mul(3).add(b.sub(a).relu()));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(new Value(10.0).div(f));
    g.backward();
    expect(g.data).toBeCloseTo(24.70408163265306, 12);
    expect(a.grad).toBeCloseTo(138.83381924198252, 10);
    expect(b.grad).toBeCloseTo(645.5772594752186, 10);
  });
});

describe('accumulation', () => {
  it('a node used twice sums its paths: d(x·x)/dx = 2x', () => {
    const x = new Value(3);
    x.mul(x).backward();
    expect(x.grad).toBe(6);
  });

  it('fan-out through a shared interior node sums every path', () => {
    const x = new Value(0.5);
    const s = x.sigmoid(); // used by three consumers
    const y = s.mul(s).add(s.exp()).add(s);
    y.backward();
    const sv = 1 / (1 + Math.exp(-0.5));
    expect(x.grad).toBeCloseTo((2 * sv + Math.exp(sv) + 1) * sv * (1 - sv), 14);
  });

  it('backward twice adds the gradient exactly twice to leaves and recomputes interior grads', () => {
    const x = new Value(1.5);
    const w = new Value(-2);
    const z = x.mul(w);
    const y = z.tanh();
    y.backward();
    const first = { x: x.grad, w: w.grad, z: z.grad, y: y.grad };
    y.backward();
    expect(x.grad).toBe(2 * first.x);
    expect(w.grad).toBe(2 * first.w);
    expect(z.grad).toBe(first.z);
    expect(y.grad).toBe(1);
    zeroGrad([x, w]);
    expect([x.grad, w.grad]).toEqual([0, 0]);
  });

  it('backward on a leaf adds 1 to it', () => {
    const x = new Value(7);
    x.backward();
    x.backward();
    expect(x.grad).toBe(2);
  });

  it('constants from plain numbers get no gradient and are skipped', () => {
    const x = new Value(2);
    const y = x.mul(3).add(4);
    y.backward();
    const [three] = (y.inputs[0] as Value).inputs.slice(1);
    expect(three.requiresGrad).toBe(false);
    expect(three.grad).toBe(0);
    expect(x.grad).toBe(3);
  });
});

describe('n-ary nodes', () => {
  it('sum is one node whose inputs each get the upstream gradient', () => {
    const xs = [1, 2, 3].map((v) => new Value(v));
    const s = sum([...xs, 10]);
    expect(s.data).toBe(16);
    expect(s.inputs).toHaveLength(4);
    s.mul(2).backward();
    expect(xs.map((x) => x.grad)).toEqual([2, 2, 2]);
  });

  it('dot is one node: ∂/∂a_k = b_k, ∂/∂b_k = a_k', () => {
    const a = [1, -2, 3].map((v) => new Value(v));
    const b = [0.5, 4, -1].map((v) => new Value(v));
    const d = dot(a, b);
    expect(d.data).toBe(0.5 - 8 - 3);
    expect(d.inputs).toHaveLength(6);
    d.backward();
    expect(a.map((v) => v.grad)).toEqual([0.5, 4, -1]);
    expect(b.map((v) => v.grad)).toEqual([1, -2, 3]);
  });

  it('empty sum and dot are 0', () => {
    expect(sum([]).data).toBe(0);
    expect(dot([], []).data).toBe(0);
  });
});

describe('edge conventions', () => {
  it("relu'(0) = 0", () => {
    expect(grad((x) => x.relu())(0)).toEqual([0]);
    expect(grad((x) => x.relu())(1e-300)).toEqual([1]);
  });

  it('d/dx x^0 = 0 everywhere, including x = 0 (no NaN)', () => {
    for (const x of [0, -0, 2, -3]) expect(grad((v) => v.pow(0))(x)).toEqual([0]);
  });

  it('the exponent partial of a^b is a^b·ln a for a > 0 and 0 otherwise', () => {
    expect(grad((a, b) => a.pow(b))(2, 3)).toEqual([12, 8 * Math.log(2)]);
    expect(grad((a, b) => a.pow(b))(-2, 3)).toEqual([12, 0]);
    expect(grad((a, b) => a.pow(b))(0, 2)).toEqual([0, 0]);
  });

  it('sigmoid and tanh stay finite with finite derivatives at ±800', () => {
    for (const x of [-800, 800, -1e308, 1e308]) {
      const s = valueAndGrad((v) => v.sigmoid())(x);
      const t = valueAndGrad((v) => v.tanh())(x);
      for (const n of [s.value, s.grad[0], t.value, t.grad[0]]) expect(Number.isFinite(n)).toBe(true);
    }
    expect(new Value(-800).sigmoid().data).toBe(0);
    expect(new Value(800).sigmoid().data).toBe(1);
  });

  it('log(0) = −Infinity as in IEEE arithmetic', () => {
    expect(new Value(0).log().data).toBe(-Infinity);
  });
});

describe('deep graphs', () => {
  it('a 1,000,000-node chain builds, backs up and counts without stack overflow', () => {
    const x = new Value(0.5);
    let y = x;
    // Each step adds two op nodes and one constant: ~1,500,000 op nodes.
    for (let i = 0; i < 500_000; i++) y = y.mul(1.000001).tanh();
    y.backward();
    expect(countNodes(y)).toBe(1_500_001);
    expect(Number.isFinite(x.grad)).toBe(true);
    expect(x.grad).toBeGreaterThan(0);
  });
});

describe('grad and valueAndGrad', () => {
  it('return the value and every partial', () => {
    expect(valueAndGrad((x, y) => x.mul(y).add(x))(3, 4)).toEqual({ value: 15, grad: [5, 3] });
    expect(grad((x, y, z) => x.mul(y).mul(z))(2, 3, 4)).toEqual([12, 8, 6]);
  });
});

describe('backward on a frozen value', () => {
  it('never writes into a constant, in unary, binary and n-ary consumers alike', () => {
    const c = constant(2);
    c.exp().backward();
    expect(c.grad).toBe(0);
    const d = constant(3);
    logsumexp([d, constant(1)]).backward();
    expect(d.grad).toBe(0);
    // A leaf frozen after the graph was built gets nothing, whichever op consumes it.
    const x = new Value(1);
    const w = new Value(2);
    const y = x.exp().add(x.mul(w)).add(logsumexp([x, w]));
    x.requiresGrad = false;
    y.backward();
    expect(x.grad).toBe(0);
    expect(w.grad).toBeCloseTo(1 + Math.exp(2) / (Math.exp(1) + Math.exp(2)), 14);
  });
});
