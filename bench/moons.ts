import { Value, compile, type Tape } from '../src/index.js';
import { MLP, SGD, hingeLoss, l2Penalty, makeMoons, type Moons } from '../src/nn/index.js';
import { HandMLP } from './handwritten-mlp.js';
import { median, timeMs } from './lib/measure.js';
import { weightsOf } from './lib/mlp-weights.js';
import { fmt, ratio, type Row } from './lib/report.js';
import { JaxMLP, useJax, type JaxDtype } from './jax-mlp.js';
import { TfMLP, useBackend } from './tfjs-mlp.js';

// Section 2: micrograd's moons demo. 2-16-16-1 ReLU MLP (linear output), 100 points, hinge loss
// + L2 (α·Σp²), one full-batch SGD step = forward, backward and update for all 100 points.
const N = 100, LR = 0.05, ALPHA = 1e-4, SEED = 7, WARMUP = 30;

interface System { name: string; step(): number }

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
  return [graph, compiled, arrays, tfjs('cpu'), tfjs('wasm'), jax('float32'), jax('float64'), hand];
}

/** Median ms per step of each system (after warm-up), each from the same init and data. */
export async function benchMoons(steps: number, runs: number): Promise<Row[]> {
  const section = 'moons step (100 pts)';
  const results: { name: string; ms: number; loss: number }[] = [];
  for (const make of systems()) {
    const times: number[] = [];
    let loss = 0;
    let name = '';
    for (let r = 0; r < runs; r++) {
      const sys = await make();
      name = sys.name;
      for (let i = 0; i < WARMUP; i++) sys.step(); // warm-up (lets the JIT settle): steps 1–WARMUP of the run
      const t: number[] = [];
      for (let i = 0; i < steps; i++) t.push(timeMs(() => { loss = sys.step(); }));
      times.push(median(t));
    }
    results.push({ name, ms: median(times), loss });
  }
  const ms = (n: string) => results.find((r) => r.name === n)!.ms;
  const jsBest = Math.min(...results.filter((r) => !r.name.startsWith('chainrule')).map((r) => r.ms));
  return results.map((r) => ({
    section,
    system: r.name,
    metric: 'step',
    value: r.ms,
    unit: 'ms',
    ratio: `${ratio(r.ms, ms('hand-written'), 'hand time')}; best JS peer ÷ this = ${fmt(jsBest / r.ms)}`,
    note: `loss after ${WARMUP + steps} steps ${r.loss.toFixed(5)}`,
  }));
}
