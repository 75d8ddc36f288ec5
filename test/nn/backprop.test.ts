import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { ACTIVATIONS, Layer, MLP, Neuron, lossAndGradient, meanLoss, mse, referenceBackprop, sgd } from '../../src/nn/index.js';
import type { Activation } from '../../src/nn/index.js';
import { gradcheck } from '../../src/testing/index.js';

// Property runs: FC_RUNS raises them; the seed fixes every generated case.
const RUNS = Number(process.env.FC_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20261125); // FC_SEED overrides, as everywhere
const RTOL = 1e-10;
// Subnormal results (below ~1e-308) lose relative precision; anything under this is rounding to 0.
const UNDERFLOW = 1e-300;

interface Case {
  nin: number;
  nouts: number[];
  activation: Activation;
  outputActivation: Activation;
  params: number[];
  examples: { x: number[]; y: number[] }[];
}

const num = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

/** Random architectures (1–4 layers, widths 1–8), weights, and 1–4 examples with inputs and targets. */
const arbCase: fc.Arbitrary<Case> = fc
  .record({
    nin: fc.integer({ min: 1, max: 8 }),
    nouts: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 4 }),
    activation: fc.constantFrom(...ACTIVATIONS),
    outputActivation: fc.constantFrom(...ACTIVATIONS),
  })
  .chain((arch) => {
    const sizes = [arch.nin, ...arch.nouts];
    let count = 0;
    for (let l = 1; l < sizes.length; l++) count += sizes[l] * (sizes[l - 1] + 1);
    const nout = sizes[sizes.length - 1];
    const example = fc.record({ x: fc.array(num(-2, 2), { minLength: arch.nin, maxLength: arch.nin }), y: fc.array(num(-1, 1), { minLength: nout, maxLength: nout }) });
    return fc.record({
      nin: fc.constant(arch.nin),
      nouts: fc.constant(arch.nouts),
      activation: fc.constant(arch.activation),
      outputActivation: fc.constant(arch.outputActivation),
      params: fc.array(num(-1.5, 1.5), { minLength: count, maxLength: count }),
      examples: fc.array(example, { minLength: 1, maxLength: 4 }),
    });
  });

function build(c: Case): MLP {
  const net = new MLP(c.nin, c.nouts, { activation: c.activation, outputActivation: c.outputActivation });
  net.parameters().forEach((p, i) => (p.data = c.params[i]));
  return net;
}

/**
 * |a − e| ≤ RTOL · max(|e|, m): relative error, where m bounds the entry's terms in magnitude
 * (∂C0/∂a_k = Σ_j w_jk δ_j can cancel; only the order of that sum differs between the two sides).
 */
function expectClose(actual: readonly number[], expected: readonly number[], magnitude: readonly number[], what: string): void {
  expect(actual.length, what).toBe(expected.length);
  expected.forEach((e, i) => {
    const a = actual[i];
    if (!(Math.abs(a - e) <= RTOL * Math.max(Math.abs(e), magnitude[i]) + UNDERFLOW)) {
      throw new Error(`${what}[${i}]: autodiff ${a} vs reference ${e}`);
    }
  });
}

/**
 * The size of the terms of σ'(z) as the reference writes it from a = σ(z): a·(1 − a) and 1 − a·a
 * cancel where the activation saturates (1 − a² at a = tanh(6) has lost 5 digits), so their
 * magnitude is that of their terms, |a|·(1 + |a|) and 1 + a², as for every other sum here.
 */
function activationSlopeTerms(activation: Activation, a: number): number {
  if (activation === 'sigmoid') return Math.abs(a) * (1 + Math.abs(a));
  if (activation === 'tanh') return 1 + a * a;
  if (activation === 'relu') return a > 0 ? 1 : 0;
  return 1;
}

