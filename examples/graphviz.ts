// Renders a neuron's graph (and the graph of its derivative) to SVG in Node with a WebAssembly
// Graphviz build, as micrograd's draw_dot does with the graphviz binary.
// Run: npx tsx examples/graphviz.ts   → out/neuron.svg, out/neuron-derivative.svg
import { mkdirSync, writeFileSync } from 'node:fs';
import { instance } from '@viz-js/viz';
import { Value, derivative, simplify, toDot } from '../src/index.js';

// A neuron: o = tanh(x1·w1 + x2·w2 + b), micrograd's example.
const x1 = new Value(2, 'x1');
const x2 = new Value(0, 'x2');
const w1 = new Value(-3, 'w1');
const w2 = new Value(1, 'w2');
const b = new Value(6.8813735870195432, 'b');
const n = x1.mul(w1).add(x2.mul(w2)).add(b);
n.label = 'n';
const o = n.tanh();
o.label = 'o';
o.backward();
const backwardDw1 = w1.grad;
// Print now: the derivative below shares o's nodes, and its own backward rewrites their grads.
const neuronDot = toDot(o);

// do/dw1 as a graph of its own: it shares o's nodes; simplify removes the ·1 steps.
const dw1 = simplify(derivative(o, w1));
dw1.label = 'do/dw1';
dw1.backward();

const viz = await instance();
mkdirSync('out', { recursive: true });
for (const [file, dot] of [['out/neuron.svg', neuronDot], ['out/neuron-derivative.svg', toDot(dw1)]] as const) {
  const svg = viz.renderString(dot, { format: 'svg' });
  writeFileSync(file, svg);
  console.log(`${file}: ${svg.length} bytes`);
}
console.log(`o = ${o.data.toFixed(4)}, do/dw1 = ${dw1.data.toFixed(4)} (backward gave ${backwardDw1.toFixed(4)})`);
