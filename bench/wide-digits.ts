import { Value, compile } from '../src/index.js';
import { MLP, mulberry32, shuffleInPlace, softmaxCrossEntropy, train } from '../src/nn/index.js';
import { loadDigits, type Digit } from '../examples/lib/mnist.js';
import { HandMLP } from './handwritten-mlp.js';
import { JaxMLP, useJax, type JaxDtype } from './jax-mlp.js';
import { fullGc, median } from './lib/measure.js';
import { predict, weightsOf, type PlainWeights } from './lib/mlp-weights.js';
import { fmt, ratio, type Row } from './lib/report.js';
import { TfMLP, useBackend } from './tfjs-mlp.js';
import { numpyTrain, numpyVersion } from './numpy-mlp.js';

// Section "wide digits": the layer widths users train on MNIST. 784-128-64-10, ReLU hidden,
// linear output, softmax cross-entropy (batch mean), SGD lr 0.05, batches of 32, the `mnist`
// package's 8,000 / 2,000 split. Every system starts from the same seeded weights and takes the
// same batches in the same order: train()'s own (mulberry32(seed), one shuffle per epoch).
const SIZES = [784, 128, 64, 10], BATCH = 32, LR = 0.05, SHUFFLE_SEED = 1, SEED = 5;

export interface WideOptions {
  epochs: number;
  runs: number;
  /** Train / test on the first n examples of each split; all when absent. */
  trainN?: number;
  testN?: number;
}

/**
 * One run: its whole time (set-up, first step and every compile included), its steady time (the
 * steps after the first for the batch-at-a-time systems, whose first step compiles; train()'s own
 * training loop, after its checks, compile and packing; numpy's loop) and the examples those cover.
 */
interface Outcome { seconds: number; steady: number; steadyExamples: number; firstLoss: number; weights: PlainWeights }
interface System { name: string; train(data: Digit[], batches: number[][], epochs: number): Outcome }
type Maker = (seed: number) => Promise<System>;

/** train()'s batch order: one shuffle of the running index list per epoch. */
function batchOrder(n: number, epochs: number): number[][] {
  const rng = mulberry32(SHUFFLE_SEED);
  const order = Array.from({ length: n }, (_, i) => i);
  const batches: number[][] = [];
  for (let e = 0; e < epochs; e++) {
    shuffleInPlace(order, rng);
    for (let s = 0; s < n; s += BATCH) batches.push(order.slice(s, s + BATCH));
  }
  return batches;
}

const fresh = (seed: number) => new MLP(784, [128, 64, 10], { activation: 'relu', outputActivation: 'linear', seed });
const ACTS = ['relu', 'relu', 'linear'] as const;

/** A batch-at-a-time peer timed over all its batches. */
function stepwise(name: string, weights: () => PlainWeights, step: (data: Digit[], idx: number[]) => number): System {
  return {
    name,
    train(data, batches) {
      const t0 = process.hrtime.bigint();
      let firstLoss = NaN;
      let t1 = t0;
      for (let b = 0; b < batches.length; b++) {
        const loss = step(data, batches[b]);
        if (b === 0) {
          firstLoss = loss;
          t1 = process.hrtime.bigint();
        }
      }
      const t2 = process.hrtime.bigint();
      const examples = batches.reduce((n, idx) => n + idx.length, 0) - batches[0].length;
      return { seconds: Number(t2 - t0) / 1e9, steady: Number(t2 - t1) / 1e9, steadyExamples: examples, firstLoss, weights: weights() };
    },
  };
}