/** The backprop formulas with every term replaced by its absolute value: per-entry sizes of the sums. */
function magnitudes(net: MLP, x: readonly number[], y: readonly number[]) {
  const ref = referenceBackprop(net, x, y);
  const L = net.layers.length;
  const acts: number[][] = [x.slice()];
  let a = x.map((v) => new Value(v));
  for (const layer of net.layers) acts.push((a = layer.forward(a)).map((v) => v.data));
  const da: number[][] = new Array(L + 1);
  const db: number[][] = new Array(L);
  const dw: number[][][] = new Array(L);
  da[L] = ref.da[L].map(Math.abs);
  for (let l = L - 1; l >= 0; l--) {
    // |δ_j| ≤ (σ'(z_j)'s terms) · |∂C0/∂a_j|, with σ'(z_j) from the output a_j (not from the
    // reference's db/da, which is 0/0 where a sum cancels to exactly 0)
    const prime = acts[l + 1].map((aj) => activationSlopeTerms(net.layers[l].activation, aj));
    db[l] = prime.map((p, j) => p * da[l + 1][j]);
    dw[l] = db[l].map((d) => acts[l].map((ak) => d * Math.abs(ak)));
    da[l] = acts[l].map((_, k) => net.layers[l].neurons.reduce((s, n, j) => s + Math.abs(n.w[k].data) * db[l][j], 0));
  }
  return { dw, db, da };
}

/** One example's gradients by autodiff, with the per-layer activations kept to read ∂C0/∂a^(l). */
function autodiff(net: MLP, x: readonly number[], y: readonly number[]) {
  const input = x.map((v) => new Value(v));
  const acts: Value[][] = [input];
  for (const layer of net.layers) acts.push(layer.forward(acts[acts.length - 1]));
  net.zeroGrad();
  const cost = mse(acts[acts.length - 1], y);
  cost.backward();
  return {
    cost: cost.data,
    dw: net.layers.map((l) => l.neurons.map((n) => n.w.map((w) => w.grad))),
    db: net.layers.map((l) => l.neurons.map((n) => n.b.grad)),
    da: acts.map((a) => a.map((v) => v.grad)),
  };
}

