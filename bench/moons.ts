import { Value, compile, type Tape } from '../src/index.js';
import { MLP, SGD, hingeLoss, l2Penalty, makeMoons, train, type ExampleLoss, type Moons } from '../src/nn/index.js';
import { HandMLP } from './handwritten-mlp.js';
import { median, timeMs } from './lib/measure.js';
import { weightsOf } from './lib/mlp-weights.js';
import { fmt, ratio, type Row } from './lib/report.js';
import { JaxMLP, useJax, type JaxDtype } from './jax-mlp.js';
import { TfMLP, useBackend } from './tfjs-mlp.js';
import { numpyTrain, numpyVersion } from './numpy-mlp.js';

// Section 2: micrograd's moons demo. 2-16-16-1 ReLU MLP (linear output), 100 points, hinge loss
// + L2 (α·Σp²), one full-batch SGD step = forward, backward and update for all 100 points.
const N = 100, LR = 0.05, ALPHA = 1e-4, SEED = 7, WARMUP = 300;

/** A system: one step at a time, or (train(), numpy) `steps` steps in one call, returning their total ms and the last loss. */
interface System { name: string; step(): number; run?: (steps: number) => { ms: number; loss: number } }

/** One example's hinge loss plus the L2 penalty, over placeholders (x0, x1, y), compiled once; and the data as rows. */
function hingeTape(net: MLP, data: Moons): { tape: Tape; rows: number[][] } {
  const [x0, x1, y] = [new Value(0), new Value(0), new Value(0)];
  const cost = net.forward([x0, x1])[0].mul(y.neg()).add(1).relu().add(l2Penalty(net.parameters(), ALPHA));
  const tape = compile(cost, { inputs: [x0, x1, y], params: net.parameters() });
  return { tape, rows: data.x.map((x, i) => [x[0], x[1], data.y[i]]) };
}

function mean(xs: Float64Array): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k];
  return s / xs.length;
}

