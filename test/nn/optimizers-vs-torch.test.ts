import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Value } from '../../src/index.js';
import { Adam, MLP, SGD, l2Penalty, mse, train, type ArrayOptimizer, type Example, type TrainEngine } from '../../src/nn/index.js';

// Every optimizer's update pinned to PyTorch's torch.optim (float64), from worked values
// generated once by scripts/optimizer-fixtures.py: a few parameters fed fixed gradients step by
// step (on the Values and on arrays, the compiled engine's path), and a 2-4-1 network trained with
// train() on both engines. L2 is chainrule's l2Penalty α·Σp², torch's weight_decay = 2α.

interface OptimizerSpec {
  readonly type: 'SGD' | 'Adam';
  readonly lr: number;
  readonly momentum?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly eps?: number;
}
interface UpdateCase {
  readonly name: string;
  readonly optimizer: OptimizerSpec;
  readonly l2: number;
  readonly params0: number[];
  readonly grads: number[][];
  readonly params: number[][];
}
interface TrainingCase {
  readonly name: string;
  readonly optimizer: OptimizerSpec;
  readonly l2: number;
  readonly sizes: number[];
  readonly params0: number[];
  readonly data: Example[];
  readonly batchSize: number;
  readonly epochs: number;
  readonly paramsAfterEpoch: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/torch-optim.json', import.meta.url), 'utf8')) as { updates: UpdateCase[]; training: TrainingCase[] };

function make(spec: OptimizerSpec, params: Value[]): ArrayOptimizer {
  const { type, ...options } = spec;
  return type === 'SGD' ? new SGD(params, options as { lr: number; momentum?: number }) : new Adam(params, options);
}

/** Within `rtol` of torch's value (relative to the larger magnitude, 1e-15 absolute near 0). */
function expectNear(got: readonly number[], want: readonly number[], rtol: number, what: string): void {
  got.forEach((g, i) => expect(Math.abs(g - want[i]) <= rtol * Math.max(Math.abs(g), Math.abs(want[i])) + 1e-15, `${what}[${i}]: ${g}, torch ${want[i]}`).toBe(true));
}

describe('optimizer updates against torch.optim, step by step', () => {
  it.each(fixture.updates.map((c) => [c.name, c] as const))('%s: step() on the Values', (_name, c) => {
    const ps = c.params0.map((x) => new Value(x));
    const opt = make(c.optimizer, ps);
    c.grads.forEach((row, t) => {
      opt.zeroGrad();
      ps.forEach((p, i) => (p.grad += row[i]));
      if (c.l2 > 0) l2Penalty(ps, c.l2).backward(); // adds 2α·p to each grad
      opt.step();
      expectNear(ps.map((p) => p.data), c.params[t], 1e-14, `step ${t + 1}`);
    });
  });

  it.each(fixture.updates.map((c) => [c.name, c] as const))('%s: stepArrays on arrays (the compiled engine’s path)', (_name, c) => {
    const opt = make(c.optimizer, c.params0.map((x) => new Value(x)));
    const w = Float64Array.from(c.params0);
    c.grads.forEach((row, t) => {
      const g = Float64Array.from(row, (x, i) => x + 2 * (c.l2 * w[i]));
      opt.stepArrays(w, g);
      expectNear([...w], c.params[t], 1e-14, `step ${t + 1}`);
    });
  });
});

describe('training with each optimizer against torch.optim (a 2-4-1 tanh network, both engines)', () => {
  const cases = fixture.training.flatMap((c) => (['graph', 'compiled'] as TrainEngine[]).map((engine) => [c.name, engine, c] as const));
  it.each(cases)('%s, %s engine: the weights after every epoch', (_name, engine, c) => {
    const net = new MLP(c.sizes[0], c.sizes.slice(1), { activation: 'tanh', outputActivation: 'linear' });
    net.parameters().forEach((p, i) => (p.data = c.params0[i]));
    const params = net.parameters();
    const loss = c.l2 > 0 ? (pred: Value[], y: readonly (number | Value)[]) => mse(pred, y).add(l2Penalty(params, c.l2)) : 'mse';
    const epochs: number[][] = [];
    train(net, c.data, {
      epochs: c.epochs, batchSize: c.batchSize, shuffle: false, engine, loss, optimizer: make(c.optimizer, params),
      onEpochEnd: () => epochs.push(net.parameters().map((p) => p.data)),
    });
    epochs.forEach((w, e) => expectNear(w, c.paramsAfterEpoch[e], 1e-12, `epoch ${e + 1}`));
  });
});
