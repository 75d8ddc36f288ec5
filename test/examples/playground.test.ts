// The playground's model code (examples/playground/src, no DOM): its engines agree with chainrule's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OPS, Value } from '../../src/index.js';
import { ACTIVATIONS, MLP, referenceBackprop } from '../../src/nn/index.js';
import { ACTIVATION_NAMES, isActivationOp, type ActivationName } from '../../examples/playground/src/activations.js';
import { backpropView } from '../../examples/playground/src/backprop.js';
import { chainReport, exampleGraph, notesView } from '../../examples/playground/src/chain.js';
import { GENERATORS, generate, parseCsv, split, type Point } from '../../examples/playground/src/data.js';
import { FEATURES } from '../../examples/playground/src/features.js';
import { buildLoss, buildNetwork, initialParams, modelJSON, paramPlaces, type NetSpec } from '../../examples/playground/src/network.js';
import { DEFAULT_STATE, DIGITS, SPEEDS, fromHash, normalize, toHash, type PlaygroundState } from '../../examples/playground/src/state.js';
import { Trainer } from '../../examples/playground/src/trainer.js';
import { DIGITS_SPEC, PIXELS, decodeDigits, digitExamples, encodeDigits } from '../../examples/playground/src/digits/data.js';
import { RUNS, SEED, close } from '../helpers/runs.js';

const PROPS = { seed: SEED, numRuns: Math.min(RUNS, 60) };

/** close(), with two NaNs agreeing: past overflow both engines compute the same IEEE result. */
const agree = (a: number, b: number, rtol: number, atol: number) => (Number.isNaN(a) && Number.isNaN(b)) || close(a, b, rtol, atol);
const MLP_ACTS = ACTIVATIONS as readonly ActivationName[];

interface Case {
  spec: NetSpec;
  features: string[];
  theta: number[];
  point: Point;
}

/** A random network of the page (any output mode, activations from the table), parameters and one example. */
function caseArb(acts: readonly ActivationName[] = ACTIVATION_NAMES, single = false): fc.Arbitrary<Case> {
  return fc
    .record({
      features: fc.subarray(FEATURES.map((f) => f.id), { minLength: 1, maxLength: 3 }),
      hidden: fc.array(fc.integer({ min: 1, max: single ? 1 : 3 }), { minLength: 1, maxLength: 3 }),
      acts: fc.array(fc.constantFrom(...acts), { minLength: 4, maxLength: 4 }),
      output: single ? fc.constant('c0' as const) : fc.constantFrom('bce' as const, 'softmax' as const, 'c0' as const),
      classes: fc.integer({ min: 2, max: 3 }),
      regression: fc.boolean(),
      x1: fc.double({ min: -6, max: 6, noNaN: true }),
      x2: fc.double({ min: -6, max: 6, noNaN: true }),
      u: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
      seed: fc.integer({ min: 1, max: 1000 }),
    })
    .map((r) => {
      const regression = !single && r.regression && r.output === 'c0';
      const classes = regression ? 1 : r.output === 'bce' ? 2 : r.classes;
      const width = regression || r.output === 'bce' || (r.output === 'c0' && classes === 2) || single ? 1 : classes;
      const last = r.output === 'bce' ? 'sigmoid' : r.output === 'softmax' ? 'linear' : r.acts[3];
      const features = single ? ['x1'] : r.features;
      const spec: NetSpec = {
        nin: features.length, widths: [...r.hidden, width], activations: [...r.acts.slice(0, r.hidden.length), last],
        output: r.output, classes, regression,
      };
      const label = regression ? r.u * 2 - 1 : Math.floor(r.u * classes);
      // Weights at twice the initial scale, so activations are neither all linear nor all saturated.
      const theta = Array.from(initialParams(spec, r.seed), (w, i) => w * 2 + (i % 3) * 0.1);
      return { spec, features: FEATURES.map((f) => f.id).filter((id) => features.includes(id)), theta, point: { x1: r.x1, x2: r.x2, label } };
    });
}