function systems(): (() => System | Promise<System>)[] {
  const data = makeMoons(N, { noise: 0.1, seed: SEED });
  const fresh = () => new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', seed: SEED });
  const plain = weightsOf(fresh(), ['relu', 'relu', 'linear']);
  const graph = (): System => {
    const net = fresh();
    const params = net.parameters();
    const opt = new SGD(params, { lr: LR });
    return {
      name: 'chainrule graph',
      step() {
        opt.zeroGrad();
        const loss = hingeLoss(data.x.map((x) => net.forward(x)[0]), data.y).add(l2Penalty(params, ALPHA));
        loss.backward();
        opt.step();
        return loss.data;
      },
    };
  };
  const compiled = (): System => {
    const net = fresh();
    const opt = new SGD(net.parameters(), { lr: LR });
    const { tape, rows } = hingeTape(net, data);
    return {
      name: 'chainrule compiled',
      step() {
        opt.zeroGrad();
        const out = tape.run(rows);
        opt.step();
        return mean(out);
      },
    };
  };
  const arrays = (): System => {
    const { tape, rows } = hingeTape(fresh(), data);
    const theta = tape.readParams();
    const grads = new Float64Array(theta.length);
    return {
      name: 'chainrule compiled, arrays',
      step() {
        grads.fill(0);
        const out = tape.run(rows, { params: theta, grads });
        for (let i = 0; i < theta.length; i++) theta[i] -= LR * grads[i];
        return mean(out);
      },
    };
  };
  const tfjs = (backend: 'cpu' | 'wasm') => async (): Promise<System> => {
    await useBackend(backend);
    const net = new TfMLP(plain, { kind: 'hinge', l2: ALPHA });
    const X = Float32Array.from(data.x.flat());
    const Y = Float32Array.from(data.y);
    return { name: `tfjs ${backend}`, step: () => net.step(X, Y, N, LR) };
  };
  const jax = (dtype: JaxDtype) => async (): Promise<System> => {
    await useJax();
    const net = new JaxMLP(plain, { kind: 'hinge', l2: ALPHA }, dtype, LR);
    const X = net.buffer(2 * N), Y = net.buffer(N);
    X.set(data.x.flat());
    Y.set(data.y);
    return { name: `jax-js ${dtype === 'float32' ? 'f32' : 'f64'} (jit)`, step: () => net.stepOn(X, Y, N) };
  };
  // train() with the hinge + L2 loss per example, full batch, no shuffle: the fused step.
  const viaTrain = (dtype: 'float64' | 'float32') => (): System => {
    const net = fresh();
    const params = net.parameters();
    const loss: ExampleLoss = (pred, y) => pred[0].mul((y[0] as Value).neg()).add(1).relu().add(l2Penalty(params, ALPHA));
    const examples = data.x.map((x, i) => ({ x, y: [data.y[i]] }));
    const optimizer = new SGD(params, { lr: LR });
    const run = (steps: number) => {
      const r = train(net, examples, { epochs: steps, batchSize: N, optimizer, loss, shuffle: false, dtype });
      return { ms: r.seconds * 1000, loss: r.batchLosses[steps - 1] };
    };
    return { name: `chainrule train()${dtype === 'float32' ? ' f32' : ''}`, step: () => run(1).loss, run };
  };
  const numpy = (dtype: 'float64' | 'float32') => (): System => {
    let weights = plain;
    const x = Float64Array.from(data.x.flat()), y = Float64Array.from(data.y);
    const run = (steps: number) => {
      const order = new Int32Array(steps * N);
      for (let i = 0; i < order.length; i++) order[i] = i % N;
      const r = numpyTrain({ weights, loss: 'hinge', l2: ALPHA, lr: LR, batch: N, dtype, x, y, order });
      weights = r.weights;
      return { ms: r.seconds * 1000, loss: r.lastLoss };
    };
    return { name: `numpy ${dtype === 'float32' ? 'f32' : 'f64'} (1 thread)`, step: () => run(1).loss, run };
  };
  const hand = (): System => {
    const net = new HandMLP(plain);
    return {
      name: 'hand-written',
      step() {
        const x = net.input(N);
        for (let k = 0; k < N; k++) { x[2 * k] = data.x[k][0]; x[2 * k + 1] = data.x[k][1]; }
        net.forward();
        const s = net.output(), d = net.outputDelta();
        let loss = 0;
        for (let k = 0; k < N; k++) {
          const m = 1 - data.y[k] * s[k];
          loss += m > 0 ? m : 0;
          d[k] = m > 0 ? -data.y[k] / N : 0;
        }
        const penalty = ALPHA * net.sumOfSquares(); // before the step, as the other systems report it
        net.backwardAndStep(LR, ALPHA);
        return loss / N + penalty;
      },
    };
  };
  const peers = numpyVersion() === null ? [] : [numpy('float64'), numpy('float32')];
  return [graph, compiled, arrays, viaTrain('float64'), viaTrain('float32'), tfjs('cpu'), tfjs('wasm'), jax('float32'), jax('float64'), hand, ...peers];
}

/** Median over runs of the mean ms per step over `steps` steps (after warm-up), each system from the same init and data. */
export async function benchMoons(steps: number, runs: number): Promise<Row[]> {
  const section = 'moons step (100 pts)';
  const results: { name: string; ms: number; loss: number; all: number[] }[] = [];
  const made = systems();
  // Rounds: every system once per round, so a busy spell hits all of them alike.
  for (let r = 0; r < runs; r++) {
    for (const [j, make] of made.entries()) {
      const sys = await make();
      results[j] ??= { name: sys.name, ms: NaN, loss: NaN, all: [] };
      let ms: number;
      let loss = NaN;
      if (sys.run !== undefined) {
        sys.run(WARMUP);
        ({ ms, loss } = sys.run(steps));
      } else {
        for (let i = 0; i < WARMUP; i++) sys.step(); // lets the JIT settle
        ms = timeMs(() => { for (let i = 0; i < steps; i++) loss = sys.step(); });
      }
      results[j].all.push(ms / steps);
      results[j].loss = loss;
    }
  }
  for (const r of results) r.ms = median(r.all);
  const ms = (n: string) => results.find((r) => r.name === n)!.ms;
  const jsBest = Math.min(...results.filter((r) => !r.name.startsWith('chainrule') && !r.name.startsWith('numpy')).map((r) => r.ms));
  return results.map((r) => ({
    section,
    system: r.name,
    metric: 'step',
    value: r.ms,
    unit: 'ms',
    ratio: `${ratio(r.ms, ms('hand-written'), 'hand time')}; best JS peer ÷ this = ${fmt(jsBest / r.ms)}`,
    note: `mean of ${steps} steps, median of ${runs} runs: ${r.all.map((v) => fmt(v)).join(', ')} ms; loss after ${WARMUP + steps} steps ${r.loss.toFixed(5)}`,
  }));
}
