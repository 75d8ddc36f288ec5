// XOR with the notes' kind of network: 2-4-1 sigmoid, C0 = (a − y)², full-batch gradient descent
// with momentum. Run: npx tsx examples/xor.ts  → prints progress and the four outputs, writes out/xor-*.svg
import { MLP, SGD, train } from '../src/nn/index.js';
import type { Example } from '../src/nn/index.js';
import { writeChart } from './lib/plot.js';

const DATA: Example[] = [
  { x: [0, 0], y: [0] },
  { x: [0, 1], y: [1] },
  { x: [1, 0], y: [1] },
  { x: [1, 1], y: [0] },
];
const EPOCHS = 2000;

const net = new MLP(2, [4, 1], { activation: 'sigmoid', seed: 1 });
const optimizer = new SGD(net.parameters(), { lr: 2, momentum: 0.9 });
const result = train(net, DATA, {
  epochs: EPOCHS,
  batchSize: DATA.length,
  loss: 'mse',
  optimizer,
  onEpochEnd: ({ epoch, loss }) => {
    if (epoch % 250 === 0) console.log(`epoch ${String(epoch).padStart(4)}  mean C0 ${loss.toExponential(3)}`);
  },
});

let worst = 0;
for (const { x, y } of DATA) {
  const out = net.forward(x)[0].data;
  worst = Math.max(worst, Math.abs(out - y[0]));
  console.log(`xor(${x.join(', ')}) = ${out.toFixed(4)}  (target ${y[0]})`);
}
console.log(`largest error ${worst.toFixed(4)} ${worst < 0.05 ? '< 0.05: solved' : '≥ 0.05: NOT solved'} in ${result.seconds.toFixed(2)} s`);

const loss = result.losses.map((l, i) => ({ epoch: i + 1, loss: l }));
const grid: { x0: number; x1: number; out: number }[] = [];
for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) grid.push({ x0: i / 20, x1: j / 20, out: net.forward([i / 20, j / 20])[0].data });
const files = [
  await writeChart('out/xor-loss.svg', {
    title: 'XOR 2-4-1 sigmoid: mean C0 per epoch',
    data: { values: loss },
    mark: 'line',
    encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } } },
    width: 400,
    height: 250,
  }),
  await writeChart('out/xor-surface.svg', {
    title: 'XOR network output over [0, 1]²',
    data: { values: grid },
    mark: 'rect',
    encoding: {
      x: { field: 'x0', type: 'ordinal', axis: { values: [0, 0.5, 1] } },
      y: { field: 'x1', type: 'ordinal', sort: 'descending', axis: { values: [0, 0.5, 1] } },
      color: { field: 'out', type: 'quantitative', scale: { scheme: 'blueorange', domain: [0, 1] } },
    },
    width: 300,
    height: 300,
  }),
];
console.log(`wrote ${files.join(', ')}`);