describe('playground: the chain-rule panel', () => {
  it('Σ over paths of the products of local derivatives equals the gradient backward computes', () => {
    fc.assert(
      fc.property(caseArb(), fc.nat(), ({ spec, features, theta, point }, pick) => {
        const index = pick % theta.length;
        const r = chainReport(spec, exampleGraph(spec, features, point, theta), index);
        expect(agree(r.product, r.engine, 1e-9, 1e-15), `${r.product} vs ${r.engine}`).toBe(true);
      }),
      PROPS,
    );
  });

  it("C0 is a sum of one square per output: a last-layer chain is one path ending in 2(a − y), a bias chain starts at ∂z/∂b", () => {
    fc.assert(
      fc.property(caseArb(MLP_ACTS), fc.nat(), ({ spec, features, theta, point }, pick) => {
        fc.pre(spec.output === 'c0');
        const L = spec.widths.length - 1;
        const places = paramPlaces(spec);
        const last = places.map((p, i) => [p, i] as const).filter(([p]) => p.l === L);
        const [place, index] = last[pick % last.length];
        const g = exampleGraph(spec, features, point, theta);
        const r = chainReport(spec, g, index);
        expect(r.pathCount).toBe(1);
        const factors = r.paths[0].factors;
        const lastFactor = factors[factors.length - 1];
        expect(lastFactor.of).toBe('C_0');
        expect(lastFactor.local).toMatch(/^2 \\cdot \\left\([az]\S* - y\S*\\right\)$/);
        expect(lastFactor.value).toBe(g.net.a[L][place.j].grad);
        if (place.k < 0) expect(factors[0]).toMatchObject({ of: g.net.z[L][place.j].label, wrt: r.param, local: '1', value: 1 });
      }),
      PROPS,
    );
  });

  it("a bias's chain prints σ′ in the notes' form too, and an unlabelled node's name is bracketed", () => {
    const spec: NetSpec = { nin: 2, widths: [2, 1], activations: ['tanh', 'sigmoid'], output: 'bce', classes: 2, regression: false };
    const theta = [0.7, -0.2, 0.1, 1.3, 0.4, -0.3, 0.5, -0.6, 0.2];
    const r = chainReport(spec, exampleGraph(spec, ['x1', 'x2'], { x1: 0.9, x2: -1.2, label: 1 }, theta), 2);
    for (const path of r.paths) {
      expect(path.factors[0]).toMatchObject({ of: 'z^{(1)}_{1}', wrt: 'b^{(1)}_{1}', local: '1' });
      expect(path.factors[1]).toMatchObject({ of: 'a^{(1)}_{1}', wrt: 'z^{(1)}_{1}', local: '1 - \\tanh^2(z^{(1)}_{1})' });
      // y = 1: C = softplus(−z); the negation is named (−z), in parentheses.
      expect(path.factors.some((f) => f.wrt.startsWith('\\left(-'))).toBe(true);
    }
  });

  it("σ′ prints as σ(z)(1 − σ(z)) and 1 − tanh²(z), with the op table's value", () => {
    const spec: NetSpec = { nin: 1, widths: [1, 1], activations: ['tanh', 'sigmoid'], output: 'c0', classes: 2, regression: false };
    const theta = [0.7, -0.2, 1.3, 0.4];
    const g = exampleGraph(spec, ['x1'], { x1: 0.9, x2: 0, label: 1 }, theta);
    const factors = chainReport(spec, g, 0).paths[0].factors;
    const local = (of: string) => factors.find((f) => f.of === of)!;
    expect(local('a^{(1)}').local).toBe('1 - \\tanh^2(z^{(1)})');
    // The value is explain's (the table's symbolic rule, sech²), the table's numeric rule to rounding.
    expect(close(local('a^{(1)}').value, OPS.tanh.local(0, g.net.z[0][0].data, 0, g.net.a[0][0].data), 1e-14, 0)).toBe(true);
    expect(local('a^{(2)}').local).toBe('\\sigma(z^{(2)})\\left(1 - \\sigma(z^{(2)})\\right)');
  });

  it("the layered view (the step-through and the digits panel) gives referenceBackprop's numbers at every layer", () => {
    fc.assert(
      fc.property(caseArb(MLP_ACTS), fc.nat(), ({ spec, features, theta, point }, pick) => {
        fc.pre(spec.output === 'c0');
        const index = pick % theta.length;
        const g = exampleGraph(spec, features, point, theta);
        const v = backpropView(spec, g, index);
        const ref = referenceBackprop(MLP.fromJSON(modelJSON(spec, theta)), g.inputs.map((x) => x.data), g.target);
        const { l, j, k } = v.place;
        const near = (a: number, b: number) => agree(a, b, 1e-9, 1e-12);
        // Arrange: ∂C0/∂param from the reference's formulas. Act/Assert: the view's gradient is backward's and equals it.
        expect(near(v.gradient, k < 0 ? ref.db[l][j] : ref.dw[l][j][k]), `${v.gradient}`).toBe(true);
        for (const layer of v.layers) layer.neurons.forEach((n, i) => expect(near(layer.dCda[i], ref.da[layer.layer + 1][n])).toBe(true));
        v.sums.forEach((sum, i) => sum.forEach((s) => {
          expect(near(s.total, ref.da[v.layers[i].layer + 1][s.k])).toBe(true);
          // The terms of the sum over the layer above add up to it.
          expect(near(s.terms.reduce((p, t) => p + t.w * t.dCdz, 0), s.total)).toBe(true);
        }));
        // The notes' product a_k σ′(z_j) ∂C0/∂a_j of the parameter's own layer.
        const own = v.layers[0];
        expect(near(v.input * own.sigmaPrime[0] * own.dCda[0], v.gradient)).toBe(true);
        expect(near(v.cost, ref.cost)).toBe(true);
      }),
      PROPS,
    );
  });

  it("the notes' formulas give referenceBackprop's last-layer gradients", () => {
    fc.assert(
      fc.property(caseArb(MLP_ACTS, true), ({ spec, features, theta, point }) => {
        const g = exampleGraph(spec, features, point, theta);
        const v = notesView(spec, g);
        const ref = referenceBackprop(MLP.fromJSON(modelJSON(spec, theta)), g.inputs.map((x) => x.data), g.target);
        const L = spec.widths.length - 1;
        // The reference writes σ' as 1 − a² or a(1 − a), which cancels where the activation
        // saturates (relative error ~ε/σ'); the table keeps full precision there.
        const rtol = 1e-12 + 1e-15 / Math.max(Math.abs(v.sigmaPrime), 1e-300);
        expect(close(v.dw, ref.dw[L][0][0], rtol, 1e-300)).toBe(true);
        expect(close(v.db, ref.db[L][0], rtol, 1e-300)).toBe(true);
        expect(close(v.da, ref.da[L][0], rtol, 1e-300)).toBe(true);
        expect(close(v.c0, ref.cost, 1e-12, 1e-300)).toBe(true);
      }),
      PROPS,
    );
  });
});

