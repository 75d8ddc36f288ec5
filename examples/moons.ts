// micrograd's demo: 100 two-moons points (noise 0.1), a 2-16-16-1 ReLU MLP, max-margin (hinge) loss
// + 1e-4 L2, full-batch SGD with lr = 1.0 − 0.9·k/100 for 100 steps.
// Run: npx tsx examples/moons.ts  → prints the loss and accuracy, writes out/moons-*.svg
import type { Value } from '../src/index.js';
import { MLP, hingeLoss, l2Penalty, makeMoons, sgd } from '../src/nn/index.js';
import { writeChart } from './lib/plot.js';

const STEPS = 100;
const { x, y } = makeMoons(100, { noise: 0.1, seed: 1 });
const net = new MLP(2, [16, 16, 1], { activation: 'relu', outputActivation: 'linear', init: 'uniform', seed: 1 });
const params = net.parameters();

function evaluate(): { loss: Value; accuracy: number } {
  const scores = x.map((p) => net.forward(p)[0]);
  const loss = hingeLoss(scores, y).add(l2Penalty(params, 1e-4));
  const correct = scores.filter((s, i) => s.data > 0 === y[i] > 0).length;
  return { loss, accuracy: correct / y.length };
}

const history: { step: number; loss: number; accuracy: number }[] = [];
const start = performance.now();
for (let k = 0; k < STEPS; k++) {
  const { loss, accuracy } = evaluate();
  net.zeroGrad();
  loss.backward();
  sgd(params, 1.0 - (0.9 * k) / STEPS);
  history.push({ step: k, loss: loss.data, accuracy });
  if (k % 10 === 0 || k === STEPS - 1) console.log(`step ${String(k).padStart(3)}  loss ${loss.data.toFixed(4)}  accuracy ${(accuracy * 100).toFixed(0)}%`);
}
const final = evaluate();
const seconds = (performance.now() - start) / 1000;
console.log(`after ${STEPS} steps: loss ${final.loss.data.toFixed(4)}, training accuracy ${(final.accuracy * 100).toFixed(0)}% (${seconds.toFixed(2)} s)`);

const grid: { x0: number; x1: number; score: number }[] = [];
const [lo0, hi0, lo1, hi1, n] = [-1.6, 2.6, -1.2, 1.7, 45];
for (let i = 0; i < n; i++) {
  for (let j = 0; j < n; j++) {
    const p = [lo0 + ((hi0 - lo0) * (i + 0.5)) / n, lo1 + ((hi1 - lo1) * (j + 0.5)) / n];
    grid.push({ x0: p[0], x1: p[1], score: net.forward(p)[0].data > 0 ? 1 : -1 });
  }
}
const cell = { x0: (hi0 - lo0) / n, x1: (hi1 - lo1) / n };
const points = x.map((p, i) => ({ x0: p[0], x1: p[1], label: y[i] > 0 ? '+1' : '−1' }));
const files = [
  await writeChart('out/moons-boundary.svg', {
    title: `two moons: decision boundary after ${STEPS} steps (accuracy ${(final.accuracy * 100).toFixed(0)}%)`,
    width: 420,
    height: 300,
    layer: [
      {
        data: { values: grid },
        transform: [{ calculate: `datum.x0 + ${cell.x0}`, as: 'x0e' }, { calculate: `datum.x1 + ${cell.x1}`, as: 'x1e' }],
        mark: { type: 'rect', opacity: 0.35 },
        encoding: {
          x: { field: 'x0', type: 'quantitative', scale: { domain: [lo0, hi0], nice: false }, title: 'x0' },
          x2: { field: 'x0e' },
          y: { field: 'x1', type: 'quantitative', scale: { domain: [lo1, hi1], nice: false }, title: 'x1' },
          y2: { field: 'x1e' },
          color: { field: 'score', type: 'nominal', scale: { domain: [-1, 1], range: ['#e45756', '#4c78a8'] }, legend: null },
        },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 40, stroke: 'black', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'x0', type: 'quantitative' },
          y: { field: 'x1', type: 'quantitative' },
          fill: { field: 'label', type: 'nominal', scale: { domain: ['−1', '+1'], range: ['#e45756', '#4c78a8'] }, title: 'label' },
        },
      },
    ],
  }),
  await writeChart('out/moons-loss.svg', {
    title: 'two moons: hinge + L2 loss per step',
    data: { values: history },
    mark: 'line',
    encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative' } },
    width: 400,
    height: 250,
  }),
];
console.log(`wrote ${files.join(', ')}`);
