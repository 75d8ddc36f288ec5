import { Value, compile, dot, type Tape } from '../src/index.js';
import { MLP, SGD, meanLoss, mse, mulberry32, shuffleInPlace, train as trainNet } from '../src/nn/index.js';
import { loadDigits, type Digit } from '../examples/lib/mnist.js';
import { HandMLP } from './handwritten-mlp.js';
import { median, rng } from './lib/measure.js';
import { predict, weightsOf, type PlainWeights } from './lib/mlp-weights.js';
import { fmt, ratio, type Row } from './lib/report.js';
import { JaxMLP, useJax, type JaxDtype } from './jax-mlp.js';
import { TfMLP, useBackend } from './tfjs-mlp.js';
import { numpyTrain, numpyVersion } from './numpy-mlp.js';

// Section 3: the notes' digits network. 784-16-16-10 sigmoid, C0 = Σ_j (a_j − y_j)², mini-batches
// of 10, α = 3.0, plain SGD; the `mnist` package split (800 per class train, the rest test).
const SIZES = [784, 16, 16, 10], BATCH = 10, LR = 3.0, SEED = 3;

export interface DigitsOptions {
  epochs: number;
  runs: number;
  /** Train / test on this many examples (a seeded sample across classes); all when absent. */
  trainN?: number;
  testN?: number;
  /** Run the graph path on only this many examples (throughput extrapolated, no accuracy). */
  graphExamples?: number;
}

/**
 * A system: a batch at a time (batch), or a whole run at once (whole: train(), which shuffles with
 * its own seed, and numpy, which gets the same batches): returns the seconds it took.
 */
interface Trainer { name: string; batch(idx: readonly number[]): void; whole?: (orders: readonly number[][]) => number; weights(): PlainWeights }
type Maker = (seed: number) => Promise<Trainer>;