describe('playground: training on the compiled tape', () => {
  it("one SGD step (lr 1, batch 1) moves every parameter by the graph engine's gradient", () => {
    fc.assert(
      fc.property(caseArb(), ({ spec, features, theta, point }) => {
        const trainer = new Trainer({ spec, features, train: [point], test: [point], seed: 1, theta }, { lr: 1, batch: 1, reg: 'none', regRate: 0, optimizer: 'sgd' });
        const g = exampleGraph(spec, features, point, theta);
        expect(agree(trainer.losses().train, g.cost.data, 1e-12, 1e-300)).toBe(true);
        g.cost.backward();
        trainer.step();
        theta.forEach((w, i) => {
          const moved = w - trainer.theta[i];
          const scale = Math.max(1, Math.abs(w), Math.abs(g.params[i].grad));
          expect(agree(moved, g.params[i].grad, 0, 1e-12 * scale), `param ${i}: ${moved} vs ${g.params[i].grad}`).toBe(true);
        });
      }),
      PROPS,
    );
  });

  it('L2 adds rate·w to the weights only (biases are not penalised)', () => {
    fc.assert(
      fc.property(caseArb(), fc.constantFrom(0.01, 0.3), ({ spec, features, theta, point }, rate) => {
        const plain = new Trainer({ spec, features, train: [point], test: [], seed: 1, theta }, { lr: 1, batch: 1, reg: 'none', regRate: 0, optimizer: 'sgd' });
        const l2 = new Trainer({ spec, features, train: [point], test: [], seed: 1, theta }, { lr: 1, batch: 1, reg: 'l2', regRate: rate, optimizer: 'sgd' });
        plain.step();
        l2.step();
        paramPlaces(spec).forEach((p, i) => {
          const extra = plain.theta[i] - l2.theta[i];
          const scale = Math.max(1, Math.abs(theta[i]), Math.abs(plain.theta[i]));
          // Past overflow (an infinite step) there is no difference left to compare.
          if (Number.isFinite(plain.theta[i])) expect(agree(extra, p.k >= 0 ? rate * theta[i] : 0, 0, 1e-12 * scale)).toBe(true);
        });
      }),
      PROPS,
    );
  });

  it('the exported model is MLP.toJSON of the same network: MLP.fromJSON gives the same outputs', () => {
    fc.assert(
      fc.property(caseArb(MLP_ACTS), ({ spec, features, theta, point }) => {
        const g = exampleGraph(spec, features, point, theta);
        const out = MLP.fromJSON(modelJSON(spec, theta)).forward(g.inputs.map((x) => x.data));
        out.forEach((o, j) => expect(o.data).toBe(g.net.a[g.net.a.length - 1][j].data));
      }),
      PROPS,
    );
  });
});