function makers(): Maker[] {
  const plainOf = (seed: number) => weightsOf(fresh(seed), [...ACTS]);
  // chainrule's recommended path: train(), compiled engine, built-in SGD (the fused step), float64 or float32.
  const chainTrain = (dtype: 'float64' | 'float32') => async (seed: number): Promise<System> => ({
    name: `chainrule train()${dtype === 'float32' ? ' f32' : ''}`,
    train(data, _batches, epochs) {
      const net = fresh(seed);
      const t0 = process.hrtime.bigint();
      const r = train(net, data, { epochs, batchSize: BATCH, lr: LR, loss: 'softmaxCrossEntropy', seed: SHUFFLE_SEED, dtype });
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      return { seconds, steady: r.seconds, steadyExamples: epochs * data.length, firstLoss: r.batchLosses[0], weights: weightsOf(net, [...ACTS]) };
    },
  });
  // numpy (OpenBLAS on one thread): the same batches, one matrix product per layer and direction.
  const numpy = (dtype: 'float64' | 'float32') => async (seed: number): Promise<System> => ({
    name: `numpy ${dtype === 'float32' ? 'f32' : 'f64'} (1 thread)`,
    train(data, batches) {
      const x = new Float64Array(data.length * 784), y = new Float64Array(data.length * 10);
      data.forEach((e, i) => { x.set(e.x, i * 784); y.set(e.y, i * 10); });
      const r = numpyTrain({ weights: plainOf(seed), loss: 'softmax-ce', lr: LR, batch: BATCH, dtype, x, y, order: Int32Array.from(batches.flat()) });
      return { seconds: r.seconds, steady: r.seconds, steadyExamples: batches.flat().length, firstLoss: r.firstLoss, weights: r.weights };
    },
  });
  // The tape itself (what train() runs), parameters in arrays, rows unchecked: the engine's speed
  // without train()'s per-batch work; wasm: false runs the JavaScript layer kernels, layers: false
  // every dot on its own (the general path).
  const tapeArrays = (layers: boolean, wasm: boolean) => async (seed: number): Promise<System> => {
    const net = fresh(seed);
    const { tape } = wideTape(net, layers, wasm);
    const theta = tape.readParams(), grads = new Float64Array(theta.length);
    const rows = Array.from({ length: BATCH }, () => new Float64Array(794));
    return stepwise(`chainrule compiled, arrays${!layers ? ', layers off' : wasm ? '' : ', JS layer kernels'}`, () => { tape.writeParams(theta); return weightsOf(net, [...ACTS]); }, (data, idx) => {
      const batch = rows.slice(0, idx.length);
      idx.forEach((i, k) => { batch[k].set(data[i].x); batch[k].fill(0, 784); batch[k][784 + data[i].label] = 1; });
      grads.fill(0);
      const out = tape.run(batch, { params: theta, grads, validate: false });
      for (let i = 0; i < theta.length; i++) theta[i] -= LR * grads[i];
      let loss = 0;
      for (let k = 0; k < out.length; k++) loss += out[k];
      return loss / out.length;
    });
  };
  const tfjs = (backend: 'cpu' | 'wasm') => async (seed: number): Promise<System> => {
    await useBackend(backend);
    const net = new TfMLP(plainOf(seed), { kind: 'softmax-ce' });
    const X = new Float32Array(BATCH * 784), Y = new Float32Array(BATCH * 10);
    return stepwise(`tfjs ${backend}`, () => { const w = net.weights(SIZES); net.dispose(); return w; }, (data, idx) => {
      idx.forEach((i, k) => { X.set(data[i].x, k * 784); Y.set(data[i].y, k * 10); });
      const B = idx.length;
      return net.step(X.subarray(0, B * 784), Y.subarray(0, B * 10), B, LR);
    });
  };
  const jax = (dtype: JaxDtype) => async (seed: number): Promise<System> => {
    await useJax();
    const w0 = plainOf(seed);
    const net = new JaxMLP(w0, { kind: 'softmax-ce' }, dtype, LR);
    const X = net.buffer(BATCH * 784), Y = net.buffer(BATCH * 10);
    return stepwise(`jax-js ${dtype === 'float32' ? 'f32' : 'f64'} (jit)`, () => { const w = net.weights(w0); net.dispose(); return w; }, (data, idx) => {
      idx.forEach((i, k) => { X.set(data[i].x, k * 784); Y.set(data[i].y, k * 10); });
      const B = idx.length;
      return net.stepOn(X.subarray(0, B * 784), Y.subarray(0, B * 10), B);
    });
  };
  const hand = async (seed: number): Promise<System> => {
    const net = new HandMLP(plainOf(seed));
    return stepwise('hand-written', () => net.weights(), (data, idx) => {
      const B = idx.length;
      const a0 = net.input(B);
      idx.forEach((i, k) => a0.set(data[i].x, k * 784));
      net.forward();
      const loss = softmaxCrossEntropyDelta(net.output(), net.outputDelta(), idx.map((i) => data[i].label), B);
      net.backwardAndStep(LR);
      return loss;
    });
  };
  const peers = numpyVersion() === null ? [] : [numpy('float64'), numpy('float32')];
  return [chainTrain('float64'), chainTrain('float32'), tapeArrays(true, true), tapeArrays(true, false), tapeArrays(false, false), tfjs('cpu'), tfjs('wasm'), jax('float32'), jax('float64'), hand, ...peers];
}

