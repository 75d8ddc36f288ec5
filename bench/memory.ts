import { Value, compile, dot } from '../src/index.js';
import { MLP, SGD } from '../src/nn/index.js';
import { loadDigits } from '../examples/lib/mnist.js';
import { heapUsed } from './lib/measure.js';
import type { Row } from './lib/report.js';

/**
 * A training loop over the tape (the digits network, mini-batches of 10): heap in use after a full
 * GC at the end of each epoch, which stays flat when a step leaves no garbage behind beyond the
 * batch's output array, and the process's peak RSS.
 */
export function benchMemory(epochs: number, examples?: number): Row[] {
  const { train } = loadDigits();
  const data = examples === undefined ? train : train.filter((_, i) => i % Math.ceil(train.length / examples) === 0);
  const net = new MLP(784, [16, 16, 10], { activation: 'sigmoid', seed: 3 });
  const params = net.parameters();
  const opt = new SGD(params, { lr: 3.0 });
  const x = Array.from({ length: 784 }, () => new Value(0));
  const y = Array.from({ length: 10 }, () => new Value(0));
  const d = net.forward(x).map((a, j) => a.sub(y[j]));
  const tape = compile(dot(d, d), { inputs: [...x, ...y], params });
  const rows = data.map((e) => Float64Array.from([...e.x, ...e.y]));
  const section = `memory: digits tape, ${epochs} epochs × ${rows.length}`;
  const heaps: number[] = [heapUsed()];
  for (let e = 0; e < epochs; e++) {
    for (let s = 0; s + 10 <= rows.length; s += 10) {
      opt.zeroGrad();
      tape.run(rows.slice(s, s + 10));
      opt.step();
    }
    heaps.push(heapUsed());
  }
  const mb = (b: number) => b / 2 ** 20;
  const out: Row[] = heaps.slice(1).map((h, e) => ({
    section, system: 'chainrule compiled', metric: `heap after epoch ${e + 1}`, value: mb(h), unit: 'MiB',
    note: e === 0 ? `before training ${mb(heaps[0]).toFixed(2)} MiB` : `${((h - heaps[e]) / 1024).toFixed(1)} KiB vs epoch ${e}`,
  }));
  out.push({ section, system: 'process', metric: 'peak RSS', value: process.resourceUsage().maxRSS / 1024, unit: 'MiB', note: 'whole bench process so far' });
  return out;
}