describe('playground: the digits', () => {
  const set = (n: number, seed: number) => {
    const rng = (i: number) => (Math.imul(i + 1, 2654435761 ^ seed) >>> 24) & 255;
    return { images: Uint8Array.from({ length: n * PIXELS }, (_, i) => rng(i)), labels: Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) % 10) };
  };

  it('the bundle format round-trips training and test digits, and rejects other bytes', () => {
    const train = set(5, 1);
    const test = set(3, 2);
    const back = decodeDigits(encodeDigits(train, test));
    expect(back.train).toEqual(train);
    expect(back.test).toEqual(test);
    expect(() => decodeDigits(new Uint8Array(20))).toThrow('digits: the bundled file is not a digits bundle (bad header).');
    expect(digitExamples(test)[2].x[5]).toBe(test.images[2 * PIXELS + 5] / 255);
  });

  it("a test sweep in pieces gives the same point as one sweep (the worker's way of not stalling a frame)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 9 }), (pieces, seed) => {
        const spec: NetSpec = { ...DIGITS_SPEC, nin: 6, widths: [4, 3, 10] };
        const examples = (n: number, s: number) => Array.from({ length: n }, (_, i) => ({ x: Array.from({ length: 6 }, (_, k) => Math.sin(i * 3 + k * s)), label: (i + s) % 10 }));
        const make = () => new Trainer({ spec, features: [], train: examples(30, seed), test: examples(23, seed + 1), seed }, { lr: 3, batch: 10, reg: 'none', regRate: 0, optimizer: 'sgd' });
        const [a, b] = [make(), make()];
        for (let i = 0; i < 5; i++) [a, b].forEach((t) => t.step());
        const whole = a.record(true);
        let piece = null;
        while ((piece = b.recordInPieces(pieces)) === null);
        expect(piece.accuracy).toBe(whole.accuracy);
        expect(close(piece.test, whole.test, 1e-12, 0)).toBe(true);
        expect(piece.train).toBe(whole.train);
      }),
      PROPS,
    );
  });
});

