import { PerformanceObserver } from 'node:perf_hooks';
import type { Operand, Value } from '../src/index.js';
import { MLP, SGD, l2Penalty, makeMoons, type Example, type ExampleLoss } from '../src/nn/index.js';
import { engineNamed } from '../src/nn/train/engines.js';
import { checkModel } from '../src/nn/model/model.js';
import { lossChoice } from '../src/nn/loss-registry.js';
import { checkExamples } from '../src/nn/train/examples.js';
import { loadDigits } from '../examples/lib/mnist.js';
import { fullGc } from './lib/measure.js';
import type { Row } from './lib/report.js';

/**
 * Bytes allocated per batch in steady state by train()'s step on the compiled engine: the session
 * train() runs (its forward and step per batch, nothing else), warmed up (`batches` batches: the
 * JIT's own allocations settle), then three windows of `batches` batches, each between two heap
 * readings after a full GC and not interrupted by a collection (checked with the 'gc' performance
 * entries); the smallest growth per batch (the others include stray JIT work).
 */
export async function benchAlloc(batches: number): Promise<Row[]> {
  const { train } = loadDigits();
  const moons = makeMoons(100, { noise: 0.1, seed: 7 });
  const workloads: { name: string; net: () => MLP; data: Example[]; batchSize: number; loss: (net: MLP) => string | ExampleLoss }[] = [
    {
      name: 'W2 moons 2-16-16-1 (hinge + L2, full batch)',
      net: () => new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', seed: 7 }),
      data: moons.x.map((x, i) => ({ x, y: [moons.y[i]] })),
      batchSize: 100,
      loss: (net) => {
        const params = net.parameters();
        return (pred: Value[], y: readonly Operand[]) => pred[0].mul((y[0] as Value).neg()).add(1).relu().add(l2Penalty(params, 1e-4));
      },
    },
    { name: 'W3 784-16-16-10 (mse, batches of 10)', net: () => new MLP(784, [16, 16, 10], { seed: 3 }), data: train, batchSize: 10, loss: () => 'mse' },
    {
      name: 'W4 784-128-64-10 (softmax CE, batches of 32)',
      net: () => new MLP(784, [128, 64, 10], { activation: 'relu', outputActivation: 'linear', seed: 5 }),
      data: train, batchSize: 32, loss: () => 'softmaxCrossEntropy',
    },
  ];
  const gcs: number[] = [];
  const observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) gcs.push(e.startTime); });
  observer.observe({ entryTypes: ['gc'] });
  const rows: Row[] = [];
  for (const w of workloads) {
    for (const dtype of ['float64', 'float32'] as const) {
      const net = w.net();
      const checked = checkModel('bench', net);
      const loss = lossChoice('bench', w.loss(net));
      const targets = checkExamples('bench', checked, w.data, loss);
      const optimizer = new SGD(checked.params, { lr: 0.01 });
      const session = engineNamed('bench', 'compiled').session({ checked, loss: loss.fn, targets, optimizer, data: w.data, batchSize: w.batchSize, dtype });
      const order = w.data.map((_, i) => i);
      let at = 0;
      const batch = () => {
        if (at + w.batchSize > order.length) at = 0;
        session.forward(order, at, at + w.batchSize);
        session.step(false);
        at += w.batchSize;
      };
      for (let i = 0; i < batches; i++) batch(); // warm-up: the JIT settles, buffers are made
      const windows: number[] = [];
      for (let attempt = 0; attempt < 6 && windows.length < 3; attempt++) {
        fullGc();
        const t0 = performance.now();
        const h0 = process.memoryUsage().heapUsed;
        for (let i = 0; i < batches; i++) batch();
        const h1 = process.memoryUsage().heapUsed;
        const t1 = performance.now();
        await new Promise((r) => setImmediate(r)); // the observer's entries arrive
        if (!gcs.some((t) => t >= t0 && t <= t1)) windows.push((h1 - h0) / batches);
      }
      const bytes = windows.length === 0 ? NaN : Math.max(0, Math.min(...windows));
      rows.push({
        section: 'memory: bytes allocated per batch, steady state',
        system: `train() ${dtype === 'float32' ? 'f32' : 'f64'}`,
        metric: w.name,
        value: bytes,
        unit: 'B/batch',
        note: `least heap growth of ${windows.length} windows of ${batches} batches without a GC (${windows.map((b) => b.toFixed(1)).join(', ')} B/batch), after ${batches} warm-up batches`,
      });
    }
  }
  observer.disconnect();
  return rows;
}