/** The per-example softmax cross-entropy of the wide net over placeholders, compiled (as train() builds it). */
function wideTape(net: MLP, layers = true, wasm = true): { tape: ReturnType<typeof compile> } {
  const { loss, inputs, params } = wideLoss(net);
  return { tape: compile(loss, { inputs, params, layers, wasm }) };
}

/** The graph train() compiles: one example's loss over placeholder pixels and one-hot targets. */
function wideLoss(net: MLP): { loss: Value; inputs: Value[]; params: Value[] } {
  const x = Array.from({ length: 784 }, () => new Value(0));
  const y = Array.from({ length: 10 }, () => new Value(0));
  return { loss: softmaxCrossEntropy(net.forward(x), y), inputs: [...x, ...y], params: net.parameters() };
}

/** Mean softmax cross-entropy of B rows of 10 logits; writes ∂/∂logits = (softmax − onehot)/B into d. */
function softmaxCrossEntropyDelta(a: Float64Array, d: Float64Array, labels: number[], B: number): number {
  let total = 0;
  for (let k = 0; k < B; k++) {
    const o = k * 10;
    let m = -Infinity;
    for (let j = 0; j < 10; j++) m = Math.max(m, a[o + j]);
    let s = 0;
    for (let j = 0; j < 10; j++) s += Math.exp(a[o + j] - m);
    const lse = m + Math.log(s);
    total += lse - a[o + labels[k]];
    for (let j = 0; j < 10; j++) d[o + j] = (Math.exp(a[o + j] - lse) - (j === labels[k] ? 1 : 0)) / B;
  }
  return total / B;
}