/** Seeded Fisher–Yates: the same shuffles for every system. */
function permutation(n: number, seed: number): number[] {
  const r = rng(seed);
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

/** The notes' C0 = Σ_j (a_j − y_j)² over placeholders (x and y fed per example), compiled once; rowsOf picks a batch's rows. */
function c0Tape(net: MLP, train: Digit[]): { tape: Tape; rowsOf: (idx: readonly number[]) => Float64Array[] } {
  const x = Array.from({ length: 784 }, () => new Value(0));
  const y = Array.from({ length: 10 }, () => new Value(0));
  const d = net.forward(x).map((a, j) => a.sub(y[j])); // C0 as mse builds it
  const tape = compile(dot(d, d), { inputs: [...x, ...y], params: net.parameters() });
  const rows = train.map((e) => Float64Array.from([...e.x, ...e.y]));
  const batchRows: Float64Array[] = [];
  const rowsOf = (idx: readonly number[]) => {
    batchRows.length = idx.length;
    for (let k = 0; k < idx.length; k++) batchRows[k] = rows[idx[k]];
    return batchRows;
  };
  return { tape, rowsOf };
}

function trainers(train: Digit[]): Maker[] {
  const fresh = (seed: number) => new MLP(784, [16, 16, 10], { activation: 'sigmoid', seed });
  const plainOf = (seed: number) => weightsOf(fresh(seed), ['sigmoid', 'sigmoid', 'sigmoid']);
  const chainWeights = (net: MLP) => weightsOf(net, ['sigmoid', 'sigmoid', 'sigmoid']);
  const graph = async (seed: number): Promise<Trainer> => {
    const net = fresh(seed);
    const params = net.parameters();
    const opt = new SGD(params, { lr: LR });
    return {
      name: 'chainrule graph',
      batch(idx) {
        opt.zeroGrad();
        meanLoss(idx.map((i) => mse(net.forward(train[i].x), train[i].y))).backward();
        opt.step();
      },
      weights: () => chainWeights(net),
    };
  };
  const compiled = async (seed: number): Promise<Trainer> => {
    const net = fresh(seed);
    const opt = new SGD(net.parameters(), { lr: LR });
    const { tape, rowsOf } = c0Tape(net, train);
    return {
      name: 'chainrule compiled',
      batch(idx) {
        opt.zeroGrad();
        tape.run(rowsOf(idx));
        opt.step();
      },
      weights: () => chainWeights(net),
    };
  };
  // The same tape, parameters kept in a Float64Array (tape.readParams / run { params, grads }):
  // the Value objects are touched only to read the result.
  const arrays = async (seed: number): Promise<Trainer> => {
    const net = fresh(seed);
    const { tape, rowsOf } = c0Tape(net, train);
    const theta = tape.readParams();
    const grads = new Float64Array(theta.length);
    return {
      name: 'chainrule compiled, arrays',
      batch(idx) {
        grads.fill(0);
        tape.run(rowsOf(idx), { params: theta, grads });
        for (let i = 0; i < theta.length; i++) theta[i] -= LR * grads[i];
      },
      weights: () => { tape.writeParams(theta); return chainWeights(net); },
    };
  };
  const tfjs = (backend: 'cpu' | 'wasm') => async (seed: number): Promise<Trainer> => {
    await useBackend(backend);
    const net = new TfMLP(plainOf(seed), { kind: 'mse' });
    const xs = train.map((e) => Float32Array.from(e.x));
    const ys = train.map((e) => Float32Array.from(e.y));
    const X = new Float32Array(BATCH * 784), Y = new Float32Array(BATCH * 10);
    return {
      name: `tfjs ${backend}`,
      batch(idx) {
        idx.forEach((i, k) => { X.set(xs[i], k * 784); Y.set(ys[i], k * 10); });
        net.step(X, Y, idx.length, LR);
      },
      weights: () => { const w = net.weights(SIZES); net.dispose(); return w; },
    };
  };
  const jax = (dtype: JaxDtype) => async (seed: number): Promise<Trainer> => {
    await useJax();
    const w0 = plainOf(seed);
    const net = new JaxMLP(w0, { kind: 'mse' }, dtype, LR);
    const X = net.buffer(BATCH * 784), Y = net.buffer(BATCH * 10);
    return {
      name: `jax-js ${dtype === 'float32' ? 'f32' : 'f64'} (jit)`,
      batch(idx) {
        idx.forEach((i, k) => { X.set(train[i].x, k * 784); Y.set(train[i].y, k * 10); });
        net.stepOn(X, Y, idx.length);
      },
      weights: () => { const w = net.weights(w0); net.dispose(); return w; },
    };
  };
  // The recommended path: train() on the compiled engine with SGD (the fused step), float64 or float32.
  const viaTrain = (dtype: 'float64' | 'float32') => async (seed: number): Promise<Trainer> => {
    const net = fresh(seed);
    return {
      name: `chainrule train()${dtype === 'float32' ? ' f32' : ''}`,
      batch() {},
      whole(orders) {
        const r = trainNet(net, train, { epochs: orders.length, batchSize: BATCH, lr: LR, loss: 'mse', seed: 1, dtype });
        return r.seconds;
      },
      weights: () => chainWeights(net),
    };
  };
  const numpy = (dtype: 'float64' | 'float32') => async (seed: number): Promise<Trainer> => {
    let weights = plainOf(seed);
    return {
      name: `numpy ${dtype === 'float32' ? 'f32' : 'f64'} (1 thread)`,
      batch() {},
      whole(orders) {
        const x = new Float64Array(train.length * 784), y = new Float64Array(train.length * 10);
        train.forEach((e, i) => { x.set(e.x, i * 784); y.set(e.y, i * 10); });
        const order = Int32Array.from(orders.flatMap((o) => o.slice(0, Math.floor(o.length / BATCH) * BATCH)));
        const r = numpyTrain({ weights, loss: 'mse', lr: LR, batch: BATCH, dtype, x, y, order });
        weights = r.weights;
        return r.seconds;
      },
      weights: () => weights,
    };
  };
  const hand = async (seed: number): Promise<Trainer> => {
    const net = new HandMLP(plainOf(seed));
    return {
      name: 'hand-written',
      batch(idx) {
        const B = idx.length;
        const a0 = net.input(B);
        idx.forEach((i, k) => a0.set(train[i].x, k * 784));
        net.forward();
        const a = net.output(), d = net.outputDelta();
        idx.forEach((i, k) => { for (let j = 0; j < 10; j++) d[k * 10 + j] = (2 * (a[k * 10 + j] - train[i].y[j])) / B; });
        net.backwardAndStep(LR);
      },
      weights: () => net.weights(),
    };
  };
  const peers = numpyVersion() === null ? [] : [numpy('float64'), numpy('float32')];
  return [graph, compiled, arrays, viaTrain('float64'), viaTrain('float32'), tfjs('cpu'), tfjs('wasm'), jax('float32'), jax('float64'), hand, ...peers];
}

/** Examples/s over `epochs` of mini-batch SGD and the test accuracy after, for each system. */
export async function benchDigits(o: DigitsOptions): Promise<Row[]> {
  const all = loadDigits();
  const sample = (xs: Digit[], n: number | undefined, seed: number) => (n === undefined ? xs : permutation(xs.length, seed).slice(0, n).map((i) => xs[i]));
  const train = sample(all.train, o.trainN, 11);
  const test = sample(all.test, o.testN, 12);
  // train()'s batch order (mulberry32(1), one shuffle of the running index list per epoch), so every
  // system, train() included, takes the same batches in the same order.
  const shuffler = mulberry32(1);
  const running = Array.from({ length: train.length }, (_, i) => i);
  const orders = Array.from({ length: o.epochs }, () => {
    shuffleInPlace(running, shuffler);
    return running.slice();
  });
  const section = `digits ${o.epochs} ep × ${train.length}`;
  const makers = trainers(train);
  const graph0 = makers[0];
  const results = makers.map(() => ({ name: '', eps: NaN, seconds: 0, accs: [] as number[], speeds: [] as number[], note: undefined as string | undefined }));
  // Rounds: every system once per round (a busy spell on a shared machine then hits all of them
  // alike); the graph path, ~20× slower than the rest, runs in the first round only.
  for (let r = 0; r < o.runs; r++) {
    for (const [j, make] of makers.entries()) {
      if (make === graph0 && r > 0) continue;
      const res = results[j];
      const t = await make(SEED + r); // run r starts from init seed SEED + r, the same for every system
      res.name = t.name;
      const limit = t.name === 'chainrule graph' && o.graphExamples !== undefined ? o.graphExamples : Infinity;
      let done = 0;
      const t0 = process.hrtime.bigint();
      let sec: number;
      if (t.whole !== undefined) {
        sec = t.whole(orders);
        done = o.epochs * Math.floor(train.length / BATCH) * BATCH;
      } else {
        for (const order of orders) {
          for (let s = 0; s + BATCH <= order.length && done < limit; s += BATCH, done += BATCH) t.batch(order.slice(s, s + BATCH));
        }
        sec = Number(process.hrtime.bigint() - t0) / 1e9;
      }
      res.speeds.push(done / sec);
      res.seconds = sec;
      const w = t.weights();
      if (done === o.epochs * Math.floor(train.length / BATCH) * BATCH) {
        const guess = predict(w, test.map((e) => e.x));
        res.accs.push((100 * guess.filter((g, i) => g === test[i].label).length) / test.length);
      } else {
        res.note = `EXTRAPOLATED from ${done} examples (1 run); no accuracy`;
      }
    }
  }
  for (const res of results) res.eps = median(res.speeds);
  const eps = (n: string) => results.find((r) => r.name === n)!.eps;
  const jsBest = Math.max(...results.filter((r) => !r.name.startsWith('chainrule') && !r.name.startsWith('numpy')).map((r) => r.eps));
  const rows: Row[] = [];
  for (const r of results) {
    rows.push({
      section, system: r.name, metric: 'train', value: r.eps, unit: 'ex/s',
      ratio: `${ratio(r.eps, eps('hand-written'), 'hand')}, ${ratio(r.eps, jsBest, 'best JS peer')}`,
      note: r.note ?? `${fmt((o.epochs * Math.floor(train.length / BATCH) * BATCH) / r.eps)} s for ${o.epochs} epochs${r.name === 'chainrule graph' ? ' (1 run)' : ''}`,
    });
    if (r.accs.length > 0) {
      const mean = r.accs.reduce((a, b) => a + b, 0) / r.accs.length;
      const seeds = r.accs.length === 1 ? `seed ${SEED}` : `mean of seeds ${SEED}–${SEED + r.accs.length - 1}: ${r.accs.map((a) => a.toFixed(1)).join(', ')}`;
      rows.push({ section, system: r.name, metric: 'test accuracy', value: mean, unit: '%', note: `${test.length} test digits, ${seeds}` });
    }
  }
  return rows;
}