describe('playground: bad input', () => {
  it('a softmax cost with placeholder targets throws before building anything, naming the argument', () => {
    const spec: NetSpec = { nin: 1, widths: [3], activations: ['linear'], output: 'softmax', classes: 3, regression: false };
    const params = Array.from(initialParams(spec, 1), (w) => new Value(w));
    const net = buildNetwork(spec, [new Value(0.5)], params);
    expect(() => buildLoss(spec, net, [new Value(0), new Value(1), new Value(0)])).toThrow(/^playground\.buildLoss: y must be a one-hot array of numbers for a softmax output, received \[/);
    expect(buildLoss(spec, net, [0, 0, 1]).data).toBeGreaterThan(0);
  });
});

describe('playground: activations read from the op table', () => {
  it('offers the smooth and kinked unary ops of the table, not constant, affine or positive-domain ones', () => {
    expect(ACTIVATION_NAMES[0]).toBe('linear');
    for (const name of ['sigmoid', 'tanh', 'relu', 'exp']) expect(ACTIVATION_NAMES).toContain(name);
    for (const name of ['neg', 'step', 'log', 'logpos', 'add', 'sum', 'dot']) expect(ACTIVATION_NAMES).not.toContain(name);
    expect(isActivationOp(OPS.tanh)).toBe(true);
    expect(isActivationOp(OPS.step)).toBe(false);
  });
});

describe('playground: state and data', () => {
  const stateArb: fc.Arbitrary<PlaygroundState> = fc
    .record({
      dataset: fc.constantFrom(...Object.keys(GENERATORS), DIGITS),
      noise: fc.constantFrom(0, 0.05, 0.5),
      ratio: fc.constantFrom(0.1, 0.5, 0.9),
      classes: fc.integer({ min: 2, max: 4 }),
      seed: fc.integer({ min: 1, max: 1e6 }),
      features: fc.subarray(FEATURES.map((f) => f.id), { minLength: 1 }),
      layers: fc.array(fc.integer({ min: 1, max: 8 }), { maxLength: 6 }),
      activations: fc.array(fc.constantFrom(...ACTIVATION_NAMES), { minLength: 7, maxLength: 7 }),
      output: fc.constantFrom('bce' as const, 'softmax' as const, 'c0' as const),
      lr: fc.constantFrom(0.001, 0.03, 3),
      batch: fc.integer({ min: 1, max: 30 }),
      reg: fc.constantFrom('none' as const, 'l1' as const, 'l2' as const),
      regRate: fc.constantFrom(0, 0.001, 0.1),
      optimizer: fc.constantFrom('sgd' as const, 'momentum' as const, 'adam' as const),
      speed: fc.constantFrom(...SPEEDS),
      discretize: fc.boolean(),
    })
    .map((s) => normalize(s, GENERATORS[s.dataset]?.kind === 'regression'));

  it('the URL hash round-trips every state', () => {
    fc.assert(
      fc.property(stateArb, (s) => {
        expect(fromHash(toHash(s))).toEqual(s);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('an empty or foreign hash gives the defaults', () => {
    expect(fromHash('')).toEqual(DEFAULT_STATE);
    expect(fromHash('#dataset=nope&lr=abc&optimizer=rmsprop')).toEqual(DEFAULT_STATE);
  });

  it('a link naming only a regression data set gets a linear output (a sigmoid cannot reach targets below 0)', () => {
    for (const id of Object.keys(GENERATORS).filter((g) => GENERATORS[g].kind === 'regression')) {
      const s = fromHash(`#dataset=${id}`);
      expect(s.activations[s.activations.length - 1]).toBe('linear');
      expect(normalize(s, true).output).toBe('c0');
    }
    expect(fromHash('#dataset=reg-plane&activations=tanh,tanh,sigmoid').activations).toEqual(['tanh', 'tanh', 'sigmoid']);
  });

  it("a digits link gets the notes' network and training (784-16-16-10 sigmoid, C0, SGD α = 3, batch 10)", () => {
    const s = normalize(fromHash('#dataset=digits'), false);
    expect(s).toMatchObject({ layers: [16, 16], activations: ['sigmoid', 'sigmoid', 'sigmoid'], output: 'c0', lr: 3, batch: 10, optimizer: 'sgd', classes: 10 });
  });

  it('data sets are deterministic per seed, and the split keeps every point once', () => {
    for (const id of Object.keys(GENERATORS)) {
      const o = { n: 100, noise: 0.1, classes: 3, seed: 4 };
      const a = generate(id, o);
      expect(generate(id, o)).toEqual(a);
      const { train, test } = split(a.points, 0.3, 4);
      expect(train.length + test.length).toBe(a.points.length);
      expect(new Set([...train, ...test]).size).toBe(a.points.length);
    }
  });

  it('reads a CSV: header skipped, integer labels as classes, real labels as regression, bad rows named', () => {
    const classes = parseCsv('x,y,label\n0,0,3\n1,2,5\n-1,4,3\n');
    expect(classes.kind).toBe('classification');
    expect(classes.points.map((p) => p.label)).toEqual([0, 1, 0]);
    expect(Math.max(...classes.points.flatMap((p) => [Math.abs(p.x1), Math.abs(p.x2)]))).toBeCloseTo(5.4);
    const reg = parseCsv('0,0,0.5\n1,1,-2\n');
    expect(reg.kind).toBe('regression');
    expect(reg.points.map((p) => p.label)).toEqual([0.25, -1]);
    expect(() => parseCsv('0,0,1\n1,oops,0\n')).toThrow('CSV line 2: expected three numbers "x, y, label", received "1,oops,0".');
  });
});