/** Examples/s, test accuracy and first-batch loss of every system on the wide digits workload. */
export async function benchWideDigits(o: WideOptions): Promise<Row[]> {
  const all = loadDigits();
  const data = o.trainN === undefined ? all.train : all.train.filter((_, i) => i % Math.floor(all.train.length / o.trainN!) === 0).slice(0, o.trainN);
  const test = o.testN === undefined ? all.test : all.test.filter((_, i) => i % Math.floor(all.test.length / o.testN!) === 0).slice(0, o.testN);
  const batches = batchOrder(data.length, o.epochs);
  const section = `wide digits 784-128-64-10, ${o.epochs} ep × ${data.length}`;
  // Rounds: every system once per round, so a busy spell on a shared machine hits all of them
  // alike (the ratios within a round are what the run is for); medians over the rounds.
  const systems = makers();
  const results = systems.map(() => ({ name: '', eps: NaN, steadyEps: NaN, acc: NaN, firstLoss: NaN, speeds: [] as number[], steady: [] as number[] }));
  for (let r = 0; r < o.runs; r++) {
    for (const [j, make] of systems.entries()) {
      const sys = await make(SEED);
      const res = results[j];
      res.name = sys.name;
      const out = sys.train(data, batches, o.epochs);
      res.speeds.push((o.epochs * data.length) / out.seconds);
      res.steady.push(out.steadyExamples / out.steady);
      res.firstLoss = out.firstLoss;
      const guess = predict(out.weights, test.map((e) => e.x));
      res.acc = (100 * guess.filter((g, i) => g === test[i].label).length) / test.length;
    }
  }
  for (const res of results) {
    res.eps = median(res.speeds);
    res.steadyEps = median(res.steady);
    console.error(`    ${res.name}: ${res.speeds.map((v) => fmt(v)).join(', ')} ex/s`);
  }
  const eps = (n: string) => results.find((r) => r.name === n)!.eps;
  // Compile cost of the wide loss: one graph, compiled 7 times after a full GC each (the graph's
  // 110k fresh Values would otherwise leave their collection to the timed compiles).
  const net = fresh(SEED);
  const { loss, inputs, params } = wideLoss(net);
  for (let i = 0; i < 2; i++) compile(loss, { inputs, params }); // warm-up: compile's own code gets optimised
  const costs = Array.from({ length: 7 }, () => {
    fullGc();
    const t0 = process.hrtime.bigint();
    const tape = compile(loss, { inputs, params });
    return Number(process.hrtime.bigint() - t0) / 1e3 / tape.size;
  });
  const compileCost = median(costs);
  const peers = results.filter((r) => !r.name.startsWith('chainrule') && !r.name.startsWith('numpy'));
  const jsBest = Math.max(...peers.map((r) => r.eps));
  const jsBestSteady = Math.max(...peers.map((r) => r.steadyEps));
  const jax32 = eps('jax-js f32 (jit)');
  const jax32Steady = results.find((r) => r.name === 'jax-js f32 (jit)')!.steadyEps;
  const handSteady = results.find((r) => r.name === 'hand-written')!.steadyEps;
  const handLoss = results.find((r) => r.name === 'hand-written')!.firstLoss;
  const rows: Row[] = [];
  for (const r of results) {
    rows.push({
      section, system: r.name, metric: 'train', value: r.eps, unit: 'ex/s',
      ratio: `${ratio(r.eps, eps('hand-written'), 'hand')}, ${ratio(r.eps, jsBest, 'best JS peer')}, ${ratio(r.eps, jax32, 'jax-js f32')}`,
      note: `whole run, set-up and first step included; median of ${r.speeds.length}: ${r.speeds.map((s) => fmt(s)).join(', ')}`,
    });
    rows.push({
      section, system: r.name, metric: 'steady', value: r.steadyEps, unit: 'ex/s',
      ratio: `${ratio(r.steadyEps, handSteady, 'hand')}, ${ratio(r.steadyEps, jsBestSteady, 'best JS peer')}, ${ratio(r.steadyEps, jax32Steady, 'jax-js f32')}`,
      note: `${r.name.startsWith('chainrule train()') ? "train()'s own training loop (after its checks, compile and packing)" : r.name.startsWith('numpy') ? 'the training loop' : 'steps after the first (which compiles)'}; median of ${r.steady.length}: ${r.steady.map((s) => fmt(s)).join(', ')}`,
    });
    rows.push({ section, system: r.name, metric: 'test accuracy', value: r.acc, unit: '%', note: `${test.length} test digits, seed ${SEED}` });
    rows.push({
      section, system: r.name, metric: 'first batch loss', value: r.firstLoss, unit: '',
      note: `${r.firstLoss.toPrecision(10)}; rel. diff from hand-written ${(Math.abs(r.firstLoss - handLoss) / Math.abs(handLoss)).toExponential(1)}`,
    });
  }
  rows.push({
    section, system: 'chainrule compile()', metric: 'compile', value: compileCost, unit: 'µs/node',
    note: `${compile(loss, { inputs, params }).size} nodes (the wide loss), median of 7 after 2 warm-up compiles: ${costs.map((c) => fmt(c)).join(', ')}`,
  });
  return rows;
}