describe('autodiff equals the notes’ backprop formulas (referenceBackprop)', () => {
  it('for every weight, bias and activation, within 1e-10 relative', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        // Arrange
        const net = build(c);
        const { x, y } = c.examples[0];
        // Act
        const got = autodiff(net, x, y);
        const ref = referenceBackprop(net, x, y);
        // Assert
        const m = magnitudes(net, x, y);
        expectClose([got.cost], [ref.cost], [0], 'cost');
        ref.dw.forEach((layer, l) => layer.forEach((row, j) => expectClose(got.dw[l][j], row, m.dw[l][j], `dw[${l}][${j}]`)));
        ref.db.forEach((row, l) => expectClose(got.db[l], row, m.db[l], `db[${l}]`));
        ref.da.forEach((row, l) => expectClose(got.da[l], row, m.da[l], `da[${l}]`));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('the batch gradient is the mean of per-example gradients (the notes’ 1/n Σ)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        // Arrange: the reference mean (1/n) Σ_k ∂C_k/∂p, in parameters() order
        const net = build(c);
        const n = c.examples.length;
        const mean = new Array<number>(c.params.length).fill(0);
        const size = new Array<number>(c.params.length).fill(0);
        for (const { x, y } of c.examples) {
          const ref = referenceBackprop(net, x, y);
          const m = magnitudes(net, x, y);
          flatten(ref.dw, ref.db).forEach((g, i) => (mean[i] += g / n));
          flatten(m.dw, m.db).forEach((g, i) => (size[i] += g / n));
        }
        // Act: one backward through meanLoss, and the training step's batch function
        net.zeroGrad();
        meanLoss(c.examples.map(({ x, y }) => mse(net.forward(x), y))).backward();
        const viaMeanLoss = net.parameters().map((p) => p.grad);
        net.zeroGrad();
        const loss = lossAndGradient(net, c.examples, { loss: 'mse' });
        const viaBatch = net.parameters().map((p) => p.grad);
        // Assert
        expectClose(viaMeanLoss, mean, size, 'meanLoss grad');
        expectClose(viaBatch, mean, size, 'lossAndGradient grad');
        const costs = c.examples.map(({ x, y }) => referenceBackprop(net, x, y).cost);
        expectClose([loss], [costs.reduce((s, v) => s + v, 0) / n], [0], 'batch loss');
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('referenceBackprop', () => {
  it('matches a hand computation on a 1-1 sigmoid net and checks its arguments', () => {
    const net = new MLP(1, [1]);
    net.layers[0].neurons[0].w[0].data = 0.5;
    net.layers[0].neurons[0].b.data = -0.25;
    const a = 1 / (1 + Math.exp(-(0.5 * 2 - 0.25)));
    const delta = a * (1 - a) * 2 * (a - 1); // σ'(z) · 2(a − y)
    const ref = referenceBackprop(net, [2], [1]);
    expect(ref.cost).toBeCloseTo((a - 1) ** 2, 15);
    expect(ref.db[0][0]).toBeCloseTo(delta, 15);
    expect(ref.dw[0][0][0]).toBeCloseTo(2 * delta, 15);
    expect(ref.da[0][0]).toBeCloseTo(0.5 * delta, 15);
    expect(ref.da[1][0]).toBeCloseTo(2 * (a - 1), 15);
    expect(() => referenceBackprop(net, [1, 2], [1])).toThrow('chainrule.referenceBackprop: x must be an array of length 1, received an array of length 2.');
    expect(() => referenceBackprop(net, [1], [NaN])).toThrow('chainrule.referenceBackprop: y[0] must be a finite number, received NaN.');
  });
});

describe('sgd', () => {
  it('moves every parameter by exactly −α·grad', () => {
    fc.assert(
      fc.property(arbCase, num(0, 10), (c, alpha) => {
        const net = build(c);
        lossAndGradient(net, c.examples);
        const ps = net.parameters();
        const before = ps.map((p) => ({ data: p.data, grad: p.grad }));
        sgd(ps, alpha);
        ps.forEach((p, i) => {
          expect(p.data).toBe(before[i].data - alpha * before[i].grad);
          expect(p.grad).toBe(before[i].grad);
        });
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('does not increase the cost for a small step', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const net = build(c);
        const before = lossAndGradient(net, c.examples);
        const ps = net.parameters();
        const norm = Math.sqrt(ps.reduce((s, p) => s + p.grad * p.grad, 0));
        // A step of length ≤ 1e-7: the first-order decrease α‖g‖² dominates the curvature term.
        sgd(ps, 1e-7 / Math.max(norm, 1));
        net.zeroGrad();
        const after = lossAndGradient(net, c.examples);
        expect(after).toBeLessThanOrEqual(before + 1e-13 * Math.max(1, before));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('autodiff equals central finite differences on the cost', () => {
  it('for every parameter (chainrule/testing gradcheck)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const { x, y } = c.examples[0];
        // Relu has a kink at z = 0, where differences are meaningless: keep every relu z clear of it.
        fc.pre(kinkFree(build(c), x, 1e-3));
        const cost = (...ps: Value[]) => mse(rebuild(c, ps).forward(x), y);
        const result = gradcheck(cost, c.params, { eps: 1e-5, rtol: 1e-5, atol: 1e-6 });
        if (!result.ok) throw new Error(`max relative error ${result.maxRelError}`);
      }),
      { seed: SEED, numRuns: Math.max(10, Math.floor(RUNS / 2)) },
    );
  });
});

function flatten(dw: number[][][], db: number[][]): number[] {
  const out: number[] = [];
  dw.forEach((layer, l) => layer.forEach((row, j) => out.push(...row, db[l][j])));
  return out;
}

/** The case's network with the given parameter leaves (in parameters() order). */
function rebuild(c: Case, ps: Value[]): MLP {
  const sizes = [c.nin, ...c.nouts];
  let i = 0;
  const layers = c.nouts.map((nout, l) => {
    const activation = l === c.nouts.length - 1 ? c.outputActivation : c.activation;
    const neurons: Neuron[] = [];
    for (let j = 0; j < nout; j++) {
      const w = ps.slice(i, i + sizes[l]);
      i += sizes[l];
      neurons.push(new Neuron(w, ps[i++], activation));
    }
    return new Layer(neurons);
  });
  return MLP.fromLayers(layers);
}

function kinkFree(net: MLP, x: readonly number[], margin: number): boolean {
  let a = x.map((v) => new Value(v));
  for (const layer of net.layers) {
    const out = layer.forward(a);
    if (layer.activation === 'relu' && out.some((v) => Math.abs(v.inputs[0].data) < margin)) return false;
    a = out;
  }
  return true;
}
